"""Country and language names in English, French and Spanish, from ``pycountry`` and its gettext
catalogues — never typed by hand.

    country_name("CD", "fr")  # "République démocratique du Congo"
    language_name("fr", "es")  # "Francés"
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

__all__ = ["country_name", "is_country", "is_language", "language_name"]


@cache
def _translation(domain: str, lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang])
    except OSError:  # no catalogue for this language: English names
        return gettext.NullTranslations()


def is_country(code: str) -> bool:
    return len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None


def is_language(code: str) -> bool:
    return len(code) == 2 and pycountry.languages.get(alpha_2=code.lower()) is not None


_LINKING_ENDS = (" of", " of the", " de", " del", " de la", " des", " du")


def _reading_order(name: str) -> str:
    """ISO's catalogue order «Congo, The Democratic Republic of the» put in reading order («The Democratic
    Republic of the Congo»; Spanish «República Democrática del Congo»); other names unchanged."""
    head, separator, tail = name.partition(", ")
    if separator and tail.endswith(_LINKING_ENDS) and "," not in tail:
        return f"{tail} {head}"
    return name


@cache
def country_name(code: str, lang: str = "en") -> str:
    """The country's usual name in ``lang`` (its common name where ISO 3166 has one, in reading order);
    the code itself when it is unknown."""
    country = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return _reading_order(_translation("iso3166-1", lang).gettext(name))


@cache
def language_name(code: str, lang: str = "en") -> str:
    """The language's name in ``lang``, capitalised (``Français``, ``Inglés``); the code when unknown."""
    language = pycountry.languages.get(alpha_2=code.lower()) if len(code) == 2 else None
    if language is None:
        return code
    name = _translation("iso639-3", lang).gettext(language.name)
    return name[:1].upper() + name[1:]
