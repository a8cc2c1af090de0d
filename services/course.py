"""A learner's way through the course: sections seen, units done, exercise answers, can-do ticks.

Each function is one user action or one read, on the acting learner's own data (``user_id`` is always the
logged-in user; instructors read learners' data through :mod:`services.dashboards`, which checks groups).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from exercises.compte_rendu import MAX_REPORT_CHARS
from exercises.grading import Grade
from exercises.open_exercises import CHECKED_KINDS, InvalidAnswer, OpenCheck, check_open
from exercises.unit_exercises import check_exercise
from lessons.model import NOISE_LEVELS, Exercise
from library.content import ContentLibrary
from progress.db import insert_ignoring_conflict
from progress.models import ExerciseResult, LessonProgress, OpenAnswer, Recording, SelfAssessment
from services.accounts import require_role
from services.activity import record_action
from services.errors import InvalidInput, NotFound

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
    given: object,
    content: ContentLibrary,
    now: datetime,
    *,
    seconds: int = 0,
) -> Grade | OpenCheck:
    """Grade the learner's raw answer to a unit exercise against the manual and store it, in the caller's
    transaction. The verdict is the service's own: a page only shows the returned grade.

    ``given`` is the typed text for the kinds answered in one line (a :class:`Grade` comes back); for the
    kinds of :data:`exercises.open_exercises.CHECKED_KINDS` it has the shape of the kind (answers in
    question order, ``{"answers": […], "noise": "high"}`` for a radio message heard at another level, a
    compte rendu's text, the replies picked in a role-play, ``{"picked": […], "correction": "…"}``, a
    self-rating 1–3) and an :class:`OpenCheck` comes back; the answer is also kept whole (``OpenAnswer``).
    Input of another shape is refused (``InvalidInput``)."""
    exercise = content.manual.exercise(exercise_id)
    if exercise is None:
        raise NotFound("errors.not_found")
    if exercise.kind in CHECKED_KINDS:
        return _answer_open(session, user_id, exercise, given, content, now, max(0, int(seconds)))
    given = "" if given is None else str(given)
    grade = check_exercise(exercise, given, content.terms)
    _record_exercise(
        session, user_id, exercise.id, given, grade.verdict.value, grade.correct, now, max(0, int(seconds))
    )
    return grade


def _clean(text: str) -> str:
    """Stored text without control characters but line breaks and tabs (PostgreSQL refuses NUL)."""
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")


def _answer_open(
    session: Session,
    user_id: int,
    exercise: Exercise,
    given: object,
    content: ContentLibrary,
    now: datetime,
    seconds: int,
) -> OpenCheck:
    """Check an answer to a radio, form, report, roleplay, spot or speaking exercise, store it whole
    (``OpenAnswer``) and as a result row (``ExerciseResult``, for the progress figures)."""
    require_role(session, user_id)
    raw, noise, text = given, "", ""
    if exercise.kind == "radio" and isinstance(given, Mapping):
        raw = given.get("answers", ())
        noise = given.get("noise") if given.get("noise") in NOISE_LEVELS else exercise.noise
    elif exercise.kind == "radio":
        noise = exercise.noise
    if exercise.kind == "report":
        if given is not None and not isinstance(given, str):
            raise InvalidInput("errors.invalid_answer")
        text = _clean(given or "").strip()
        if len(text) > MAX_REPORT_CHARS:
            raise InvalidInput("errors.report_too_long", max=MAX_REPORT_CHARS)
        raw = text
    try:
        check = check_open(exercise, raw, content.terms)
    except InvalidAnswer as error:
        raise InvalidInput("errors.invalid_answer") from error
    detail, summary = _open_detail(check, noise)
    _record_exercise(
        session, user_id, exercise.id, _clean(summary), check.verdict, check.correct, now, seconds
    )
    recording_id = None
    if exercise.kind == "speaking":
        recording_id = session.scalar(
            select(Recording.id)
            .where(Recording.user_id == user_id, Recording.exercise_id == exercise.id)
            .order_by(Recording.created_at.desc(), Recording.id.desc())
            .limit(1)
        )
    session.add(
        OpenAnswer(
            user_id=user_id, unit_id=exercise.id.partition("#")[0], exercise_id=exercise.id,
            kind=exercise.kind, text=text, detail=detail, verdict=check.verdict, correct=check.correct,
            score=check.score, recording_id=recording_id, answered_at=now,
        )
    )  # fmt: skip
    return check


def _open_detail(check: OpenCheck, noise: str) -> tuple[dict, str]:
    """What is kept of an open answer (JSON), and its one-line summary for the result row."""
    if check.parts:
        answers = [_clean(part.given) for part in check.parts]
        detail = {
            "answers": answers,
            "verdicts": [part.grade.verdict.value for part in check.parts],
            "correct": [part.grade.correct for part in check.parts],
        }
        if noise:
            detail["noise"] = noise
        return detail, " | ".join(answers)
    if check.report is not None:
        elements = [
            {
                "name": e.name,
                "found": e.found,
                "phrase": e.phrase,
                "written": _clean(e.written),
                "exact": e.exact,
            }
            for e in check.report.elements
        ]
        return {"elements": elements}, ""
    if check.walk is not None:
        walk = check.walk
        detail = {
            "path": list(walk.path), "choices": list(walk.choices), "replies": list(walk.replies),
            "outcome": walk.outcome,
        }  # fmt: skip
        return detail, " > ".join(walk.path)
    if check.spot is not None:
        spot = check.spot
        detail = {
            "picked": spot.picked, "correction": _clean(spot.correction), "found": spot.found,
            "correction_right": spot.correction_right,
        }  # fmt: skip
        return detail, f"{spot.picked} → {_clean(spot.correction)}"
    return {"rating": check.rating}, f"rating {check.rating}"


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
