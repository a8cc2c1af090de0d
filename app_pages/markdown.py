"""Safe Streamlit Markdown for text a user or an author wrote, and for grading diffs."""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable

from exercises.diffs import DiffSegment

_WHITESPACE_RUN = re.compile(r"\s+")
_ASCII_PUNCTUATION = frozenset(string.punctuation)


def escape_markdown(text: str) -> str:
    """Every ASCII punctuation character backslash-escaped (CommonMark allows it for all of them), which
    makes ``*``, ``_``, ``[``, ``<``, ``$`` (LaTeX) and ``:`` (emoji shortcodes, colour directives) inert;
    any run of whitespace becomes one space, so no line break, indented code or list can start; invisible
    characters are dropped."""
    text = _WHITESPACE_RUN.sub(" ", text)
    if not text.isprintable():  # no control, bidi-override or zero-width characters in the page
        text = "".join(c for c in text if c == " " or unicodedata.category(c)[0] != "C")
    return "".join(f"\\{c}" if c in _ASCII_PUNCTUATION else c for c in text)


def _marked(text: str, opening: str, closing: str) -> str:
    """``text`` escaped inside a colour/emphasis markup, flanking spaces kept outside it (GFM emphasis
    and strikethrough do not open or close next to a space); text made only of spaces shows as ␣."""
    core = text.strip()
    if not core:
        return f"{opening}\u2423{closing}"
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return f"{lead}{opening}{escape_markdown(core)}{closing}{trail}"


def diff_markdown(diff: Iterable[DiffSegment | tuple[str, str] | tuple[str, str, str]]) -> str:
    """Streamlit Markdown for a diff: right text plain, missing text ``:green[**…**]``, extra text
    ``:red[~~…~~]``, a replacement both. All learner text is escaped (no HTML, no links, no emphasis,
    no LaTeX, no emoji shortcodes); a marked segment made only of spaces shows as ␣."""
    parts: list[str] = []
    for segment in diff:
        op, text = segment[0], segment[1]
        correction = segment[2] if len(segment) > 2 else ""
        if op == "equal":
            parts.append(escape_markdown(text))
        elif op == "insert":
            parts.append(_marked(text, ":green[**", "**]"))
        elif op == "delete":
            parts.append(_marked(text, ":red[~~", "~~]"))
        elif op == "replace":
            parts.append(_marked(text, ":red[~~", "~~]") + _marked(correction, ":green[**", "**]"))
        else:
            raise ValueError(f"unknown diff operation {op!r}")
    return "".join(parts)


def escape_lines(text: str) -> str:
    """Several lines a user wrote, each escaped (:func:`escape_markdown`), joined by hard line breaks: the
    line breaks survive, nothing else becomes Markdown."""
    lines = [escape_markdown(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "  \n".join(line for line in lines) or ""


def highlight_markdown(parts: Iterable[tuple[str, bool]]) -> str:
    """Streamlit Markdown for a text cut into ``(piece, highlighted)`` parts (a search hit): every piece
    escaped, the highlighted ones shown ``:orange-background[**…**]``."""
    return "".join(
        _marked(piece, ":orange-background[**", "**]") if highlighted else escape_markdown(piece)
        for piece, highlighted in parts
    )
