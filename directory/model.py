"""The training directory's domain: centres (content, from ``content/directory/centres.csv``) and their
training sessions (stored data, edited by centre managers), as frozen dataclasses and enums.

Every choice list is an enum whose values are stable ids (stored, written in CSV files, put in URLs);
what a user reads is the i18n key ``directory.<enum>.<value>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from text.content import Text3

CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")
CEFR_ORDER: dict[str, int] = {level: rank for rank, level in enumerate(CEFR_LEVELS)}
STALE_AFTER = timedelta(days=365)  # an entry not verified (or a session not updated) for longer is flagged


class Category(StrEnum):
    """REFFOP's four categories of centre."""

    GENERAL = "general"
    MILITARY = "military"
    POLICE = "police"
    ONLINE = "online"  # online or roving


class Tag(StrEnum):
    DEMINING = "demining"
    STRATEGIC = "strategic"  # strategic studies, staff college
    RESEARCH = "research"
    CIVILIAN = "civilian"  # trains civilians too
    LOGISTICS = "logistics"
    ENGINEERING = "engineering"
    LANGUAGE = "language"  # language training


class Label(StrEnum):
    ENVR = "envr"  # école nationale à vocation régionale
    AU_COE = "au_coe"  # African Union centre of excellence
    ECOWAS_COE = "ecowas_coe"
    ECCAS_COE = "eccas_coe"
    UN_RECOGNITION = "un_recognition"  # UN course recognition (certification) of a course of the centre


class Reffop(StrEnum):
    """What a source says of the centre and REFFOP; nothing is said without a source."""

    MEMBER = "member"
    PARTICIPANT = "participant"  # took part in, or hosted, a REFFOP meeting
    UNKNOWN = ""


class CentreStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class Delivery(StrEnum):
    RESIDENCE = "residence"  # at the centre
    MOBILE = "mobile"  # a mobile training team at another place
    ONLINE = "online"
    HYBRID = "hybrid"


class Audience(StrEnum):
    MILITARY = "military"
    POLICE = "police"
    CIVILIAN = "civilian"


class CourseLevel(StrEnum):
    FOUNDATION = "foundation"
    SPECIALISED = "specialised"
    TRAINERS = "trainers"  # training of trainers
    STRATEGIC = "strategic"


class Phase(StrEnum):
    """The UN training phase a course belongs to."""

    PRE_DEPLOYMENT = "pre_deployment"
    INDUCTION = "induction"
    ONGOING = "ongoing"


class Admission(StrEnum):
    INDIVIDUAL = "individual"
    NOMINATION = "nomination"  # nominated by the state
    EXAM = "exam"  # entry exam
    INVITATION = "invitation"


class SessionStatus(StrEnum):
    ANNOUNCED = "announced"
    OPEN = "open"
    FULL = "full"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class When(StrEnum):
    """Which sessions a list shows: upcoming (not yet ended) by default, past ones apart."""

    UPCOMING = "upcoming"
    PAST = "past"
    ALL = "all"


@dataclass(frozen=True, slots=True)
class Centre:
    id: str
    name: str  # as the centre writes it (most often French)
    acronym: str
    categories: tuple[Category, ...]
    tags: tuple[Tag, ...]
    city: str
    country_code: str  # ISO 3166-1 alpha-2; names come from pycountry (directory.countries)
    latitude: float | None
    longitude: float | None
    coordinates_note: str
    languages: tuple[str, ...]  # ISO 639-1 codes taught in
    uncertain_languages: tuple[str, ...]  # among ``languages``, those no source confirms
    labels: tuple[Label, ...]
    reffop: Reffop
    status: CentreStatus
    website: str
    description: Text3
    notes: str  # what the sources say and do not say (English, for editors)
    sources: tuple[str, ...]  # URLs
    verified: date | None  # when the row was last checked against its sources (None: never)
    path: str = ""
    line: int = 0

    @property
    def short_name(self) -> str:
        return self.acronym or self.name

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def stale(self, today: date) -> bool:
        """Not verified for more than :data:`STALE_AFTER` (or never): flagged on every page."""
        return self.verified is None or today - self.verified > STALE_AFTER


@dataclass(frozen=True)
class Directory:
    """The centres that loaded (in file order) and the problems of the rows that did not."""

    centres: tuple[Centre, ...] = ()
    errors: tuple = ()  # text.content.ContentError
    _by_id: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({centre.id: centre for centre in self.centres})

    def centre(self, centre_id: str) -> Centre | None:
        return self._by_id.get(centre_id)

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(sorted({centre.country_code for centre in self.centres}))


@dataclass(frozen=True, slots=True)
class TrainingSession:
    """One session of a course at a centre, as a catalogue lists it."""

    id: int
    centre_id: str
    title: Text3  # French always; English and Spanish where known (Text3.get falls back to English)
    code: str
    start: date
    end: date
    delivery: Delivery
    place: str  # where a mobile team or a hybrid session meets, when not at the centre
    languages: tuple[str, ...]  # ISO 639-1
    cefr_level: str  # the CEFR level needed in the course language ("" when none is stated)
    audiences: tuple[Audience, ...]
    rank_band: str  # e.g. "capitaine – lieutenant-colonel"
    level: CourseLevel
    phase: Phase | None
    themes: tuple[str, ...]
    prerequisites: str
    admission: Admission | None
    deadline: date | None  # application deadline
    capacity: int | None
    women_target: int | None  # per cent of the places
    un_recognised_until: date | None
    funder: str
    status: SessionStatus
    contact: str
    link: str
    source: str
    updated: date
    version: int = 1
    demo: bool = False

    def title_in(self, lang: str) -> str:
        return getattr(self.title, lang, "") or self.title.fr

    def upcoming(self, today: date) -> bool:
        return self.end >= today and self.status is not SessionStatus.COMPLETED

    def un_recognised(self, today: date) -> bool:
        return self.un_recognised_until is not None and self.un_recognised_until >= today

    def stale(self, today: date) -> bool:
        return today - self.updated > STALE_AFTER

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1
