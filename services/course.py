"""A learner's way through the course: sections seen, units done, exercise answers, can-do ticks.

Each function is one user action or one read, on the acting learner's own data (``user_id`` is always the
logged-in user; instructors read learners' data through :mod:`services.dashboards`, which checks groups).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from exercises.grading import Grade
from exercises.unit_exercises import check_exercise
from library.content import ContentLibrary
from progress.db import insert_ignoring_conflict
from progress.models import ExerciseResult, LessonProgress, SelfAssessment
from services.accounts import require_role
from services.activity import record_action
from services.errors import NotFound

SECTIONS = ("goals", "dialogue", "vocabulary", "grammar", "culture", "exercises")
ANSWER_MAX = 500


@dataclass(frozen=True, slots=True)
class UnitStatus:
    started: bool
    done: bool
    last_section: str
    exercises_answered: int  # distinct exercises answered at least once
    exercises_correct: int  # distinct exercises whose latest answer is correct


@dataclass(frozen=True, slots=True)
class ExerciseOutcome:
    answer: str
    verdict: str
    correct: bool
    answered_at: datetime


def _progress_row(session: Session, user_id: int, unit_id: str, now: datetime) -> LessonProgress:
    insert_ignoring_conflict(
        session,
        LessonProgress,
        {
            "user_id": user_id,
            "unit_id": unit_id,
            "last_section": "goals",
            "started_at": now,
            "updated_at": now,
        },
        ["user_id", "unit_id"],
    )
    return session.scalars(
        select(LessonProgress)
        .where(LessonProgress.user_id == user_id, LessonProgress.unit_id == unit_id)
        .with_for_update()
    ).one()


def open_unit(session: Session, user_id: int, unit_id: str, now: datetime) -> str:
    """Start (or resume) a unit; returns the section to show, where the learner left off."""
    require_role(session, user_id)
    return _progress_row(session, user_id, unit_id, now).last_section


def save_section(session: Session, user_id: int, unit_id: str, section: str, now: datetime) -> None:
    if section not in SECTIONS:
        raise ValueError(f"unknown lesson section {section!r}")
    require_role(session, user_id)
    row = _progress_row(session, user_id, unit_id, now)
    row.last_section = section
    row.updated_at = now


def mark_done(session: Session, user_id: int, unit_id: str, now: datetime, done: bool = True) -> None:
    require_role(session, user_id)
    row = _progress_row(session, user_id, unit_id, now)
    row.completed_at = now if done else None
    row.updated_at = now
    record_action(session, user_id, now)


def _record_exercise(
    session: Session,
    user_id: int,
    exercise_id: str,
    answer: str,
    verdict: str,
    correct: bool,
    now: datetime,
    seconds: int = 0,
) -> None:
    """Store one answer to a unit exercise (``exercise_id`` = ``unit#local``) the moment it is given."""
    require_role(session, user_id)
    unit_id = exercise_id.partition("#")[0]
    _progress_row(session, user_id, unit_id, now).updated_at = now
    session.add(
        ExerciseResult(
            user_id=user_id,
            unit_id=unit_id,
            exercise_id=exercise_id,
            answer=(answer or "")[:ANSWER_MAX],
            verdict=verdict,
            correct=correct,
            answered_at=now,
        )
    )
    record_action(session, user_id, now, seconds=seconds)


def answer_exercise(
    session: Session,
    user_id: int,
    exercise_id: str,
    given: str,
    content: ContentLibrary,
    now: datetime,
    *,
    seconds: int = 0,
) -> Grade:
    """Grade the learner's raw answer to a unit exercise against the manual and store it, in the caller's
    transaction. The verdict is the service's own: a page only shows the returned grade."""
    exercise = content.manual.exercise(exercise_id)
    if exercise is None:
        raise NotFound("errors.not_found")
    given = "" if given is None else str(given)
    grade = check_exercise(exercise, given, content.terms)
    _record_exercise(
        session, user_id, exercise.id, given, grade.verdict.value, grade.correct, now, max(0, int(seconds))
    )
    return grade


def latest_results(session: Session, user_id: int, unit_id: str) -> dict[str, ExerciseOutcome]:
    """The latest answer to each exercise of a unit."""
    rows = session.scalars(
        select(ExerciseResult)
        .where(ExerciseResult.user_id == user_id, ExerciseResult.unit_id == unit_id)
        .order_by(ExerciseResult.answered_at, ExerciseResult.id)
    )
    return {r.exercise_id: ExerciseOutcome(r.answer, r.verdict, r.correct, r.answered_at) for r in rows}


def course_status(session: Session, user_id: int) -> dict[str, UnitStatus]:
    """Per unit the learner has opened: started, done, last section and exercise counts."""
    progress = session.scalars(select(LessonProgress).where(LessonProgress.user_id == user_id)).all()
    latest = (
        select(
            ExerciseResult.unit_id,
            ExerciseResult.exercise_id,
            func.max(ExerciseResult.id).label("last_id"),
        )
        .where(ExerciseResult.user_id == user_id)
        .group_by(ExerciseResult.unit_id, ExerciseResult.exercise_id)
        .subquery()
    )
    counts = session.execute(
        select(latest.c.unit_id, func.count(), func.sum(cast(ExerciseResult.correct, Integer)))
        .join(ExerciseResult, ExerciseResult.id == latest.c.last_id)
        .group_by(latest.c.unit_id)
    ).all()
    by_unit = {unit_id: (int(answered), int(correct or 0)) for unit_id, answered, correct in counts}
    status = {
        row.unit_id: UnitStatus(
            True, row.completed_at is not None, row.last_section, *by_unit.get(row.unit_id, (0, 0))
        )
        for row in progress
    }
    for unit_id, (answered, correct) in by_unit.items():
        status.setdefault(unit_id, UnitStatus(True, False, "exercises", answered, correct))
    return status


def set_can_do(
    session: Session, user_id: int, unit_id: str, goal_index: int, can_do: bool, now: datetime
) -> None:
    """Tick (or untick) one can-do goal of a unit in the learner's self-assessment."""
    require_role(session, user_id)
    insert_ignoring_conflict(
        session,
        SelfAssessment,
        {
            "user_id": user_id,
            "unit_id": unit_id,
            "goal_index": goal_index,
            "can_do": can_do,
            "updated_at": now,
        },
        ["user_id", "unit_id", "goal_index"],
    )
    row = session.scalars(
        select(SelfAssessment).where(
            SelfAssessment.user_id == user_id,
            SelfAssessment.unit_id == unit_id,
            SelfAssessment.goal_index == goal_index,
        )
    ).one()
    row.can_do = can_do
    row.updated_at = now


def can_do_goals(session: Session, user_id: int) -> dict[str, set[int]]:
    """Per unit, the indexes of the goals the learner says they can do."""
    ticked: dict[str, set[int]] = {}
    for row in session.scalars(
        select(SelfAssessment).where(SelfAssessment.user_id == user_id, SelfAssessment.can_do)
    ):
        ticked.setdefault(row.unit_id, set()).add(row.goal_index)
    return ticked
