"""Quizzes, assignments, groups and the dashboard through their pages (AppTest)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from access.roles import Role
from app_pages.content import library
from exercises.quiz_catalog import build_quiz
from exercises.quizzes import CHOICE_KINDS
from services import assignments, dashboards, groups, quizzes
from tests.app.conftest import open_app


def _page(user, path, lang="en", **params):
    at = open_app(user, lang=lang)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def take_quiz(at, app_db, user, quiz_id, right=True):
    """Answer every question of the open attempt (rightly or wrongly) through the page."""
    manual = library().manual
    with app_db.reading() as session:
        attempt = quizzes.open_attempt(session, user.id, quiz_id)
    quiz = build_quiz(manual, quiz_id, attempt.seed)
    for position, question in enumerate(quiz.questions):
        if question.kind in CHOICE_KINDS:
            options = question.options_for("en")
            wanted = (
                question.accepted_for("en")[0]
                if right
                else next(o for o in options if o not in question.accepted_for("en"))
            )
            at.radio(key=f"quiz_radio_{attempt.id}_{position}").set_value(wanted)
        else:
            at.text_input(key=f"quiz_text_{attempt.id}_{position}").input(
                question.accepted[0] if right else "zzz"
            )
        next(b for b in at.button if b.label == "Answer").click().run()
        assert not at.exception, at.exception
    at.run()
    return attempt


def test_a_unit_quiz_is_taken_scored_and_reviewed(users, app_db):
    learner = users[Role.LEARNER]
    at = _page(learner, "app_pages/quiz.py", quiz="unit:u01-ranks")
    at.button(key="quiz_start").click().run()
    take_quiz(at, app_db, learner, "unit:u01-ranks", right=True)
    assert at.subheader[0].value == "Your score: 100 %"
    assert at.success[0].value.startswith("Passed")
    with app_db.reading() as session:
        history = quizzes.history(session, learner.id)
    assert [(a.quiz_id, a.score, a.passed) for a in history] == [("unit:u01-ranks", 1.0, True)]


def test_wrong_answers_are_reviewed_with_the_right_answer(users, app_db):
    learner = users[Role.LEARNER]
    at = _page(learner, "app_pages/quiz.py", quiz="unit:u02-organisation")
    at.button(key="quiz_start").click().run()
    take_quiz(at, app_db, learner, "unit:u02-organisation", right=False)
    assert at.subheader[0].value == "Your score: 0 %"
    assert at.subheader[1].value == "Your mistakes (10)"
    assert sum("right answer" in m.value for m in at.markdown) == 10


def test_placement_suggests_a_starting_unit(users, app_db):
    learner = users[Role.LEARNER]
    at = _page(learner, "app_pages/quiz.py", quiz="placement")
    at.button(key="quiz_start").click().run()
    take_quiz(at, app_db, learner, "placement", right=False)
    assert any(info.value.startswith("Suggested start: 0.") for info in at.info)


def test_instructor_creates_a_group_and_assigns_a_quiz(users, app_db):
    instructor = users[Role.INSTRUCTOR]
    at = _page(instructor, "app_pages/groups.py")
    at.text_input(key="groups_new_name").input("Section Alfa")
    next(b for b in at.button if b.label == "Create").click().run()
    assert not at.exception
    with app_db.reading() as session:
        group = groups.list_groups(session, instructor.id)[0]
    assert group.name == "Section Alfa"
    assert any(group.join_code in i.value for i in at.info)
    at.segmented_control(key="groups_kind").set_value("quiz").run()
    at.selectbox(key="groups_quiz").select("unit:u01-ranks").run()
    at.button(key="groups_assign").click().run()
    assert not at.exception, at.exception
    with app_db.reading() as session:
        board = dashboards.group_dashboard(session, instructor.id, group.id, datetime.now(UTC))
    assert [(a.kind, a.target) for a in board.assignments] == [("quiz", "unit:u01-ranks")]


def test_learner_joins_sees_the_assignment_and_the_dashboard_shows_the_score(users, app_db, now, content):
    instructor, learner = users[Role.INSTRUCTOR], users[Role.LEARNER]
    moment = datetime.now(UTC)
    with app_db.transaction() as session:
        group = groups.create_group(session, instructor.id, "Section Bravo", moment)
        assignment = assignments.create_assignment(
            session,
            instructor.id,
            group.id,
            "quiz",
            "unit:u01-ranks",
            moment + timedelta(days=3),
            moment,
            content=content,
        )
    at = _page(learner, "app_pages/assignments.py")
    at.text_input(key="assignments_code").input(group.join_code.lower())
    next(b for b in at.button if b.label == "Join the group").click().run()
    assert at.success[0].value == "You have joined Section Bravo."
    assert any("Ranks and forms of address" in m.value for m in at.markdown)
    quiz = _page(learner, "app_pages/quiz.py", quiz="unit:u01-ranks", assignment=str(assignment.id))
    quiz.button(key="quiz_start").click().run()
    take_quiz(quiz, app_db, learner, "unit:u01-ranks", right=True)
    board = _page(instructor, "app_pages/dashboard.py")
    assert not board.exception
    table = board.dataframe[0].value
    assert any("Done (100 %)" in str(cell) for cell in table.iloc[0].tolist())
    assert board.get("metric")[1].proto.body == "100 %"


def test_an_empty_dashboard_explains_what_to_do(users):
    at = _page(users[Role.INSTRUCTOR], "app_pages/dashboard.py")
    assert at.info[0].value.startswith("You have no group yet")
