"""In Chromium: a sign-in survives a reload, a log-out in one tab ends the other tab's session on its next
action, and two replicas on one PostgreSQL database share the sign-in."""

from __future__ import annotations

from datetime import UTC, datetime

from services import accounts
from services.database import open_database
from tests.e2e.conftest import fill, open_page, running_server, wait_idle

PASSWORD = "une phrase assez longue"


def _make_account(database_url: str, username: str) -> None:
    db = open_database(database_url)
    try:
        with db.transaction() as session:
            accounts.sign_up(session, username, username.title(), PASSWORD, datetime.now(UTC))
    finally:
        db.dispose()


def _log_in(page, username: str, keep: bool) -> None:
    fill(page, "login_username", username)
    fill(page, "login_password", PASSWORD)
    if keep:
        page.locator(".st-key-login_keep").get_by_text("Keep me signed in").click()
    page.get_by_role("button", name="Log in", exact=True).click()
    wait_idle(page)
    page.get_by_role("heading", name=f"Welcome, {username.title()}").wait_for()


def _cookie(context, page):
    """The sign-in cookie, once the page's fetch of it has come back (polled for up to 10 s)."""
    for _ in range(100):
        found = [c for c in context.cookies() if c["name"] == "parlez_session"]
        if found:
            return found
        page.wait_for_timeout(100)
    return []


def test_keep_me_signed_in_survives_a_reload_and_log_out_reaches_the_other_tab(browser, server):
    _make_account(server.database_url, "kabore")
    context, first = open_page(browser, server)
    try:
        _log_in(first, "kabore", keep=True)
        (cookie,) = _cookie(context, first)
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        assert cookie["expires"] > datetime.now(UTC).timestamp() + 29 * 86400
        first.reload()
        wait_idle(first)
        first.get_by_role("heading", name="Welcome, Kabore").wait_for()
        assert first.locator(".st-key-login_username").count() == 0

        second = context.new_page()
        second.goto(f"{server}/glossary")
        wait_idle(second)
        second.get_by_role("heading", name="Glossary").first.wait_for()  # signed in by the cookie

        first.locator(".st-key-frame_log_out").get_by_role("button").click()
        wait_idle(first)
        first.locator(".st-key-login_username input").wait_for()

        # The other tab still shows the glossary; its next action asks to log in.
        second.get_by_role("link", name="Course").first.click()
        wait_idle(second)
        second.locator(".st-key-login_username input").wait_for()
        second.reload()
        wait_idle(second)
        second.locator(".st-key-login_username input").wait_for()
    finally:
        context.close()


def test_two_replicas_on_one_postgresql_database_share_the_sign_in(browser, postgres_url, tmp_path):
    shared = {"PARLEZ_SECRET": "replicas-share-this-key"}
    with (
        running_server(tmp_path / "a", postgres_url, "replica-a", shared) as replica_a,
        running_server(tmp_path / "b", postgres_url, "replica-b", shared) as replica_b,
    ):
        _make_account(postgres_url, "ndiaye")
        context, page = open_page(browser, replica_a)
        try:
            _log_in(page, "ndiaye", keep=False)
            assert _cookie(context, page)
            # Cookies belong to the host, not the port: the browser sends it to replica B too.
            page.goto(str(replica_b))
            wait_idle(page)
            page.get_by_role("heading", name="Welcome, Ndiaye").wait_for()
            assert page.locator(".st-key-login_username").count() == 0
        finally:
            context.close()
