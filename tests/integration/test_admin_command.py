"""`make admin` (python -m commands.admin) creates the first administrator, or promotes and resets one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from access.roles import Role
from commands.admin import main
from progress.db import Database
from services import accounts


@pytest.fixture
def env(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'admin.sqlite3'}"
    monkeypatch.setenv("PARLEZ_DATABASE_URL", url)
    monkeypatch.setenv("PARLEZ_ADMIN_PASSWORD", "a strong admin password")
    return url


def test_creates_the_first_admin_on_a_fresh_database(env, capsys):
    assert main(["--username", "chief", "--name", "Chief Instructor"]) == 0
    output = capsys.readouterr()
    assert "Administrator ready: chief" in output.out
    assert "a strong admin password" not in output.out + output.err
    db = Database(env)
    try:
        user = accounts.log_in(db, "chief", "a strong admin password", datetime.now(UTC))
    finally:
        db.dispose()
    assert user.role is Role.ADMIN and user.display_name == "Chief Instructor"


def test_a_refused_password_is_explained(env, monkeypatch, capsys):
    monkeypatch.setenv("PARLEZ_ADMIN_PASSWORD", "short")
    assert main(["--username", "chief"]) == 1
    assert "Refused: A password has 8 to 256 characters" in capsys.readouterr().err
