"""Sign-in sessions that survive a browser refresh, a lost connection and a second replica.

A successful log-in creates an ``auth_sessions`` row. The Streamlit session keeps the row's id (server-side
state); the browser gets a cookie through a hand-off: the page receives a one-time hand-off code (valid two
minutes), the browser posts it to the app's ``/auth/cookie`` route, and the route trades it for a random
session token set as an HttpOnly, SameSite=Lax cookie. Only keyed hashes of the hand-off and of the token are
stored, so a copy of the database signs no one in. After a reload, the frame finds the cookie in
``st.context.cookies`` and restores the user with :func:`resolve_token`.

Every run of the frame re-checks the session (:func:`resolve_session`): a log-out, a password change, a
deactivation, an admin reset or "end this session" on the account page ends it on the other tabs' next action.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

import config
from progress.models import AuthSession, User
from services.accounts import SessionEnd as Reason
from services.accounts import UserView, end_user_sessions, require_role, user_view
from services.errors import NotFound

SESSION_COOKIE = "parlez_session"
HANDOFF_LIFETIME = timedelta(minutes=2)
# last_seen_at is written at most this often, so a busy page does not write on every rerun.
TOUCH_EVERY = timedelta(minutes=1)
PERSISTENT_IDLE = timedelta(days=config.PERSISTENT_SESSION_DAYS)
USER_AGENT_MAX = 200


@dataclass(frozen=True, slots=True)
class StartedSession:
    id: int
    handoff: str  # one-time code the browser trades for the cookie
    persistent: bool
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class IssuedCookie:
    token: str
    persistent: bool
    max_age_s: int | None  # None: a browser-session cookie


@dataclass(frozen=True, slots=True)
class SessionView:
    id: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    persistent: bool
    user_agent: str
    has_cookie: bool


def keyed_hash(value: str) -> str:
    return hmac.new(config.app_secret(), value.encode(), hashlib.sha256).hexdigest()


def _idle_limit(row: AuthSession) -> timedelta:
    return PERSISTENT_IDLE if row.persistent else timedelta(minutes=config.session_idle_minutes())


def _alive(row: AuthSession, now: datetime) -> bool:
    return row.revoked_at is None and now < row.expires_at and now < row.last_seen_at + _idle_limit(row)


def start_session(
    session: Session,
    user_id: int,
    now: datetime,
    *,
    persistent: bool = False,
    user_agent: str = "",
    client: str = "",
) -> StartedSession:
    """A new signed-in session for an active user (call right after :func:`accounts.log_in`)."""
    require_role(session, user_id)
    lifetime = (
        timedelta(days=config.PERSISTENT_SESSION_DAYS)
        if persistent
        else timedelta(hours=config.BROWSER_SESSION_HOURS)
    )
    handoff = secrets.token_urlsafe(32)
    row = AuthSession(
        user_id=user_id,
        handoff_hash=keyed_hash(handoff),
        handoff_expires_at=now + HANDOFF_LIFETIME,
        persistent=persistent,
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
        user_agent=_printable(user_agent)[:USER_AGENT_MAX],
        client=(client or "")[:64],
    )
    session.add(row)
    session.flush()
    return StartedSession(row.id, handoff, persistent, row.expires_at)


def _printable(text: str) -> str:
    return "".join(ch for ch in (text or "") if ch.isprintable())


def redeem_handoff(session: Session, handoff: str, now: datetime) -> IssuedCookie | None:
    """Trade a hand-off code, once and within two minutes, for the session's cookie token (rotated: a
    second redeem of another hand-off code would replace it). ``None`` for anything else."""
    if not handoff or len(handoff) > 100:
        return None
    row = session.scalar(
        select(AuthSession).where(AuthSession.handoff_hash == keyed_hash(handoff)).with_for_update()
    )
    if row is None or row.handoff_expires_at is None or now > row.handoff_expires_at or not _alive(row, now):
        return None
    token = secrets.token_urlsafe(32)
    # Compare-and-set: two concurrent redeems of one code cannot both win.
    won = session.execute(
        update(AuthSession)
        .where(AuthSession.id == row.id, AuthSession.handoff_hash == row.handoff_hash)
        .values(token_hash=keyed_hash(token), handoff_hash=None, handoff_expires_at=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if won != 1:
        return None
    max_age = int((row.expires_at - now).total_seconds()) if row.persistent else None
    return IssuedCookie(token, row.persistent, max_age)


@dataclass(frozen=True, slots=True)
class Resolved:
    session_id: int
    user: UserView
    touch_due: bool  # last_seen_at is older than TOUCH_EVERY: call touch() in a write transaction


def _resolved(session: Session, row: AuthSession | None, now: datetime) -> Resolved | None:
    if row is None or not _alive(row, now):
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    return Resolved(row.id, user_view(user), now - row.last_seen_at >= TOUCH_EVERY)


def resolve_session(session: Session, session_id: int, now: datetime) -> Resolved | None:
    """The user of a live session (by the id the Streamlit session keeps), or ``None`` once it has ended.
    Reads only: a page run checks its session without taking the write lock."""
    return _resolved(session, session.get(AuthSession, session_id), now)


def resolve_token(session: Session, token: str | None, now: datetime) -> Resolved | None:
    """The live session and user for a cookie token, or ``None`` (unknown, ended, expired, inactive)."""
    if not token or len(token) > 100:
        return None
    row = session.scalar(select(AuthSession).where(AuthSession.token_hash == keyed_hash(token)))
    return _resolved(session, row, now)


def touch(session: Session, session_id: int, now: datetime) -> None:
    """Record that the session was used (moves its idle expiry), in one UPDATE."""
    session.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None))
        .values(last_seen_at=now)
        .execution_options(synchronize_session=False)
    )


def device_user(session: Session, token: str | None) -> int | None:
    """The account a browser's cookie token was issued to, even if that session has since expired or been
    logged out — but not if it was ended by a password change, a deactivation or a reset. The log-in
    throttle lets such a known device through when strangers have tripped the account-wide limit."""
    if not token or len(token) > 100:
        return None
    row = session.scalar(select(AuthSession).where(AuthSession.token_hash == keyed_hash(token)))
    if row is None or row.revoked_reason in (Reason.CREDENTIALS, Reason.DEACTIVATED, Reason.RESET):
        return None
    return row.user_id


def end_session(session: Session, session_id: int, now: datetime, reason: str = Reason.LOGOUT) -> None:
    """Log out: the session ends here and in every tab that shares it."""
    row = session.get(AuthSession, session_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at, row.revoked_reason = now, reason


end_all_sessions = end_user_sessions


def my_sessions(session: Session, actor_id: int, now: datetime) -> list[SessionView]:
    """The acting user's live sessions, most recently used first."""
    require_role(session, actor_id)
    rows = session.scalars(
        select(AuthSession)
        .where(AuthSession.user_id == actor_id, AuthSession.revoked_at.is_(None))
        .order_by(AuthSession.last_seen_at.desc(), AuthSession.id.desc())
    )
    return [
        SessionView(
            r.id,
            r.created_at,
            r.last_seen_at,
            r.expires_at,
            r.persistent,
            r.user_agent,
            r.token_hash is not None,
        )
        for r in rows
        if _alive(r, now)
    ]


def end_my_session(session: Session, actor_id: int, session_id: int, now: datetime) -> None:
    """End one of the acting user's own sessions (another user's is "not found", never ended)."""
    require_role(session, actor_id)
    row = session.get(AuthSession, session_id)
    if row is None or row.user_id != actor_id:
        raise NotFound("errors.not_found")
    end_session(session, session_id, now, Reason.ENDED)


def end_my_other_sessions(session: Session, actor_id: int, current_id: int | None, now: datetime) -> int:
    require_role(session, actor_id)
    return end_all_sessions(session, actor_id, now, Reason.ENDED, keep=current_id)
