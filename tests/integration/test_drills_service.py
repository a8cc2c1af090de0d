"""FSRS drills on a real database: cards per item × direction, every review kept, resumable drills."""

from __future__ import annotations

import random
from datetime import timedelta

import fsrs
import pytest
from sqlalchemy import func, select

from exercises.drills import DrillKind
from progress.models import Card, DrillSession, ReviewLog
from services import drills
from services.errors import InvalidInput, PermissionDenied
from tests.helpers import make_user

PLAN = [
    {"item_id": "rank-le-caporal", "direction": "fr>meaning", "kind": "flashcard", "seed": 11},
    {"item_id": "rank-le-caporal", "direction": "meaning>fr", "kind": "type_french", "seed": 12},
    {"item_id": "rank-le-sergent", "direction": "fr>meaning", "kind": "multiple_choice", "seed": 13},
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


def answer(db, learner, drill, position, content, now, **raw):
    with db.transaction() as session:
        return drills.answer_drill_item(session, learner.id, drill.id, position, content, "en", now, **raw)


def test_the_service_grades_raw_answers_decides_ratings_and_resumes_after_a_refresh(db, now, content):
    learner = make_user(db, "okafor", now)
    with db.transaction() as session:
        drill = drills.start_drill(session, learner.id, PLAN, {"size": 3}, now)
    first = answer(db, learner, drill, 0, content, now, self_rating=3)  # a flashcard: rated by the learner
    assert first.stored and first.grade is None and first.french == "le caporal"
    # "Refresh": a new session asks for the active drill and gets the next question.
    with db.reading() as session:
        resumed = drills.active_drill(session, learner.id)
    assert resumed.id == drill.id and resumed.position == 1
    assert resumed.current == PLAN[1]
    # A replayed answer for position 0 changes nothing.
    again = answer(db, learner, drill, 0, content, now, self_rating=1)
    assert not again.stored and again.drill.position == 1 and again.drill.correct == 1
    # The question the page shows is the one the service grades: its accepted French, accent dropped.
    question = drills.current_question(resumed, content, "en")
    assert question.accepted[0] == "le caporal"
    typed = answer(db, learner, drill, 1, content, now, given="le Caporal", elapsed_ms=4000)
    assert typed.grade.correct and typed.grade.verdict.value == "exact"
    wrong = answer(db, learner, drill, 2, content, now, given="x" * 999, elapsed_ms=1000)
    assert wrong.stored and not wrong.grade.correct and wrong.grade.verdict.value == "wrong"
    assert wrong.drill.finished and wrong.drill.correct == 2
    with db.reading() as session:
        assert drills.active_drill(session, learner.id) is None
        logs = session.scalars(select(ReviewLog).order_by(ReviewLog.id)).all()
    # self-rated Good, quick exact → Easy (4), wrong → Again (1): ratings decided by the service
    assert [log.rating for log in logs] == [3, 4, 1]
    assert [log.verdict for log in logs] == ["self", "exact", "wrong"]
    assert len(logs[-1].answer) == drills.ANSWER_MAX
    assert logs[1].fsrs_log["rating"] == 4 and logs[1].card_after["stability"] > 0  # FSRS's log is kept


def test_a_wrong_answer_is_wrong_whatever_else_the_caller_sends(db, now, content):
    learner = make_user(db, "forger", now)
    with db.transaction() as session:
        drill = drills.start_drill(session, learner.id, PLAN[1:], {}, now)
    result = answer(db, learner, drill, 0, content, now, given="le caporal-chef", self_rating=4, elapsed_ms=0)
    assert not result.grade.correct  # another rank is never a typo; a self rating is ignored here
    with db.reading() as session:
        log = session.scalars(select(ReviewLog)).one()
    assert (log.rating, log.verdict) == (1, "wrong")


def test_a_flashcard_needs_a_self_rating_between_1_and_4(db, now, content):
    learner = make_user(db, "flash", now)
    with db.transaction() as session:
        drill = drills.start_drill(session, learner.id, PLAN[:1], {}, now)
    for bad in (None, 0, 5, "3"):
        with pytest.raises(InvalidInput), db.transaction() as session:
            drills.answer_drill_item(session, learner.id, drill.id, 0, content, "en", now, self_rating=bad)
    assert answer(db, learner, drill, 0, content, now, self_rating=2).drill.finished


def test_an_item_whose_entry_was_removed_is_skipped(db, now, content):
    learner = make_user(db, "skipper", now)
    gone = [{"item_id": "rank-no-such-rank", "direction": "fr>meaning", "kind": "flashcard", "seed": 1}]
    with db.transaction() as session:
        drill = drills.start_drill(session, learner.id, gone, {}, now)
        assert drills.current_question(drill, content, "en") is None
    result = answer(db, learner, drill, 0, content, now)
    assert result.stored and result.drill.finished and result.drill.correct == 0


def test_plan_and_start_drill_takes_due_reviews_then_new_words_of_the_chosen_theme(db, now, content):
    learner = make_user(db, "planner", now)
    with db.transaction() as session:
        drills.review_item(session, learner.id, "rank-le-sergent", "fr>meaning", 1, now, kind="flashcard",
                           verdict="wrong")  # fmt: skip
    later = now + timedelta(hours=1)
    kinds = [DrillKind.FLASHCARD, DrillKind.MULTIPLE_CHOICE]
    with db.transaction() as session:
        drill = drills.plan_and_start_drill(
            session, learner.id, content, later, size=6, themes=["ranks"], units=[], kinds=kinds,
            rng=random.Random(5),
        )  # fmt: skip
    assert drill.plan[0]["item_id"] == "rank-le-sergent"  # the due review first
    assert len(drill.plan) == 6
    assert {content.glossary.get(item["item_id"]).theme for item in drill.plan} == {"ranks"}
    with db.transaction() as session:
        nothing = drills.plan_and_start_drill(
            session, learner.id, content, later, size=5, themes=["ranks"], units=[], kinds=[]
        )
    assert nothing is None


def test_starting_a_drill_closes_the_previous_one(db, now):
    learner = make_user(db, "morel", now)
    with db.transaction() as session:
        first = drills.start_drill(session, learner.id, PLAN, {}, now)
        second = drills.start_drill(session, learner.id, PLAN[:1], {}, now + timedelta(seconds=1))
    with db.reading() as session:
        assert drills.active_drill(session, learner.id).id == second.id
        assert session.get(DrillSession, first.id).finished_at is not None


def test_a_learner_cannot_answer_someone_elses_drill(db, now, content):
    owner = make_user(db, "owner", now)
    intruder = make_user(db, "intruder", now)
    with db.transaction() as session:
        drill = drills.start_drill(session, owner.id, PLAN, {}, now)
    with pytest.raises(PermissionDenied), db.transaction() as session:
        drills.answer_drill_item(session, intruder.id, drill.id, 0, content, "en", now, self_rating=3)
    with db.reading() as session:
        assert drills.active_drill(session, owner.id).position == 0


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
        seen = set(drills.card_directions(session, learner.id))
    assert len(due) == 5  # learning steps of minutes: all due within the hour
    assert sum(forecast) == 5 and forecast[0] == 5
    assert set(mastery) == seen == {f"item-{i}" for i in range(5)}
    assert all(0.0 <= value <= 1.0 for value in mastery.values())
    assert mastery["item-0"] > mastery["item-1"]  # rated Good beats rated Again
