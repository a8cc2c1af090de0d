"""The strategic-analysis content as immutable values: chapters of Parlez's method, case studies, their
paragraphs, key terms, worksheet definitions and quizzes.

Built by :mod:`analysis.loader` from ``content/analysis/chapters/*.md`` and ``content/analysis/cases/*.md``.
Ids are stable and come from the content, never from positions:

- a document's id comes from its front matter (``a01-question``, ``tassandie``);
- a paragraph's id is local to its document (``p1`` in the text, ``x1`` in the worked example, ``c1`` in a
  case); the pair (document id, paragraph id) names it everywhere (search hits, reading progress);
- a quiz exercise's id is ``<document id>#<local id>`` (``a01-question#q1``), like a unit exercise's;
- a worksheet's id is unique across the corpus (``w01-presuppositions``).
"""

from __future__ import annotations

from dataclasses import dataclass

from lessons.model import Exercise
from text.content import ContentError, Text3

DOCUMENT_KINDS: tuple[str, ...] = ("chapter", "case")
WORKSHEET_KINDS: tuple[str, ...] = ("sections", "table", "grid", "swot", "weighted")
SWOT_KEYS: tuple[str, ...] = ("strengths", "weaknesses", "opportunities", "threats", "so", "st", "wo", "wt")
MIN_WEIGHT, MAX_WEIGHT = 1, 5
MIN_SCORE, MAX_SCORE = 1, 5

SECTION_TEXT = "text"
SECTION_EXAMPLE = "example"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph: its French text with the English and Spanish versions.

    ``heading`` is the optional French heading of the block (``### p1 · Pourquoi … ?``), ``section`` says
    whether it belongs to the text (``"text"``) or to the worked example (``"example"``)."""

    id: str
    heading: str
    text: Text3
    line: int
    section: str = SECTION_TEXT


@dataclass(frozen=True, slots=True)
class WorksheetField:
    """One row of a worksheet definition's table: a section, a column, a grid row or column, a SWOT box
    or a default criterion (``weight`` is set only for the criteria of a ``weighted`` worksheet)."""

    key: str
    label: Text3
    line: int
    weight: int | None = None


@dataclass(frozen=True, slots=True)
class WorksheetDefinition:
    """A worksheet as the content defines it. What the rows mean depends on ``kind``:

    - ``sections``: every field is a free-text section;
    - ``table``: every field is a column of a table the learner fills row by row;
    - ``grid``: fields ``row.…`` are the rows, ``col.…`` the columns, each cell free text;
    - ``swot``: the fields are :data:`SWOT_KEYS` (the four boxes, then the four crossings);
    - ``weighted``: the fields ``crit.…`` are the default criteria, each with a weight 1–5.
    """

    id: str
    kind: str
    title: Text3
    help: Text3
    fields: tuple[WorksheetField, ...]
    document_id: str
    line: int

    def field(self, key: str) -> WorksheetField | None:
        return next((field for field in self.fields if field.key == key), None)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(field.key for field in self.fields)

    @property
    def rows(self) -> tuple[WorksheetField, ...]:
        """The rows of a grid (fields whose key starts with ``row.``)."""
        return tuple(field for field in self.fields if field.key.startswith("row."))

    @property
    def cols(self) -> tuple[WorksheetField, ...]:
        """The columns of a grid (``col.…``) — or, for a ``table`` worksheet, every field."""
        if self.kind == "table":
            return self.fields
        return tuple(field for field in self.fields if field.key.startswith("col."))

    @property
    def criteria(self) -> tuple[WorksheetField, ...]:
        """The default criteria of a weighted worksheet (``crit.…``, each with its weight)."""
        return tuple(field for field in self.fields if field.key.startswith("crit."))

    @property
    def cells(self) -> tuple[str, ...]:
        """The answer keys of a grid: ``"row.x|col.y"`` for every row and column, row by row."""
        return tuple(f"{row.key}|{col.key}" for row in self.rows for col in self.cols)


@dataclass(frozen=True, slots=True)
class AnalysisDocument:
    """A chapter of the method (``kind="chapter"``) or a case study (``kind="case"``).

    A chapter has all the parts; a case has its text and may have the others (empty when absent).
    ``number`` orders the chapters (0 for a case that gives none)."""

    id: str
    kind: str
    number: int
    level: str
    title: Text3
    paragraphs: tuple[Paragraph, ...]
    worked_example: tuple[Paragraph, ...]
    key_terms: tuple[str, ...]
    worksheet: WorksheetDefinition | None
    quiz: tuple[Exercise, ...]
    path: str

    @property
    def all_paragraphs(self) -> tuple[Paragraph, ...]:
        """The text's paragraphs, then the worked example's, in reading order."""
        return self.paragraphs + self.worked_example

    def paragraph(self, paragraph_id: str) -> Paragraph | None:
        return next((p for p in self.all_paragraphs if p.id == paragraph_id), None)

    def exercise(self, local_id: str) -> Exercise | None:
        return next((exercise for exercise in self.quiz if exercise.local_id == local_id), None)


Chapter = AnalysisDocument
Case = AnalysisDocument


@dataclass(frozen=True, slots=True)
class AnalysisCorpus:
    """Every chapter (sorted by number) and case (sorted by id) that loaded, and the errors of the files
    that did not (a broken file is left out; the others serve)."""

    chapters: tuple[AnalysisDocument, ...] = ()
    cases: tuple[AnalysisDocument, ...] = ()
    errors: tuple[ContentError, ...] = ()

    @property
    def documents(self) -> tuple[AnalysisDocument, ...]:
        """Chapters first (by number), then cases."""
        return self.chapters + self.cases

    def document(self, document_id: str) -> AnalysisDocument | None:
        return next((doc for doc in self.documents if doc.id == document_id), None)

    def chapter(self, chapter_id: str) -> AnalysisDocument | None:
        return next((doc for doc in self.chapters if doc.id == chapter_id), None)

    def case(self, case_id: str) -> AnalysisDocument | None:
        return next((doc for doc in self.cases if doc.id == case_id), None)

    @property
    def worksheets(self) -> tuple[WorksheetDefinition, ...]:
        return tuple(doc.worksheet for doc in self.documents if doc.worksheet is not None)

    def worksheet(self, worksheet_id: str) -> WorksheetDefinition | None:
        return next((sheet for sheet in self.worksheets if sheet.id == worksheet_id), None)

    def exercise(self, exercise_id: str) -> Exercise | None:
        """The quiz exercise with this full id (``a01-question#q1``), or None."""
        document_id, _, local_id = exercise_id.partition("#")
        document = self.document(document_id)
        return document.exercise(local_id) if document else None

    @property
    def key_terms(self) -> tuple[str, ...]:
        """Every distinct key term, in the order the chapters first give them."""
        return tuple(dict.fromkeys(term for doc in self.documents for term in doc.key_terms))
