"""Cells of a Markdown table row and items of a ``a | b | c`` list, as the manual and the glossary write
them (``\\|`` is a literal pipe inside a cell)."""

from __future__ import annotations

import re

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def split_cells(row: str) -> list[str]:
    """The stripped cells of a Markdown table row; ``\\|`` is a literal pipe inside a cell."""
    text = row.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [cell.strip().replace("\\|", "|") for cell in _UNESCAPED_PIPE.split(text)]


def split_list(value: str) -> tuple[str, ...]:
    """Items of a ``a | b | c`` value (options, accept), stripped, empty ones dropped."""
    return tuple(item for item in split_cells(f"|{value}|") if item)
