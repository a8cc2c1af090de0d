"""Accounts: sign-up, log-in with throttling, roles, administration. Roles are checked here, not only in
navigation: every action that needs a role loads the acting user and checks it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from access.roles import Grant, Role
from progress.db import Database
from progress.models import AdminAction, AuthSession, LoginFailure, User, UserGrant
from services.errors import InvalidInput, LoginRefused, NotFound, PermissionDenied
from services.passwords import DUMMY_HASH, hash_password, needs_rehash, verify_password

USERNAME_MIN, USERNAME_MAX = 3, 32
DISPLAY_NAME_MAX = 80
PASSWORD_MIN, PASSWORD_MAX = 8, 256
# Log-in throttling. Per account AND client address: after FREE_FAILURES failures in THROTTLE_WINDOW each
# further try waits a delay that doubles (15 s, 30 s, 1 min … capped at MAX_DELAY). Per account from every
# address: after ACCOUNT_FAILURES failures in the window, only a known device (a browser that was signed in
# to that account) may still try — so an attacker elsewhere can slow strangers down, not lock the owner out.
FREE_FAILURES = 3
FIRST_DELAY = timedelta(seconds=15)
MAX_DELAY = timedelta(minutes=15)
ACCOUNT_FAILURES = 20
THROTTLE_WINDOW = timedelta(minutes=15)
_USERNAME_PATTERN = re.compile(r"^[\w.\-]+$")
# Zero-width (non-)joiners are part of correct spelling in several scripts; other format and control
# characters are refused.
_ALLOWED_FORMAT_CHARS = {"\u200c", "\u200d"}


class SessionEnd(StrEnum):
    """Why a sign-in session ended (stored in ``auth_sessions.revoked_reason``)."""

    LOGOUT = "logout"
    ENDED = "ended"  # ended from the account page
    CREDENTIALS = "password"  # the password was changed
    DEACTIVATED = "deactivated"
    RESET = "reset"


@dataclass(frozen=True, slots=True)
class UserView:
    """What pages may know of a user: plain values, never an ORM object."""

    id: int
    username: str
    display_name: str
    role: Role
    locale: str | None
    is_active: bool
    grants: frozenset[Grant] = frozenset()

    def holds(self, *grants: Grant) -> bool:
        """Whether the user may act under one of ``grants`` (admins hold every grant)."""
        return self.role == Role.ADMIN or any(g in self.grants for g in grants)


def user_view(user: User) -> UserView:
    return UserView(
        user.id,
        user.username,
        user.display_name,
        Role(user.role),
        user.locale,
        user.is_active,
        frozenset(Grant(row.grant) for row in user.grant_rows if row.grant in Grant._value2member_map_),
    )


def username_key(username: str) -> str:
    return unicodedata.normalize("NFKC", username).strip().casefold()


def _has_control_characters(text: str) -> bool:
    return any(
        unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch not in _ALLOWED_FORMAT_CHARS
        for ch in text
    )


def clean_username(raw: str | None) -> str:
    username = unicodedata.normalize("NFKC", raw or "").strip()
    if not username:
        raise InvalidInput("errors.username_required")
    if _has_control_characters(username):
        raise InvalidInput("errors.control_characters")
    if not USERNAME_MIN <= len(username) <= USERNAME_MAX:
        raise InvalidInput("errors.username_length", min=USERNAME_MIN, max=USERNAME_MAX)
    if not _USERNAME_PATTERN.match(username):
        raise InvalidInput("errors.username_characters")
    return username


def clean_display_name(raw: str | None) -> str:
    name = " ".join(unicodedata.normalize("NFC", raw or "").split())
    if not name:
        raise InvalidInput("errors.display_name_required")
    if _has_control_characters(name):
        raise InvalidInput("errors.control_characters")
    if len(name) > DISPLAY_NAME_MAX:
        raise InvalidInput("errors.display_name_length", max=DISPLAY_NAME_MAX)
    return name


def check_password(password: str | None, username: str) -> str:
    password = password or ""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX or not password.strip():
        raise InvalidInput("errors.password_length", min=PASSWORD_MIN, max=PASSWORD_MAX)
    if password.casefold() == username.casefold():
        raise InvalidInput("errors.password_is_username")
    if is_common_password(password):
        raise InvalidInput("errors.password_common")
    return password


_COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


@cache
def _common_passwords() -> frozenset[str]:
    lines = _COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def is_common_password(password: str) -> bool:
    """Whether ``password`` is in the shipped list of common passwords (case and surrounding spaces ignored,
    and a common word followed only by digits or "!" counts too: «Password2024!»)."""
    folded = password.strip().casefold()
    common = _common_passwords()
    return folded in common or folded.rstrip("0123456789!.") in common


def sign_up(
    session: Session,
    username: str,
    display_name: str,
    password: str,
    now: datetime,
    *,
    role: Role = Role.LEARNER,
    locale: str | None = None,
) -> UserView:
    """Create an account (a learner unless another role is given by a trusted caller)."""
    username = clean_username(username)
    display_name = clean_display_name(display_name)
    password = check_password(password, username)
    key = username_key(username)
    if session.scalar(select(User.id).where(User.username_key == key)) is not None:
        raise InvalidInput("errors.username_taken")
    user = User(
        username=username,
        username_key=key,
        display_name=display_name,
        password_hash=hash_password(password),
        role=Role(role).value,
        locale=locale,
        is_active=True,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user_view(user)


def _delay_after(failures: int) -> timedelta:
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(FIRST_DELAY * 2 ** (failures - FREE_FAILURES), MAX_DELAY)


def log_in(
    db: Database,
    username: str,
    password: str,
    now: datetime,
    *,
    client: str = "",
    known_device_user: int | None = None,
) -> UserView:
    """Check credentials; raise :class:`LoginRefused` with a reason key.

    ``client`` is the caller's address; ``known_device_user`` the account this browser was once signed in to
    (:func:`services.sessions.device_user`). Failures are committed in their own transaction (they must
    survive the refusal). Throttling works the same whether the account exists or not, and an unknown account
    costs a password check like a real one, so neither the message nor the time tells which names exist.
    """
    key = username_key(username or "")
    if not key or not password:
        raise LoginRefused("errors.login_failed")
    key, client = key[:64], (client or "")[:64]
    with db.transaction() as session:
        since = now - THROTTLE_WINDOW
        recent = session.execute(
            select(LoginFailure.at, LoginFailure.client)
            .where(LoginFailure.username_key == key, LoginFailure.at > since)
            .order_by(LoginFailure.at)
        ).all()
        mine = [at for at, where in recent if where == client]
        if mine:
            wait = mine[-1] + _delay_after(len(mine)) - now
            if wait > timedelta(0):
                raise LoginRefused("errors.login_wait", seconds=max(1, int(wait.total_seconds() + 0.999)))
        user = session.scalar(select(User).where(User.username_key == key))
        known = user is not None and known_device_user == user.id
        if len(recent) >= ACCOUNT_FAILURES and not known:
            wait = recent[-ACCOUNT_FAILURES].at + THROTTLE_WINDOW - now
            raise LoginRefused("errors.login_throttled", minutes=max(1, int(wait.total_seconds() // 60) + 1))
        valid = verify_password(user.password_hash if user else DUMMY_HASH, password[:PASSWORD_MAX])
        if not valid or user is None:
            session.add(LoginFailure(username_key=key, client=client, at=now))
            failed = True
        else:
            failed = False
            if not user.is_active:
                raise LoginRefused("errors.account_inactive")
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            user.last_login_at = now
            session.execute(
                delete(LoginFailure).where(LoginFailure.username_key == key, LoginFailure.client == client)
            )
            view = user_view(user)
    if failed:
        raise LoginRefused("errors.login_failed")
    return view


def require_role(session: Session, actor_id: int, *roles: Role) -> User:
    """The acting user, if active and holding one of ``roles``; otherwise :class:`PermissionDenied`."""
    actor = session.get(User, actor_id)
    if actor is None or not actor.is_active:
        raise PermissionDenied("errors.permission_denied")
    if roles and Role(actor.role) not in roles:
        raise PermissionDenied("errors.permission_denied")
    return actor


def require_grant(session: Session, actor_id: int, *grants: Grant) -> User:
    """The acting user, if active and holding one of ``grants`` (an admin holds them all); otherwise
    :class:`PermissionDenied`. Area services call this before anything a grant protects."""
    actor = require_role(session, actor_id)
    if actor.role == Role.ADMIN.value:
        return actor
    held = {row.grant for row in actor.grant_rows}
    if not any(Grant(g).value in held for g in grants):
        raise PermissionDenied("errors.permission_denied")
    return actor


def get_user(session: Session, user_id: int) -> UserView:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("errors.not_found")
    return user_view(user)


def set_locale(session: Session, actor_id: int, lang: str) -> None:
    from i18n import LANGUAGES

    if lang not in LANGUAGES:
        raise InvalidInput("errors.unknown_language")
    require_role(session, actor_id).locale = lang


def change_password(
    session: Session,
    actor_id: int,
    old: str,
    new: str,
    now: datetime | None = None,
    *,
    keep_session: int | None = None,
) -> int:
    """Change one's own password; every other signed-in session of the account ends (the one that made the
    change, ``keep_session``, stays). Returns how many sessions ended."""
    user = require_role(session, actor_id)
    if not verify_password(user.password_hash, old or ""):
        raise InvalidInput("errors.wrong_password")
    user.password_hash = hash_password(check_password(new, user.username))
    return end_user_sessions(session, user.id, now or _utcnow(), SessionEnd.CREDENTIALS, keep=keep_session)


def end_user_sessions(
    session: Session, user_id: int, now: datetime, reason: SessionEnd, *, keep: int | None = None
) -> int:
    """End every live sign-in session of ``user_id`` (except ``keep``); how many were ended."""
    query = (
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=SessionEnd(reason).value)
        .execution_options(synchronize_session=False)
    )
    if keep is not None:
        query = query.where(AuthSession.id != keep)
    return session.execute(query).rowcount


# --- administration -------------------------------------------------------------------------------


def list_users(session: Session, actor_id: int) -> list[UserView]:
    require_role(session, actor_id, Role.ADMIN)
    return [user_view(u) for u in session.scalars(select(User).order_by(User.username_key))]


def _count_active_admins(session: Session) -> int:
    return session.scalar(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN.value, User.is_active)
    )


def change_role(session: Session, actor_id: int, user_id: int, role: Role | str) -> UserView:
    require_role(session, actor_id, Role.ADMIN)
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput("errors.unknown_role") from None
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("errors.not_found")
    if (
        user.role == Role.ADMIN.value
        and role != Role.ADMIN
        and user.is_active
        and _count_active_admins(session) <= 1
    ):
        raise InvalidInput("errors.last_admin")
    if user.role != role.value:
        _log(session, actor_id, user.id, "role", f"{user.role} -> {role.value}")
    user.role = role.value
    return user_view(user)


def set_active(session: Session, actor_id: int, user_id: int, active: bool) -> UserView:
    require_role(session, actor_id, Role.ADMIN)
    if user_id == actor_id and not active:
        raise InvalidInput("errors.cannot_deactivate_self")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("errors.not_found")
    if user.is_active != active:
        _log(session, actor_id, user.id, "activate" if active else "deactivate")
    if not active:
        end_user_sessions(session, user.id, _utcnow(), SessionEnd.DEACTIVATED)
    user.is_active = active
    return user_view(user)


def set_grant(
    session: Session, actor_id: int, user_id: int, grant: Grant | str, held: bool, now: datetime | None = None
) -> UserView:
    """Give (``held=True``) or take back a grant; admins only; logged. Idempotent."""
    require_role(session, actor_id, Role.ADMIN)
    try:
        grant = Grant(grant)
    except ValueError:
        raise InvalidInput("errors.unknown_grant") from None
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("errors.not_found")
    now = now or _utcnow()
    existing = next((row for row in user.grant_rows if row.grant == grant.value), None)
    if held and existing is None:
        user.grant_rows.append(UserGrant(grant=grant.value, granted_by=actor_id, granted_at=now))
        _log(session, actor_id, user.id, "grant", grant.value, now)
    elif not held and existing is not None:
        user.grant_rows.remove(existing)
        _log(session, actor_id, user.id, "revoke", grant.value, now)
    session.flush()
    return user_view(user)


@dataclass(frozen=True, slots=True)
class AdminActionView:
    at: datetime
    actor: str | None
    target: str | None
    action: str
    detail: str


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _log(
    session: Session, actor_id: int | None, target_id: int | None, action: str, detail: str = "", now=None
) -> None:
    session.add(
        AdminAction(
            actor_id=actor_id, target_id=target_id, action=action, detail=detail[:200], at=now or _utcnow()
        )
    )


def admin_actions(session: Session, actor_id: int, limit: int = 200) -> list[AdminActionView]:
    """The latest administrator actions, newest first (admins only)."""
    require_role(session, actor_id, Role.ADMIN)
    names = dict(session.execute(select(User.id, User.username)).all())
    rows = session.scalars(
        select(AdminAction).order_by(AdminAction.at.desc(), AdminAction.id.desc()).limit(limit)
    )
    return [
        AdminActionView(row.at, names.get(row.actor_id), names.get(row.target_id), row.action, row.detail)
        for row in rows
    ]


def create_admin(
    session: Session, username: str, display_name: str, password: str, now: datetime
) -> UserView:
    """Create an administrator, or promote and reset an existing account (used by ``make admin``)."""
    username = clean_username(username)
    existing = session.scalar(select(User).where(User.username_key == username_key(username)))
    if existing is None:
        return sign_up(session, username, display_name or username, password, now, role=Role.ADMIN)
    _log(session, None, existing.id, "reset", "make admin", now)
    end_user_sessions(session, existing.id, now, SessionEnd.RESET)
    existing.role = Role.ADMIN.value
    existing.is_active = True
    existing.password_hash = hash_password(check_password(password, existing.username))
    return user_view(existing)
