"""Sign-in sessions on a real database (SQLite and PostgreSQL): hand-off, cookie token, expiry, revocation on
each event that must end them, the account page's list, and the cookie routes themselves."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from access.roles import Role
from progress.models import AuthSession
from services import accounts, sessions
from services.errors import NotFound
from tests.helpers import PASSWORD, make_user


def _signed_in(db, user, now, **options):
    """Log in as the frame does, then redeem the hand-off as the browser does: (session id, cookie token)."""
    with db.transaction() as session:
        started = sessions.start_session(session, user.id, now, **options)
    with db.transaction() as session:
        issued = sessions.redeem_handoff(session, started.handoff, now + timedelta(seconds=1))
    assert issued is not None
    return started.id, issued.token


def _user_of_token(db, token, at):
    with db.reading() as session:
        found = sessions.resolve_token(session, token, at)
    return None if found is None else found.user.id


def test_the_cookie_token_brings_the_user_back_and_only_hashes_are_stored(db, now):
    user = make_user(db, "diallo", now)
    session_id, token = _signed_in(
        db, user, now, persistent=True, user_agent="Firefox\x00 128", client="10.1.1.1"
    )
    assert _user_of_token(db, token, now + timedelta(days=29)) == user.id
    with db.reading() as session:
        row = session.get(AuthSession, session_id)
        stored = [row.token_hash, row.handoff_hash, row.user_agent, row.client]
        assert token not in str(stored) and row.token_hash == sessions.keyed_hash(token)
        assert row.handoff_hash is None  # spent
        assert row.user_agent == "Firefox 128"  # control characters dropped
        assert row.expires_at == now + timedelta(days=30)
    # "Keep me signed in" ends at 30 days.
    assert _user_of_token(db, token, now + timedelta(days=30, seconds=1)) is None
    assert _user_of_token(db, "not-a-token", now) is None
    assert _user_of_token(db, "x" * 5000, now) is None


def test_a_hand_off_works_once_and_only_for_two_minutes(db, now):
    user = make_user(db, "diallo", now)
    with db.transaction() as session:
        started = sessions.start_session(session, user.id, now)
        late = sessions.start_session(session, user.id, now)
    with db.transaction() as session:
        first = sessions.redeem_handoff(session, started.handoff, now + timedelta(seconds=5))
        again = sessions.redeem_handoff(session, started.handoff, now + timedelta(seconds=6))
        expired = sessions.redeem_handoff(session, late.handoff, now + timedelta(minutes=2, seconds=1))
    assert first is not None and first.max_age_s is None  # a browser-session cookie
    assert again is None and expired is None


def test_a_browser_session_ends_when_idle_or_after_a_day(db, now, monkeypatch):
    monkeypatch.setenv("PARLEZ_SESSION_IDLE_MINUTES", "30")
    user = make_user(db, "diallo", now)
    session_id, token = _signed_in(db, user, now)
    assert _user_of_token(db, token, now + timedelta(minutes=29)) == user.id
    assert _user_of_token(db, token, now + timedelta(minutes=31)) is None
    # Used regularly, it lives until its day is over.
    at = now
    for _ in range(47):
        at += timedelta(minutes=29)
        with db.transaction() as session:
            found = sessions.resolve_session(session, session_id, at)
            assert found is not None, at - now
            if found.touch_due:
                sessions.touch(session, session_id, at)
    with db.reading() as session:
        assert sessions.resolve_session(session, session_id, now + timedelta(hours=24, seconds=1)) is None


def test_log_out_ends_the_session_in_every_tab(db, now):
    user = make_user(db, "diallo", now)
    session_id, token = _signed_in(db, user, now, persistent=True)
    with db.transaction() as session:
        sessions.end_session(session, session_id, now)
    with db.reading() as session:
        assert sessions.resolve_session(session, session_id, now) is None  # the other tab's next action
    assert _user_of_token(db, token, now) is None  # the cookie after a reload
    with db.reading() as session:  # …but the browser is still known to the log-in throttle
        assert sessions.device_user(session, token) == user.id


def test_a_password_change_ends_every_other_session(db, now):
    user = make_user(db, "diallo", now)
    here, _ = _signed_in(db, user, now)
    elsewhere, other_token = _signed_in(db, user, now, persistent=True)
    with db.transaction() as session:
        ended = accounts.change_password(
            session, user.id, PASSWORD, "une phrase assez longue", now, keep_session=here
        )
    assert ended == 1
    with db.reading() as session:
        assert sessions.resolve_session(session, here, now) is not None
        assert sessions.resolve_session(session, elsewhere, now) is None
        assert sessions.device_user(session, other_token) is None  # no longer a trusted device


def test_deactivation_and_an_admin_reset_end_all_sessions(db, now):
    admin = make_user(db, "chief", now, Role.ADMIN)
    user = make_user(db, "diallo", now)
    first, _ = _signed_in(db, user, now)
    with db.transaction() as session:
        accounts.set_active(session, admin.id, user.id, False)
        accounts.set_active(session, admin.id, user.id, True)
    with db.reading() as session:
        assert sessions.resolve_session(session, first, now) is None  # reactivation does not revive it
    second, _ = _signed_in(db, admin, now)
    with db.transaction() as session:
        accounts.create_admin(session, "chief", "", "a brand new admin passphrase", now)
    with db.reading() as session:
        assert sessions.resolve_session(session, second, now) is None


def test_a_role_change_applies_on_the_next_action(db, now):
    admin = make_user(db, "chief", now, Role.ADMIN)
    user = make_user(db, "diallo", now, Role.INSTRUCTOR)
    session_id, _ = _signed_in(db, user, now)
    with db.transaction() as session:
        accounts.change_role(session, admin.id, user.id, Role.LEARNER)
    with db.reading() as session:
        assert sessions.resolve_session(session, session_id, now).user.role is Role.LEARNER


def test_the_account_page_lists_and_ends_only_ones_own_sessions(db, now):
    user = make_user(db, "diallo", now)
    stranger = make_user(db, "morel", now)
    here, _ = _signed_in(db, user, now, user_agent="Chromium")
    phone, _ = _signed_in(db, user, now + timedelta(minutes=5), user_agent="Phone", persistent=True)
    theirs, _ = _signed_in(db, stranger, now)
    later = now + timedelta(minutes=10)
    with db.reading() as session:
        listed = sessions.my_sessions(session, user.id, later)
    assert [(s.id, s.user_agent, s.persistent, s.has_cookie) for s in listed] == [
        (phone, "Phone", True, True),
        (here, "Chromium", False, True),
    ]
    with db.transaction() as session, pytest.raises(NotFound):
        sessions.end_my_session(session, user.id, theirs, later)
    with db.reading() as session:
        assert sessions.resolve_session(session, theirs, later) is not None
    with db.transaction() as session:
        assert sessions.end_my_other_sessions(session, user.id, here, later) == 1
    with db.reading() as session:
        assert [s.id for s in sessions.my_sessions(session, user.id, later)] == [here]


def test_two_replicas_share_sessions_through_the_database(db, now):
    from progress.db import Database

    user = make_user(db, "diallo", now)
    _, token = _signed_in(db, user, now, persistent=True)
    replica = Database(db.url)
    try:
        assert _user_of_token(replica, token, now) == user.id
    finally:
        replica.dispose()


# --- the cookie routes (web/session_routes.py), called as Starlette calls them --------------------------


def _call(endpoint, body: bytes = b"", origin: str | None = "http://127.0.0.1:8501", scheme: str = "http"):
    from starlette.requests import Request

    headers = [(b"host", b"127.0.0.1:8501")]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers, "scheme": scheme,
             "server": ("127.0.0.1", 8501), "query_string": b""}  # fmt: skip
    sent = False

    async def receive():
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    # In a thread of its own: another test in this worker (Playwright's sync API) may have left an event
    # loop running in the main thread, where asyncio.run() refuses to start.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, endpoint(Request(scope, receive))).result()


@pytest.fixture
def routes(db_url, monkeypatch):
    from web import session_routes

    monkeypatch.setenv("PARLEZ_DATABASE_URL", db_url)
    session_routes._database.cache_clear()
    yield session_routes
    session_routes._database.cache_clear()


def test_the_cookie_route_sets_an_httponly_lax_cookie_for_a_fresh_hand_off(db, routes):
    from datetime import UTC, datetime

    at = datetime.now(UTC)
    user = make_user(db, "diallo", at)
    with db.transaction() as session:
        kept = sessions.start_session(session, user.id, at, persistent=True)
        plain = sessions.start_session(session, user.id, at)
    response = _call(routes.set_session_cookie, kept.handoff.encode())
    assert response.status_code == 204
    cookie = response.headers["set-cookie"]
    token = cookie.split(";")[0].split("=", 1)[1]
    assert cookie.startswith(f"{sessions.SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Max-Age=259" in cookie  # 30 days ≈ 2,592,000 s
    assert "Secure" not in cookie
    assert _user_of_token(db, token, at) == user.id
    # A browser-session cookie has no Max-Age; behind HTTPS it is Secure.
    https = _call(
        routes.set_session_cookie, plain.handoff.encode(), origin="https://127.0.0.1:8501", scheme="https"
    )
    assert "Max-Age" not in https.headers["set-cookie"] and "Secure" in https.headers["set-cookie"]
    # Spent, foreign, cross-site or oversized requests get no cookie.
    assert _call(routes.set_session_cookie, kept.handoff.encode()).status_code == 400
    assert _call(routes.set_session_cookie, b"forged").status_code == 400
    assert _call(routes.set_session_cookie, b"x", origin="https://evil.example").status_code == 403
    assert _call(routes.set_session_cookie, b"x", origin=None).status_code == 403
    assert _call(routes.set_session_cookie, b"x" * 1000).status_code == 413


def test_the_logout_route_drops_the_cookie(routes):
    response = _call(routes.clear_session_cookie)
    assert response.status_code == 204
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f'{sessions.SESSION_COOKIE}="";') and "Max-Age=0" in cookie
    assert _call(routes.clear_session_cookie, origin="https://evil.example").status_code == 403


def test_stored_rows_never_hold_a_token(db, now):
    user = make_user(db, "diallo", now)
    _, token = _signed_in(db, user, now)
    with db.reading() as session:
        for row in session.scalars(select(AuthSession)):
            assert token not in {row.token_hash, row.handoff_hash}
