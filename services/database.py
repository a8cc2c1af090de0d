"""The database a page works with, opened through the service layer (pages never import the engine or
the models): ``open_database(url)`` migrates it to the latest schema, then returns the handle whose
``transaction()`` and ``reading()`` sessions every service function takes."""

from __future__ import annotations

from progress.db import Database
from progress.migrate import upgrade_database

__all__ = ["Database", "open_database"]


def open_database(url: str) -> Database:
    """The migrated database at ``url`` (migrating is cheap when already at head; replicas serialise on a
    PostgreSQL advisory lock)."""
    upgrade_database(url)
    return Database(url)
