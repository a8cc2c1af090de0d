"""The public certificate check: a visitor without an account types a code printed on a certificate."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services import quizzes
from tests.app.conftest import open_app


def _certificate(app_db, learner, content):
    now = datetime.now(UTC)
    with app_db.transaction() as session:
        attempt = quizzes.start_quiz(session, learner.id, content, "final", now, seed=9)
    for position in range(attempt.question_count):
        question = quizzes.question_at(content, attempt, position)
        with app_db.transaction() as session:
            quizzes.answer_quiz_question(
                session, learner.id, attempt.id, position, question.accepted_for("en")[0], content, "en", now
            )
    with app_db.transaction() as session:
        return quizzes.finish_quiz(session, learner.id, attempt.id, content, now).certificate


def _check(at, code):
    at.switch_page("app_pages/verify.py").run()
    at.text_input(key="verify_code").input(code)
    at.button[-1].click()  # the form's submit button
    return at.run()


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_a_visitor_confirms_a_genuine_certificate_and_is_told_of_a_false_one(app_db, users, content, lang):
    from access.roles import Role

    certificate = _certificate(app_db, users[Role.LEARNER], content)
    at = _check(open_app(None, lang=lang), certificate.code.lower())
    assert not at.exception
    assert len(at.success) == 1 and "Learner One" in at.success[0].value and not at.error
    at = _check(at, "PLZ-ZZZZ-ZZZZ-ZZZZ")
    assert len(at.error) == 1 and not at.success


def test_hostile_codes_are_only_not_found(app_db, users):
    at = open_app(None)
    for code in ("<script>alert(1)</script>", "' OR 1=1 --", "\x00" * 30, "PLZ-" + "A" * 36):
        at = _check(at, code)
        assert not at.exception and len(at.error) == 1
