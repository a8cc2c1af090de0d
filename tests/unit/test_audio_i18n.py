"""The audio control's interface strings exist in every language, with the same keys."""

import json
from pathlib import Path

import pytest

from i18n import LANGUAGES, t

LOCALES = Path(__file__).resolve().parents[2] / "i18n" / "locales"
USED_KEYS = {
    "audio.play",
    "audio.play_help",
    "audio.slow",
    "audio.slow_help",
    "audio.ipa",
    "audio.ipa_help",
    "audio.unavailable",
    "audio.failed",
    "audio.ipa_unavailable",
    "audio.too_long",
}


def catalog(lang):
    return json.loads((LOCALES / lang / "audio.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_exactly_the_audio_keys(lang):
    texts = catalog(lang)
    assert set(texts) == USED_KEYS
    assert all(key.startswith("audio.") and value.strip() for key, value in texts.items())


def test_the_widget_uses_only_known_keys():
    source = (LOCALES.parents[1] / "app_pages" / "widgets" / "audio_control.py").read_text(encoding="utf-8")
    used = {key for key in USED_KEYS if f'"{key}"' in source}
    assert used == USED_KEYS


def test_translations_differ_and_resolve_through_t():
    assert t("audio.play", "en") == "Listen"
    assert t("audio.play", "fr") == "Écouter"
    assert t("audio.play", "es") == "Escuchar"
    assert len({t("audio.unavailable", lang) for lang in LANGUAGES}) == 3
