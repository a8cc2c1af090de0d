"""Instructors' groups: create one, share its join code, add or remove learners; a learner joins with the
code. An instructor reaches only the groups they lead (an administrator reaches all)."""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from access.roles import Role
from progress.db import Database
from progress.models import Group, GroupMember, JoinFailure, User
from services.accounts import UserView, clean_display_name, require_role, user_view, username_key
from services.errors import InvalidInput, NotFound, PermissionDenied

_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed by beginners
# 31^10 ≈ 8 × 10^14 codes (49 bits): with JOIN_TRIES wrong codes an hour per account, guessing one of even
# 10,000 live groups would take an attacker about 8 × 10^9 years per account.
CODE_LENGTH = 10
JOIN_TRIES = 10
JOIN_WINDOW = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class GroupView:
    id: int
    name: str
    instructor_id: int
    join_code: str
    created_at: datetime
    members: int = 0


def teacher(session: Session, actor_id: int) -> User:
    return require_role(session, actor_id, Role.INSTRUCTOR, Role.ADMIN)


def owned_group(session: Session, actor_id: int, group_id: int) -> Group:
    actor = teacher(session, actor_id)
    group = session.get(Group, group_id)
    if group is None:
        raise NotFound("errors.not_found")
    if actor.role != Role.ADMIN.value and group.instructor_id != actor.id:
        raise PermissionDenied("errors.permission_denied")
    return group


def group_view(session: Session, group: Group) -> GroupView:
    members = session.scalar(
        select(func.count()).select_from(GroupMember).where(GroupMember.group_id == group.id)
    )
    return GroupView(group.id, group.name, group.instructor_id, group.join_code, group.created_at, members)


def _new_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Group.id).where(Group.join_code == code)) is None:
            return code


def create_group(session: Session, actor_id: int, name: str, now: datetime) -> GroupView:
    actor = teacher(session, actor_id)
    try:
        name = clean_display_name(name)
    except InvalidInput as error:
        raise InvalidInput(error.key.replace("display_name", "group_name"), **error.params) from None
    group = Group(name=name, instructor_id=actor.id, join_code=_new_code(session), created_at=now)
    session.add(group)
    session.flush()
    return group_view(session, group)


def list_groups(session: Session, actor_id: int) -> list[GroupView]:
    """The groups the actor leads (an administrator sees every group)."""
    actor = teacher(session, actor_id)
    query = select(Group).order_by(Group.created_at, Group.id)
    if actor.role != Role.ADMIN.value:
        query = query.where(Group.instructor_id == actor.id)
    return [group_view(session, group) for group in session.scalars(query)]


def get_group(session: Session, actor_id: int, group_id: int) -> GroupView:
    return group_view(session, owned_group(session, actor_id, group_id))


def _add(session: Session, group: Group, user: User, now: datetime) -> None:
    exists = session.scalar(
        select(GroupMember.id).where(GroupMember.group_id == group.id, GroupMember.user_id == user.id)
    )
    if exists is None:
        session.add(GroupMember(group_id=group.id, user_id=user.id, joined_at=now))


def join_group(session: Session, learner_id: int, code: str, now: datetime) -> GroupView:
    """A learner joins a group with the code their instructor gave them (case and spaces do not matter)."""
    learner = require_role(session, learner_id)
    cleaned = "".join(unicodedata.normalize("NFKC", code or "").split()).upper().replace("-", "")
    if not cleaned or len(cleaned) > 32:
        raise InvalidInput("errors.join_code_unknown")
    group = session.scalar(select(Group).where(Group.join_code == cleaned))
    if group is None:
        raise InvalidInput("errors.join_code_unknown")
    _add(session, group, learner, now)
    session.flush()
    return group_view(session, group)


def join_group_throttled(db: Database, learner_id: int, code: str, now: datetime) -> GroupView:
    """:func:`join_group` for the page: after ``JOIN_TRIES`` wrong codes in ``JOIN_WINDOW`` an account must
    wait; each wrong code is recorded in its own transaction, so the refusal does not erase it."""
    with db.transaction() as session:
        require_role(session, learner_id)
        recent = session.scalars(
            select(JoinFailure.at)
            .where(JoinFailure.user_id == learner_id, JoinFailure.at > now - JOIN_WINDOW)
            .order_by(JoinFailure.at)
        ).all()
        if len(recent) >= JOIN_TRIES:
            wait = recent[-JOIN_TRIES] + JOIN_WINDOW - now
            raise InvalidInput("errors.join_throttled", minutes=max(1, int(wait.total_seconds() // 60) + 1))
    try:
        with db.transaction() as session:
            return join_group(session, learner_id, code, now)
    except InvalidInput as refusal:
        if refusal.key == "errors.join_code_unknown":
            with db.transaction() as session:
                session.add(JoinFailure(user_id=learner_id, at=now))
        raise


def add_member(session: Session, actor_id: int, group_id: int, username: str, now: datetime) -> UserView:
    group = owned_group(session, actor_id, group_id)
    user = session.scalar(select(User).where(User.username_key == username_key(username or "")[:64]))
    if user is None or not user.is_active:
        raise InvalidInput("errors.unknown_username")
    _add(session, group, user, now)
    return user_view(user)


def remove_member(session: Session, actor_id: int, group_id: int, user_id: int) -> None:
    group = owned_group(session, actor_id, group_id)
    member = session.scalar(
        select(GroupMember).where(GroupMember.group_id == group.id, GroupMember.user_id == user_id)
    )
    if member is None:
        raise NotFound("errors.not_found")
    session.delete(member)


def member_ids(session: Session, group_id: int) -> list[int]:
    return list(session.scalars(select(GroupMember.user_id).where(GroupMember.group_id == group_id)))


def group_members(session: Session, actor_id: int, group_id: int) -> list[UserView]:
    return members_of(session, owned_group(session, actor_id, group_id))


def members_of(session: Session, group: Group) -> list[UserView]:
    """The members of a group already authorised by the caller, by name."""
    users = session.scalars(
        select(User)
        .join(GroupMember, GroupMember.user_id == User.id)
        .where(GroupMember.group_id == group.id)
        .order_by(User.display_name, User.username_key)
    )
    return [user_view(user) for user in users]
