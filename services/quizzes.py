"""Quizzes: start an attempt, answer each question with the learner's raw input (the service rebuilds the
question from the attempt's seed, grades it and stores it), finish it (score, pass, the placement result,
the certificate with a verification code anyone can check)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

import i18n
from config import DEFAULT_PASS_MARK
from exercises.grading import Grade
from exercises.quizzes import QuizQuestion, grade_question, passed, suggest_start
from library.content import ContentLibrary
from progress.models import Certificate, QuizAnswer, QuizAttempt, User
from services.accounts import require_role
from services.activity import record_action
from services.errors import InvalidInput, NotFound, PermissionDenied

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
    placement_unit_id: str | None = None

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
        row.finished_at, row.score, row.passed, answered, row.assignment_id, row.placement_unit_id,
    )  # fmt: skip


def _start_attempt(
    session: Session,
    user_id: int,
    quiz_id: str,
    seed: int,
    question_count: int,
    now: datetime,
    *,
    pass_mark: float = DEFAULT_PASS_MARK,
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


def _store_answer(
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


def _finish_attempt(session: Session, user_id: int, attempt_id: int, now: datetime) -> QuizAttempt:
    """Close the attempt and score it: unanswered questions count as wrong."""
    row = _attempt(session, user_id, attempt_id, lock=True)
    if row.finished_at is None:
        correct = sum(
            1
            for ok in session.scalars(select(QuizAnswer.correct).where(QuizAnswer.attempt_id == attempt_id))
            if ok
        )
        row.score = correct / row.question_count
        row.passed = passed(row.score, row.pass_mark)
        row.finished_at = now
    return row


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


# --- the use cases pages call ----------------------------------------------------------------------------

CERTIFICATE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper
CERTIFICATE_CODE_GROUPS = 3  # PLZ-XXXX-XXXX-XXXX: 60 random bits


@dataclass(frozen=True, slots=True)
class AnswerResult:
    """What answering a quiz question did: the grade (None when nothing was stored) and whether it was
    stored (False for a position already answered, a finished attempt, or past the last question)."""

    stored: bool
    grade: Grade | None
    question: QuizQuestion | None


@dataclass(frozen=True, slots=True)
class CertificateView:
    code: str
    holder_name: str
    score: float
    units: int
    issued_at: datetime


@dataclass(frozen=True, slots=True)
class QuizOutcome:
    attempt: AttemptView
    placement_unit_id: str | None  # placement test: where to start
    certificate: CertificateView | None  # final assessment passed


def start_quiz(
    session: Session,
    user_id: int,
    content: ContentLibrary,
    quiz_id: str,
    now: datetime,
    *,
    pass_mark: float = DEFAULT_PASS_MARK,
    time_limit_s: int | None = None,
    assignment_id: int | None = None,
    seed: int | None = None,
) -> AttemptView:
    """Draw the quiz ``quiz_id`` with a fresh seed and open an attempt at it."""
    seed = secrets.randbelow(2**31 - 1) + 1 if seed is None else int(seed)
    try:
        quiz = content.quiz(quiz_id, seed, time_limit_s)
    except KeyError as error:
        raise NotFound("errors.not_found") from error
    return _start_attempt(
        session, user_id, quiz_id, seed, len(quiz), now, pass_mark=pass_mark, time_limit_s=quiz.time_limit_s,
        assignment_id=assignment_id,
    )  # fmt: skip


def question_at(content: ContentLibrary, attempt: AttemptView, position: int) -> QuizQuestion | None:
    """The question asked at ``position`` of the attempt, rebuilt from its seed (None past the end)."""
    quiz = content.quiz(attempt.quiz_id, attempt.seed, attempt.time_limit_s)
    return quiz.questions[position] if 0 <= position < len(quiz.questions) else None


def answer_quiz_question(
    session: Session,
    user_id: int,
    attempt_id: int,
    position: int,
    given: str,
    content: ContentLibrary,
    lang: str,
    now: datetime,
    *,
    elapsed_ms: int | None = None,
) -> AnswerResult:
    """Grade the learner's raw answer to question ``position`` against the quiz drawn for the attempt and
    store it (verdict, expected answer and prompt as asked); an answer after the time limit counts as
    wrong. Nothing the learner sends besides the answer decides the verdict."""
    view = _view(session, _attempt(session, user_id, attempt_id))
    question = question_at(content, view, position)
    if question is None or view.finished_at is not None:
        return AnswerResult(False, None, question)
    given = "" if given is None else str(given)
    grade = grade_question(question, given, content.terms, lang=lang)
    stored = _store_answer(
        session, user_id, attempt_id, position, question_id=question.id, unit_id=question.unit_id,
        prompt=question.prompt_for(lang) or question.instruction_for(lang, i18n.t), expected=grade.expected,
        answer=given, verdict=grade.verdict.value, correct=grade.correct,
        elapsed_ms=None if elapsed_ms is None else max(0, int(elapsed_ms)), now=now,
    )  # fmt: skip
    return AnswerResult(stored, grade if stored else None, question)


def finish_quiz(
    session: Session, user_id: int, attempt_id: int, content: ContentLibrary, now: datetime
) -> QuizOutcome:
    """Close and score the attempt (unanswered questions count as wrong). A placement test stores the unit
    to start from; a passed final assessment gets a certificate with a verification code. Finishing twice
    changes nothing and returns the same outcome."""
    row = _finish_attempt(session, user_id, attempt_id, now)
    if row.quiz_id == "placement" and row.placement_unit_id is None and content.manual.units:
        answers = session.execute(
            select(QuizAnswer.question_id, QuizAnswer.correct).where(QuizAnswer.attempt_id == row.id)
        ).all()
        row.placement_unit_id = suggest_start(content.manual, [(qid, ok) for qid, ok in answers])
    certificate = None
    if row.quiz_id == "final" and row.passed:
        certificate = _certificate(session, row, len(content.manual.units), now)
    session.flush()
    return QuizOutcome(_view(session, row), row.placement_unit_id, certificate)


def _new_code() -> str:
    groups = (
        "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(4))
        for _ in range(CERTIFICATE_CODE_GROUPS)
    )
    return "PLZ-" + "-".join(groups)


def _certificate_view(row: Certificate) -> CertificateView:
    return CertificateView(row.code, row.holder_name, row.score, row.units, row.issued_at)


def _certificate(session: Session, attempt: QuizAttempt, units: int, now: datetime) -> CertificateView:
    existing = session.scalars(select(Certificate).where(Certificate.attempt_id == attempt.id)).first()
    if existing is not None:
        return _certificate_view(existing)
    user = session.get(User, attempt.user_id)
    row = Certificate(
        code=_new_code(), user_id=attempt.user_id, attempt_id=attempt.id, holder_name=user.display_name,
        score=attempt.score or 0.0, units=units, issued_at=now,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return _certificate_view(row)


def quiz_outcome(session: Session, user_id: int, attempt_id: int) -> QuizOutcome:
    """The stored outcome of a finished attempt of the learner's (for the results screen after a rerun)."""
    row = _attempt(session, user_id, attempt_id)
    certificate = session.scalars(select(Certificate).where(Certificate.attempt_id == row.id)).first()
    return QuizOutcome(
        _view(session, row), row.placement_unit_id, _certificate_view(certificate) if certificate else None
    )


def latest_placement(session: Session, user_id: int) -> str | None:
    """The unit the learner's latest finished placement test suggested (None if never taken)."""
    return session.scalar(
        select(QuizAttempt.placement_unit_id)
        .where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.quiz_id == "placement",
            QuizAttempt.placement_unit_id.is_not(None),
        )
        .order_by(QuizAttempt.finished_at.desc(), QuizAttempt.id.desc())
        .limit(1)
    )


def verify_certificate(session: Session, code: str) -> CertificateView | None:
    """Public check of a certificate code (no account needed): the certificate it belongs to, or None.
    Case, spaces and a missing prefix do not matter; anything else is simply not found."""
    cleaned = "".join(ch for ch in str(code or "").upper() if ch.isalnum())[:40]
    if cleaned.startswith("PLZ"):
        cleaned = cleaned[3:]
    if len(cleaned) != 4 * CERTIFICATE_CODE_GROUPS or any(ch not in CERTIFICATE_ALPHABET for ch in cleaned):
        return None
    canonical = "PLZ-" + "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))
    row = session.scalars(select(Certificate).where(Certificate.code == canonical)).first()
    return _certificate_view(row) if row else None
