"""The course as immutable values: units, dialogues, vocabulary, notes and exercises.

Everything here is built by :mod:`lessons.parser` from the Markdown manual (``content/course/*.md``, format in
``content/README.md``). Ids are stable and derived from content, never from positions:

- a unit's id comes from its front matter (``u01-ranks``);
- a vocabulary entry's id is ``<unit id>/<slug of the French term>`` (``u01-ranks/le-caporal``);
- an exercise's id is ``<unit id>#<local id>`` (``u01-ranks#e1``).
"""

from __future__ import annotations

from dataclasses import dataclass

from text.content import ContentError, Text3
from text.french import NOUN_CODES

KINDS: tuple[str, ...] = ("choice", "gap", "order", "reply", "translate")


def _gloss(lang: str, en: str, es: str) -> str:
    """The gloss of course French in an interface language: Spanish for ``es``, English otherwise."""
    return es if lang == "es" and es else en


@dataclass(frozen=True, slots=True)
class DialogueLine:
    speaker: str
    fr: str
    en: str
    es: str
    line: int

    def gloss(self, lang: str) -> str:
        """The English or Spanish gloss of the French line (English for ``fr``)."""
        return _gloss(lang, self.en, self.es)


@dataclass(frozen=True, slots=True)
class Dialogue:
    title: str
    situation: Text3
    lines: tuple[DialogueLine, ...]


@dataclass(frozen=True, slots=True)
class VocabEntry:
    """One row of a unit's vocabulary table. ``english``/``spanish`` keep the ``;``-separated senses."""

    id: str
    french: str
    pos: str
    english: str
    spanish: str
    note: str
    unit_id: str
    line: int

    def gloss(self, lang: str) -> str:
        return _gloss(lang, self.english, self.spanish)

    @property
    def is_noun(self) -> bool:
        return self.pos in NOUN_CODES


@dataclass(frozen=True, slots=True)
class Example:
    fr: str
    en: str
    es: str

    def gloss(self, lang: str) -> str:
        return _gloss(lang, self.en, self.es)


@dataclass(frozen=True, slots=True)
class Note:
    """The grammar point or culture note of a unit; ``body`` is Markdown."""

    title: Text3
    body: Text3
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    local_id: str
    kind: str
    instruction: Text3
    prompt: str
    options: tuple[str, ...]
    answer: str
    accept: tuple[str, ...]
    line: int

    @property
    def accepted_answers(self) -> tuple[str, ...]:
        """The canonical answer first, then the other accepted ones."""
        return (self.answer, *self.accept)


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    number: int
    level: str
    title: Text3
    goals: tuple[Text3, ...]
    dialogues: tuple[Dialogue, ...]
    vocabulary: tuple[VocabEntry, ...]
    grammar: Note
    culture: Note
    exercises: tuple[Exercise, ...]
    path: str
    theme: str = "general"  # the glossary theme of the terms this unit introduces

    @property
    def dialogue_lines(self) -> tuple[DialogueLine, ...]:
        """Every line of every dialogue, in order."""
        return tuple(line for dialogue in self.dialogues for line in dialogue.lines)

    def exercise(self, local_id: str) -> Exercise | None:
        """The exercise with this local id (``e1``), or None."""
        return next((exercise for exercise in self.exercises if exercise.local_id == local_id), None)


@dataclass(frozen=True, slots=True)
class Manual:
    """The whole course: the units that loaded (sorted by number) and the errors of those that did not."""

    units: tuple[Unit, ...] = ()
    errors: tuple[ContentError, ...] = ()

    def unit(self, unit_id: str) -> Unit | None:
        """The unit with this id, or None (also when its file is broken)."""
        return next((unit for unit in self.units if unit.id == unit_id), None)

    @property
    def vocabulary(self) -> tuple[VocabEntry, ...]:
        """Every unit's vocabulary, in course order."""
        return tuple(entry for unit in self.units for entry in unit.vocabulary)

    def exercise(self, exercise_id: str) -> Exercise | None:
        """The exercise with this full id (``u01-ranks#e1``), or None."""
        unit_id, _, local_id = exercise_id.partition("#")
        unit = self.unit(unit_id)
        return unit.exercise(local_id) if unit else None
