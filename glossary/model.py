"""The glossary as immutable values: one entry per sense of a French term.

Entries come from ``content/glossary/*.csv`` (format in ``content/README.md``) and from the units'
vocabulary tables, merged by :func:`glossary.loader.load_glossary`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from text.content import ContentError

THEMES: tuple[str, ...] = (
    "general",
    "numbers-time",
    "alphabet",
    "ranks",
    "organisation",
    "camp",
    "orders",
    "radio",
    "map",
    "weapons",
    "vehicles",
    "checkpoint",
    "patrol",
    "medical",
    "mines",
    "law",
    "civilians",
    "reports",
    "media",
    "un",
    "police",
    "analysis",
)


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One sense of a French term. ``path``/``line`` say where it was written (a CSV row or a unit row)."""

    id: str
    french: str
    pos: str
    english: tuple[str, ...]
    spanish: tuple[str, ...]
    theme: str
    level: str
    expansion: str = ""
    alternatives: tuple[str, ...] = ()
    example: str = ""
    example_en: str = ""
    example_es: str = ""
    notes: str = ""
    related: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    path: str = ""
    line: int = 0

    def gloss(self, lang: str) -> str:
        """The translations in ``lang`` joined by ``"; "`` (Spanish for ``es``, English otherwise)."""
        senses = self.spanish if lang == "es" and self.spanish else self.english
        return "; ".join(senses)

    def example_gloss(self, lang: str) -> str:
        """The translation of the example sentence in ``lang`` (Spanish for ``es``, English otherwise)."""
        return self.example_es if lang == "es" and self.example_es else self.example_en

    @property
    def is_abbreviation(self) -> bool:
        """An abbreviation carries its full French form in ``expansion``."""
        return bool(self.expansion)


@dataclass(frozen=True, slots=True)
class Glossary:
    """The valid entries (CSV rows first, in file order, then terms found only in units) and the errors."""

    entries: tuple[GlossaryEntry, ...] = ()
    errors: tuple[ContentError, ...] = ()
    _by_id: dict[str, GlossaryEntry] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {entry.id: entry for entry in self.entries})

    def get(self, entry_id: str) -> GlossaryEntry | None:
        """The entry with this id, or None."""
        return self._by_id.get(entry_id)

    def by_theme(self, theme: str) -> tuple[GlossaryEntry, ...]:
        return tuple(entry for entry in self.entries if entry.theme == theme)

    @property
    def themes(self) -> tuple[str, ...]:
        """The themes that have entries, in the order of :data:`THEMES`."""
        present = {entry.theme for entry in self.entries}
        return tuple(theme for theme in THEMES if theme in present)
