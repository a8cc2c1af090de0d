"""Text normalisation for comparing French answers.

Three levels, each idempotent:

* :func:`normalise` — what a learner typed, cleaned of everything that is *not* a mistake: Unicode form
  (NFC), case, curly or French quotes, the many dashes, spacing (around hyphens and apostrophes, before
  ``? ! : ;``, non-breaking spaces), final ``. ! ?`` and quotes wrapping the whole answer. Accents stay.
* :func:`fold_accents` — accents and ligatures removed (``é`` → ``e``, ``œ`` → ``oe``); no other change.
* :func:`search_key` — both: the key under which "Élève", "eleve" and "l’ élève ." meet.

Invisible characters (control characters, zero-width and bidi marks, soft hyphens, lone surrogates) are
dropped, so hostile input never reaches the comparison as-is.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold_accents", "normalise", "search_key"]

_APOSTROPHES = "\u2019\u2018\u201b`\u00b4\u02bc\u02bb\u2032"  # ’ ‘ ‛ ` ´ ʼ ʻ ′
_QUOTES = "\u00ab\u00bb\u201c\u201d\u201e\u201f\u2039\u203a\u2033"  # « » “ ” „ ‟ ‹ › ″
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"  # ‐ ‑ ‒ – — ― − ﹘ ﹣ －
_TRANSLATION = str.maketrans(
    {**dict.fromkeys(_APOSTROPHES, "'"), **dict.fromkeys(_QUOTES, '"'), **dict.fromkeys(_DASHES, "-")}
)
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})

_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
# French typography puts a space inside « » — the same answer typed without it must compare equal.
# (Applied after whitespace is collapsed, so every pattern is linear: no backtracking over space runs.)
_SPACE_AFTER_OPENING_QUOTE = re.compile(r"([\u00ab\u201c\u2039]) ")
_SPACE_BEFORE_CLOSING_QUOTE = re.compile(r" ([\u00bb\u201d\u203a])")
_SPACE_AROUND_JOINERS = re.compile(r" ?([-']) ?")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" ([?!:;])")
_FINAL_PUNCTUATION = " .!?\u2026"  # … included: it is three final dots

_MAX_PASSES = 4


def _drop_invisible(text: str) -> str:
    if text.isprintable():
        return text
    category = unicodedata.category
    return "".join(c for c in text if c.isspace() or category(c) not in _INVISIBLE_CATEGORIES)


def _casefold(text: str) -> str:
    # Case folding can decompose (ǰ → j + ˇ) and NFC recompose: settle on a fixed point.
    for _ in range(_MAX_PASSES):
        folded = unicodedata.normalize("NFC", text.casefold())
        if folded == text:
            break
        text = folded
    return text


def _trim_ends(text: str) -> str:
    """Strip spaces, final ``. ! ? …`` and quotes wrapping the whole text, until nothing changes.

    Works on two indices (linear time even for «""."."."…» built to make it loop)."""
    start, end = 0, len(text)
    while True:
        while end > start and text[end - 1] in _FINAL_PUNCTUATION:
            end -= 1
        while start < end and text[start] == " ":
            start += 1
        if end - start >= 2 and text[start] == '"' and text[end - 1] == '"':
            start, end = start + 1, end - 1
            continue
        return text[start:end]


def _normalise_once(text: str, keep_case: bool) -> str:
    text = unicodedata.normalize("NFC", _drop_invisible(text))
    if not keep_case:
        text = _casefold(text)
    text = " ".join(text.split())  # every Unicode space, NBSP and U+202F included
    text = _SPACE_AFTER_OPENING_QUOTE.sub(r"\1", text)
    text = _SPACE_BEFORE_CLOSING_QUOTE.sub(r"\1", text)
    text = text.translate(_TRANSLATION)
    text = _SPACE_AROUND_JOINERS.sub(r"\1", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    return _trim_ends(text)


def normalise(text: str, *, keep_case: bool = False) -> str:
    """The answer without the differences that are not mistakes (see the module docstring).

    >>> normalise("  L’ Adjudant\u00a0- chef  !")
    "l'adjudant-chef"
    >>> normalise("Comment me recevez-vous ?")
    'comment me recevez-vous'

    ``keep_case=True`` does everything except case folding (for display; the result then has the same
    length as the folded one for nearly all text, which lets a diff show the expected capitals).
    """
    result = _normalise_once(text, keep_case)
    # One pass is enough for ordinary text; exotic Unicode may expose a new space or quote after a change.
    for _ in range(_MAX_PASSES):
        again = _normalise_once(result, keep_case)
        if again == result:
            break
        result = again
    return result


def fold_accents(text: str) -> str:
    """``text`` without accents or ligatures: NFKD, combining marks dropped, ``œ`` → ``oe``, ``æ`` → ``ae``.

    >>> fold_accents("Élève, cœur, reçu")
    'Eleve, coeur, recu'
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    category = unicodedata.category
    return "".join(c for c in decomposed if category(c) != "Mn").translate(_LIGATURES)


def search_key(text: str) -> str:
    """``fold_accents(normalise(text))``: the accent-insensitive comparison key.

    Folding can expose characters that normalisation treats (the compatibility form ``﹖`` becomes ``?``,
    full-width letters become capitals), so the pair is applied until it settles; for ordinary text that
    is exactly one application.
    """
    key = fold_accents(normalise(text))
    for _ in range(_MAX_PASSES):
        again = fold_accents(normalise(key))
        if again == key:
            break
        key = again
    return key
