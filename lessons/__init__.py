"""The course: its model (frozen dataclasses) and the Markdown manual parser.

``from lessons import load_manual`` loads ``content/course``.
"""

from lessons.model import (
    KINDS,
    NEW_KINDS,
    OPEN_KINDS,
    Dialogue,
    DialogueLine,
    Example,
    Exercise,
    Manual,
    Note,
    Unit,
    VocabEntry,
)
from lessons.parser import UnitError, load_manual, parse_unit

__all__ = [
    "KINDS",
    "NEW_KINDS",
    "OPEN_KINDS",
    "Dialogue",
    "DialogueLine",
    "Example",
    "Exercise",
    "Manual",
    "Note",
    "Unit",
    "UnitError",
    "VocabEntry",
    "load_manual",
    "parse_unit",
]
