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

#: The kinds of issue #13 that the format calls open (listening, speaking, forms, reports, role-play).
OPEN_KINDS: tuple[str, ...] = ("dictation", "radio", "speaking", "form", "report", "roleplay")
#: The kinds added by issue #13 (the format is in content/README.md).
NEW_KINDS: tuple[str, ...] = (*OPEN_KINDS, "spot")
KINDS: tuple[str, ...] = ("choice", "gap", "order", "reply", "translate", *NEW_KINDS)
NOISE_LEVELS: tuple[str, ...] = ("low", "medium", "high")
FORM_TYPES: tuple[str, ...] = ("medevac", "contact", "ied", "other")
#: What a compte rendu must say: who, what, where, when, what was done, what is requested.
REPORT_ELEMENTS: tuple[str, ...] = ("who", "what", "where", "when", "done", "request")
OUTCOMES: tuple[str, ...] = ("success", "partial", "fail")


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
class Question:
    """A question on a radio message, or a line of a form: its label (French, English, Spanish) and the
    accepted answers (canonical first)."""

    number: int
    label: Text3
    accepted: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class ReportElement:
    """One thing a compte rendu must say (``who``, ``what``…): one of ``phrases`` must appear in it."""

    name: str
    phrases: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Reply:
    """A French reply the learner can pick at a role-play node, and the node it leads to."""

    text: str
    target: str
    line: int


@dataclass(frozen=True, slots=True)
class RoleNode:
    """A step of a role-play: what happens (French, with English and Spanish), then the replies; an end
    node has an ``outcome`` (success, partial, fail) and no replies."""

    id: str
    text: Text3
    replies: tuple[Reply, ...]
    outcome: str
    line: int

    @property
    def is_end(self) -> bool:
        return bool(self.outcome)


@dataclass(frozen=True, slots=True)
class Exercise:
    """A unit exercise. The five first kinds use ``prompt``/``options``/``answer``/``accept``; the kinds of
    issue #13 use the fields after ``line`` too:

    - ``dictation``: ``say`` (heard), ``answer``/``accept`` (``answer`` is ``say`` unless given);
    - ``radio``: ``say``, ``noise`` (low, medium, high), ``questions``;
    - ``speaking``: ``prompt`` (optional), ``say`` (the model line; also in ``answer``);
    - ``form``: ``form`` (medevac, contact, ied, other), ``scenario``, ``fields``;
    - ``report``: ``scenario``, ``elements``, ``model``;
    - ``roleplay``: ``start``, ``nodes``;
    - ``spot``: ``prompt`` (the message), ``error`` (a part of it), ``answer`` (its correction, may be
      empty), ``why``.
    """

    id: str
    local_id: str
    kind: str
    instruction: Text3
    prompt: str
    options: tuple[str, ...]
    answer: str
    accept: tuple[str, ...]
    line: int
    say: str = ""
    noise: str = ""
    questions: tuple[Question, ...] = ()
    form: str = ""
    scenario: Text3 | None = None
    fields: tuple[Question, ...] = ()
    elements: tuple[ReportElement, ...] = ()
    model: str = ""
    start: str = ""
    nodes: tuple[RoleNode, ...] = ()
    error: str = ""
    why: Text3 | None = None

    @property
    def accepted_answers(self) -> tuple[str, ...]:
        """The canonical answer first, then the other accepted ones."""
        return (self.answer, *self.accept)

    @property
    def is_open(self) -> bool:
        """An exercise answered by more than one typed answer, a text, a path or a recording."""
        return self.kind in OPEN_KINDS

    def node(self, node_id: str) -> RoleNode | None:
        """The role-play node with this id, or None."""
        return next((node for node in self.nodes if node.id == node_id), None)


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
