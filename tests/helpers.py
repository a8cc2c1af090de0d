"""Small builders shared by tests."""

from __future__ import annotations

from datetime import datetime

from access.roles import Role
from progress.db import Database
from services import accounts

PASSWORD = "correct horse battery"


def make_user(db: Database, username: str, now: datetime, role: Role = Role.LEARNER, name: str | None = None):
    with db.transaction() as session:
        return accounts.sign_up(session, username, name or username.title(), PASSWORD, now, role=role)
