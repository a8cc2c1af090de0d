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


def signed_in_session(user_id: int, database_url: str | None = None) -> int:
    """A live sign-in session for ``user_id`` (as a log-in makes one): its id, for
    ``st.session_state["auth_session"]`` in AppTests and benchmarks."""
    import os
    from datetime import UTC

    from services import sessions

    db = Database(database_url or os.environ["PARLEZ_DATABASE_URL"])
    try:
        with db.transaction() as session:
            return sessions.start_session(session, user_id, datetime.now(UTC)).id
    finally:
        db.dispose()
