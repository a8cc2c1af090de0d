"""Search the glossary as the learner types: French, English or Spanish, accents and typos forgiven.

    index = SearchIndex(glossary.entries)   # once (cache it: st.cache_resource)
    index.search("capor")                   # [SearchHit(<le caporal>, 96.43, "french", "le caporal"), …]
    index.search("", themes=("ranks",))     # browsing: the theme's entries in glossary order
    index.related(entry)                    # its ``related`` entries, then same-theme neighbours

Every text an entry can be found by is folded once with :func:`text.normalise.search_key` (case,
accents, apostrophes, spacing) into *keys*: the French term with and without its article, its
alternatives, the expansion of an abbreviation, the English and Spanish senses (with and without a
leading "the"/"to"/"el"/"la"…). An abbreviation's entry is found by its expansion, and an entry whose
French is the expansion of an abbreviation is found by that abbreviation («ONU» ↔ «Organisation des
Nations Unies»).

A query is folded the same way and scored against the keys in tiers (0–100):

* 100 — the query is a whole key;
* 90–99 — a key starts with the query (the more of the key it covers, the higher: «capor» puts
  «caporal» above «caporal-chef»);
* 80–89 — a later word of a key starts with the query («nations» in «Organisation des Nations Unies»);
* up to 90 × ``fuzz.ratio`` — a key close to the query (typos: «sergant» → «sergent» ≈ 77); and up to
  80 × ratio for a single word of a key («sanitare» → «évacuation sanitaire»).

``fuzz.ratio`` (normalised Indel similarity) is used, never WRatio or partial_ratio, which would rate
«caporal-chef» as high as «caporal» for the query «caporal». Ties go to the French term, then
abbreviations/expansions, alternatives, the interface language's translation, the other translation, and
finally to glossary order. Queries are capped (:data:`MAX_QUERY_CHARS`), so no input can make a search
slow or raise.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from glossary.model import GlossaryEntry
from text.normalise import search_key

__all__ = ["FIELDS", "MAX_QUERY_CHARS", "SearchHit", "SearchIndex"]

FIELDS: tuple[str, ...] = ("french", "abbreviation", "expansion", "alternative", "english", "spanish")
"""What a hit matched: its French term, the abbreviation it is the expansion of, its expansion (when it is
an abbreviation), one of its alternatives, an English or a Spanish translation."""

MAX_QUERY_CHARS = 200
"""Only the first 200 characters of a query are read, and the first 64 once folded."""
_MAX_QUERY_KEY = 64
_MAX_KEY = 256  # of an indexed text, once folded (the longest mission names have about 110 characters)

_FRENCH, _ABBREVIATION, _EXPANSION, _ALTERNATIVE, _ENGLISH, _SPANISH = range(len(FIELDS))

# Scores (see the module docstring).
_EXACT = 100.0
_PREFIX = 90.0
_WORD_PREFIX = 80.0
_SPAN = 9.0  # a prefix tier's score grows by up to _SPAN with the share of the key the query covers
_FUZZY_WEIGHT = 0.9
_WORD_FUZZY_WEIGHT = 0.8
_FUZZY_CUTOFF = 70.0  # fuzz.ratio; one typo in a 4-letter word passes, caporal vs caporal-chef (74) does too
_WORD_FUZZY_CUTOFF = 80.0
_MIN_FUZZY_CHARS = 3
_MIN_WORD_FUZZY_CHARS = 4
_SHORT_QUERY = 2  # queries this short match the start of keys only (precomputed, in score order)

# Leading articles dropped to make the second form of a key ("le caporal" → "caporal", "to salute" →
# "salute", "el cabo" → "cabo"), and dropped from a query before it is tried again ("la caporal").
_KEY_ARTICLES = {
    _FRENCH: re.compile(r"^(?:les|le|la) |^l'"),
    _ALTERNATIVE: re.compile(r"^(?:les|le|la) |^l'"),
    _ABBREVIATION: re.compile(r"^(?:les|le|la) |^l'"),
    _EXPANSION: re.compile(r"^(?:les|le|la) |^l'"),
    _ENGLISH: re.compile(r"^(?:the|to|a|an) "),
    _SPANISH: re.compile(r"^(?:los|las|el|la|un|una) "),
}
_QUERY_ARTICLE = re.compile(r"^(?:(?:les|le|la|the|to|el|los|las) |l')(?=.)")
_WORD_START = re.compile(r"(?<=[^\w])\w")
_WORD = re.compile(r"\w+")

# Words too common to tie two entries together in :meth:`SearchIndex.related`.
_STOP_WORDS = frozenset(
    "le la les l un une des de du d au aux a en et ou sur sous par pour dans avec sans son sa ses".split()
)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result: the ``entry``, its ``score`` (0–100), the ``field`` that matched (one of :data:`FIELDS`,
    ``""`` when browsing without a query) and the ``text`` of that field as written in the glossary."""

    entry: GlossaryEntry
    score: float
    field: str
    text: str


@dataclass(frozen=True, slots=True)
class _Key:
    position: int  # of the entry
    field: int
    text: str  # as written
    length: int  # of the folded key


def _field_ranks(lang: str) -> tuple[int, ...]:
    """Tie-break order of the fields: French first, the interface language's translation before the other."""
    if lang == "es":
        return (0, 1, 1, 2, 4, 3)
    return (0, 1, 1, 2, 3, 4)


# Text that search_key() would only lower-case: ASCII words joined by single spaces, hyphens or apostrophes.
_PLAIN = re.compile(r"[A-Za-z0-9]+(?:[ '-][A-Za-z0-9]+)*")


@lru_cache(maxsize=65_536)
def _fold_text(text: str) -> str:
    """``search_key(text)``, memoised: glossary texts repeat across entries and index rebuilds."""
    if _PLAIN.fullmatch(text):
        return text.lower()  # what search_key() returns for such text, ten times faster
    return search_key(text)


def _fold(text: str) -> str:
    """The folded key of an indexed ``text``."""
    return _fold_text(text[: _MAX_KEY * 2])[:_MAX_KEY] if text else ""


class SearchIndex:
    """Folded keys of ``entries`` with the structures that make a search take a few milliseconds."""

    def __init__(self, entries: Iterable[GlossaryEntry]) -> None:
        self.entries: tuple[GlossaryEntry, ...] = tuple(entries)
        self._position_by_id: dict[str, int] = {}
        for position, entry in enumerate(self.entries):
            self._position_by_id.setdefault(entry.id, position)
        self._keys: list[_Key] = []
        starts: dict[str, list[int]] = {}  # folded key → key ids (the prefix pass)
        words: dict[str, list[int]] = {}  # a key from one of its later words on → key ids
        fuzzy: dict[str, list[int]] = {}  # folded key (article-less form) → key ids
        single_words: dict[str, set[int]] = {}  # word of a key → key ids

        def add(position: int, field: int, text: str) -> None:
            folded = _fold(text)
            if not folded:
                return
            forms = [folded]
            bare = _KEY_ARTICLES[field].sub("", folded, count=1)
            if bare and bare != folded:
                forms.append(bare)
            for form in forms:
                key_id = len(self._keys)
                self._keys.append(_Key(position, field, text, len(form)))
                starts.setdefault(form, []).append(key_id)
                for match in _WORD_START.finditer(form):
                    words.setdefault(form[match.start() :], []).append(key_id)
            fuzzy_id = len(self._keys) - 1  # the last form: article-less when there is one
            fuzzy.setdefault(forms[-1], []).append(fuzzy_id)
            for word in _WORD.findall(forms[-1]):
                if len(word) >= _MIN_WORD_FUZZY_CHARS and word != forms[-1]:
                    single_words.setdefault(word, set()).add(fuzzy_id)

        # An entry whose French (or alternative) is the expansion of an abbreviation is found by it.
        abbreviations: dict[str, list[int]] = {}
        for position, entry in enumerate(self.entries):
            if entry.expansion:
                for form in (entry.expansion, *entry.alternatives):
                    abbreviations.setdefault(self._bare(form), []).append(position)
        self._counterparts: dict[int, list[int]] = {}  # abbreviation ↔ the entry of its expansion

        for position, entry in enumerate(self.entries):
            add(position, _FRENCH, entry.french)
            if entry.expansion:
                add(position, _EXPANSION, entry.expansion)
            for alternative in entry.alternatives:
                add(position, _ALTERNATIVE, alternative)
            if not entry.expansion:
                for form in (entry.french, *entry.alternatives):
                    for other in abbreviations.get(self._bare(form), ()):
                        if other in self._counterparts.get(position, ()):
                            continue
                        add(position, _ABBREVIATION, self.entries[other].french)
                        self._counterparts.setdefault(position, []).append(other)
                        self._counterparts.setdefault(other, []).append(position)
            for sense in entry.english:
                add(position, _ENGLISH, sense)
            for sense in entry.spanish:
                add(position, _SPANISH, sense)

        self._starts = sorted(starts)
        self._start_ids = [starts[key] for key in self._starts]
        self._words = sorted(words)
        self._word_ids = [words[key] for key in self._words]
        # Fuzzy choices sorted by length: a query only meets keys of a length that can reach the cutoff.
        self._fuzzy = sorted(fuzzy, key=len)
        self._fuzzy_ids = [fuzzy[key] for key in self._fuzzy]
        self._fuzzy_lengths = [len(key) for key in self._fuzzy]
        self._single_words = sorted(single_words, key=len)
        self._single_word_ids = [sorted(single_words[word]) for word in self._single_words]
        self._single_word_lengths = [len(word) for word in self._single_words]
        # Queries of one or two characters: key ids of the keys starting with them, best first.
        short: dict[str, list[int]] = {}
        for folded, key_ids in starts.items():
            for size in range(1, _SHORT_QUERY + 1):
                if len(folded) >= size:
                    short.setdefault(folded[:size], []).extend(key_ids)
        keys = self._keys
        self._short = {
            prefix: sorted(
                ids, key=lambda key_id: (keys[key_id].length, keys[key_id].field, keys[key_id].position)
            )
            for prefix, ids in short.items()
        }
        # Filters and related().
        self._by_theme: dict[str, set[int]] = {}
        self._by_level: dict[str, set[int]] = {}
        self._by_unit: dict[str, set[int]] = {}
        self._theme_words: dict[tuple[str, str], list[int]] = {}
        for position, entry in enumerate(self.entries):
            self._by_theme.setdefault(entry.theme, set()).add(position)
            self._by_level.setdefault(entry.level, set()).add(position)
            for unit in entry.units:
                self._by_unit.setdefault(unit, set()).add(position)
            for word in self._content_words(entry):
                self._theme_words.setdefault((entry.theme, word), []).append(position)

    def __len__(self) -> int:
        return len(self.entries)

    # -- search --------------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        lang: str = "en",
        themes: Sequence[str] = (),
        levels: Sequence[str] = (),
        units: Sequence[str] = (),
        limit: int | None = 30,
    ) -> list[SearchHit]:
        """The best ``limit`` entries for ``query`` (all of them for ``limit=None``), best first.

        ``themes``, ``levels`` and ``units`` keep only entries with one of the given values (an entry is
        in a unit when the unit id is in ``entry.units``). With an empty query (or one that folds to
        nothing, like ``"?!"``) the entries passing the filters come in glossary order, with score 0.
        ``lang`` (``en``, ``fr`` or ``es``, the interface language) breaks ties between a match in English
        and one in Spanish; every language is always searched.
        """
        allowed = self._allowed(themes, levels, units)
        if limit is not None and limit <= 0:
            return []
        # Not memoised: a query is folded once, and user input must not fill a cache.
        folded = search_key(query[:MAX_QUERY_CHARS])[:_MAX_QUERY_KEY] if isinstance(query, str) else ""
        if not folded:
            positions = range(len(self.entries)) if allowed is None else sorted(allowed)
            chosen = positions if limit is None else positions[:limit]
            return [SearchHit(self.entries[position], 0.0, "", "") for position in chosen]

        ranks = _field_ranks(lang)
        best: dict[int, tuple[float, int, int]] = {}  # position → (score, field rank, key id)

        def offer(key_id: int, score: float) -> None:
            key = self._keys[key_id]
            position = key.position
            if allowed is not None and position not in allowed:
                return
            rank = ranks[key.field]
            current = best.get(position)
            if current is None or score > current[0] or (score == current[0] and rank < current[1]):
                best[position] = (score, rank, key_id)

        if len(folded) <= _SHORT_QUERY:
            self._short_pass(folded, offer, allowed, limit)
        else:
            queries = [folded]
            bare = _QUERY_ARTICLE.sub("", folded, count=1)
            if bare != folded and len(bare) >= _MIN_FUZZY_CHARS:
                queries.append(bare)
            for text in queries:
                self._prefix_pass(text, offer)
            if not self._enough(best, limit, _PREFIX):
                self._fuzzy_pass(queries[-1], offer)
        return self._hits(best, limit)

    def _allowed(self, themes: Sequence[str], levels: Sequence[str], units: Sequence[str]) -> set[int] | None:
        allowed: set[int] | None = None
        for wanted, groups in ((themes, self._by_theme), (levels, self._by_level), (units, self._by_unit)):
            if isinstance(wanted, str):
                wanted = (wanted,)
            if not wanted:
                continue
            chosen: set[int] = set().union(*(groups.get(value, set()) for value in wanted))
            allowed = chosen if allowed is None else allowed & chosen
        return allowed

    def _short_pass(
        self, folded: str, offer: Callable[[int, float], None], allowed: set[int] | None, limit: int | None
    ) -> None:
        """Keys starting with a one- or two-character query, taken in score order until ``limit`` entries."""
        seen: set[int] = set()
        keys = self._keys
        last_length = -1
        for key_id in self._short.get(folded, ()):
            key = keys[key_id]
            # Stop once `limit` entries are in and the next key is longer (a lower score) than the last one.
            if limit is not None and len(seen) >= limit and key.length > last_length:
                break
            if allowed is not None and key.position not in allowed:
                continue
            offer(key_id, self._start_score(len(folded), key.length))
            seen.add(key.position)
            last_length = key.length

    @staticmethod
    def _start_score(query_length: int, key_length: int) -> float:
        if query_length >= key_length:
            return _EXACT
        return _PREFIX + _SPAN * query_length / key_length

    def _prefix_pass(self, folded: str, offer: Callable[[int, float], None]) -> None:
        size = len(folded)
        end = folded + "\U0010ffff"
        low, high = bisect_left(self._starts, folded), bisect_right(self._starts, end)
        keys = self._keys
        for index in range(low, high):
            for key_id in self._start_ids[index]:
                offer(key_id, self._start_score(size, keys[key_id].length))
        low, high = bisect_left(self._words, folded), bisect_right(self._words, end)
        for index in range(low, high):
            for key_id in self._word_ids[index]:
                offer(key_id, _WORD_PREFIX + _SPAN * size / keys[key_id].length)

    def _fuzzy_pass(self, folded: str, offer: Callable[[int, float], None]) -> None:
        size = len(folded)
        if size < _MIN_FUZZY_CHARS:
            return
        # ratio = 2·matches / (len(a) + len(b)) ≥ cutoff bounds the other string's length.
        share = _FUZZY_CUTOFF / 100
        low = bisect_left(self._fuzzy_lengths, int(size * share / (2 - share)))
        high = bisect_right(self._fuzzy_lengths, int(size * (2 - share) / share) + 1)
        for _, score, index in process.extract(
            folded,
            self._fuzzy[low:high],
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=_FUZZY_CUTOFF,
            limit=None,
        ):
            for key_id in self._fuzzy_ids[low + index]:
                offer(key_id, _FUZZY_WEIGHT * score)
        if size < _MIN_WORD_FUZZY_CHARS or " " in folded:
            return
        share = _WORD_FUZZY_CUTOFF / 100
        low = bisect_left(self._single_word_lengths, int(size * share / (2 - share)))
        high = bisect_right(self._single_word_lengths, int(size * (2 - share) / share) + 1)
        for _, score, index in process.extract(
            folded,
            self._single_words[low:high],
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=_WORD_FUZZY_CUTOFF,
            limit=None,
        ):
            for key_id in self._single_word_ids[low + index]:
                offer(key_id, _WORD_FUZZY_WEIGHT * score)

    @staticmethod
    def _enough(best: dict[int, tuple[float, int, int]], limit: int | None, floor: float) -> bool:
        """Whether ``limit`` entries already score at least ``floor`` (so nothing weaker can get in)."""
        if limit is None:
            return False
        return sum(1 for score, _, _ in best.values() if score >= floor) >= limit

    def _hits(self, best: dict[int, tuple[float, int, int]], limit: int | None) -> list[SearchHit]:
        def order(item: tuple[int, tuple[float, int, int]]) -> tuple[float, int, int]:
            position, (score, rank, _) = item
            return (-score, rank, position)

        items = (
            sorted(best.items(), key=order) if limit is None else heapq.nsmallest(limit, best.items(), order)
        )
        hits = []
        for position, (score, _, key_id) in items:
            key = self._keys[key_id]
            hits.append(SearchHit(self.entries[position], round(score, 2), FIELDS[key.field], key.text))
        return hits

    # -- related -------------------------------------------------------------------------------------
    def related(self, entry: GlossaryEntry, limit: int = 8) -> list[GlossaryEntry]:
        """Entries to show beside ``entry``: its ``related`` ids first (in their order), then the
        abbreviation it is the expansion of or the entry of its expansion («le PC» ↔ «le poste de
        commandement»), then entries of the same theme sharing a word of its French term (most shared
        words first, then glossary order). Words such as «de», «la» do not count.
        """
        if limit <= 0:
            return []
        own = self._position_by_id.get(entry.id)
        chosen: list[int] = []
        seen = {own} if own is not None else set()
        linked = [self._position_by_id.get(related_id) for related_id in entry.related]
        if own is not None:
            linked.extend(self._counterparts.get(own, ()))
        for position in linked:
            if position is not None and position not in seen:
                seen.add(position)
                chosen.append(position)
        shared: dict[int, int] = {}
        for word in self._content_words(entry):
            for position in self._theme_words.get((entry.theme, word), ()):
                if position not in seen:
                    shared[position] = shared.get(position, 0) + 1
        chosen.extend(sorted(shared, key=lambda position: (-shared[position], position)))
        return [self.entries[position] for position in chosen[:limit]]

    # -- helpers -------------------------------------------------------------------------------------
    @staticmethod
    def _bare(text: str) -> str:
        folded = _fold(text)
        return _KEY_ARTICLES[_FRENCH].sub("", folded, count=1)

    @classmethod
    def _content_words(cls, entry: GlossaryEntry) -> set[str]:
        return {word for word in _WORD.findall(cls._bare(entry.french)) if word not in _STOP_WORDS}
