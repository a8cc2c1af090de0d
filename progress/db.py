"""Database engines and one-transaction-per-action sessions, for SQLite and PostgreSQL.

SQLite under Streamlit's threads silently loses read-modify-write updates with the driver's default
transaction handling (measured: 350 of 400 lost). So every SQLite connection runs in autocommit at the DBAPI
level and SQLAlchemy emits ``BEGIN IMMEDIATE`` itself: writers queue on the database lock (WAL, busy
timeout) instead of upgrading a shared lock and failing. PostgreSQL services take row locks
(``SELECT … FOR UPDATE``) or atomic statements where they read then write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, *, foreign_keys: bool = True) -> Engine:
    """An engine configured for Parlez: SQLite pragmas and immediate transactions, or PostgreSQL pooling.

    ``foreign_keys=False`` is for migrations only: SQLite batch migrations copy and drop tables, and a drop
    with foreign keys on would cascade deletes into the tables that reference it.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised via every test
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection):
            # Reads take no write lock (WAL readers never block); writes queue for it at once.
            read_only = connection.get_execution_options().get("parlez_read_only", False)
            connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=40)


class DatabaseUnavailable(RuntimeError):
    """The database did not answer (server down, network cut, file unreachable or locked too long). The
    transaction was rolled back: nothing of the action was written. The next action tries again."""


def _unavailable(error: Exception) -> bool:
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


class Database:
    """An engine with a session factory: ``with db.transaction() as session: …`` is one user action."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            self.engine.execution_options(parlez_read_only=True), expire_on_commit=False
        )

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: committed if the block ends normally, rolled back if it raises. A database that
        does not answer raises :class:`DatabaseUnavailable` (after the rollback)."""
        try:
            with self._sessions() as session, session.begin():
                yield session
        except DBAPIError as error:
            if _unavailable(error):
                raise DatabaseUnavailable(str(error.orig or error)[:300]) from error
            raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; closing it ends its transaction (loaded objects stay readable)."""
        try:
            with self._read_sessions() as session:
                yield session
        except DBAPIError as error:
            if _unavailable(error):
                raise DatabaseUnavailable(str(error.orig or error)[:300]) from error
            raise

    def dispose(self) -> None:
        self.engine.dispose()


def insert_ignoring_conflict(session: Session, model, values: dict, conflict_columns: list[str]) -> None:
    """INSERT a row unless one with the same ``conflict_columns`` exists (atomic on both databases)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(insert(model).values(**values).on_conflict_do_nothing(index_elements=conflict_columns))
