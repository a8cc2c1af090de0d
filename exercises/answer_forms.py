"""Answers and accepted forms prepared for comparison: normalised, folded, split from their article.

Shared by the grader (:mod:`exercises.grading`) and the index of known terms (:mod:`exercises.terms`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text.french import ELIDED_ARTICLE, split_article
from text.normalise import normalise, search_key

BARE_NOUN_MAX_WORDS = 4  # longer accepted forms are sentences: their first word is not an article to drop
_SENTENCE_PUNCTUATION = re.compile(r"[?!.,;:]")
_WORD_SEPARATORS = re.compile(r"[\s'\-]+")
_INFLECTION_ENDINGS = frozenset({"s", "x", "e", "es"})
VOWELS = frozenset("aeiou")

# (gender, number) of each article; None = either gender.
ARTICLE_FEATURES: dict[str, tuple[str | None, str]] = {
    "le": ("m", "s"),
    "un": ("m", "s"),
    "la": ("f", "s"),
    "une": ("f", "s"),
    "l'": (None, "s"),
    "les": (None, "p"),
    "des": (None, "p"),
}


@dataclass(frozen=True, slots=True)
class AnswerForm:
    text: str  # as written
    norm: str  # normalise(text)
    shown: str  # normalise(text, keep_case=True) when it aligns with norm, else norm
    folded: str  # search_key(text)
    article: str | None  # "le", "la", "l'", "les", "un", "une", "des" or None
    noun_norm: str  # norm without the article (norm itself when there is none)
    noun_folded: str
    short: bool  # a noun phrase (≤ 4 words, no sentence punctuation): its article may be left out or added

    @property
    def prefix_len(self) -> int:
        return len(self.norm) - len(self.noun_norm)


def make_form(text: str, display: bool = True) -> AnswerForm:
    norm = normalise(text)
    shown = normalise(text, keep_case=True) if display else norm
    if len(shown) != len(norm):
        shown = norm
    article, noun = split_article(norm)
    folded = search_key(norm)
    noun_folded = search_key(noun) if article else folded
    short = len(noun.split()) <= BARE_NOUN_MAX_WORDS and not _SENTENCE_PUNCTUATION.search(noun)
    return AnswerForm(text, norm, shown, folded, article, noun, noun_folded, short)


prepared_form = lru_cache(maxsize=8192)(make_form)


def words_of(text: str) -> list[str]:
    return [word for word in _WORD_SEPARATORS.split(text) if word]


def is_inflection(word: str, other: str) -> bool:
    """«vingt» / «vingts», «blessé» / «blessée»: the same word with a plural or feminine ending."""
    shorter, longer = sorted((word, other), key=len)
    return longer.startswith(shorter) and longer[len(shorter) :] in _INFLECTION_ENDINGS


def articles_agree(first: str, second: str) -> bool:
    gender_1, number_1 = ARTICLE_FEATURES[first]
    gender_2, number_2 = ARTICLE_FEATURES[second]
    return number_1 == number_2 and (gender_1 is None or gender_2 is None or gender_1 == gender_2)


def elision_ok(article: str, noun_folded: str) -> bool:
    """«le adjudant» and «l'section» are wrong whatever the gender; h is left alone (aspirate or not)."""
    first = noun_folded[:1]
    if article in ("le", "la"):
        return first not in VOWELS
    if article == ELIDED_ARTICLE:
        return first in VOWELS or first == "h"
    return True
