"""Interface strings in English, French and Spanish.

Catalogs live in ``i18n/locales/<lang>/<area>.json`` (one flat ``{"key": "text"}`` object per area); every
file of a language is merged. Keys are dotted (``auth.login.title``). Texts use ``str.format`` placeholders
(``{name}``). Course content is not here: it stays French with its own glosses.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
_LOCALES = Path(__file__).parent / "locales"


class MissingTranslation(KeyError):
    """A key used by the code is absent from a catalog."""


@cache
def catalog(lang: str) -> dict[str, str]:
    """All strings of one language, merged from its area files."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown interface language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    merged: dict[str, str] = {}
    for path in sorted((_LOCALES / lang).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, value in data.items():
            if key in merged:
                raise ValueError(f"{path}: key {key!r} is defined twice in {lang}")
            merged[key] = value
    return merged


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The interface text for ``key`` in ``lang``, with ``params`` substituted.

    A missing key raises :class:`MissingTranslation` (tests check every language has every key, so this
    only happens to a developer who forgot one).
    """
    texts = catalog(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        text = texts[key]
    except KeyError:
        raise MissingTranslation(f"no {lang!r} text for key {key!r}") from None
    return text.format(**params) if params else text


def language_from_locale(locale: str | None) -> str:
    """Interface language for a browser locale such as ``fr-FR`` or ``es_419``; English otherwise."""
    if not locale:
        return DEFAULT_LANGUAGE
    code = locale.replace("_", "-").split("-")[0].strip().lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE
