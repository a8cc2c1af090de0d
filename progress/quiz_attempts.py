"""Quiz attempts: every question, answer, verdict and time stored as given; the score at the end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from progress.accounts import require_role
from progress.activity import record_action
from progress.errors import InvalidInput, NotFound, PermissionDenied
from progress.models import QuizAnswer, QuizAttempt

TEXT_MAX = 300


@dataclass(frozen=True, slots=True)
class AttemptView:
    id: int
    quiz_id: str
    seed: int
    question_count: int
    time_limit_s: int | None
    pass_mark: float
    started_at: datetime
    finished_at: datetime | None
    score: float | None
    passed: bool | None
    answered: int
    assignment_id: int | None

    @property
    def deadline(self) -> datetime | None:
        return self.started_at + timedelta(seconds=self.time_limit_s) if self.time_limit_s else None


@dataclass(frozen=True, slots=True)
class AnswerView:
    position: int
    question_id: str
    unit_id: str
    prompt: str
    expected: str
    answer: str
    verdict: str
    correct: bool
    elapsed_ms: int | None


def _attempt(session: Session, user_id: int, attempt_id: int, *, lock: bool = False) -> QuizAttempt:
    query = select(QuizAttempt).where(QuizAttempt.id == attempt_id)
    row = session.scalars(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotFound("errors.not_found")
    if row.user_id != user_id:
        raise PermissionDenied("errors.permission_denied")
    return row


def _view(session: Session, row: QuizAttempt) -> AttemptView:
    answered = len(session.scalars(select(QuizAnswer.id).where(QuizAnswer.attempt_id == row.id)).all())
    return AttemptView(
        row.id, row.quiz_id, row.seed, row.question_count, row.time_limit_s, row.pass_mark, row.started_at,
        row.finished_at, row.score, row.passed, answered, row.assignment_id,
    )  # fmt: skip


def start_attempt(
    session: Session,
    user_id: int,
    quiz_id: str,
    seed: int,
    question_count: int,
    now: datetime,
    *,
    pass_mark: float = 0.7,
    time_limit_s: int | None = None,
    assignment_id: int | None = None,
) -> AttemptView:
    require_role(session, user_id)
    if question_count < 1:
        raise InvalidInput("errors.quiz_empty")
    row = QuizAttempt(
        user_id=user_id,
        quiz_id=quiz_id,
        seed=seed,
        question_count=question_count,
        time_limit_s=time_limit_s,
        pass_mark=pass_mark,
        assignment_id=assignment_id,
        started_at=now,
    )
    session.add(row)
    session.flush()
    return _view(session, row)


def open_attempt(session: Session, user_id: int, quiz_id: str) -> AttemptView | None:
    """The learner's unfinished attempt at this quiz, to resume after a refresh."""
    row = session.scalars(
        select(QuizAttempt)
        .where(
            QuizAttempt.user_id == user_id, QuizAttempt.quiz_id == quiz_id, QuizAttempt.finished_at.is_(None)
        )
        .order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc())
    ).first()
    return _view(session, row) if row else None


def get_attempt(session: Session, user_id: int, attempt_id: int) -> AttemptView:
    return _view(session, _attempt(session, user_id, attempt_id))


def answer_question(
    session: Session,
    user_id: int,
    attempt_id: int,
    position: int,
    *,
    question_id: str,
    unit_id: str,
    prompt: str,
    expected: str,
    answer: str,
    verdict: str,
    correct: bool,
    elapsed_ms: int | None,
    now: datetime,
) -> bool:
    """Store the answer to question ``position``; False if it was already answered or the attempt is over.

    An answer given after the time limit is stored but counts as wrong.
    """
    row = _attempt(session, user_id, attempt_id, lock=True)
    if row.finished_at is not None or not 0 <= position < row.question_count:
        return False
    exists = session.scalar(
        select(QuizAnswer.id).where(QuizAnswer.attempt_id == attempt_id, QuizAnswer.position == position)
    )
    if exists is not None:
        return False
    late = row.time_limit_s is not None and now > row.started_at + timedelta(seconds=row.time_limit_s + 2)
    session.add(
        QuizAnswer(
            attempt_id=attempt_id,
            position=position,
            question_id=question_id[:128],
            unit_id=unit_id[:64],
            prompt=prompt[:500],
            expected=expected[:TEXT_MAX],
            answer=(answer or "")[:TEXT_MAX],
            verdict="late" if late else verdict,
            correct=correct and not late,
            elapsed_ms=elapsed_ms,
            answered_at=now,
        )
    )
    record_action(session, user_id, now, seconds=int((elapsed_ms or 0) / 1000))
    return True


def finish_attempt(session: Session, user_id: int, attempt_id: int, now: datetime) -> AttemptView:
    """Close the attempt and score it: unanswered questions count as wrong."""
    row = _attempt(session, user_id, attempt_id, lock=True)
    if row.finished_at is None:
        correct = sum(
            1
            for ok in session.scalars(select(QuizAnswer.correct).where(QuizAnswer.attempt_id == attempt_id))
            if ok
        )
        row.score = correct / row.question_count
        row.passed = row.score >= row.pass_mark
        row.finished_at = now
    return _view(session, row)


def attempt_answers(session: Session, user_id: int, attempt_id: int) -> list[AnswerView]:
    _attempt(session, user_id, attempt_id)
    rows = session.scalars(
        select(QuizAnswer).where(QuizAnswer.attempt_id == attempt_id).order_by(QuizAnswer.position)
    )
    return [
        AnswerView(r.position, r.question_id, r.unit_id, r.prompt, r.expected, r.answer, r.verdict, r.correct,
                   r.elapsed_ms)
        for r in rows
    ]  # fmt: skip


def history(session: Session, user_id: int) -> list[AttemptView]:
    """The learner's finished attempts, oldest first (for charts)."""
    rows = session.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.user_id == user_id, QuizAttempt.finished_at.is_not(None))
        .order_by(QuizAttempt.finished_at)
    ).all()
    return [_view(session, row) for row in rows]
