"""Full-text search over every paragraph of the strategic-analysis corpus, in French and in the gloss
languages, tolerant of missing accents and small typos, ranked.

The index is built once (:class:`AnalysisSearchIndex`); a query then costs a few dictionary look-ups and
one :mod:`rapidfuzz` pass over the vocabulary (a few thousand words). Words are compared under
:func:`text.normalise.search_key` (case, accents, ligatures and apostrophes do not matter).

Ranking, best first:

1. the query's words as an **exact phrase** (consecutive, in order);
2. **all the words** of the query, anywhere in the paragraph (a word may be the start of a longer one:
   «présupp» finds «présuppositions»);
3. all the words, some of them only **fuzzily** (one slip in a word of 4 to 7 letters, two from 8 on;
   swapped letters count as one slip; the first letter must be right; an acronym typed in capitals is
   never matched fuzzily: «FFOM» does not find «from»).

Inside a tier, a paragraph whose heading also holds the words, or whose document title does, comes first
(headings and titles weigh more), then a paragraph that holds the words more often. Small words (articles,
prepositions) are not needed for tiers 2 and 3 unless the query has nothing else.

Each hit names the document, the paragraph and the language, and gives the **highlight spans** as
``(start, end)`` offsets into the ORIGINAL paragraph text in that language (and into the French heading),
so a page can show the hit highlighted by slicing the text, without rendering any HTML.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from analysis.model import AnalysisCorpus, AnalysisDocument, Paragraph
from text.content import LANGS
from text.normalise import search_key

__all__ = ["AnalysisSearchIndex", "SearchHit", "Span", "highlight_parts"]

Span = tuple[int, int]

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
MIN_PREFIX = 3
TIER_PHRASE, TIER_WORDS, TIER_FUZZY = 3, 2, 1
_TIER_NAMES = {TIER_PHRASE: "phrase", TIER_WORDS: "words", TIER_FUZZY: "fuzzy"}
HEADING_BONUS = 30.0
TITLE_BONUS = 15.0

_WORD = re.compile(r"[^\W_]+")
# Words that carry no meaning alone (French, English, Spanish); never needed outside an exact phrase.
SMALL_WORDS = frozenset(
    (
        "l d j n s c qu le la les un une des de du au aux a et ou en par pour sur dans que qui ne pas se sa "
        "son ses ce cet cette est sont the of an and or to in on for by is are it its this that with as at "
        "el los las del y o que un una unos unas por para con se su sus es al lo"
    ).split()
)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching paragraph in one language.

    ``spans`` are offsets into ``text`` (the paragraph in ``lang``, exactly as stored), ``heading_spans``
    into the paragraph's French ``heading``. ``match`` is ``"phrase"``, ``"words"`` or ``"fuzzy"``."""

    document_id: str
    paragraph_id: str
    lang: str
    score: float
    match: str
    text: str
    spans: tuple[Span, ...]
    heading: str = ""
    heading_spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class _Tokens:
    keys: tuple[str, ...]
    spans: tuple[Span, ...]
    positions: dict[str, tuple[int, ...]]


# Building the index folds the same words again and again: remember them.
_word_key = functools.lru_cache(maxsize=65_536)(search_key)


def _tokens(text: str) -> _Tokens:
    keys: list[str] = []
    spans: list[Span] = []
    positions: dict[str, list[int]] = defaultdict(list)
    for match in _WORD.finditer(text):
        key = _word_key(match.group())
        if not key:
            continue
        positions[key].append(len(keys))
        keys.append(key)
        spans.append(match.span())
    return _Tokens(tuple(keys), tuple(spans), {key: tuple(found) for key, found in positions.items()})


@dataclass(frozen=True, slots=True)
class _Entry:
    document: AnalysisDocument
    paragraph: Paragraph
    lang: str
    order: int
    text: str
    body: _Tokens
    heading: _Tokens  # French heading, for French entries only
    title: frozenset[str]


def highlight_parts(text: str, spans: Iterable[Span]) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, highlighted)`` parts along ``spans`` — what a page needs to show a hit
    with the matching words marked, escaping each piece itself."""
    parts: list[tuple[str, bool]] = []
    position = 0
    for start, end in sorted(spans):
        start = max(start, position)
        if end <= start:
            continue
        if start > position:
            parts.append((text[position:start], False))
        parts.append((text[start:end], True))
        position = end
    if position < len(text):
        parts.append((text[position:], False))
    return parts


def _allowed_slips(word: str) -> int:
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


class AnalysisSearchIndex:
    """The search index of a corpus (every paragraph of every chapter, worked example and case, in the
    three languages). Build it once; :meth:`search` is then cheap."""

    def __init__(self, corpus: AnalysisCorpus) -> None:
        self._entries: list[_Entry] = []
        postings: dict[str, set[int]] = defaultdict(set)
        order = 0
        for document in corpus.documents:
            titles = {lang: frozenset(_tokens(document.title.get(lang)).keys) for lang in LANGS}
            for paragraph in document.all_paragraphs:
                heading = _tokens(paragraph.heading)
                for lang in LANGS:
                    text = getattr(paragraph.text, lang)
                    if not text:
                        continue
                    entry = _Entry(
                        document,
                        paragraph,
                        lang,
                        order,
                        text,
                        _tokens(text),
                        heading if lang == "fr" else _tokens(""),
                        titles[lang],
                    )
                    index = len(self._entries)
                    self._entries.append(entry)
                    for key in (*entry.body.keys, *entry.heading.keys):
                        postings[key].add(index)
                order += 1
        self._postings = {key: frozenset(found) for key, found in postings.items()}
        self._vocabulary = sorted(self._postings)

    def __len__(self) -> int:
        return len(self._entries)

    # --- matching one query word ---

    def _candidates(self, word: str, *, fuzzy: bool = True) -> dict[str, float]:
        """Vocabulary words that ``word`` may stand for, each with its quality (1 exact, 0.9 prefix,
        0.6 fuzzy)."""
        found: dict[str, float] = {}
        if word in self._postings:
            found[word] = 1.0
        if len(word) >= MIN_PREFIX:
            start = bisect.bisect_left(self._vocabulary, word)
            for candidate in self._vocabulary[start:]:
                if not candidate.startswith(word):
                    break
                found.setdefault(candidate, 0.9)
        slips = _allowed_slips(word) if fuzzy else 0
        if slips:
            for candidate, _distance, _ in process.extract(
                word, self._vocabulary, scorer=OSA.distance, score_cutoff=slips, limit=None
            ):
                if abs(len(candidate) - len(word)) <= slips and candidate[:1] == word[:1]:
                    found.setdefault(candidate, 0.6)
        return found

    # --- the query ---

    def search(
        self,
        query: str,
        *,
        langs: Iterable[str] | None = None,
        document_ids: Iterable[str] | None = None,
        limit: int = 20,
        one_per_paragraph: bool = True,
    ) -> list[SearchHit]:
        """The best hits for ``query``, best first (at most ``limit``).

        ``langs`` restricts the languages searched (default: all three); ``document_ids`` the documents.
        With ``one_per_paragraph`` (the default) a paragraph appears once, in the language where it
        matched best (French first on a tie). An empty or blank query returns no hit."""
        typed = [match.group() for match in _WORD.finditer(query[:MAX_QUERY_CHARS])]
        pairs = [(search_key(raw), raw) for raw in typed]
        pairs = [(word, raw) for word, raw in pairs if word][:MAX_QUERY_WORDS]
        if not pairs:
            return []
        words = [word for word, _ in pairs]
        # An acronym typed in capitals (FFOM, DDR) is matched exactly or as a prefix, never fuzzily.
        acronyms = {word for word, raw in pairs if len(raw) >= 2 and raw.isupper()}
        wanted_langs = frozenset(langs) if langs is not None else frozenset(LANGS)
        wanted_docs = frozenset(document_ids) if document_ids is not None else None
        needed = [word for word in words if word not in SMALL_WORDS] or words
        candidates = {
            word: self._candidates(word, fuzzy=word not in acronyms) for word in dict.fromkeys(needed)
        }
        if any(not found for found in candidates.values()):
            return []
        # Entries that hold every needed word (or a stand-in for it).
        matching: frozenset[int] | None = None
        for found in candidates.values():
            entries: set[int] = set()
            for candidate in found:
                entries |= self._postings[candidate]
            matching = frozenset(entries) if matching is None else matching & entries
            if not matching:
                return []
        hits: list[tuple[int, SearchHit]] = []
        for index in matching or ():
            entry = self._entries[index]
            if entry.lang not in wanted_langs or (
                wanted_docs is not None and entry.document.id not in wanted_docs
            ):
                continue
            hit = self._score(entry, words, candidates)
            if hit is not None:
                hits.append((entry.order, hit))
        hits.sort(key=lambda item: (-item[1].score, item[0], _LANG_ORDER[item[1].lang]))
        results: list[SearchHit] = []
        seen: set[tuple[str, str]] = set()
        for _, hit in hits:
            key = (hit.document_id, hit.paragraph_id)
            if one_per_paragraph and key in seen:
                continue
            seen.add(key)
            results.append(hit)
            if len(results) >= limit:
                break
        return results

    def _score(
        self, entry: _Entry, words: list[str], candidates: dict[str, dict[str, float]]
    ) -> SearchHit | None:
        body, heading = entry.body, entry.heading
        phrase_spans = _phrase(body, words)
        heading_phrase = _phrase(heading, words)
        spans: list[Span] = []
        heading_spans: list[Span] = []
        qualities: list[float] = []
        occurrences = 0
        in_heading = 0
        for found in candidates.values():
            best = 0.0
            for candidate, quality in found.items():
                body_positions = body.positions.get(candidate, ())
                heading_positions = heading.positions.get(candidate, ())
                if body_positions or heading_positions:
                    best = max(best, quality)
                    spans.extend(body.spans[i] for i in body_positions)
                    heading_spans.extend(heading.spans[i] for i in heading_positions)
                    occurrences += len(body_positions)
                    if heading_positions:
                        in_heading += 1
            if not best:
                return None  # this language's text lacks the word (another language matched)
            qualities.append(best)
        if phrase_spans or heading_phrase:
            tier = TIER_PHRASE
            if phrase_spans:
                spans = phrase_spans
            if heading_phrase:
                heading_spans = heading_phrase
        elif min(qualities) >= 0.9:
            tier = TIER_WORDS
        else:
            tier = TIER_FUZZY
        quality = sum(qualities) / len(qualities)
        score = tier * 100.0 + quality * 20.0 + min(occurrences, 10)
        if heading_phrase or in_heading == len(candidates):
            score += HEADING_BONUS
        elif in_heading:
            score += HEADING_BONUS * in_heading / len(candidates) / 2
        if all(any(candidate in entry.title for candidate in found) for found in candidates.values()):
            score += TITLE_BONUS
        return SearchHit(
            document_id=entry.document.id,
            paragraph_id=entry.paragraph.id,
            lang=entry.lang,
            score=round(score, 3),
            match=_TIER_NAMES[tier],
            text=entry.text,
            spans=_merged(spans),
            heading=entry.paragraph.heading if entry.lang == "fr" else "",
            heading_spans=_merged(heading_spans),
        )


_LANG_ORDER = {"fr": 0, "en": 1, "es": 2}


def _phrase(tokens: _Tokens, words: list[str]) -> list[Span]:
    """The spans of every occurrence of ``words`` as consecutive tokens (one span each)."""
    if len(words) < 2:
        return []
    found: list[Span] = []
    keys = tokens.keys
    size = len(words)
    for start in tokens.positions.get(words[0], ()):
        if tuple(keys[start : start + size]) == tuple(words):
            found.append((tokens.spans[start][0], tokens.spans[start + size - 1][1]))
    return found


def _merged(spans: Iterable[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
