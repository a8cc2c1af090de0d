"""Everything the app reads from ``content/``, loaded once: the manual, the glossary and the term index the
grader uses to refuse "another real word" as a typo."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from exercises.grading import TermIndex
from glossary.loader import load_glossary
from glossary.model import Glossary
from lessons.model import Manual
from lessons.parser import load_manual
from text.content import ContentError


@dataclass(frozen=True)
class ContentLibrary:
    manual: Manual
    glossary: Glossary
    terms: TermIndex

    @property
    def errors(self) -> tuple[ContentError, ...]:
        return (*self.manual.errors, *self.glossary.errors)

    def describe(self, item_id: str) -> str:
        """A short French label for an item id found in progress data: a glossary entry (``rank-caporal``),
        a unit exercise or quiz question (``u01-ranks#e3``, ``u01-ranks/le-caporal:fr>gloss``) or a skill."""
        entry = self.glossary.get(item_id)
        if entry is not None:
            return entry.french
        exercise = self.manual.exercise(item_id)
        if exercise is not None:
            return exercise.prompt or exercise.answer
        unit_id, separator, rest = item_id.partition("/")
        if separator:
            vocab_id = f"{unit_id}/{rest.split(':', 1)[0]}"
            unit = self.manual.unit(unit_id)
            for vocab in unit.vocabulary if unit else ():
                if vocab.id == vocab_id:
                    return vocab.french
        return item_id


def content_signature(content_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the content files: a change means reload."""
    files = sorted([*content_dir.glob("course/*.md"), *content_dir.glob("glossary/*.csv")])
    signature = []
    for path in files:
        stat = path.stat()
        signature.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(signature)


def load_library(content_dir: Path) -> ContentLibrary:
    manual = load_manual(content_dir)
    glossary = load_glossary(content_dir, manual)
    terms: list[str] = []
    for entry in glossary.entries:
        terms.append(entry.french)
        terms.extend(entry.alternatives)
    terms.extend(vocab.french for vocab in manual.vocabulary)
    return ContentLibrary(manual, glossary, TermIndex(terms))
