"""Language readiness: a session's required CEFR level beside where a learner stands in the course.

The course's units each have a level (A1–B2). The learner is taken to know the units before the one their
latest placement test suggested, and the units they have finished. The units to work on before the course
are the others up to the required level, in course order; the learner is ready when none is left. A level
above the course's highest (C1, C2) cannot be reached with the course alone: ``beyond_course`` says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from directory.model import CEFR_ORDER

__all__ = ["CourseUnit", "Readiness", "readiness"]


@dataclass(frozen=True, slots=True)
class CourseUnit:
    id: str
    number: int
    level: str  # A1…B2
    done: bool = False


@dataclass(frozen=True, slots=True)
class Readiness:
    required: str
    placement_unit: str | None  # the unit the placement test suggested (None: never taken)
    level: str | None  # the highest level whose units are all known (None: not even A1)
    known: int  # units up to the required level the learner knows
    needed: int  # units up to the required level
    to_work_on: tuple[str, ...]  # unit ids, in course order
    beyond_course: bool

    @property
    def ready(self) -> bool:
        return not self.to_work_on and not self.beyond_course


def readiness(required: str, units: Iterable[CourseUnit], placement_unit: str | None) -> Readiness | None:
    """None when the session states no level (or an unknown one)."""
    if required not in CEFR_ORDER:
        return None
    ordered = sorted(units, key=lambda unit: unit.number)
    placed_at = next((u.number for u in ordered if u.id == placement_unit), None)

    def known(unit: CourseUnit) -> bool:
        return unit.done or (placed_at is not None and unit.number < placed_at)

    course_top = max((CEFR_ORDER.get(u.level, 0) for u in ordered), default=-1)
    wanted = CEFR_ORDER[required]
    needed = [u for u in ordered if CEFR_ORDER.get(u.level, 99) <= wanted]
    level = None
    for name, rank in sorted(CEFR_ORDER.items(), key=lambda kv: kv[1]):
        of_level = [u for u in ordered if u.level == name]
        if not of_level or not all(known(u) for u in of_level):
            break
        level = name
        if rank >= course_top:
            break
    return Readiness(
        required=required,
        placement_unit=placement_unit,
        level=level,
        known=sum(1 for u in needed if known(u)),
        needed=len(needed),
        to_work_on=tuple(u.id for u in needed if not known(u)),
        beyond_course=wanted > course_top,
    )
