"""What a training session may hold, checked field by field: the one validator behind the manager's form,
the CSV import and the services.

:func:`clean_session` takes raw values (strings from a form or a CSV cell, lists or ``;``-separated
strings, dates or ISO dates) and returns the clean values and every :class:`Problem` — an i18n key with
the field it concerns, never an exception. Text is stored as text: formulas, HTML or Markdown are kept
verbatim and shown escaped; control and invisible characters are refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from directory.countries import is_language
from directory.model import (
    CEFR_LEVELS,
    Admission,
    Audience,
    CentreStatus,
    CourseLevel,
    Delivery,
    Directory,
    Phase,
    SessionStatus,
)

__all__ = [
    "FIELDS",
    "REQUIRED",
    "TEXT_LIMITS",
    "Problem",
    "clean_session",
    "has_control_characters",
    "list_value",
]

FIELDS: tuple[str, ...] = (
    "centre", "code", "title_fr", "title_en", "title_es", "start", "end", "delivery", "place", "languages",
    "cefr_level", "audiences", "rank_band", "level", "phase", "themes", "prerequisites", "admission",
    "deadline", "capacity", "women_target", "un_recognised_until", "funder", "status", "contact", "link",
    "source",
)  # fmt: skip
REQUIRED: tuple[str, ...] = (
    "centre",
    "title_fr",
    "start",
    "end",
    "delivery",
    "languages",
    "audiences",
    "level",
)
TEXT_LIMITS: dict[str, int] = {
    "code": 40, "title_fr": 200, "title_en": 200, "title_es": 200, "place": 120, "rank_band": 80,
    "prerequisites": 500, "funder": 120, "contact": 200, "link": 300, "source": 300,
}  # fmt: skip
LIST_FIELDS = ("languages", "audiences", "themes")
DATE_FIELDS = ("start", "end", "deadline", "un_recognised_until")
MAX_DAYS = 2 * 366  # the longest real courses last 11 months; a Master's two years
MAX_THEMES, THEME_MAX = 10, 40
CAPACITY_MAX = 2000
_URL = re.compile(r"https?://[^\s<>\"]+")
_ALLOWED_FORMAT = {"\u200c", "\u200d"}  # zero-width (non-)joiners belong to some scripts' spelling


@dataclass(frozen=True, slots=True)
class Problem:
    """``field`` refused for the reason ``key`` (i18n ``directory.invalid.<…>``) with ``params``."""

    field: str
    key: str
    params: dict = field(default_factory=dict)


def list_value(value: object) -> tuple[str, ...]:
    """A list from a form (list, tuple) or a cell (``a;b``)."""
    if value is None:
        return ()
    items = value if isinstance(value, list | tuple | set | frozenset) else str(value).split(";")
    return tuple(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))


def _text(value: object) -> str:
    text = "" if value is None else str(value)
    return " ".join(unicodedata.normalize("NFC", text).split())


def has_control_characters(text: str) -> bool:
    return any(
        unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch not in _ALLOWED_FORMAT for ch in text
    )


def _date(value: object) -> date | None | str:
    """A date, None for nothing, or the text that is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return text


def _enum(enum, value: object, name: str, problems: list[Problem], *, optional: bool = False):
    text = _text(value)
    if not text:
        if not optional:
            problems.append(Problem(name, "directory.invalid.required"))
        return None
    try:
        return enum(text)
    except ValueError:
        problems.append(Problem(name, "directory.invalid.choice", {"value": text[:40]}))
        return None


def _number(value: object, name: str, low: int, high: int, problems: list[Problem]) -> int | None:
    text = _text(value).removesuffix("%").strip()
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        problems.append(Problem(name, "directory.invalid.number", {"min": low, "max": high}))
        return None
    if not low <= number <= high:
        problems.append(Problem(name, "directory.invalid.number", {"min": low, "max": high}))
        return None
    return number


def clean_session(raw: Mapping[str, object], directory: Directory) -> tuple[dict, list[Problem]]:
    """The clean values of every field in :data:`FIELDS` and the problems found (empty when valid).

    A field missing from ``raw`` counts as empty. The centre must be in ``directory`` and not closed."""
    problems: list[Problem] = []
    values: dict[str, object] = {}
    for name, limit in TEXT_LIMITS.items():
        text = _text(raw.get(name))
        if has_control_characters(text):
            problems.append(Problem(name, "directory.invalid.control"))
        elif len(text) > limit:
            problems.append(Problem(name, "directory.invalid.too_long", {"max": limit}))
        values[name] = text
    for name in ("link",):
        if values[name] and not _URL.fullmatch(values[name]):
            problems.append(Problem(name, "directory.invalid.url"))
    centre_id = _text(raw.get("centre"))
    centre = directory.centre(centre_id) if centre_id else None
    if not centre_id:
        problems.append(Problem("centre", "directory.invalid.required"))
    elif centre is None:
        problems.append(Problem("centre", "directory.invalid.unknown_centre", {"value": centre_id[:64]}))
    elif centre.status is CentreStatus.CLOSED:
        problems.append(Problem("centre", "directory.invalid.closed_centre", {"value": centre_id}))
    values["centre"] = centre_id
    if not values["title_fr"]:
        problems.append(Problem("title_fr", "directory.invalid.required"))
    for name in DATE_FIELDS:
        parsed = _date(raw.get(name))
        if isinstance(parsed, str):
            problems.append(Problem(name, "directory.invalid.date", {"value": parsed[:20]}))
            parsed = None
        elif parsed is None and name in REQUIRED:
            problems.append(Problem(name, "directory.invalid.required"))
        values[name] = parsed
    start, end, deadline = values["start"], values["end"], values["deadline"]
    if start and end:
        if end < start:
            problems.append(Problem("end", "directory.invalid.end_before_start"))
        elif (end - start) > timedelta(days=MAX_DAYS):
            problems.append(Problem("end", "directory.invalid.too_long_course", {"max": MAX_DAYS}))
    if deadline and end and deadline > end:
        problems.append(Problem("deadline", "directory.invalid.deadline_after_end"))
    values["delivery"] = _enum(Delivery, raw.get("delivery"), "delivery", problems)
    if values["delivery"] is Delivery.MOBILE and not values["place"]:
        problems.append(Problem("place", "directory.invalid.place_needed"))
    values["level"] = _enum(CourseLevel, raw.get("level"), "level", problems)
    values["phase"] = _enum(Phase, raw.get("phase"), "phase", problems, optional=True)
    values["admission"] = _enum(Admission, raw.get("admission"), "admission", problems, optional=True)
    values["status"] = _enum(SessionStatus, raw.get("status") or "announced", "status", problems)
    cefr = _text(raw.get("cefr_level")).upper()
    if cefr and cefr not in CEFR_LEVELS:
        problems.append(Problem("cefr_level", "directory.invalid.choice", {"value": cefr[:10]}))
        cefr = ""
    values["cefr_level"] = cefr
    languages = [code.lower() for code in list_value(raw.get("languages"))]
    bad = [code for code in languages if not is_language(code)]
    if bad:
        problems.append(Problem("languages", "directory.invalid.language", {"value": ", ".join(bad)[:40]}))
    elif not languages:
        problems.append(Problem("languages", "directory.invalid.required"))
    values["languages"] = tuple(languages)
    audiences = []
    for item in list_value(raw.get("audiences")):
        found = _enum(Audience, item, "audiences", problems)
        if found is not None:
            audiences.append(found)
    if not list_value(raw.get("audiences")):
        problems.append(Problem("audiences", "directory.invalid.required"))
    values["audiences"] = tuple(audiences)
    themes = tuple(_text(theme) for theme in list_value(raw.get("themes")))
    if len(themes) > MAX_THEMES or any(
        len(theme) > THEME_MAX or has_control_characters(theme) for theme in themes
    ):
        problems.append(
            Problem("themes", "directory.invalid.themes", {"count": MAX_THEMES, "max": THEME_MAX})
        )
    values["themes"] = themes
    values["capacity"] = _number(raw.get("capacity"), "capacity", 1, CAPACITY_MAX, problems)
    values["women_target"] = _number(raw.get("women_target"), "women_target", 0, 100, problems)
    return values, problems
