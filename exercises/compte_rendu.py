"""A compte rendu checked for the elements it must contain: who, what, where, when, what was done, what is
requested.

Each element of a ``report`` exercise lists phrases of which one must appear in the learner's text. The
text and the phrases are cut into words (accents, case, apostrophes and hyphens never matter: «l'infirmier»
gives «l» «infirmier», «pick-up» gives «pick» «up»); a phrase is found when

- its words appear in a row, or its letters do with spaces left out or one added (``14h30`` for
  «14 h 30», ``pickup`` for «pick-up»), or
- its words appear in a row with small typos: per word, none up to 4 letters, 1 up to 8, 2 beyond, and a
  word with a digit never differs («14 h 20» is not «14 h 30»).

Pure and quick (about a millisecond for a few sentences): no known-word check, no Streamlit, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from lessons.model import Exercise
from text.normalise import search_key

__all__ = ["MAX_REPORT_CHARS", "ElementCheck", "ReportGrade", "grade_report", "report_words"]

MAX_REPORT_CHARS = 4000  # a compte rendu of 3–5 sentences is a few hundred characters
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class ElementCheck:
    """One element of the compte rendu: found or not, which phrase, and the learner's words for it."""

    name: str  # who, what, where, when, done, request
    found: bool
    phrase: str = ""  # the phrase of the content that was found
    written: str = ""  # the learner's words that matched it, as typed
    exact: bool = False  # False when found with a slip (or not found)
    expected: tuple[str, ...] = ()  # the phrases that would do


@dataclass(frozen=True, slots=True)
class ReportGrade:
    elements: tuple[ElementCheck, ...]
    empty: bool

    @property
    def found(self) -> int:
        return sum(1 for element in self.elements if element.found)

    @property
    def correct(self) -> bool:
        return not self.empty and all(element.found for element in self.elements)

    @property
    def score(self) -> float:
        return self.found / len(self.elements) if self.elements else 0.0


def report_words(text: str) -> list[tuple[str, str]]:
    """The words of ``text`` as (comparison key, as typed)."""
    words = []
    for match in _WORD.finditer(text):
        key = search_key(match.group())
        for part in _WORD.findall(key):  # folding may split a word («œ» stays one, «ﬁ» becomes «fi»)
            words.append((part, match.group()))
    return words


def _budget(word: str) -> int:
    if any(character.isdigit() for character in word):
        return 0
    if len(word) <= 4:
        return 0
    if len(word) <= 8:
        return 1
    return 2


def _find(phrase: list[str], text: list[tuple[str, str]]) -> tuple[str, bool] | None:
    """(the learner's words, exact) for the first place ``phrase`` appears in ``text``, or None."""
    size = len(phrase)
    joined = "".join(phrase)
    keys = [key for key, _ in text]
    for width in (size, *range(1, size), size + 1):  # the words as they are, or spaces more or less
        for start in range(len(keys) - width + 1):
            window = keys[start : start + width]
            if window == phrase or (width != size and "".join(window) == joined):
                return " ".join(typed for _, typed in text[start : start + width]), True
    for start in range(len(keys) - size + 1):
        window = keys[start : start + size]
        if all(
            given == wanted or OSA.distance(given, wanted, score_cutoff=_budget(wanted)) <= _budget(wanted)
            for given, wanted in zip(window, phrase, strict=True)
        ):
            return " ".join(typed for _, typed in text[start : start + size]), False
    return None


def grade_report(exercise: Exercise, text: str) -> ReportGrade:
    """Which elements of ``exercise`` the compte rendu ``text`` contains (text beyond
    :data:`MAX_REPORT_CHARS` is not read)."""
    words = report_words(text[:MAX_REPORT_CHARS] if isinstance(text, str) else "")
    checks = []
    for element in exercise.elements:
        found = None
        for phrase in element.phrases:
            phrase_words = [key for key, _ in report_words(phrase)]
            if not phrase_words:
                continue
            match = _find(phrase_words, words)
            if match is not None and (found is None or (match[1] and not found[2])):
                found = (phrase, *match)
                if match[1]:
                    break
        if found is None:
            checks.append(ElementCheck(element.name, False, expected=element.phrases))
        else:
            phrase, written, exact = found
            checks.append(ElementCheck(element.name, True, phrase, written, exact, element.phrases))
    return ReportGrade(tuple(checks), empty=not words)
