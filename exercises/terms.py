"""The other French terms of the course, indexed once so the grader can refuse "another real word"."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from exercises.answer_forms import make_form
from text.normalise import search_key


class TermIndex:
    """The other French terms of the course, prepared once for grading many answers.

    Each term is indexed by its normalised and folded forms, with and without a leading article, and the
    articles seen with each noun are remembered (they give its gender and number). Build one per glossary
    load and pass it as ``known_terms``; plain collections are indexed (and cached) on the fly.
    """

    __slots__ = ("_articles", "_by_folded", "_by_norm", "_choices", "_terms")

    def __init__(self, terms: Iterable[str]) -> None:
        unique = dict.fromkeys(term for term in terms if isinstance(term, str) and term.strip())
        self._terms: tuple[str, ...] = tuple(unique)
        self._by_norm: dict[str, str] = {}
        self._by_folded: dict[str, str] = {}
        self._articles: dict[str, set[str]] = {}
        for term in self._terms:
            form = make_form(term, display=False)
            if not form.norm:
                continue
            for key in (form.norm, form.noun_norm):
                self._by_norm.setdefault(key, term)
            for key in (form.folded, form.noun_folded):
                self._by_folded.setdefault(key, term)
            if form.article:
                self._articles.setdefault(form.noun_folded, set()).add(form.article)
        self._choices: tuple[str, ...] = tuple(self._by_folded)

    def __len__(self) -> int:
        return len(self._terms)

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and search_key(text) in self._by_folded

    def __repr__(self) -> str:
        return f"TermIndex({len(self._terms)} terms)"

    @property
    def terms(self) -> tuple[str, ...]:
        return self._terms

    def articles_for(self, noun: str) -> frozenset[str]:
        """The articles the known terms use with ``noun`` (empty when unknown)."""
        return frozenset(self._articles.get(search_key(noun), ()))

    def _term_with_norm(self, norm: str, excluded: frozenset[str]) -> str | None:
        return None if norm in excluded else self._by_norm.get(norm)

    def _term_with_key(self, key: str, excluded: frozenset[str]) -> str | None:
        return None if key in excluded else self._by_folded.get(key)

    def _nearest_other(self, key: str, max_distance: int, excluded: frozenset[str]) -> str | None:
        """A known term (not excluded) within ``max_distance`` of the folded ``key``, nearest first."""
        if not self._choices:
            return None
        matches = process.extract(
            key, self._choices, scorer=OSA.distance, score_cutoff=max_distance, limit=None
        )
        for choice, _distance, _index in matches:
            if choice not in excluded:
                return self._by_folded[choice]
        return None


_EMPTY_INDEX = TermIndex(())


@lru_cache(maxsize=8)
def _index_for(terms: tuple[str, ...]) -> TermIndex:
    return TermIndex(terms)


def as_index(known_terms: Collection[str] | TermIndex) -> TermIndex:
    if isinstance(known_terms, TermIndex):
        return known_terms
    if not known_terms:
        return _EMPTY_INDEX
    if isinstance(known_terms, str):
        known_terms = (known_terms,)
    return _index_for(tuple(known_terms))
