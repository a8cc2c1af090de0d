"""Spaced-repetition drills with FSRS: one card per learner × item × direction, every review kept, and the
drill's position stored with each answer so a refresh or a crash loses nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

import fsrs
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from progress.accounts import require_role
from progress.activity import record_action
from progress.db import insert_ignoring_conflict
from progress.errors import NotFound, PermissionDenied
from progress.models import Card, DrillSession, ReviewLog

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
    scheduled, _log = scheduler.review_card(_to_fsrs(card), fsrs.Rating(rating), now, duration_ms)
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


def get_drill(session: Session, user_id: int, drill_id: int) -> DrillView:
    row = session.get(DrillSession, drill_id)
    if row is None:
        raise NotFound("errors.not_found")
    if row.user_id != user_id:
        raise PermissionDenied("errors.permission_denied")
    return _view(row)


def answer_drill(
    session: Session,
    user_id: int,
    drill_id: int,
    position: int,
    rating: int,
    correct: bool,
    now: datetime,
    *,
    verdict: str,
    answer: str = "",
    duration_ms: int | None = None,
) -> DrillView:
    """Store the answer to question ``position`` of a drill: review the card, advance the drill.

    Answering a position that is already past (a double click, a replayed request after a refresh) changes
    nothing: the first answer stands.
    """
    require_role(session, user_id)
    row = session.scalars(select(DrillSession).where(DrillSession.id == drill_id).with_for_update()).first()
    if row is None:
        raise NotFound("errors.not_found")
    if row.user_id != user_id:
        raise PermissionDenied("errors.permission_denied")
    if row.finished_at is not None or position != row.position or position >= len(row.plan):
        return _view(row)
    item = row.plan[position]
    review_item(
        session,
        user_id,
        item["item_id"],
        item["direction"],
        rating,
        now,
        kind=item["kind"],
        verdict=verdict,
        answer=answer,
        duration_ms=duration_ms,
    )
    row.position = position + 1
    row.correct = row.correct + (1 if correct else 0)
    if row.position >= len(row.plan):
        row.finished_at = now
    record_action(session, user_id, now, seconds=int((duration_ms or 0) / 1000))
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


def seen_items(session: Session, user_id: int) -> set[str]:
    """Ids of the items the learner has at least one card for."""
    return set(session.scalars(select(Card.item_id).where(Card.user_id == user_id).distinct()))


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
