"""Groups, assignments, dashboards and quiz attempts on a real database, with their authorization."""

from __future__ import annotations

from datetime import timedelta

import pytest

from access.roles import Role
from services import accounts, assignments, course, dashboards, drills, groups, quizzes
from services.errors import InvalidInput, NotFound, PermissionDenied
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
        return groups.create_group(session, people["teacher"].id, name, now)


def test_learners_join_with_a_code_or_are_added_by_username(db, now, people):
    group = _group(db, people, now)
    assert len(group.join_code) == groups.CODE_LENGTH
    with db.transaction() as session:
        joined = groups.join_group(session, people["awa"].id, " " + group.join_code.lower() + " ", now)
        groups.join_group(session, people["awa"].id, group.join_code, now)  # twice is harmless
        groups.add_member(session, people["teacher"].id, group.id, "KOFI", now)
    assert joined.id == group.id
    with db.reading() as session:
        members = groups.group_members(session, people["teacher"].id, group.id)
    assert [m.username for m in members] == ["awa", "kofi"]
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        groups.join_group(session, people["outsider"].id, "NOPE1234", now)
    assert refusal.value.key == "errors.join_code_unknown"
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        groups.add_member(session, people["teacher"].id, group.id, "ghost", now)
    assert refusal.value.key == "errors.unknown_username"


def test_learners_cannot_create_or_read_groups(db, now, people, content):
    group = _group(db, people, now)
    learner = people["awa"].id
    with db.transaction() as session:
        for action in (
            lambda: groups.create_group(session, learner, "Mine", now),
            lambda: groups.list_groups(session, learner),
            lambda: groups.get_group(session, learner, group.id),
            lambda: groups.group_members(session, learner, group.id),
            lambda: dashboards.group_dashboard(session, learner, group.id, now),
            lambda: groups.add_member(session, learner, group.id, "kofi", now),
            lambda: assignments.create_assignment(
                session, learner, group.id, "unit", "u01-ranks", now + timedelta(1), now, content=content
            ),
        ):
            with pytest.raises(PermissionDenied):
                action()


def test_an_instructor_sees_only_their_own_groups(db, now, people, content):
    mine = _group(db, people, now)
    with db.transaction() as session:
        theirs = groups.create_group(session, people["other_teacher"].id, "Other section", now)
        groups.join_group(session, people["kofi"].id, theirs.join_code, now)
    with db.reading() as session:
        assert [g.id for g in groups.list_groups(session, people["teacher"].id)] == [mine.id]
        assert {g.id for g in groups.list_groups(session, people["admin"].id)} == {mine.id, theirs.id}
    teacher = people["teacher"].id
    with db.transaction() as session:
        for action in (
            lambda: groups.get_group(session, teacher, theirs.id),
            lambda: groups.group_members(session, teacher, theirs.id),
            lambda: dashboards.group_dashboard(session, teacher, theirs.id, now),
            lambda: groups.add_member(session, teacher, theirs.id, "awa", now),
            lambda: groups.remove_member(session, teacher, theirs.id, people["kofi"].id),
            lambda: assignments.create_assignment(
                session, teacher, theirs.id, "unit", "u01-ranks", now + timedelta(1), now, content=content
            ),
            # A learner of another group, asked for directly through my own group:
            lambda: dashboards.learner_overview(session, teacher, mine.id, people["kofi"].id),
        ):
            with pytest.raises(PermissionDenied):
                action()
    with pytest.raises(NotFound), db.reading() as session:
        groups.get_group(session, teacher, 99999)


def test_assignments_to_a_group_or_chosen_learners_and_their_status(db, now, people, content):
    group = _group(db, people, now)
    with db.transaction() as session:
        groups.join_group(session, people["awa"].id, group.join_code, now)
        groups.join_group(session, people["kofi"].id, group.join_code, now)
        unit = assignments.create_assignment(
            session,
            people["teacher"].id,
            group.id,
            "unit",
            "u01-ranks",
            now + timedelta(days=3),
            now,
            content=content,
        )
        quiz = assignments.create_assignment(
            session,
            people["teacher"].id,
            group.id,
            "quiz",
            "unit:u01-ranks",
            now + timedelta(days=1),
            now,
            learner_ids=[people["awa"].id],
            content=content,
        )
        drill = assignments.create_assignment(
            session,
            people["teacher"].id,
            group.id,
            "drill",
            "drill",
            now + timedelta(days=2),
            now,
            params={"themes": ["ranks"], "size": 3},
            content=content,
        )
    later = now + timedelta(hours=1)
    with db.transaction() as session:
        course.mark_done(session, people["awa"].id, "u01-ranks", later)
        course.open_unit(session, people["kofi"].id, "u01-ranks", later)
        attempt = quizzes.start_quiz(session, people["awa"].id, content, "unit:u01-ranks", later, seed=7)
        missed = []
        for position in range(attempt.question_count):
            question = quizzes.question_at(content, attempt, position)
            given = question.accepted[0] if position < attempt.question_count // 2 else "pas du tout"
            if position >= attempt.question_count // 2:
                missed.append(question.id)
            quizzes.answer_quiz_question(
                session, people["awa"].id, attempt.id, position, given, content, "en", later, elapsed_ms=3000
            )
        quizzes.finish_quiz(session, people["awa"].id, attempt.id, content, later)
        ranks = ("rank-le-caporal", "rank-le-sergent", "rank-l-adjudant")
        plan = [{"item_id": item, "direction": "fr>meaning", "kind": "flashcard"} for item in ranks]
        run = drills.start_drill(session, people["kofi"].id, plan, {}, later, assignment_id=drill.id)
        for position in range(3):
            drills.answer_drill_item(
                session, people["kofi"].id, run.id, position, content, "en", later, self_rating=3
            )

    with db.reading() as session:
        awa = {
            a.assignment.id: a.status
            for a in assignments.learner_assignments(session, people["awa"].id, later)
        }
        kofi = {
            a.assignment.id: a.status
            for a in assignments.learner_assignments(session, people["kofi"].id, later)
        }
    assert awa[unit.id].state == "done" and awa[quiz.id].state == "done" and awa[quiz.id].score == 0.5
    assert awa[drill.id].state == "todo"
    assert quiz.id not in kofi  # assigned to Awa only
    assert kofi[unit.id].state == "started" and kofi[drill.id].state == "done" and kofi[drill.id].score == 1.0

    overdue_time = now + timedelta(days=2, hours=1)
    with db.reading() as session:
        board = dashboards.group_dashboard(session, people["teacher"].id, group.id, overdue_time)
    assert board.completion(people["awa"].id) == (2, 3)
    assert board.completion(people["kofi"].id) == (1, 2)
    assert set(board.overdue()) == {(drill.id, people["awa"].id)}
    assert board.units_done == {people["awa"].id: 1}
    assert board.quiz_scores[people["awa"].id][0][:2] == ("unit:u01-ranks", 0.5)
    assert board.most_missed[0].source == "quiz" and board.most_missed[0].item_id in missed
    rows = dashboards.results_rows(board)
    assert len(rows) == 5
    assert {r["status"] for r in rows} == {"done", "started", "todo"}


def test_assignment_inputs_are_checked(db, now, people, content):
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
            assignments.create_assignment(session, teacher, group.id, now=now, **kwargs, content=content)
        assert refusal.value.key == key
    with pytest.raises(PermissionDenied), db.transaction() as session:  # not a member of the group
        assignments.create_assignment(
            session,
            teacher,
            group.id,
            "unit",
            "u01-ranks",
            now + timedelta(1),
            now,
            learner_ids=[people["outsider"].id],
            content=content,
        )


def test_a_learner_reaches_only_their_own_assignments_and_attempts(db, now, people, content):
    group = _group(db, people, now)
    with db.transaction() as session:
        groups.join_group(session, people["awa"].id, group.join_code, now)
        only_awa = assignments.create_assignment(
            session,
            people["teacher"].id,
            group.id,
            "unit",
            "u01-ranks",
            now + timedelta(1),
            now,
            learner_ids=[people["awa"].id],
            content=content,
        )
        attempt = quizzes.start_quiz(session, people["awa"].id, content, "placement", now, seed=1)
    with db.reading() as session:
        assert assignments.learner_assignment(session, people["awa"].id, only_awa.id).id == only_awa.id
        with pytest.raises(PermissionDenied):
            assignments.learner_assignment(session, people["kofi"].id, only_awa.id)
        with pytest.raises(PermissionDenied):
            quizzes.get_attempt(session, people["kofi"].id, attempt.id)
        with pytest.raises(PermissionDenied):
            quizzes.attempt_answers(session, people["kofi"].id, attempt.id)
    with pytest.raises(PermissionDenied), db.transaction() as session:
        quizzes.answer_quiz_question(session, people["kofi"].id, attempt.id, 0, "a", content, "en", now)
    with pytest.raises(PermissionDenied), db.transaction() as session:
        quizzes.finish_quiz(session, people["kofi"].id, attempt.id, content, now)


def test_quiz_attempt_scoring_time_limit_and_replays(db, now, people, content):
    learner = people["awa"].id
    with db.transaction() as session:
        attempt = quizzes.start_quiz(
            session, learner, content, "unit:u02-organisation", now, seed=3, time_limit_s=60
        )
    questions = [quizzes.question_at(content, attempt, i) for i in range(attempt.question_count)]

    def answer(position, given, when):
        with db.transaction() as session:
            return quizzes.answer_quiz_question(
                session, learner, attempt.id, position, given, content, "en", when, elapsed_ms=1000
            )

    right = [q.accepted_for("en")[0] for q in questions]
    assert answer(0, right[0], now + timedelta(seconds=10)).grade.correct
    assert not answer(0, "no", now + timedelta(seconds=11)).stored  # a replay changes nothing
    assert answer(1, right[1], now + timedelta(seconds=20)).stored
    late = answer(2, right[2], now + timedelta(seconds=90))  # after the limit: stored, counted wrong
    assert late.stored
    with db.transaction() as session:
        outcome = quizzes.finish_quiz(session, learner, attempt.id, content, now + timedelta(seconds=95))
    result = outcome.attempt
    assert result.score == 2 / attempt.question_count and result.passed is False and result.answered == 3
    assert outcome.placement_unit_id is None and outcome.certificate is None
    with db.reading() as session:
        review = quizzes.attempt_answers(session, learner, attempt.id)
        assert [a.verdict for a in review] == ["exact", "exact", "late"]
        assert [a.expected for a in review] == right[:3]  # what the service asked, not what a page said
        assert [h.id for h in quizzes.history(session, learner)] == [attempt.id]
        assert quizzes.open_attempt(session, learner, "unit:u02-organisation") is None
    with db.transaction() as session:  # finishing twice changes nothing
        again = quizzes.finish_quiz(session, learner, attempt.id, content, now + timedelta(hours=1))
    assert again.attempt.finished_at == result.finished_at and again.attempt.score == result.score


def test_the_placement_result_is_decided_and_stored_by_the_service(db, now, people, content):
    learner = people["kofi"].id
    with db.transaction() as session:
        attempt = quizzes.start_quiz(session, learner, content, "placement", now, seed=11)
    first_unit = content.manual.units[0].id
    for position in range(attempt.question_count):
        question = quizzes.question_at(content, attempt, position)
        given = question.accepted_for("en")[0] if question.unit_id == first_unit else "je ne sais pas"
        with db.transaction() as session:
            quizzes.answer_quiz_question(session, learner, attempt.id, position, given, content, "en", now)
    with db.transaction() as session:
        outcome = quizzes.finish_quiz(session, learner, attempt.id, content, now)
    second_unit = content.manual.units[1].id
    assert outcome.placement_unit_id == second_unit  # unit 0 known, unit 1 not: start at unit 1
    with db.reading() as session:
        assert quizzes.latest_placement(session, learner) == second_unit
        assert quizzes.quiz_outcome(session, learner, attempt.id).placement_unit_id == second_unit
        assert quizzes.latest_placement(session, people["awa"].id) is None


def test_a_passed_final_gets_a_certificate_anyone_can_verify(db, now, people, content):
    learner = people["awa"].id
    with db.transaction() as session:
        attempt = quizzes.start_quiz(session, learner, content, "final", now, seed=5)
    for position in range(attempt.question_count):
        question = quizzes.question_at(content, attempt, position)
        given = question.accepted_for("en")[0] if position else "faux"  # one mistake
        with db.transaction() as session:
            quizzes.answer_quiz_question(session, learner, attempt.id, position, given, content, "en", now)
    with db.transaction() as session:
        outcome = quizzes.finish_quiz(session, learner, attempt.id, content, now)
    certificate = outcome.certificate
    assert outcome.attempt.passed and certificate is not None
    assert certificate.holder_name == "Awa Traoré" and certificate.units == len(content.manual.units)
    assert certificate.code.startswith("PLZ-") and len(certificate.code) == 18
    with db.reading() as session:
        found = quizzes.verify_certificate(session, certificate.code.lower().replace("-", " "))
        assert found == certificate
        assert quizzes.verify_certificate(session, "PLZ-AAAA-AAAA-AAAA") is None
        assert quizzes.verify_certificate(session, "'; DROP TABLE certificates; --") is None
        assert quizzes.verify_certificate(session, "") is None
    with db.transaction() as session:  # one certificate per attempt, however often it is finished
        assert quizzes.finish_quiz(session, learner, attempt.id, content, now).certificate == certificate


def test_a_failed_final_gets_no_certificate(db, now, people, content):
    learner = people["kofi"].id
    with db.transaction() as session:
        attempt = quizzes.start_quiz(session, learner, content, "final", now, seed=6)
        outcome = quizzes.finish_quiz(session, learner, attempt.id, content, now)  # nothing answered
    assert outcome.attempt.score == 0 and outcome.certificate is None


def test_an_unknown_quiz_is_not_found(db, now, people, content):
    with pytest.raises(NotFound), db.transaction() as session:
        quizzes.start_quiz(session, people["awa"].id, content, "unit:u99-nothing", now)


def test_csv_rows_never_carry_a_formula(db, now, people, content):
    with db.transaction() as session:
        hostile = accounts.sign_up(session, "-formula", '=HYPERLINK("http://x","y")', PASSWORD, now)
    group = _group(db, people, now)
    with db.transaction() as session:
        groups.join_group(session, hostile.id, group.join_code, now)
        assignments.create_assignment(
            session,
            people["teacher"].id,
            group.id,
            "unit",
            "u01-ranks",
            now + timedelta(1),
            now,
            content=content,
        )
    with db.reading() as session:
        rows = dashboards.results_rows(
            dashboards.group_dashboard(session, people["teacher"].id, group.id, now)
        )
    assert rows[0]["name"] == '\'=HYPERLINK("http://x","y")'
    assert rows[0]["username"] == "'-formula"
    assert dashboards.spreadsheet_safe("Awa") == "Awa"


def test_joining_is_throttled_per_account_and_wrong_codes_are_kept(db, now):
    from datetime import timedelta

    from sqlalchemy import func, select

    from progress.models import JoinFailure

    instructor = make_user(db, "teacher", now, Role.INSTRUCTOR)
    learner = make_user(db, "guesser", now)
    other = make_user(db, "patient", now)
    with db.transaction() as session:
        group = groups.create_group(session, instructor.id, "Section B", now)
    for attempt in range(groups.JOIN_TRIES):
        with pytest.raises(InvalidInput) as refusal:
            groups.join_group_throttled(db, learner.id, f"WRONG{attempt:05d}", now)
        assert refusal.value.key == "errors.join_code_unknown"
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(JoinFailure)) == groups.JOIN_TRIES
    # Even the right code now waits; another account is not affected.
    with pytest.raises(InvalidInput) as refusal:
        groups.join_group_throttled(db, learner.id, group.join_code, now + timedelta(minutes=1))
    assert refusal.value.key == "errors.join_throttled" and refusal.value.params["minutes"] == 60
    assert groups.join_group_throttled(db, other.id, group.join_code, now).name == "Section B"
    later = now + groups.JOIN_WINDOW + timedelta(seconds=1)
    assert groups.join_group_throttled(db, learner.id, group.join_code, later).name == "Section B"
