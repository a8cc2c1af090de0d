"""The text an engine is given: normalised once, so the cache key and the spoken words always agree."""

from __future__ import annotations

import unicodedata

MAX_TEXT_CHARS = 1000
"""Longest text read aloud. Course lines are far shorter; the cap bounds engine time and argv size."""


class UnspeakableText(ValueError):
    """The text cannot be read aloud (nothing left after normalisation, or too long)."""


class TextTooLong(UnspeakableText):
    """The normalised text is longer than :data:`MAX_TEXT_CHARS`."""


def normalise_text(text: str) -> str:
    """NFC, control and format characters removed, whitespace collapsed to single spaces, stripped.

    Any whitespace (tabs, newlines, no-break spaces…) becomes one ordinary space; other characters of the
    Unicode "C" categories (controls such as NUL or ESC, format characters such as zero-width spaces or
    bidi overrides, surrogates, private use, unassigned) are dropped.
    """
    kept: list[str] = []
    for char in text:
        if char.isspace():
            kept.append(" ")
        elif unicodedata.category(char)[0] != "C":
            kept.append(char)
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).split())


def speakable_text(text: str, max_chars: int = MAX_TEXT_CHARS) -> str:
    """The normalised text, or :class:`UnspeakableText` with a clear message when it cannot be spoken."""
    if not isinstance(text, str):
        raise TypeError(f"text to speak must be a str, not {type(text).__name__}")
    normalised = normalise_text(text)
    if not normalised:
        raise UnspeakableText("nothing to speak: the text is empty once whitespace and controls are removed")
    if len(normalised) > max_chars:
        raise TextTooLong(
            f"text too long to speak: {len(normalised)} characters (at most {max_chars}); "
            f"split it into sentences first (it starts {normalised[:40]!r})"
        )
    return normalised
