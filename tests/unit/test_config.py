"""Settings read from the environment."""

from __future__ import annotations

import pytest

from config import settings


def test_defaults(monkeypatch):
    for name in ("PARLEZ_DATABASE_URL", "PARLEZ_TTS", "PARLEZ_PASS_MARK"):
        monkeypatch.delenv(name, raising=False)
    config = settings()
    assert config.database_url.startswith("sqlite:///") and config.database_url.endswith("var/parlez.sqlite3")
    assert config.tts_chain == ("gtts", "espeak")
    assert config.pass_mark == 0.7


@pytest.mark.parametrize(("raw", "mark"), [("0.8", 0.8), ("80", 0.8), ("100", 1.0)])
def test_pass_mark_as_share_or_percent(monkeypatch, raw, mark):
    monkeypatch.setenv("PARLEZ_PASS_MARK", raw)
    assert settings().pass_mark == pytest.approx(mark)


@pytest.mark.parametrize("raw", ["0", "-5", "250"])
def test_impossible_pass_marks_are_refused(monkeypatch, raw):
    monkeypatch.setenv("PARLEZ_PASS_MARK", raw)
    with pytest.raises(ValueError, match="PARLEZ_PASS_MARK"):
        settings()


def test_tts_chain_is_a_clean_list(monkeypatch):
    monkeypatch.setenv("PARLEZ_TTS", " espeak , ,gtts ")
    assert settings().tts_chain == ("espeak", "gtts")
