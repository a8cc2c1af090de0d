"""Checking what experts and partners type: raw form values in, typed values out, or :class:`InputRefused`
naming the field (``params['field']``, whose label is ``roster.field.<field>``).

Text is NFC-normalised; one-line fields have their whitespace collapsed; control and invisible format
characters are refused (the zero-width joiners some scripts need are kept); every length is bounded.
Hostile text (HTML, Markdown, formulas) is accepted as text: pages show it as text, exports neutralise
spreadsheet formulas.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from functools import cache

from roster.errors import InputRefused
from roster.model import (
    LANGUAGE_CODES,
    Availability,
    Domain,
    Gender,
    LanguageNeed,
    LanguageSkill,
    Level,
    Mission,
    Notice,
    ProfileFields,
    RequestFields,
    SecurityLevel,
    Training,
)

NAME_MAX = 80
LINE_MAX = 120
CONTACT_MAX = 200
PARAGRAPH_MAX = 4000
TERMS_TEXT_MAX = 20_000
REASON_MAX = 1000
YEARS_MAX = 60
LENGTH_DAYS_MAX = 730
LIST_MAX = 30
_ALLOWED_FORMAT = {"\u200c", "\u200d"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ().\-]{6,30}$")


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (pycountry's list)."""
    import pycountry

    return frozenset(country.alpha_2 for country in pycountry.countries)


def _refuse_invisible(text: str, field: str, *, newlines: bool = False) -> None:
    for ch in text:
        if newlines and ch in "\n\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch not in _ALLOWED_FORMAT:
            raise InputRefused("roster.errors.control_characters", field=field)


def clean_line(raw: object, field: str, maximum: int = LINE_MAX, *, required: bool = True) -> str:
    """One line of text: normalised, whitespace collapsed, at most ``maximum`` characters."""
    text = " ".join(unicodedata.normalize("NFC", str(raw or "")).split())
    if not text:
        if required:
            raise InputRefused("roster.errors.required", field=field)
        return ""
    _refuse_invisible(text, field)
    if len(text) > maximum:
        raise InputRefused("roster.errors.too_long", field=field, max=maximum)
    return text


def clean_paragraphs(raw: object, field: str, maximum: int = PARAGRAPH_MAX, *, required: bool = True) -> str:
    """Text of several lines: normalised, trailing spaces and runs of blank lines trimmed."""
    text = unicodedata.normalize("NFC", str(raw or "")).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not text:
        if required:
            raise InputRefused("roster.errors.required", field=field)
        return ""
    _refuse_invisible(text, field, newlines=True)
    if len(text) > maximum:
        raise InputRefused("roster.errors.too_long", field=field, max=maximum)
    return text


def _choice(enum, raw: object, field: str):
    try:
        return enum(raw.value if hasattr(raw, "value") else raw)
    except (ValueError, TypeError):
        raise InputRefused("roster.errors.unknown_choice", field=field) from None


def _integer(raw: object, field: str, low: int, high: int) -> int:
    try:
        value = int(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputRefused("roster.errors.number", field=field, min=low, max=high) from None
    if isinstance(raw, float) and raw != value:
        raise InputRefused("roster.errors.number", field=field, min=low, max=high)
    if not low <= value <= high:
        raise InputRefused("roster.errors.number", field=field, min=low, max=high)
    return value


def _date(raw: object, field: str, *, required: bool = True) -> date | None:
    if raw in (None, ""):
        if required:
            raise InputRefused("roster.errors.required", field=field)
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise InputRefused("roster.errors.date", field=field) from None


def _country(raw: object, field: str) -> str:
    code = str(raw or "").strip().upper()
    if not code:
        raise InputRefused("roster.errors.required", field=field)
    if code not in country_codes():
        raise InputRefused("roster.errors.unknown_choice", field=field)
    return code


def _language(raw: object, field: str = "languages") -> str:
    code = str(raw or "").strip().lower()
    if code not in LANGUAGE_CODES:
        raise InputRefused("roster.errors.unknown_choice", field=field)
    return code


def _level(raw: object, field: str) -> Level:
    try:
        return Level.parse(raw)
    except (KeyError, ValueError):
        raise InputRefused("roster.errors.unknown_choice", field=field) from None


def _domains(raw: object) -> tuple[Domain, ...]:
    chosen = {_choice(Domain, value, "domains") for value in (raw or ())}  # type: ignore[union-attr]
    if not chosen:
        raise InputRefused("roster.errors.required", field="domains")
    return tuple(domain for domain in Domain if domain in chosen)


def _rows(raw: object, field: str) -> list[Mapping]:
    rows = [row for row in (raw or ()) if row]  # type: ignore[union-attr]
    if len(rows) > LIST_MAX:
        raise InputRefused("roster.errors.too_many", field=field, max=LIST_MAX)
    if not all(isinstance(row, Mapping) for row in rows):
        raise InputRefused("roster.errors.unknown_choice", field=field)
    return rows


def _flag(raw: object) -> bool:
    if isinstance(raw, str):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return bool(raw)


def parse_profile(raw: Mapping, today: date) -> ProfileFields:
    """An expert's profile as typed values, or :class:`InputRefused` for the first wrong field."""
    skills: dict[str, LanguageSkill] = {}
    for row in _rows(raw.get("languages"), "languages"):
        code = _language(row.get("code"))
        if code in skills:
            raise InputRefused("roster.errors.duplicate_language", field="languages")
        skills[code] = LanguageSkill(
            code, _level(row.get("speaking"), "languages"), _level(row.get("writing"), "languages")
        )
    if not skills:
        raise InputRefused("roster.errors.required", field="languages")
    missions = []
    for row in _rows(raw.get("missions"), "missions"):
        start = _date(row.get("start"), "missions")
        end = _date(row.get("end"), "missions", required=False)
        if end is not None and end < start:
            raise InputRefused("roster.errors.dates_order", field="missions")
        missions.append(
            Mission(
                clean_line(row.get("organisation"), "missions"),
                _country(row.get("country"), "missions"),
                clean_line(row.get("role"), "missions"),
                start,
                end,
            )
        )
    trainings = [
        Training(
            clean_line(row.get("title"), "trainings"),
            clean_line(row.get("provider"), "trainings"),
            _integer(row.get("year"), "trainings", 1960, today.year + 1),
        )
        for row in _rows(raw.get("trainings"), "trainings")
    ]
    start = _date(raw.get("available_from"), "available_from", required=False)
    until = _date(raw.get("available_until"), "available_until", required=False)
    if start and until and until < start:
        raise InputRefused("roster.errors.dates_order", field="available_until")
    email = clean_line(raw.get("email"), "email", LINE_MAX, required=False)
    if email and not _EMAIL.match(email):
        raise InputRefused("roster.errors.email", field="email")
    phone = clean_line(raw.get("phone"), "phone", 30, required=False)
    if phone and not _PHONE.match(phone):
        raise InputRefused("roster.errors.phone", field="phone")
    return ProfileFields(
        full_name=clean_line(raw.get("full_name"), "full_name", NAME_MAX),
        nationality=_country(raw.get("nationality"), "nationality"),
        gender=_choice(Gender, raw.get("gender") or Gender.NOT_STATED.value, "gender"),
        languages=tuple(skills[code] for code in LANGUAGE_CODES if code in skills),
        domains=_domains(raw.get("domains")),
        years=_integer(raw.get("years", 0), "years", 0, YEARS_MAX),
        missions=tuple(sorted(missions, key=lambda m: m.start, reverse=True)),
        trainings=tuple(sorted(trainings, key=lambda t: t.year, reverse=True)),
        availability=Availability(
            start,
            until,
            _choice(Notice, raw.get("notice") or Notice.D30.value, "notice"),
            _flag(raw.get("remote")),
        ),
        employer=clean_line(raw.get("employer"), "employer", LINE_MAX, required=False),
        employer_release_needed=_flag(raw.get("employer_release_needed")),
        email=email,
        phone=phone,
    )


def parse_request(raw: Mapping, today: date) -> RequestFields:
    """A partner's request as typed values, or :class:`InputRefused` for the first wrong field. The start
    may not be in the past."""
    needs: dict[str, LanguageNeed] = {}
    for row in _rows(raw.get("languages"), "languages"):
        code = _language(row.get("code"))
        if code in needs:
            raise InputRefused("roster.errors.duplicate_language", field="languages")
        needs[code] = LanguageNeed(code, _level(row.get("level"), "languages"))
    if not needs:
        raise InputRefused("roster.errors.required", field="languages")
    contact_email = clean_line(raw.get("contact_email"), "contact_email", LINE_MAX, required=False)
    if contact_email and not _EMAIL.match(contact_email):
        raise InputRefused("roster.errors.email", field="contact_email")
    start = _date(raw.get("start"), "start")
    if start < today:
        raise InputRefused("roster.errors.start_past", field="start")
    return RequestFields(
        institution=clean_line(raw.get("institution"), "institution"),
        contact=clean_line(raw.get("contact"), "contact", CONTACT_MAX),
        contact_email=contact_email,
        mandate=clean_paragraphs(raw.get("mandate"), "mandate"),
        need=clean_paragraphs(raw.get("need"), "need"),
        reason=clean_paragraphs(raw.get("reason"), "reason"),
        terms_text=clean_paragraphs(raw.get("terms_text"), "terms_text", TERMS_TEXT_MAX, required=False),
        domains=_domains(raw.get("domains")),
        languages=tuple(needs[code] for code in LANGUAGE_CODES if code in needs),
        place=clean_line(raw.get("place"), "place"),
        country=_country(raw.get("country"), "country"),
        start=start,
        length_days=_integer(raw.get("length_days"), "length_days", 1, LENGTH_DAYS_MAX),
        remote=_flag(raw.get("remote")),
        security=_choice(SecurityLevel, raw.get("security"), "security"),
        funding=clean_line(raw.get("funding"), "funding", CONTACT_MAX),
    )


def clean_reason(raw: object, *, required: bool = False) -> str:
    """The reason (or feedback) given with a move."""
    return clean_paragraphs(raw, "reason_text", REASON_MAX, required=required)
