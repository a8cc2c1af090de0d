"""The expert roster's vocabulary and values: domains of expertise, languages with CEFR levels, notice,
vetting, security levels, and the profile and request values the other modules work on.

Pure: frozen dataclasses and enums, no storage and no interface; dates and times are passed in (UTC).
Every enum value has an interface text ``roster.<kind>.<value>`` in ``i18n/locales/*/roster.json``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum, StrEnum


class Domain(StrEnum):
    """What an expert can do: CAPMATCH's five areas, then the peace-operations specialities."""

    INCLUSIVE_POLITICS = "inclusive_politics"
    SAFETY_SECURITY = "safety_security"
    JUSTICE = "justice"
    ECONOMIC_REVITALISATION = "economic_revitalisation"
    PUBLIC_ADMINISTRATION = "public_administration"
    DDR = "ddr"
    SSR = "ssr"
    RULE_OF_LAW = "rule_of_law"
    ELECTIONS = "elections"
    HUMAN_RIGHTS = "human_rights"
    GENDER = "gender"
    MEDIATION = "mediation"
    PROTECTION_OF_CIVILIANS = "protection_of_civilians"
    STRATEGIC_ANALYSIS = "strategic_analysis"


DOMAINS: tuple[Domain, ...] = tuple(Domain)
# A domain's bit in a mask is its position here: only ever append to Domain (masks are stored).
_DOMAIN_BIT = {domain: 1 << index for index, domain in enumerate(DOMAINS)}


def domain_mask(domains: Iterable[Domain]) -> int:
    """The domains as bits of one integer (matching filters with ``mask & wanted``)."""
    mask = 0
    for domain in domains:
        mask |= _DOMAIN_BIT[Domain(domain)]
    return mask


def domains_of(mask: int) -> tuple[Domain, ...]:
    return tuple(domain for domain in DOMAINS if mask & _DOMAIN_BIT[domain])


class Level(IntEnum):
    """A CEFR level; the integer orders them (0 would be "none")."""

    A1 = 1
    A2 = 2
    B1 = 3
    B2 = 4
    C1 = 5
    C2 = 6

    @classmethod
    def parse(cls, raw: object) -> Level:
        if isinstance(raw, Level):
            return raw
        if isinstance(raw, int) and not isinstance(raw, bool):
            return cls(raw)
        return cls[str(raw).strip().upper()]


LEVELS: tuple[Level, ...] = tuple(Level)

# ISO 639-1 codes an expert or a request may choose (a list, never free text). Their position packs a
# level into 3 bits of one integer per skill (matching vectors are stored): only ever append, at most 21.
LANGUAGE_CODES: tuple[str, ...] = (
    "fr", "en", "es", "pt", "ar", "de", "it", "ru", "zh", "sw",
    "ha", "wo", "bm", "ff", "ln", "mg", "rw", "so", "am", "tr",
)  # fmt: skip
LANGUAGE_INDEX = {code: index for index, code in enumerate(LANGUAGE_CODES)}
assert len(LANGUAGE_CODES) <= 21  # 3 bits each in a signed 64-bit integer


class Notice(StrEnum):
    """How soon an expert can leave once asked."""

    H72 = "72h"
    D7 = "7d"
    D30 = "30d"

    @property
    def hours(self) -> int:
        return {"72h": 72, "7d": 7 * 24, "30d": 30 * 24}[self.value]


class Vetting(StrEnum):
    PENDING = "pending"
    VETTED = "vetted"
    SUSPENDED = "suspended"


class Gender(StrEnum):
    """Self-declared and optional; shown only as counts (diversity), never used to rank."""

    NOT_STATED = "not_stated"
    WOMAN = "woman"
    MAN = "man"
    ANOTHER = "another"


class SecurityLevel(StrEnum):
    """The UN security-risk levels of the place of assignment."""

    MINIMAL = "minimal"
    LOW = "low"
    MODERATE = "moderate"
    SUBSTANTIAL = "substantial"
    HIGH = "high"
    EXTREME = "extreme"


# The wording of the listing consent an expert gives; its text is ``roster.consent.text`` (i18n). Bump the
# version whenever that text changes: consents to an older version no longer list the expert.
CONSENT_VERSION = "2026-12"
# An expert is asked to confirm their profile this often; past it, the profile falls out of matching.
CONFIRM_EVERY = timedelta(days=182)
# Reminders start this long before the deadline.
REMIND_BEFORE = timedelta(days=14)


def confirmation_due(last_confirmed: datetime) -> datetime:
    """When a profile confirmed at ``last_confirmed`` stops counting for matching."""
    return last_confirmed + CONFIRM_EVERY


def is_confirmed(last_confirmed: datetime | None, now: datetime) -> bool:
    """Whether a profile confirmed at ``last_confirmed`` still counts at ``now`` (six months)."""
    return last_confirmed is not None and now < last_confirmed + CONFIRM_EVERY


@dataclass(frozen=True, slots=True)
class LanguageSkill:
    code: str  # ISO 639-1, one of LANGUAGE_CODES
    speaking: Level
    writing: Level


@dataclass(frozen=True, slots=True)
class Mission:
    organisation: str
    country: str  # ISO 3166-1 alpha-2
    role: str
    start: date
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Training:
    title: str
    provider: str
    year: int


@dataclass(frozen=True, slots=True)
class Availability:
    start: date | None  # available from (None: now)
    until: date | None  # available until (None: open-ended)
    notice: Notice
    remote: bool


@dataclass(frozen=True, slots=True)
class Consent:
    version: str
    given_at: datetime


@dataclass(frozen=True, slots=True)
class ProfileFields:
    """What an expert writes about themselves (checked by :func:`roster.inputs.parse_profile`)."""

    full_name: str
    nationality: str  # ISO 3166-1 alpha-2
    gender: Gender
    languages: tuple[LanguageSkill, ...]
    domains: tuple[Domain, ...]
    years: int
    missions: tuple[Mission, ...]
    trainings: tuple[Training, ...]
    availability: Availability
    employer: str  # hidden from partners until consent, from every list
    employer_release_needed: bool
    email: str  # contact details: only on a full profile
    phone: str


@dataclass(frozen=True, slots=True)
class LanguageNeed:
    code: str
    level: Level  # the minimum, for speaking and for writing


@dataclass(frozen=True, slots=True)
class RequestFields:
    """What a partner writes in a request (checked by :func:`roster.inputs.parse_request`)."""

    institution: str
    contact: str  # who to talk to (name, function)
    contact_email: str  # optional; where the partner's notifications go by e-mail
    mandate: str
    need: str
    reason: str
    terms_text: str
    domains: tuple[Domain, ...]
    languages: tuple[LanguageNeed, ...]
    place: str
    country: str  # ISO 3166-1 alpha-2
    start: date
    length_days: int
    remote: bool
    security: SecurityLevel
    funding: str

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.length_days)
