"""AppTest fixtures: a fresh SQLite database per test, caches cleared, users of each role."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from access.roles import Role
from progress.db import Database
from progress.migrate import upgrade_database
from tests.helpers import make_user, signed_in_session

TIMEOUT = 30
APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("PARLEZ_DATABASE_URL", url)
    monkeypatch.setenv("PARLEZ_AUDIO_DIR", str(tmp_path / "audio"))
    monkeypatch.setenv("PARLEZ_TTS", "espeak")
    upgrade_database(url)
    database = Database(url)
    yield database
    database.dispose()


@pytest.fixture
def users(app_db, now):
    return {
        role: make_user(app_db, f"{role.value}1", now, role, name=f"{role.value.title()} One")
        for role in Role
    }


def open_app(user=None, lang: str | None = "en", locale: str = "en-US") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.context["locale"] = locale
    if user is not None:
        at.session_state["auth_session"] = signed_in_session(user.id)
    if lang is not None:
        at.session_state["lang"] = lang
    return at.run()
