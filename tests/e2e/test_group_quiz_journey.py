"""In Chromium: an instructor creates a group and assigns the unit 1 quiz → a learner joins with the code
and takes it → the instructor sees the score."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from access.roles import Role
from exercises.quiz_catalog import build_quiz
from exercises.quizzes import CHOICE_KINDS
from library.content import load_library
from progress.db import Database
from progress.models import User
from services import groups, quizzes
from tests.e2e.conftest import fill, log_in, open_page, sign_up_and_log_in, wait_idle
from tests.helpers import PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_instructor_assigns_learner_takes_instructor_sees_score(browser, server):
    db = Database(server.database_url)
    instructor = make_user(db, "morel", datetime.now(UTC), Role.INSTRUCTOR, "Claire Morel")

    teacher_context, teacher = open_page(browser, server)
    log_in(teacher, "morel", PASSWORD)
    teacher.get_by_role("link", name="Groups").first.click()
    wait_idle(teacher)
    teacher.get_by_text("Create a group").click()
    fill(teacher, "groups_new_name", "Section Alfa")
    teacher.get_by_role("button", name="Create", exact=True).click()
    wait_idle(teacher)
    with db.reading() as session:
        group = groups.list_groups(session, instructor.id)[0]
    teacher.get_by_text(f"Join code for learners: {group.join_code}").wait_for()
    teacher.locator(".st-key-groups_kind").get_by_text("Quiz", exact=True).click()
    wait_idle(teacher)
    teacher.locator(".st-key-groups_quiz").click()
    teacher.get_by_role("option", name="Unit quiz: 1. Ranks and forms of address").click()
    wait_idle(teacher)
    teacher.locator(".st-key-groups_assign button").click()
    wait_idle(teacher)
    teacher.get_by_text("Saved.").wait_for()

    learner_context, learner = open_page(browser, server)
    sign_up_and_log_in(learner, "rahman", "Karim Rahman", "a long passphrase")
    learner.get_by_role("link", name="My assignments").first.click()
    wait_idle(learner)
    fill(learner, "assignments_code", group.join_code)
    learner.get_by_role("button", name="Join the group").click()
    wait_idle(learner)
    learner.get_by_text("You have joined Section Alfa.").wait_for()
    card = learner.locator("[class*='st-key-assignment_']").first
    card.get_by_text("To do").wait_for()
    card.get_by_role("link", name="Open").click()
    wait_idle(learner)
    learner.locator(".st-key-quiz_start button").click()
    wait_idle(learner)

    with db.reading() as session:
        learner_id = session.scalar(select(User.id).where(User.username == "rahman"))
        attempt = quizzes.open_attempt(session, learner_id, "unit:u01-ranks")
    quiz = build_quiz(load_library(Path("content")).manual, "unit:u01-ranks", attempt.seed)
    for position, question in enumerate(quiz.questions):
        number = position + 1
        learner.get_by_text(f"Question {number} of {len(quiz.questions)}").wait_for()
        if question.kind in CHOICE_KINDS:
            # exact text: «lieutenant» must not click «mon lieutenant»
            answer = question.accepted_for("en")[0]
            learner.locator(f".st-key-quiz_radio_{attempt.id}_{position}").get_by_text(
                answer, exact=True
            ).click()
        else:
            fill(learner, f"quiz_text_{attempt.id}_{position}", question.accepted[0])
        learner.get_by_role("button", name="Answer").click()
        wait_idle(learner)
    score = learner.get_by_role("heading", name="Your score:")
    score.wait_for()
    assert score.inner_text() == "Your score: 100 %"

    teacher.get_by_role("link", name="Group dashboard").first.click()
    wait_idle(teacher)
    # The status grid is drawn on a canvas; its accessible copy holds the cell text.
    teacher.get_by_text("Done (100 %)").first.wait_for(state="attached")
    work_done = teacher.locator("[data-testid=stMetric]").filter(has_text="Work done")
    assert "100 %" in work_done.inner_text()
    learner_context.close()
    teacher_context.close()
    db.dispose()
