"""Spaced-repetition drills with FSRS: one card per learner × item × direction, every review kept, and the
drill's position stored with each answer so a refresh or a crash loses nothing."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

import fsrs
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from exercises.drill_plan import drill_candidates, plan_drill, question_for_item
from exercises.drills import DrillKind, Question, check_answer
from exercises.grading import Grade, rating_for
from library.content import ContentLibrary
from progress.db import insert_ignoring_conflict
from progress.models import Card, DrillSession, ReviewLog
from services.accounts import require_role
from services.activity import record_action
from services.errors import InvalidInput, NotFound, PermissionDenied

SCHEDULER = fsrs.Scheduler(desired_retention=0.9, enable_fuzzing=True)
ANSWER_MAX = 200


@dataclass(frozen=True, slots=True)
class DrillView:
    id: int
    plan: tuple[dict, ...]  # each {"item_id", "direction", "kind"}
    position: int
    correct: int
    settings: dict
    assignment_id: int | None
    finished: bool

    @property
    def current(self) -> dict | None:
        return self.plan[self.position] if self.position < len(self.plan) else None


def _view(row: DrillSession) -> DrillView:
    return DrillView(
        row.id,
        tuple(row.plan),
        row.position,
        row.correct,
        dict(row.settings),
        row.assignment_id,
        row.finished_at is not None,
    )


def _to_fsrs(card: Card) -> fsrs.Card:
    return fsrs.Card(
        card_id=card.id,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def _copy_from_fsrs(card: Card, scheduled: fsrs.Card) -> None:
    card.state = int(scheduled.state)
    card.step = scheduled.step
    card.stability = scheduled.stability
    card.difficulty = scheduled.difficulty
    card.due = scheduled.due
    card.last_review = scheduled.last_review


def review_item(
    session: Session,
    user_id: int,
    item_id: str,
    direction: str,
    rating: int,
    now: datetime,
    *,
    kind: str,
    verdict: str,
    answer: str = "",
    duration_ms: int | None = None,
    scheduler: fsrs.Scheduler = SCHEDULER,
) -> Card:
    """Apply one review to the learner's card for ``item_id`` × ``direction`` (created on first sight)."""
    insert_ignoring_conflict(
        session,
        Card,
        {"user_id": user_id, "item_id": item_id, "direction": direction, "state": int(fsrs.State.Learning),
         "due": now, "reps": 0, "lapses": 0},
        ["user_id", "item_id", "direction"],
    )  # fmt: skip
    card = session.scalars(
        select(Card)
        .where(Card.user_id == user_id, Card.item_id == item_id, Card.direction == direction)
        .with_for_update()
    ).one()
    scheduled, log = scheduler.review_card(_to_fsrs(card), fsrs.Rating(rating), now, duration_ms)
    _copy_from_fsrs(card, scheduled)
    card.reps += 1
    if rating == int(fsrs.Rating.Again) and card.reps > 1:
        card.lapses += 1
    session.add(
        ReviewLog(
            card_id=card.id,
            user_id=user_id,
            item_id=item_id,
            direction=direction,
            kind=kind,
            rating=rating,
            verdict=verdict,
            answer=(answer or "")[:ANSWER_MAX],
            duration_ms=duration_ms,
            reviewed_at=now,
            fsrs_log=log.to_dict(),
            card_after=scheduled.to_dict(),
        )
    )
    return card


# --- drill sessions ---------------------------------------------------------------------------------


def start_drill(
    session: Session,
    user_id: int,
    plan: list[dict],
    settings: dict,
    now: datetime,
    assignment_id: int | None = None,
) -> DrillView:
    """Store a planned drill; an unfinished earlier drill of the learner is closed."""
    require_role(session, user_id)
    if not plan:
        raise ValueError("a drill needs at least one item")
    session.execute(
        update(DrillSession)
        .where(DrillSession.user_id == user_id, DrillSession.finished_at.is_(None))
        .values(finished_at=now)
    )
    row = DrillSession(
        user_id=user_id,
        plan=[
            {
                "item_id": p["item_id"],
                "direction": p["direction"],
                "kind": p["kind"],
                "seed": int(p.get("seed", 0)),
            }
            for p in plan
        ],
        settings=settings,
        position=0,
        correct=0,
        assignment_id=assignment_id,
        started_at=now,
    )
    session.add(row)
    session.flush()
    return _view(row)


def active_drill(session: Session, user_id: int) -> DrillView | None:
    row = session.scalars(
        select(DrillSession)
        .where(DrillSession.user_id == user_id, DrillSession.finished_at.is_(None))
        .order_by(DrillSession.started_at.desc(), DrillSession.id.desc())
        .limit(1)
    ).first()
    return _view(row) if row else None


@dataclass(frozen=True, slots=True)
class DrillAnswer:
    """What answering one drill item did: the drill after it, the grade (None for a self-rated flashcard
    or a skipped item), the French of the item to show and hear, and whether it was stored (False when
    that position was already answered: a double click or a replayed request)."""

    drill: DrillView
    grade: Grade | None
    french: str
    stored: bool


SELF_RATINGS = (1, 2, 3, 4)  # again, hard, good, easy — a flashcard is rated by the learner


def plan_and_start_drill(
    session: Session,
    user_id: int,
    content: ContentLibrary,
    now: datetime,
    *,
    size: int,
    themes: list[str],
    units: list[str],
    kinds: list[DrillKind],
    assignment_id: int | None = None,
    rng: random.Random | None = None,
) -> DrillView | None:
    """Plan a drill for the learner (their due reviews first, then new words of the chosen themes and
    units, easiest levels first) and start it; None when there is nothing to practise."""
    require_role(session, user_id)
    rng = rng or random.Random()  # noqa: S311 - question order, not security
    size = max(1, min(int(size), 100))
    candidates = drill_candidates(content.glossary.entries, themes, units, rng)
    plan = plan_drill(
        due_cards(session, user_id, now, limit=size), card_directions(session, user_id), candidates, size,
        set(kinds), rng,
    )  # fmt: skip
    if not plan:
        return None
    settings = {"size": size, "themes": list(themes), "units": list(units), "kinds": [k.value for k in kinds]}
    return start_drill(session, user_id, plan, settings, now, assignment_id)


def current_question(drill: DrillView, content: ContentLibrary, lang: str) -> Question | None:
    """The question now asked in ``drill`` (None when finished or its entry was removed)."""
    item = drill.current
    return question_for_item(item, content.glossary, lang) if item else None


def answer_drill_item(
    session: Session,
    user_id: int,
    drill_id: int,
    position: int,
    content: ContentLibrary,
    lang: str,
    now: datetime,
    *,
    given: str = "",
    self_rating: int | None = None,
    elapsed_ms: int | None = None,
) -> DrillAnswer:
    """Answer the item at ``position`` with the learner's raw input: the service rebuilds the question,
    grades the answer, decides the FSRS rating (from the grade and the time taken; a flashcard takes the
    learner's own rating) and stores the review and the drill's new position in the caller's transaction.

    A position already answered (or a finished drill) changes nothing and returns ``stored=False``.
    """
    require_role(session, user_id)
    row = _locked_drill(session, user_id, drill_id)
    view = _view(row)
    if row.finished_at is not None or position != row.position or position >= len(row.plan):
        return DrillAnswer(view, None, "", stored=False)
    question = question_for_item(row.plan[position], content.glossary, lang)
    elapsed_ms = None if elapsed_ms is None else max(0, int(elapsed_ms))
    given = "" if given is None else str(given)
    if question is None:  # its glossary entry was removed since the drill was planned: skip it
        return DrillAnswer(_advance(session, row, 1, False, now, "skipped", "", None), None, "", stored=True)
    if question.kind is DrillKind.FLASHCARD:
        if self_rating not in SELF_RATINGS:
            raise InvalidInput("errors.invalid_rating")
        correct = self_rating > 1
        after = _advance(session, row, self_rating, correct, now, "self", str(self_rating), elapsed_ms)
        return DrillAnswer(after, None, question.audio_text, stored=True)
    grade = check_answer(question, given, content.terms)
    rating = rating_for(grade, None if elapsed_ms is None else elapsed_ms / 1000)
    after = _advance(session, row, rating, grade.correct, now, grade.verdict.value, given, elapsed_ms)
    return DrillAnswer(after, grade, question.audio_text, stored=True)


def _locked_drill(session: Session, user_id: int, drill_id: int) -> DrillSession:
    row = session.scalars(select(DrillSession).where(DrillSession.id == drill_id).with_for_update()).first()
    if row is None:
        raise NotFound("errors.not_found")
    if row.user_id != user_id:
        raise PermissionDenied("errors.permission_denied")
    return row


def _advance(
    session: Session,
    row: DrillSession,
    rating: int,
    correct: bool,
    now: datetime,
    verdict: str,
    answer: str,
    duration_ms: int | None,
) -> DrillView:
    item = row.plan[row.position]
    review_item(
        session, row.user_id, item["item_id"], item["direction"], rating, now, kind=item["kind"],
        verdict=verdict, answer=answer, duration_ms=duration_ms,
    )  # fmt: skip
    row.position += 1
    row.correct += 1 if correct else 0
    if row.position >= len(row.plan):
        row.finished_at = now
    record_action(session, row.user_id, now, seconds=int((duration_ms or 0) / 1000))
    return _view(row)


def finish_drill(session: Session, user_id: int, drill_id: int, now: datetime) -> None:
    row = session.get(DrillSession, drill_id)
    if row is None or row.user_id != user_id:
        raise NotFound("errors.not_found")
    if row.finished_at is None:
        row.finished_at = now


# --- what is due, what is known ---------------------------------------------------------------------


def due_cards(session: Session, user_id: int, now: datetime, limit: int = 100) -> list[tuple[str, str]]:
    """(item_id, direction) of the learner's cards due now, most overdue first."""
    rows = session.execute(
        select(Card.item_id, Card.direction)
        .where(Card.user_id == user_id, Card.due <= now)
        .order_by(Card.due)
        .limit(limit)
    )
    return [(item_id, direction) for item_id, direction in rows]


def due_count(session: Session, user_id: int, now: datetime) -> int:
    return session.scalar(
        select(func.count()).select_from(Card).where(Card.user_id == user_id, Card.due <= now)
    )


def due_forecast(session: Session, user_id: int, now: datetime, days: int = 7) -> list[int]:
    """Reviews due on each of the next ``days`` days (UTC); day 0 includes everything overdue."""
    horizon = now + timedelta(days=days)
    dues = session.scalars(select(Card.due).where(Card.user_id == user_id, Card.due < horizon))
    counts = Counter(max(0, (due.date() - now.date()).days) for due in dues)
    return [counts.get(day, 0) for day in range(days)]


def card_directions(session: Session, user_id: int) -> dict[str, set[str]]:
    """Per item the learner has met, the directions they have a card for."""
    known: dict[str, set[str]] = {}
    for item_id, direction in session.execute(
        select(Card.item_id, Card.direction).where(Card.user_id == user_id)
    ):
        known.setdefault(item_id, set()).add(direction)
    return known


def item_mastery(
    session: Session, user_id: int, now: datetime, item_ids: list[str] | None = None
) -> dict[str, float]:
    """Per item, the probability (0–1) of recalling it now: the mean FSRS retrievability of its cards
    (all the learner's items, or only ``item_ids``)."""
    totals: dict[str, list[float]] = {}
    query = select(Card).where(Card.user_id == user_id)
    if item_ids is not None:
        query = query.where(Card.item_id.in_(item_ids))
    for card in session.scalars(query):
        retrievability = SCHEDULER.get_card_retrievability(_to_fsrs(card), now)
        totals.setdefault(card.item_id, []).append(retrievability)
    return {item: sum(values) / len(values) for item, values in totals.items()}


def add_card(session: Session, user_id: int, item_id: str, direction: str, now: datetime) -> bool:
    """Put ``item_id`` × ``direction`` in the learner's reviews, due now ("add to my drills"); False when
    the learner already has that card (it keeps its schedule)."""
    require_role(session, user_id)
    exists = session.scalar(
        select(Card.id).where(Card.user_id == user_id, Card.item_id == item_id, Card.direction == direction)
    )
    if exists is not None:
        return False
    insert_ignoring_conflict(
        session,
        Card,
        {"user_id": user_id, "item_id": item_id, "direction": direction, "state": int(fsrs.State.Learning),
         "due": now, "reps": 0, "lapses": 0},
        ["user_id", "item_id", "direction"],
    )  # fmt: skip
    return True
