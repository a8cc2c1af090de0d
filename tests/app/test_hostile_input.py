"""Hostile input in every free-text field: stored or refused, never executed, never a crash."""

from __future__ import annotations

import pytest

from access.roles import Role
from services import groups
from tests.app.conftest import open_app

HOSTILE = [
    "x" * 10_000,
    "<script>alert('x')</script>",
    "'; DROP TABLE users; --",
    "**bold** [link](javascript:alert(1)) $\\LaTeX$ :red[x]",
    "\x00\x07\x1b[31m\u202e\ufeff",
    "王小明 محمد Ольга 🙂",
    "{name} {0} %s",
]


def _page(user, path, **params):
    at = open_app(user)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_glossary_search(users, text):
    at = _page(users[Role.LEARNER], "app_pages/glossary.py")
    at.text_input(key="glossary_query").input(text).run()
    assert not at.exception, at.exception


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_lesson_exercise_answer(users, text):
    at = _page(users[Role.LEARNER], "app_pages/lesson.py", unit="u01-ranks")
    at.segmented_control(key="lesson_section_u01-ranks").set_value("exercises").run()
    field = next(w for w in at.text_input if w.key and w.key.startswith("lesson_ex_u01-ranks_"))
    field.input(text).run()
    at.button(key=field.key.replace("_input", "_check")).click().run()
    assert not at.exception, at.exception
    assert at.error  # graded wrong, with a message


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_join_code_and_group_name(users, app_db, text):
    learner = _page(users[Role.LEARNER], "app_pages/assignments.py")
    learner.text_input(key="assignments_code").input(text)
    next(b for b in learner.button if b.label == "Join the group").click().run()
    assert not learner.exception, learner.exception
    assert learner.error[0].value.startswith("No group has this code")
    teacher = _page(users[Role.INSTRUCTOR], "app_pages/groups.py")
    teacher.text_input(key="groups_new_name").input(text)
    next(b for b in teacher.button if b.label == "Create").click().run()
    assert not teacher.exception, teacher.exception
    with app_db.reading() as session:
        found = groups.list_groups(session, users[Role.INSTRUCTOR].id)
    if teacher.error:  # refused with a reason: nothing stored
        assert found == []
    else:  # stored verbatim (spaces collapsed), shown as plain text in the selector
        assert [g.name for g in found] == [" ".join(text.split())]


@pytest.mark.parametrize("unit", ["../../etc/passwd", "<script>", "x" * 5000, ""])
def test_lesson_with_a_forged_unit_parameter(users, unit):
    at = _page(users[Role.LEARNER], "app_pages/lesson.py", unit=unit)
    assert at.info[0].value == "Choose a unit on the course map."
