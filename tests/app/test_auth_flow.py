"""Sign-up, log-in, log-out and languages through the real pages (AppTest)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from access.roles import Role
from tests.app.conftest import open_app
from tests.helpers import PASSWORD, make_user


def _fill_signup(at, username, name, password, confirm=None):
    at.switch_page("app_pages/signup.py").run()
    at.text_input(key="signup_username").input(username)
    at.text_input(key="signup_display_name").input(name)
    at.text_input(key="signup_password").input(password)
    at.text_input(key="signup_confirm").input(confirm if confirm is not None else password)
    at.button[0].click()  # the form's submit button
    return at.run()


def _log_in(at, username, password):
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    at.button[0].click()
    return at.run()


def test_sign_up_log_in_greet_log_out(app_db):
    at = _fill_signup(open_app(), "rahman", "Md. Rahman", PASSWORD)
    assert not at.exception
    assert at.success[0].value.startswith("Account rahman created")
    at.switch_page("app_pages/login.py").run()
    at = _log_in(at, "RAHMAN", PASSWORD)
    assert not at.exception
    assert at.title[0].value == r"Welcome, Md\. Rahman"
    at.sidebar.button(key="frame_log_out").click()
    at.run()
    assert "auth_session" not in at.session_state
    assert at.title[0].value == "Log in to Parlez"


def test_wrong_password_shows_a_clear_message(app_db, now):
    make_user(app_db, "diallo", now)
    at = _log_in(open_app(), "diallo", "not my password")
    assert [e.value for e in at.error] == ["Wrong username or password."]
    assert "auth_session" not in at.session_state


def test_throttled_device_is_told_to_wait(app_db, now):
    make_user(app_db, "okafor", now)
    at = open_app()
    for _ in range(3):
        at = _log_in(at, "okafor", "bad password")
    at = _log_in(at, "okafor", PASSWORD)
    assert at.error[0].value.startswith("Several failed attempts from this device. Wait ")
    assert "auth_session" not in at.session_state


@pytest.mark.parametrize(
    ("username", "name", "password", "confirm", "message"),
    [
        ("", "Name", PASSWORD, None, "Please enter a username."),
        ("ab", "Name", PASSWORD, None, "A username has 3 to 32 characters."),
        ("x" * 10_000, "Name", PASSWORD, None, "A username has 3 to 32 characters."),
        ("good_name", "", PASSWORD, None, "Please enter your name."),
        ("good_name", "N" * 10_000, PASSWORD, None, "A name has at most 80 characters."),
        ("good_name", "Bad\x1bName", PASSWORD, None, "This text contains invisible control characters"),
        ("good_name", "Name", "short", None, "A password has 8 to 256 characters"),
        ("good_name", "Name", PASSWORD, "different", "The two passwords are not the same."),
    ],
)
def test_every_refused_sign_up_explains_itself(app_db, username, name, password, confirm, message):
    at = _fill_signup(open_app(), username, name, password, confirm)
    assert not at.exception
    assert at.error and at.error[0].value.startswith(message)


def test_hostile_name_is_shown_escaped_not_executed(app_db):
    hostile = "<script>alert(1)</script> **bold** [x](javascript:alert(1))"
    at = _fill_signup(open_app(), "hostile", hostile, PASSWORD)
    assert not at.exception
    at.switch_page("app_pages/login.py").run()
    at = _log_in(at, "hostile", PASSWORD)
    title = at.title[0].value
    # Every Markdown/HTML special character is backslash-escaped: rendered as plain text.
    assert r"\<script\>" in title
    assert r"\*\*bold\*\*" in title
    assert r"\[x\]\(javascript\:alert\(1\)\)" in title


def test_non_latin_name_is_greeted(app_db, now):
    make_user(app_db, "olga", now, name="Ольга Петренко")
    at = _log_in(open_app(), "olga", PASSWORD)
    assert at.title[0].value == "Welcome, Ольга Петренко"


def test_interface_language_defaults_to_the_browser_locale(app_db):
    assert open_app(lang=None, locale="fr-FR").title[0].value == "Connexion à Parlez"
    assert open_app(lang=None, locale="es-419").title[0].value == "Iniciar sesión en Parlez"
    assert open_app(lang=None, locale="de-DE").title[0].value == "Log in to Parlez"


def test_language_choice_is_remembered_for_the_user(app_db, now):
    user = make_user(app_db, "lucia", now, Role.LEARNER, name="Lucía")
    at = open_app(user)
    at.sidebar.selectbox(key="lang").select("es").run()
    assert at.title[0].value == "Bienvenido/a, Lucía"
    # A new session (new browser) logs in and gets Spanish back from the account.
    fresh = _log_in(open_app(lang=None, locale="en-US"), "lucia", PASSWORD)
    assert fresh.title[0].value == "Bienvenido/a, Lucía"


def test_admin_changes_a_role_through_the_page(users, app_db):
    at = open_app(users[Role.ADMIN])
    at.switch_page("app_pages/admin_users.py").run()
    learner = users[Role.LEARNER]
    at.selectbox(key="admin_user").select(learner.id).run()
    at.selectbox(key=f"admin_role_{learner.id}").select(Role.INSTRUCTOR).run()
    at.button(key="admin_save_role").click().run()
    assert not at.exception
    assert at.success[0].value == "Saved."
    from services import accounts

    with app_db.reading() as session:
        assert accounts.get_user(session, learner.id).role is Role.INSTRUCTOR


def test_password_change_through_the_account_page(users, app_db, now):
    from services import accounts

    learner = users[Role.LEARNER]
    at = open_app(learner)
    at.switch_page("app_pages/account.py").run()
    at.text_input(key="account_old").input(PASSWORD)
    at.text_input(key="account_new").input("a brand new passphrase")
    at.text_input(key="account_confirm").input("a brand new passphrase")
    next(b for b in at.button if b.label == "Change password").click().run()
    assert not at.exception
    assert at.success[0].value == "Password changed."
    assert accounts.log_in(app_db, learner.username, "a brand new passphrase", now).id == learner.id


def test_admin_deactivates_an_account_through_the_page(users, app_db):
    from services import accounts

    at = open_app(users[Role.ADMIN])
    at.switch_page("app_pages/admin_users.py").run()
    target = users[Role.INSTRUCTOR]
    at.selectbox(key="admin_user").select(target.id).run()
    at.button(key="admin_toggle_active").click().run()
    assert not at.exception
    with app_db.reading() as session:
        assert accounts.get_user(session, target.id).is_active is False
    at.selectbox(key="admin_user").select(users[Role.ADMIN].id).run()
    at.button(key="admin_toggle_active").click().run()
    assert at.error[0].value == "You cannot deactivate your own account."


def test_admin_gives_a_grant_through_the_page_and_the_action_is_logged(users, app_db):
    from access.roles import Grant
    from services import accounts

    at = open_app(users[Role.ADMIN])
    at.switch_page("app_pages/admin_users.py").run()
    learner = users[Role.LEARNER]
    at.selectbox(key="admin_user").select(learner.id).run()
    at.multiselect(key=f"admin_grants_{learner.id}").set_value([Grant.EXPERT]).run()
    at.button(key="admin_save_grants").click().run()
    assert not at.exception
    with app_db.reading() as session:
        assert accounts.get_user(session, learner.id).grants == {Grant.EXPERT}
    logged = at.dataframe[-1].value
    assert list(logged["Action"]) == ["Permission given"]
    assert list(logged["Detail"]) == ["Expert (roster)"]
    assert list(logged["Account"]) == [learner.username]


def test_the_account_page_lists_sessions_and_ends_the_others(users, app_db, now):
    from services import sessions
    from tests.helpers import signed_in_session

    learner = users[Role.LEARNER]
    elsewhere = signed_in_session(learner.id)
    at = open_app(learner)
    at.switch_page("app_pages/account.py").run()
    lines = [m.value for m in at.markdown if "last used" in m.value]
    assert len(lines) == 2 and sum("**this device**" in line for line in lines) == 1
    at.button(key="account_end_others").click().run()
    assert not at.exception
    assert at.success[0].value == "1 session(s) ended."
    with app_db.reading() as session:
        assert sessions.resolve_session(session, elsewhere, datetime.now(UTC)) is None
    assert len([m for m in at.markdown if "last used" in m.value]) == 1
    # The ended session's tab asks to log in on its next run.
    other_tab = open_app(lang="en")
    other_tab.session_state["auth_session"] = elsewhere
    other_tab.run()
    assert other_tab.title[0].value == "Log in to Parlez"
