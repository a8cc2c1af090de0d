"""What every content loader shares: the interface languages, the CEFR levels, a text in three languages
and a problem found in a content file (with its line)."""

from __future__ import annotations

from dataclasses import dataclass

LANGS: tuple[str, ...] = ("en", "fr", "es")
LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2")
LEVEL_ORDER: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}


@dataclass(frozen=True, slots=True)
class ContentError:
    """One problem in a content file, at a line (1-based)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Text3:
    """A text given in the three interface languages."""

    en: str
    fr: str
    es: str

    def get(self, lang: str) -> str:
        """The text in ``lang``; English when the language is unknown or the text is empty."""
        value = getattr(self, lang) if lang in LANGS else ""
        return value or self.en
