"""Every page renders for every role that may see it; other roles cannot reach it."""

from __future__ import annotations

import pytest

from access.roles import Role
from app_pages.registry import ANONYMOUS_SCREENS, SCREENS, screens_for
from tests.app.conftest import open_app
from tests.helpers import PASSWORD

ROLE_SCREENS = [(role, screen) for role in Role for screen in screens_for(role)]


def test_anonymous_visitor_gets_the_login_form_on_every_member_page(app_db):
    at = open_app()
    assert not at.exception
    assert at.title[0].value == "Log in to Parlez"
    for screen in SCREENS:
        at.switch_page(screen.path).run()
        assert not at.exception
        assert at.title[0].value == "Log in to Parlez", screen.path
        assert at.text_input(key="login_username") is not None
        assert not at.dataframe  # nothing of the page itself (e.g. the users table) is shown


def test_logging_in_on_a_reloaded_page_returns_to_that_page(users):
    at = open_app()
    at.query_params["unit"] = "u01-ranks"
    at.switch_page("app_pages/lesson.py").run()
    at.text_input(key="login_username").input(users[Role.LEARNER].username)
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value.startswith("1. Ranks")


@pytest.mark.parametrize("screen", ANONYMOUS_SCREENS, ids=lambda s: s.key)
def test_anonymous_pages_render(app_db, screen):
    at = open_app()
    at.switch_page(screen.path).run()
    assert not at.exception
    assert at.title


@pytest.mark.parametrize(
    ("role", "screen"), ROLE_SCREENS, ids=lambda v: getattr(v, "key", getattr(v, "value", v))
)
@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_every_page_renders_for_its_roles_in_every_language(users, role, screen, lang):
    at = open_app(users[role], lang=lang)
    at.switch_page(screen.path).run()
    assert not at.exception, at.exception
    assert at.title, f"{screen.path} shows no title"


@pytest.mark.parametrize("role", [Role.LEARNER, Role.INSTRUCTOR])
def test_non_admins_cannot_switch_to_admin_pages(users, role):
    at = open_app(users[role])
    admin_only = [s for s in SCREENS if s.roles == (Role.ADMIN,)]
    assert admin_only
    for screen in admin_only:
        with pytest.raises(ValueError):
            at.switch_page(screen.path)


def test_learner_cannot_switch_to_teaching_pages(users):
    at = open_app(users[Role.LEARNER])
    teaching = [s for s in SCREENS if Role.LEARNER not in s.roles]
    assert teaching
    for screen in teaching:
        with pytest.raises(ValueError):
            at.switch_page(screen.path)


def test_home_greets_by_name_and_lists_the_role_sections(users):
    at = open_app(users[Role.ADMIN])
    assert at.title[0].value == "Welcome, Admin One"
    labels = {link.label for link in at.get("page_link")}
    assert {"My account", "Users"} <= labels
    learner = open_app(users[Role.LEARNER])
    learner_labels = {link.label for link in learner.get("page_link")}
    assert "Users" not in learner_labels
    assert "My account" in learner_labels


def test_a_deactivated_user_is_logged_out_on_the_next_run(users, app_db):
    from services import accounts

    at = open_app(users[Role.LEARNER])
    with app_db.transaction() as session:
        accounts.set_active(session, users[Role.ADMIN].id, users[Role.LEARNER].id, False)
    at.run()
    assert "auth_session" not in at.session_state
    assert at.title[0].value == "Log in to Parlez"
