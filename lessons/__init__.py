"""The course: its model (frozen dataclasses), the Markdown manual parser and the content checker.

``from lessons import load_manual`` loads ``content/course``; ``python -m lessons.check`` validates the
whole content directory.
"""

from lessons.model import (
    KINDS,
    LEVELS,
    NOUN_CODES,
    POS_CODES,
    ContentError,
    Dialogue,
    DialogueLine,
    Example,
    Exercise,
    Manual,
    Note,
    Text3,
    Unit,
    VocabEntry,
    slug,
)
from lessons.parser import UnitError, load_manual, parse_unit

__all__ = [
    "KINDS",
    "LEVELS",
    "NOUN_CODES",
    "POS_CODES",
    "ContentError",
    "Dialogue",
    "DialogueLine",
    "Example",
    "Exercise",
    "Manual",
    "Note",
    "Text3",
    "Unit",
    "UnitError",
    "VocabEntry",
    "load_manual",
    "parse_unit",
    "slug",
]
