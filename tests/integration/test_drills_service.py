"""FSRS drills on a real database: cards per item × direction, every review kept, resumable drills."""

from __future__ import annotations

from datetime import timedelta

import fsrs
import pytest
from sqlalchemy import func, select

from progress import drills
from progress.errors import PermissionDenied
from progress.models import Card, ReviewLog
from tests.helpers import make_user

PLAN = [
    {"item_id": "rank-caporal", "direction": "fr>meaning", "kind": "flashcard", "seed": 11},
    {"item_id": "rank-caporal", "direction": "meaning>fr", "kind": "type_french", "seed": 12},
    {"item_id": "rank-sergent", "direction": "fr>meaning", "kind": "multiple_choice", "seed": 13},
]


def test_a_review_creates_one_card_per_item_and_direction_and_keeps_every_log(db, now):
    learner = make_user(db, "rahman", now)
    with db.transaction() as session:
        drills.review_item(
            session, learner.id, "rank-caporal", "fr>meaning", 3, now, kind="flashcard", verdict="exact"
        )
        drills.review_item(
            session,
            learner.id,
            "rank-caporal",
            "fr>meaning",
            1,
            now + timedelta(minutes=2),
            kind="flashcard",
            verdict="wrong",
        )
        drills.review_item(
            session, learner.id, "rank-caporal", "meaning>fr", 3, now, kind="type_french", verdict="exact"
        )
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Card)) == 2
        assert session.scalar(select(func.count()).select_from(ReviewLog)) == 3
        card = session.scalars(select(Card).where(Card.direction == "fr>meaning")).one()
        assert card.reps == 2 and card.lapses == 1
        assert card.due > now


def test_schedule_matches_fsrs_itself(db, now):
    learner = make_user(db, "diallo", now)
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    expected = fsrs.Card()
    moment = now
    with db.transaction() as session:
        for rating in (3, 3, 3, 4):
            expected, _ = scheduler.review_card(expected, fsrs.Rating(rating), moment)
            card = drills.review_item(
                session,
                learner.id,
                "nato-alfa",
                "fr>meaning",
                rating,
                moment,
                kind="flashcard",
                verdict="exact",
                scheduler=scheduler,
            )
            moment = card.due
    assert card.due == expected.due
    assert card.stability == pytest.approx(expected.stability)
    assert card.state == int(expected.state)


def test_drill_answers_are_stored_as_given_and_resume_after_a_refresh(db, now):
    learner = make_user(db, "okafor", now)
    with db.transaction() as session:
        drill = drills.start_drill(session, learner.id, PLAN, {"size": 3}, now)
    with db.transaction() as session:
        drills.answer_drill(
            session, learner.id, drill.id, 0, 3, True, now, verdict="exact", answer="corporal"
        )
    # "Refresh": a new session asks for the active drill and gets the next question.
    with db.reading() as session:
        resumed = drills.active_drill(session, learner.id)
    assert resumed.id == drill.id and resumed.position == 1
    assert resumed.current == PLAN[1]
    # A replayed answer for position 0 changes nothing.
    with db.transaction() as session:
        again = drills.answer_drill(session, learner.id, drill.id, 0, 1, False, now, verdict="wrong")
    assert again.position == 1 and again.correct == 1
    with db.transaction() as session:
        drills.answer_drill(
            session, learner.id, drill.id, 1, 2, True, now, verdict="accent_slip", answer="caporal"
        )
        done = drills.answer_drill(
            session, learner.id, drill.id, 2, 1, False, now, verdict="wrong", answer="x" * 999
        )
    assert done.finished and done.correct == 2
    with db.reading() as session:
        assert drills.active_drill(session, learner.id) is None
        logs = session.scalars(select(ReviewLog).order_by(ReviewLog.id)).all()
    assert [log.rating for log in logs] == [3, 2, 1]
    assert len(logs[-1].answer) == drills.ANSWER_MAX


def test_starting_a_drill_closes_the_previous_one(db, now):
    learner = make_user(db, "morel", now)
    with db.transaction() as session:
        first = drills.start_drill(session, learner.id, PLAN, {}, now)
        second = drills.start_drill(session, learner.id, PLAN[:1], {}, now + timedelta(seconds=1))
    with db.reading() as session:
        assert drills.active_drill(session, learner.id).id == second.id
        assert drills.get_drill(session, learner.id, first.id).finished


def test_a_learner_cannot_answer_someone_elses_drill(db, now):
    owner = make_user(db, "owner", now)
    intruder = make_user(db, "intruder", now)
    with db.transaction() as session:
        drill = drills.start_drill(session, owner.id, PLAN, {}, now)
    with pytest.raises(PermissionDenied), db.transaction() as session:
        drills.answer_drill(session, intruder.id, drill.id, 0, 3, True, now, verdict="exact")
    with pytest.raises(PermissionDenied), db.reading() as session:
        drills.get_drill(session, intruder.id, drill.id)


def test_due_cards_forecast_and_mastery(db, now):
    learner = make_user(db, "silva", now)
    with db.transaction() as session:
        for index in range(5):
            drills.review_item(
                session,
                learner.id,
                f"item-{index}",
                "fr>meaning",
                1 if index % 2 else 3,
                now,
                kind="flashcard",
                verdict="exact",
            )
    later = now + timedelta(hours=1)
    with db.reading() as session:
        due = drills.due_cards(session, learner.id, later)
        forecast = drills.due_forecast(session, learner.id, now, days=7)
        mastery = drills.item_mastery(session, learner.id, now + timedelta(days=2))
        seen = drills.seen_items(session, learner.id)
    assert len(due) == 5  # learning steps of minutes: all due within the hour
    assert sum(forecast) == 5 and forecast[0] == 5
    assert set(mastery) == seen == {f"item-{i}" for i in range(5)}
    assert all(0.0 <= value <= 1.0 for value in mastery.values())
    assert mastery["item-0"] > mastery["item-1"]  # rated Good beats rated Again
