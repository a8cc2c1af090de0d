"""What a partner sees of an expert before that expert agrees to be proposed: a skill set, no identity.

An anonymised line carries a letter for the expert on that request (« A », « B »…, in the order they were
proposed), the requested domains they cover, their levels in the requested languages, a band of years, the
number of missions and trainings, and how their availability fits. Never their name, nationality,
gender, employer, contact details, mission places or training titles — nothing a partner could use to
find them, alone or combined.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from roster.matching import Match
from roster.model import Domain, LanguageSkill, ProfileFields

YEAR_BANDS: tuple[tuple[int, str], ...] = ((20, "20+"), (15, "15-19"), (10, "10-14"), (5, "5-9"), (0, "0-4"))


def alias(index: int) -> str:
    """« A » for the first expert proposed on a request, … « Z », « AA », « AB »…"""
    letters = string.ascii_uppercase
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = letters[rest] + name
    return name


def years_band(years: int) -> str:
    return next(band for low, band in YEAR_BANDS if years >= low)


@dataclass(frozen=True, slots=True)
class AnonymisedLine:
    alias: str
    state: str  # the proposal's state
    domains: tuple[Domain, ...]
    languages: tuple[LanguageSkill, ...]
    years_band: str
    missions: int
    trainings: int
    window: str  # "full", "partial", "none"
    notice: str
    remote: bool
    employer_release_needed: bool


def anonymise(index: int, state: str, profile: ProfileFields, match: Match) -> AnonymisedLine:
    """The skill set of the ``index``-th expert proposed on a request (``match`` is their score for it)."""
    wanted = {fit.code for fit in match.languages}
    return AnonymisedLine(
        alias(index),
        state,
        tuple(match.matched_domains),
        tuple(skill for skill in profile.languages if skill.code in wanted),
        years_band(profile.years),
        len(profile.missions),
        len(profile.trainings),
        match.window,
        profile.availability.notice.value,
        profile.availability.remote,
        profile.employer_release_needed,
    )
