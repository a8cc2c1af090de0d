"""Matching experts to a request: filter, then score and rank, each score explained part by part.

Speed comes from what is precomputed per expert when their profile is saved (:class:`ExpertVector`):
domains as one bit mask, the speaking and writing levels of every listed language packed 3 bits per
language into one integer each, dates as ordinals. A request becomes a :class:`Need` once; the filter
(a domain in common, every required language spoken at most one level below the minimum) uses integer
operations only and runs before any scoring.

Score (out of 100): domains 40 (share of the requested domains the expert covers), languages 30 (per
required language, speaking and writing each count half: at or above the minimum 1, one level below ½),
availability 20 (window covering the mission 1, overlapping it ½; halved if the notice is longer than the
time left before the start), remote 10 (when the request allows remote work, experts who can work
remotely get it; on-site requests give it to everyone). Diversity (nationalities, self-declared gender)
is reported beside the ranking, never used in it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from roster.model import (
    LANGUAGE_INDEX,
    Domain,
    Gender,
    LanguageNeed,
    LanguageSkill,
    Notice,
    ProfileFields,
    domain_mask,
    domains_of,
)

WEIGHTS: dict[str, int] = {"domains": 40, "languages": 30, "availability": 20, "remote": 10}
_OPEN_END = date.max.toordinal()


def pack_levels(skills: Iterable[LanguageSkill]) -> tuple[int, int]:
    """(speaking, writing): each language's CEFR level (1–6) in 3 bits at 3 × its index."""
    speaking = writing = 0
    for skill in skills:
        shift = 3 * LANGUAGE_INDEX[skill.code]
        speaking |= int(skill.speaking) << shift
        writing |= int(skill.writing) << shift
    return speaking, writing


def level_of(packed: int, code: str) -> int:
    """The level (0 = none) of language ``code`` in a packed integer."""
    return (packed >> (3 * LANGUAGE_INDEX[code])) & 7


@dataclass(frozen=True, slots=True)
class ExpertVector:
    """What matching needs of one expert, as plain integers (built once, when the profile is saved)."""

    expert_id: int
    domains: int
    speaking: int
    writing: int
    available_from: int  # date ordinal; 0: available now
    available_until: int  # date ordinal; 0: open-ended
    notice_hours: int
    remote: bool
    years: int = 0
    nationality: str = ""
    gender: str = Gender.NOT_STATED.value


def vector_for(expert_id: int, profile: ProfileFields) -> ExpertVector:
    speaking, writing = pack_levels(profile.languages)
    availability = profile.availability
    return ExpertVector(
        expert_id,
        domain_mask(profile.domains),
        speaking,
        writing,
        availability.start.toordinal() if availability.start else 0,
        availability.until.toordinal() if availability.until else 0,
        availability.notice.hours,
        availability.remote,
        profile.years,
        profile.nationality,
        profile.gender.value,
    )


@dataclass(frozen=True, slots=True)
class Need:
    """A request as matching sees it."""

    domains: int
    wanted: int  # how many domains were asked for
    languages: tuple[tuple[str, int, int], ...]  # (code, shift, minimum level)
    start: int  # ordinal of the first day
    end: int  # ordinal of the last day
    hours_to_start: int
    remote: bool


def need_for(
    domains: Iterable[Domain],
    languages: Iterable[LanguageNeed],
    start: date,
    length_days: int,
    remote: bool,
    now: datetime,
) -> Need:
    mask = domain_mask(domains)
    wanted_languages = tuple((n.code, 3 * LANGUAGE_INDEX[n.code], int(n.level)) for n in languages)
    first_day = datetime.combine(start, datetime.min.time(), tzinfo=now.tzinfo)
    hours = int((first_day - now).total_seconds() // 3600)
    return Need(
        mask,
        mask.bit_count(),
        wanted_languages,
        start.toordinal(),
        start.toordinal() + max(0, length_days - 1),
        hours,
        remote,
    )


@dataclass(frozen=True, slots=True)
class LanguageFit:
    code: str
    minimum: int
    speaking: int
    writing: int


@dataclass(frozen=True, slots=True)
class Match:
    """One expert's score for a request, with the reason of each part."""

    expert_id: int
    score: int
    domains_points: int
    languages_points: int
    availability_points: int
    remote_points: int
    matched_domains: tuple[Domain, ...]
    wanted_domains: int
    languages: tuple[LanguageFit, ...]
    window: str  # "full", "partial", "none"
    notice_ok: bool
    notice: Notice
    days_to_start: int
    remote_asked: bool
    remote_ok: bool
    years: int


def passes(vector: ExpertVector, need: Need) -> bool:
    """The filter run before scoring: one requested domain at least, and every required language spoken
    at the minimum or one level below (an A1 minimum: at least A1)."""
    if not vector.domains & need.domains:
        return False
    speaking = vector.speaking
    return all((speaking >> shift) & 7 >= max(1, minimum - 1) for _, shift, minimum in need.languages)


def _credit(level: int, minimum: int) -> float:
    if level >= minimum:
        return 1.0
    return 0.5 if level and level == minimum - 1 else 0.0


_NOTICE_BY_HOURS = {notice.hours: notice for notice in Notice}


def score(vector: ExpertVector, need: Need) -> Match:
    common = vector.domains & need.domains
    domains_points = round(WEIGHTS["domains"] * common.bit_count() / need.wanted) if need.wanted else 0
    fits = []
    credit = 0.0
    for code, shift, minimum in need.languages:
        speaking = (vector.speaking >> shift) & 7
        writing = (vector.writing >> shift) & 7
        fits.append(LanguageFit(code, minimum, speaking, writing))
        credit += (_credit(speaking, minimum) + _credit(writing, minimum)) / 2
    languages_points = round(WEIGHTS["languages"] * (credit / len(fits) if fits else 1.0))
    start = vector.available_from
    until = vector.available_until or _OPEN_END
    if start <= need.start and until >= need.end:
        window, window_share = "full", 1.0
    elif start <= need.end and until >= need.start:
        window, window_share = "partial", 0.5
    else:
        window, window_share = "none", 0.0
    notice_ok = vector.notice_hours <= need.hours_to_start
    availability_points = round(WEIGHTS["availability"] * window_share * (1.0 if notice_ok else 0.5))
    remote_points = WEIGHTS["remote"] if (vector.remote or not need.remote) else 0
    return Match(
        vector.expert_id,
        domains_points + languages_points + availability_points + remote_points,
        domains_points,
        languages_points,
        availability_points,
        remote_points,
        domains_of(common),
        need.wanted,
        tuple(fits),
        window,
        notice_ok,
        _NOTICE_BY_HOURS.get(vector.notice_hours, Notice.D30),
        max(0, need.hours_to_start // 24),
        need.remote,
        vector.remote,
        vector.years,
    )


def rank(vectors: Iterable[ExpertVector], need: Need, limit: int | None = None) -> list[Match]:
    """The experts who pass the filter, best first (score, then years of experience, then id)."""
    matches = [score(vector, need) for vector in vectors if passes(vector, need)]
    matches.sort(key=lambda m: (-m.score, -m.years, m.expert_id))
    return matches[:limit] if limit is not None else matches


@dataclass(frozen=True, slots=True)
class Diversity:
    """Who is in a list, in counts: shown beside a ranking, never used to order it."""

    people: int
    nationalities: tuple[tuple[str, int], ...]  # most frequent first
    genders: tuple[tuple[str, int], ...]  # in Gender order

    @property
    def women_share(self) -> float | None:
        stated = sum(count for gender, count in self.genders if gender != Gender.NOT_STATED.value)
        women = dict(self.genders).get(Gender.WOMAN.value, 0)
        return women / stated if stated else None


def diversity(vectors: Sequence[ExpertVector]) -> Diversity:
    nationalities = Counter(v.nationality for v in vectors if v.nationality)
    genders = Counter(v.gender for v in vectors)
    return Diversity(
        len(vectors),
        tuple(sorted(nationalities.items(), key=lambda kv: (-kv[1], kv[0]))),
        tuple((g.value, genders[g.value]) for g in Gender if genders[g.value]),
    )
