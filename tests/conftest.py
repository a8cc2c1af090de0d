"""Shared fixtures: a migrated database on SQLite (always) and PostgreSQL (when configured).

PostgreSQL runs when ``PARLEZ_TEST_POSTGRES_URL`` is set (``.ci/run`` sets it); each test gets its own
schema, dropped afterwards. With ``PARLEZ_REQUIRE_POSTGRES=1`` an unreachable server fails, never skips.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from progress.db import Database
from progress.migrate import upgrade_database

POSTGRES_URL = os.environ.get("PARLEZ_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("PARLEZ_REQUIRE_POSTGRES") == "1"
FIXED_NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def _postgres_or_skip() -> None:
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("PARLEZ_REQUIRE_POSTGRES=1 but PARLEZ_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL tests need PARLEZ_TEST_POSTGRES_URL")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'parlez.sqlite3'}"


@pytest.fixture
def postgres_url():
    """A fresh schema on the test PostgreSQL server, as a URL whose search_path points to it."""
    _postgres_or_skip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:  # noqa: BLE001
        admin.dispose()
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} is required but unreachable: {error}")
        pytest.skip(f"PostgreSQL unreachable: {error}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request) -> str:
    """The URL of an empty, migrated database — once on SQLite, once on PostgreSQL."""
    url = request.getfixturevalue(f"{request.param}_url")
    upgrade_database(url)
    return url


@pytest.fixture
def db(db_url: str):
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def now() -> datetime:
    return FIXED_NOW


ESPEAK = Path("/usr/bin/espeak-ng")


@pytest.fixture
def espeak_installed():
    """Real espeak-ng: skipped without it, unless PARLEZ_REQUIRE_ESPEAK is set (CI), then failed."""
    if not ESPEAK.is_file():
        if os.environ.get("PARLEZ_REQUIRE_ESPEAK"):
            pytest.fail(
                "PARLEZ_REQUIRE_ESPEAK is set but /usr/bin/espeak-ng is missing (apt install espeak-ng)"
            )
        pytest.skip("espeak-ng is not installed at /usr/bin/espeak-ng (apt install espeak-ng)")


CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture(scope="session")
def content():
    """The real course and glossary, loaded once per test process (services grade against it)."""
    from library.content import load_library

    return load_library(CONTENT_DIR)
