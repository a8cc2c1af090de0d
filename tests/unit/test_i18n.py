"""Every interface string exists in English, French and Spanish, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import i18n
from access.roles import Role
from app_pages.registry import ANONYMOUS_SCREENS, GROUP_ORDER, SCREENS

ROOT = Path(__file__).resolve().parents[2]
KEY_CALL = re.compile(
    r"\b(?:t|translate|InvalidInput|PermissionDenied|NotFound|LoginRefused|ServiceError)\(\s*[\"']([a-z0-9_]+(?:\.[a-z0-9_]+)+)[\"']"
)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _source_files():
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & {".venv", "tests", "var", "node_modules"}:
            continue
        yield path


def keys_used_in_code() -> set[str]:
    keys = set()
    for path in _source_files():
        keys.update(KEY_CALL.findall(path.read_text(encoding="utf-8")))
    for screen in (*SCREENS, *ANONYMOUS_SCREENS):
        keys |= {f"nav.{screen.key}", f"nav.{screen.key}.help"}
    keys |= {f"nav.group.{group}" for group in GROUP_ORDER}
    keys |= {f"role.{role.value}" for role in Role} | {f"role.{role.value}.summary" for role in Role}
    return keys


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_language_has_exactly_the_english_keys(lang):
    english, other = set(i18n.catalog("en")), set(i18n.catalog(lang))
    assert sorted(english - other) == [], f"missing in {lang}"
    assert sorted(other - english) == [], f"only in {lang}"


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_placeholders_match_english(lang):
    english = i18n.catalog("en")
    for key, text in i18n.catalog(lang).items():
        assert _placeholders(text) == _placeholders(english[key]), key


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_key_the_code_uses_exists(lang):
    used = keys_used_in_code()
    assert len(used) > 50
    missing = sorted(key for key in used if key not in i18n.catalog(lang))
    assert missing == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_no_empty_text(lang):
    assert [k for k, v in i18n.catalog(lang).items() if not v.strip()] == []


def test_missing_key_raises_a_clear_error():
    with pytest.raises(i18n.MissingTranslation, match="no-such.key"):
        i18n.t("no-such.key", "fr")


def test_parameters_are_substituted():
    assert i18n.t("home.greeting", "fr", name="Awa") == "Bienvenue, Awa"


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("fr-FR", "fr"),
        ("fr_CA", "fr"),
        ("es-419", "es"),
        ("ES", "es"),
        ("en-GB", "en"),
        ("de-DE", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_language_from_browser_locale(locale, lang):
    assert i18n.language_from_locale(locale) == lang
