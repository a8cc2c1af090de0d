"""Groups, assignments, dashboards and quiz attempts on a real database, with their authorization."""

from __future__ import annotations

from datetime import timedelta

import pytest

from progress import accounts, course, drills, quiz_attempts, teaching
from progress.errors import InvalidInput, NotFound, PermissionDenied
from progress.models import Role
from tests.helpers import PASSWORD, make_user


@pytest.fixture
def people(db, now):
    return {
        "teacher": make_user(db, "teacher", now, Role.INSTRUCTOR, "Capitaine Morel"),
        "other_teacher": make_user(db, "otherteacher", now, Role.INSTRUCTOR),
        "admin": make_user(db, "admin", now, Role.ADMIN),
        "awa": make_user(db, "awa", now, name="Awa Traoré"),
        "kofi": make_user(db, "kofi", now, name="Kofi Mensah"),
        "outsider": make_user(db, "outsider", now),
    }


def _group(db, people, now, name="Section Bravo"):
    with db.transaction() as session:
        return teaching.create_group(session, people["teacher"].id, name, now)


def test_learners_join_with_a_code_or_are_added_by_username(db, now, people):
    group = _group(db, people, now)
    assert len(group.join_code) == teaching.CODE_LENGTH
    with db.transaction() as session:
        joined = teaching.join_group(session, people["awa"].id, " " + group.join_code.lower() + " ", now)
        teaching.join_group(session, people["awa"].id, group.join_code, now)  # twice is harmless
        teaching.add_member(session, people["teacher"].id, group.id, "KOFI", now)
    assert joined.id == group.id
    with db.reading() as session:
        members = teaching.group_members(session, people["teacher"].id, group.id)
    assert [m.username for m in members] == ["awa", "kofi"]
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        teaching.join_group(session, people["outsider"].id, "NOPE1234", now)
    assert refusal.value.key == "errors.join_code_unknown"
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        teaching.add_member(session, people["teacher"].id, group.id, "ghost", now)
    assert refusal.value.key == "errors.unknown_username"


def test_learners_cannot_create_or_read_groups(db, now, people):
    group = _group(db, people, now)
    learner = people["awa"].id
    with db.transaction() as session:
        for action in (
            lambda: teaching.create_group(session, learner, "Mine", now),
            lambda: teaching.list_groups(session, learner),
            lambda: teaching.get_group(session, learner, group.id),
            lambda: teaching.group_members(session, learner, group.id),
            lambda: teaching.group_dashboard(session, learner, group.id, now),
            lambda: teaching.add_member(session, learner, group.id, "kofi", now),
            lambda: teaching.create_assignment(
                session, learner, group.id, "unit", "u01-ranks", now + timedelta(1), now
            ),
        ):
            with pytest.raises(PermissionDenied):
                action()


def test_an_instructor_sees_only_their_own_groups(db, now, people):
    mine = _group(db, people, now)
    with db.transaction() as session:
        theirs = teaching.create_group(session, people["other_teacher"].id, "Other section", now)
        teaching.join_group(session, people["kofi"].id, theirs.join_code, now)
    with db.reading() as session:
        assert [g.id for g in teaching.list_groups(session, people["teacher"].id)] == [mine.id]
        assert {g.id for g in teaching.list_groups(session, people["admin"].id)} == {mine.id, theirs.id}
    teacher = people["teacher"].id
    with db.transaction() as session:
        for action in (
            lambda: teaching.get_group(session, teacher, theirs.id),
            lambda: teaching.group_members(session, teacher, theirs.id),
            lambda: teaching.group_dashboard(session, teacher, theirs.id, now),
            lambda: teaching.add_member(session, teacher, theirs.id, "awa", now),
            lambda: teaching.remove_member(session, teacher, theirs.id, people["kofi"].id),
            lambda: teaching.create_assignment(
                session, teacher, theirs.id, "unit", "u01-ranks", now + timedelta(1), now
            ),
            # A learner of another group, asked for directly through my own group:
            lambda: teaching.learner_overview(session, teacher, mine.id, people["kofi"].id),
        ):
            with pytest.raises(PermissionDenied):
                action()
    with pytest.raises(NotFound), db.reading() as session:
        teaching.get_group(session, teacher, 99999)


def test_assignments_to_a_group_or_chosen_learners_and_their_status(db, now, people):
    group = _group(db, people, now)
    with db.transaction() as session:
        teaching.join_group(session, people["awa"].id, group.join_code, now)
        teaching.join_group(session, people["kofi"].id, group.join_code, now)
        unit = teaching.create_assignment(
            session, people["teacher"].id, group.id, "unit", "u01-ranks", now + timedelta(days=3), now
        )
        quiz = teaching.create_assignment(
            session,
            people["teacher"].id,
            group.id,
            "quiz",
            "unit:u01-ranks",
            now + timedelta(days=1),
            now,
            learner_ids=[people["awa"].id],
        )
        drill = teaching.create_assignment(
            session,
            people["teacher"].id,
            group.id,
            "drill",
            "drill",
            now + timedelta(days=2),
            now,
            params={"themes": ["ranks"], "size": 3},
        )
    later = now + timedelta(hours=1)
    with db.transaction() as session:
        course.mark_done(session, people["awa"].id, "u01-ranks", later)
        course.open_unit(session, people["kofi"].id, "u01-ranks", later)
        attempt = quiz_attempts.start_attempt(session, people["awa"].id, "unit:u01-ranks", 7, 2, later)
        for position, correct in enumerate([True, False]):
            quiz_attempts.answer_question(
                session,
                people["awa"].id,
                attempt.id,
                position,
                question_id=f"u01-ranks#e{position + 1}",
                unit_id="u01-ranks",
                prompt="…",
                expected="mon lieutenant",
                answer="x",
                verdict="exact",
                correct=correct,
                elapsed_ms=3000,
                now=later,
            )
        quiz_attempts.finish_attempt(session, people["awa"].id, attempt.id, later)
        plan = [{"item_id": f"rank-{i}", "direction": "fr>meaning", "kind": "flashcard"} for i in range(3)]
        run = drills.start_drill(session, people["kofi"].id, plan, {}, later, assignment_id=drill.id)
        for position in range(3):
            drills.answer_drill(session, people["kofi"].id, run.id, position, 3, True, later, verdict="exact")

    with db.reading() as session:
        awa = {
            a.assignment.id: a.status for a in teaching.learner_assignments(session, people["awa"].id, later)
        }
        kofi = {
            a.assignment.id: a.status for a in teaching.learner_assignments(session, people["kofi"].id, later)
        }
    assert awa[unit.id].state == "done" and awa[quiz.id].state == "done" and awa[quiz.id].score == 0.5
    assert awa[drill.id].state == "todo"
    assert quiz.id not in kofi  # assigned to Awa only
    assert kofi[unit.id].state == "started" and kofi[drill.id].state == "done" and kofi[drill.id].score == 1.0

    overdue_time = now + timedelta(days=2, hours=1)
    with db.reading() as session:
        board = teaching.group_dashboard(session, people["teacher"].id, group.id, overdue_time)
    assert board.completion(people["awa"].id) == (2, 3)
    assert board.completion(people["kofi"].id) == (1, 2)
    assert set(board.overdue()) == {(drill.id, people["awa"].id)}
    assert board.units_done == {people["awa"].id: 1}
    assert board.quiz_scores[people["awa"].id][0][:2] == ("unit:u01-ranks", 0.5)
    assert board.most_missed[0].source == "quiz" and board.most_missed[0].item_id == "u01-ranks#e2"
    rows = teaching.results_rows(board)
    assert len(rows) == 5
    assert {r["status"] for r in rows} == {"done", "started", "todo"}


def test_assignment_inputs_are_checked(db, now, people):
    group = _group(db, people, now)
    teacher = people["teacher"].id
    cases = [
        (dict(kind="essay", target="x", due_at=now + timedelta(1)), "errors.assignment_kind"),
        (dict(kind="unit", target="", due_at=now + timedelta(1)), "errors.assignment_target"),
        (dict(kind="unit", target="u01-ranks", due_at=now - timedelta(1)), "errors.due_in_past"),
        (
            dict(kind="drill", target="drill", due_at=now + timedelta(1), params={"size": 0}),
            "errors.drill_size",
        ),
    ]
    for kwargs, key in cases:
        with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
            teaching.create_assignment(session, teacher, group.id, now=now, **kwargs)
        assert refusal.value.key == key
    with pytest.raises(PermissionDenied), db.transaction() as session:  # not a member of the group
        teaching.create_assignment(
            session,
            teacher,
            group.id,
            "unit",
            "u01-ranks",
            now + timedelta(1),
            now,
            learner_ids=[people["outsider"].id],
        )


def test_a_learner_reaches_only_their_own_assignments_and_attempts(db, now, people):
    group = _group(db, people, now)
    with db.transaction() as session:
        teaching.join_group(session, people["awa"].id, group.join_code, now)
        only_awa = teaching.create_assignment(
            session,
            people["teacher"].id,
            group.id,
            "unit",
            "u01-ranks",
            now + timedelta(1),
            now,
            learner_ids=[people["awa"].id],
        )
        attempt = quiz_attempts.start_attempt(session, people["awa"].id, "placement", 1, 3, now)
    with db.reading() as session:
        assert teaching.learner_assignment(session, people["awa"].id, only_awa.id).id == only_awa.id
        with pytest.raises(PermissionDenied):
            teaching.learner_assignment(session, people["kofi"].id, only_awa.id)
        with pytest.raises(PermissionDenied):
            quiz_attempts.get_attempt(session, people["kofi"].id, attempt.id)
        with pytest.raises(PermissionDenied):
            quiz_attempts.attempt_answers(session, people["kofi"].id, attempt.id)
    with pytest.raises(PermissionDenied), db.transaction() as session:
        quiz_attempts.answer_question(
            session,
            people["kofi"].id,
            attempt.id,
            0,
            question_id="q",
            unit_id="u",
            prompt="p",
            expected="e",
            answer="a",
            verdict="exact",
            correct=True,
            elapsed_ms=1,
            now=now,
        )


def test_quiz_attempt_scoring_time_limit_and_replays(db, now, people):
    learner = people["awa"].id
    with db.transaction() as session:
        attempt = quiz_attempts.start_attempt(
            session, learner, "unit:u02-organisation", 3, 4, now, time_limit_s=60
        )

    def answer(position, correct, when):
        with db.transaction() as session:
            return quiz_attempts.answer_question(
                session,
                learner,
                attempt.id,
                position,
                question_id=f"q{position}",
                unit_id="u02-organisation",
                prompt="Que signifie « la section » ?",
                expected="platoon",
                answer="platoon",
                verdict="exact",
                correct=correct,
                elapsed_ms=1000,
                now=when,
            )

    assert answer(0, True, now + timedelta(seconds=10))
    assert not answer(0, False, now + timedelta(seconds=11))  # a replay changes nothing
    assert answer(1, True, now + timedelta(seconds=20))
    assert answer(2, True, now + timedelta(seconds=90))  # after the limit: stored, counted wrong
    with db.transaction() as session:
        result = quiz_attempts.finish_attempt(session, learner, attempt.id, now + timedelta(seconds=95))
    assert result.score == 0.5 and result.passed is False and result.answered == 3
    with db.reading() as session:
        review = quiz_attempts.attempt_answers(session, learner, attempt.id)
        assert [a.verdict for a in review] == ["exact", "exact", "late"]
        assert [h.id for h in quiz_attempts.history(session, learner)] == [attempt.id]
        assert quiz_attempts.open_attempt(session, learner, "unit:u02-organisation") is None


def test_csv_rows_never_carry_a_formula(db, now, people):
    with db.transaction() as session:
        hostile = accounts.sign_up(session, "-formula", '=HYPERLINK("http://x","y")', PASSWORD, now)
    group = _group(db, people, now)
    with db.transaction() as session:
        teaching.join_group(session, hostile.id, group.join_code, now)
        teaching.create_assignment(
            session, people["teacher"].id, group.id, "unit", "u01-ranks", now + timedelta(1), now
        )
    with db.reading() as session:
        rows = teaching.results_rows(teaching.group_dashboard(session, people["teacher"].id, group.id, now))
    assert rows[0]["name"] == '\'=HYPERLINK("http://x","y")'
    assert rows[0]["username"] == "'-formula"
    assert teaching.spreadsheet_safe("Awa") == "Awa"
