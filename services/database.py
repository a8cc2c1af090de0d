"""The database a page works with, opened through the service layer (pages never import the engine or
the models): ``open_database(url)`` migrates it to the latest schema, then returns the handle whose
``transaction()`` and ``reading()`` sessions every service function takes."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from progress.db import Database, DatabaseUnavailable
from progress.migrate import upgrade_database

__all__ = ["Database", "DatabaseUnavailable", "open_database"]


def open_database(url: str) -> Database:
    """The migrated database at ``url`` (migrating is cheap when already at head; replicas serialise on a
    PostgreSQL advisory lock). An unreachable database raises :class:`DatabaseUnavailable`."""
    try:
        upgrade_database(url)
    except DBAPIError as error:
        raise DatabaseUnavailable(str(error.orig or error)[:300]) from error
    except OSError as error:  # a SQLite file whose folder cannot be made or reached
        raise DatabaseUnavailable(str(error)[:300]) from error
    return Database(url)
