"""Everything the app reads from ``content/``, loaded once: the manual, the glossary and the term index the
grader uses to refuse "another real word" as a typo."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path

from exercises.quiz_catalog import build_quiz
from exercises.quizzes import Quiz
from exercises.terms import TermIndex
from glossary.loader import load_glossary, same_french, split_senses
from glossary.model import Glossary, GlossaryEntry
from lessons.model import Manual, VocabEntry
from lessons.parser import load_manual
from text.content import ContentError

QUIZ_CACHE_SIZE = 64  # quizzes drawn (id × seed) kept built: one per learner taking a quiz right now


@dataclass(frozen=True)
class ContentLibrary:
    manual: Manual
    glossary: Glossary
    terms: TermIndex
    _quizzes: OrderedDict = field(default_factory=OrderedDict, compare=False, repr=False)
    _quiz_lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def quiz(self, quiz_id: str, seed: int, time_limit_s: int | None = None) -> Quiz:
        """The quiz ``quiz_id`` as drawn with ``seed``, built once and kept (building the final assessment
        costs about half a second; a page asks for it on every rerun, and the service to grade each answer).

        Raises KeyError for an unknown quiz id."""
        key = (quiz_id, seed, time_limit_s)
        with self._quiz_lock:
            quiz = self._quizzes.get(key)
            if quiz is not None:
                self._quizzes.move_to_end(key)
                return quiz
        quiz = build_quiz(self.manual, quiz_id, seed, time_limit_s)  # outside the lock: others may read
        with self._quiz_lock:
            self._quizzes[key] = quiz
            while len(self._quizzes) > QUIZ_CACHE_SIZE:
                self._quizzes.popitem(last=False)
        return quiz

    @property
    def errors(self) -> tuple[ContentError, ...]:
        return (*self.manual.errors, *self.glossary.errors)

    def describe(self, item_id: str) -> str:
        """A short French label for an item id found in progress data: a glossary entry (``rank-caporal``),
        a unit exercise or quiz question (``u01-ranks#e3``, ``u01-ranks/le-caporal:fr>gloss``) or a skill."""
        entry = self.glossary.get(item_id)
        if entry is not None:
            return entry.french
        exercise = self.manual.exercise(item_id.partition(":")[0] if "#" in item_id else item_id)
        if exercise is not None:  # a form's line in a quiz is ``u22-medevac#e14:f3``
            return exercise.prompt or exercise.answer or exercise.say or exercise.instruction.fr
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


def _from_unit(vocab: VocabEntry, level: str, theme: str, path: str) -> GlossaryEntry:
    return GlossaryEntry(
        id=vocab.id,
        french=vocab.french,
        pos=vocab.pos,
        english=split_senses(vocab.english),
        spanish=split_senses(vocab.spanish),
        theme=theme,
        level=level,
        notes=vocab.note,
        units=(vocab.unit_id,),
        path=path,
        line=vocab.line,
    )


def merge_unit_vocabulary(glossary: Glossary, manual: Manual) -> Glossary:
    """The glossary with every unit's vocabulary merged in.

    A unit term with the same French and category as a glossary entry is that entry (the unit id is added
    to its ``units``; when several senses share the French and category, the unit joins the first one that
    shares an English translation with it, or else the first one). Any other unit term becomes a new entry
    whose id is the vocabulary id (``u01-ranks/le-caporal``), filed under the unit's ``theme``.
    """
    merged = list(glossary.entries)
    index: dict[tuple[str, str], list[int]] = {}
    for position, entry in enumerate(merged):
        index.setdefault((same_french(entry.french), entry.pos), []).append(position)
    for unit in manual.units:
        for vocab in unit.vocabulary:
            key = (same_french(vocab.french), vocab.pos)
            candidates = index.get(key)
            if not candidates:
                index[key] = [len(merged)]
                merged.append(_from_unit(vocab, unit.level, unit.theme, unit.path))
                continue
            english = {sense.casefold() for sense in split_senses(vocab.english)}
            target = next(
                (i for i in candidates if english & {sense.casefold() for sense in merged[i].english}),
                candidates[0],
            )
            if unit.id not in merged[target].units:
                merged[target] = replace(merged[target], units=(*merged[target].units, unit.id))
    return Glossary(tuple(merged), glossary.errors)


def load_course_and_glossary(content_dir: Path) -> tuple[Manual, Glossary]:
    """The manual and the glossary with the units' vocabulary merged in."""
    manual = load_manual(content_dir)
    return manual, merge_unit_vocabulary(load_glossary(content_dir), manual)


def load_library(content_dir: Path) -> ContentLibrary:
    manual, glossary = load_course_and_glossary(content_dir)
    terms: list[str] = []
    for entry in glossary.entries:
        terms.append(entry.french)
        terms.extend(entry.alternatives)
    terms.extend(vocab.french for vocab in manual.vocabulary)
    return ContentLibrary(manual, glossary, TermIndex(terms))
