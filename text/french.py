"""French word rules shared by the manual, the glossary, grading and search: articles, grammatical
category codes, calendar nouns used bare, typography before ``? ! : ;`` and slugs for ids."""

from __future__ import annotations

import re
import unicodedata

POS_CODES: tuple[str, ...] = (
    "m",
    "f",
    "m/f",
    "m pl",
    "f pl",
    "v",
    "adj",
    "adv",
    "prep",
    "conj",
    "pron",
    "num",
    "interj",
    "expr",
)
NOUN_CODES: tuple[str, ...] = ("m", "f", "m/f", "m pl", "f pl")

# --- articles: the one list ----------------------------------------------------------------------------
DEFINITE_ARTICLES: frozenset[str] = frozenset({"le", "la", "les"})
INDEFINITE_ARTICLES: frozenset[str] = frozenset({"un", "une", "des"})
ARTICLES: frozenset[str] = DEFINITE_ARTICLES | INDEFINITE_ARTICLES
ELIDED_ARTICLE = "l'"
_DEFINITE_START = re.compile(r"(?:(?:le|la|les)\s+\S|l'\S)", re.IGNORECASE)


def split_article(text: str, articles: frozenset[str] = ARTICLES) -> tuple[str | None, str]:
    """``("la", "section")`` for «la section», ``("l'", "onu")`` for «l'onu», ``(None, text)`` when the
    text does not start with one of ``articles`` (or the elided ``l'``) followed by a word.

    ``text`` is compared as given: pass it normalised (lowercase, straight apostrophe)."""
    if text.startswith(ELIDED_ARTICLE) and len(text) > len(ELIDED_ARTICLE):
        return ELIDED_ARTICLE, text[len(ELIDED_ARTICLE) :]
    head, space, rest = text.partition(" ")
    if space and rest and head in articles:
        return head, rest
    return None, text


def without_article(text: str, articles: frozenset[str] = ARTICLES) -> str:
    """``text`` without its leading article («la section» → «section», «l'onu» → «onu»)."""
    return split_article(text, articles)[1]


def starts_with_definite_article(french: str) -> bool:
    """Whether a noun is written as the glossary and the manual want it: «le/la/les …» or «l'…»."""
    return bool(_DEFINITE_START.match(french))


_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+|mailto:\S+", re.IGNORECASE)
_TIGHT_PUNCTUATION = re.compile(r"(?<=[^\s?!:;])[?!:;]")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def slug(text: str) -> str:
    """ASCII, lowercase, words joined by ``-``, accents folded: ``l'État-major`` → ``l-etat-major``."""
    folded = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def missing_spaces(french: str) -> list[str]:
    """The characters among ``? ! : ;`` written without a space before them (URLs are not checked).

    French typography puts a space (or a no-break space) before these signs; two of them may follow each
    other (``?!``). Clock times such as ``14:30`` are reported too: French writes ``14 h 30``.
    """
    masked = _URL.sub(lambda match: " " * len(match.group()), french)
    found: list[str] = []
    for match in _TIGHT_PUNCTUATION.finditer(masked):
        if match.group() not in found:
            found.append(match.group())
    return found


def normalize_pos(value: str) -> str:
    """``M / F`` → ``m/f``, ``m  pl`` → ``m pl``: lowercase, single spaces, no spaces around ``/``."""
    text = re.sub(r"\s+", " ", value.strip().lower())
    return re.sub(r"\s*/\s*", "/", text)


# Calendar nouns French uses without an article («lundi», «en janvier», «à midi»): their gender is in the
# category column, and an article would teach a wrong usage.
BARE_NOUNS = frozenset(
    (
        "lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet "
        "août septembre octobre novembre décembre midi minuit"
    ).split()
)


def category_problems(french: str, pos: str, *, abbreviation: bool = False) -> list[str]:
    """What is wrong with a term's grammatical category (``pos`` already normalized), as messages.

    Nouns need a gender (``n`` or nothing is refused) and their definite article; an abbreviation
    (``abbreviation=True``) may be written without article, as it is used.
    """
    if pos in ("", "n"):
        given = "no gender" if pos == "" else 'the gender "n"'
        return [
            f'"{french}" has {given}: write m, f, m/f, m pl or f pl for a noun '
            f"(or its category: v, adj, adv, expr…)"
        ]
    if pos not in POS_CODES:
        return [f'unknown gender code "{pos}" for "{french}" (expected one of {", ".join(POS_CODES)})']
    if (
        pos in NOUN_CODES
        and french
        and not abbreviation
        and french not in BARE_NOUNS
        and not starts_with_definite_article(french)
    ):
        hint = " (with a straight apostrophe: l')" if french[:2].lower() == "l’" else ""
        return [f'the noun "{french}" must start with its article: le, la, l\' or les{hint}']
    return []
