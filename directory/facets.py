"""Search and facet filters over the sessions of the directory, with facet counts.

    index = SessionIndex(sessions, directory)             # once per change of the sessions (cache it)
    result = index.filter(Filter(query="maintien paix", countries={"ML"}), today)
    result.sessions            # upcoming first (by start date); past ones, when asked, latest first
    result.counts["language"]  # {"fr": 12, "en": 3}: what each value would give, the other facets applied

Facets combine with AND; several values of one facet with OR. A facet's counts apply every *other* active
filter (so a chosen value does not hide its siblings); values with no session are left out, so an empty
facet is hidden. Each facet value is a bit set over the sessions (a Python ``int``), which keeps a filter
with counts over 10,000 sessions within a few milliseconds.

The query is folded like the glossary's (:func:`text.normalise.search_key`: accents, case, apostrophes)
and split into words; every word must match a word of the session (its titles, code, themes, centre name,
acronym, city, country in three languages…): as a prefix, or, from four letters on, within a typo
(``fuzz.ratio`` ≥ 80, «maintein» → «maintien»).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from directory.countries import country_name
from directory.model import Directory, SessionStatus, TrainingSession, When
from text.content import LANGS
from text.normalise import search_key

__all__ = ["FACETS", "Filter", "FilterResult", "SessionIndex", "query_words"]

FACETS: tuple[str, ...] = ("country", "category", "language", "audience", "level", "delivery", "un")
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8
_FUZZY_MIN_CHARS = 4
_FUZZY_CUTOFF = 80.0
_WORD = re.compile(r"\w+")


def query_words(text: str) -> list[str]:
    """The folded words of a query (at most :data:`MAX_QUERY_WORDS`, single letters dropped)."""
    words = _WORD.findall(search_key((text or "")[:MAX_QUERY_CHARS]))
    return [word for word in words if len(word) > 1][:MAX_QUERY_WORDS]


@dataclass(frozen=True)
class Filter:
    """What a visitor asked for; each set holds facet values (ids), empty meaning any."""

    query: str = ""
    countries: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    audiences: frozenset[str] = frozenset()
    levels: frozenset[str] = frozenset()
    deliveries: frozenset[str] = frozenset()
    un_recognised: bool = False
    when: When = When.UPCOMING
    date_from: date | None = None
    date_to: date | None = None

    def chosen(self, facet: str) -> frozenset[str]:
        return {
            "country": self.countries,
            "category": self.categories,
            "language": self.languages,
            "audience": self.audiences,
            "level": self.levels,
            "delivery": self.deliveries,
            "un": frozenset({"yes"}) if self.un_recognised else frozenset(),
        }[facet]


@dataclass(frozen=True)
class FilterResult:
    sessions: tuple[TrainingSession, ...]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # facet -> value -> sessions

    @property
    def total(self) -> int:
        return len(self.sessions)

    def by_centre(self) -> Counter:
        return Counter(session.centre_id for session in self.sessions)


def _mask(flags: Iterable[bool]) -> int:
    """The bit set whose bit ``i`` is the ``i``-th flag (built in linear time)."""
    text = "".join("1" if flag else "0" for flag in flags)
    return int(text[::-1], 2) if text else 0


def _from_positions(positions: Iterable[int], size: int) -> int:
    """The bit set with the bits at ``positions`` (of ``size`` bits) set."""
    buffer = bytearray(size // 8 + 1)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def _bits(mask: int) -> Iterable[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


class SessionIndex:
    """The sessions (cancelled ones left out unless ``include_cancelled``) sorted by start date, with a bit
    set per facet value and per word."""

    def __init__(self, sessions: Iterable[TrainingSession], directory: Directory, *, include_cancelled=False):
        kept = [
            s
            for s in sessions
            if directory.centre(s.centre_id) is not None
            and (include_cancelled or s.status is not SessionStatus.CANCELLED)
        ]
        self.sessions: tuple[TrainingSession, ...] = tuple(sorted(kept, key=lambda s: (s.start, s.end, s.id)))
        self.all = (1 << len(self.sessions)) - 1
        facet_positions: dict[str, dict[str, list[int]]] = {name: {} for name in FACETS if name != "un"}
        word_positions: dict[str, list[int]] = {}
        centre_words: dict[str, set[str]] = {}
        known: dict[str, tuple[str, ...]] = {}  # titles and themes repeat from session to session

        def words_of(text: str) -> tuple[str, ...]:
            found = known.get(text)
            if found is None:
                # ASCII text only needs lower-casing to give the words search_key would (codes, most English)
                folded = text.lower() if text.isascii() else search_key(text)
                found = known[text] = tuple(_WORD.findall(folded))
            return found

        for position, session in enumerate(self.sessions):
            centre = directory.centre(session.centre_id)
            values = {
                "country": (centre.country_code,),
                "category": tuple(c.value for c in centre.categories),
                "language": session.languages,
                "audience": tuple(a.value for a in session.audiences),
                "level": (session.level.value,),
                "delivery": (session.delivery.value,),
            }
            for facet, found in values.items():
                table = facet_positions[facet]
                for value in found:
                    table.setdefault(value, []).append(position)
            if centre.id not in centre_words:
                centre_words[centre.id] = self._centre_words(centre)
            own = set(centre_words[centre.id])
            for text in (session.title.fr, session.title.en, session.title.es, session.code, *session.themes,
                         session.place, session.funder, session.rank_band):  # fmt: skip
                if text:
                    own.update(words_of(text))
            for word in own:
                word_positions.setdefault(word, []).append(position)
        size = len(self.sessions)
        self._facets: dict[str, dict[str, int]] = {
            facet: {value: _from_positions(found, size) for value, found in table.items()}
            for facet, table in facet_positions.items()
        }
        words = {word: _from_positions(found, size) for word, found in word_positions.items()}
        self._vocabulary = sorted(words)
        self._word_bits = [words[word] for word in self._vocabulary]
        self._ends = [s.end for s in self.sessions]
        self._completed = _mask(s.status is SessionStatus.COMPLETED for s in self.sessions)
        self._un_until = [s.un_recognised_until for s in self.sessions]

    @staticmethod
    def _centre_words(centre) -> set[str]:
        text = " ".join(
            (
                centre.name,
                centre.acronym,
                centre.city,
                *(country_name(centre.country_code, lang) for lang in LANGS),
            )
        )
        return set(_WORD.findall(search_key(text)))

    def __len__(self) -> int:
        return len(self.sessions)

    # --- masks -------------------------------------------------------------------------------------

    def _word_mask(self, word: str) -> int:
        mask = 0
        start = bisect_left(self._vocabulary, word)
        for position in range(start, len(self._vocabulary)):
            if not self._vocabulary[position].startswith(word):
                break
            mask |= self._word_bits[position]
        if len(word) >= _FUZZY_MIN_CHARS:
            for _, _, position in process.extract(
                word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=None
            ):
                mask |= self._word_bits[position]
        return mask

    def query_mask(self, query: str) -> int:
        mask = self.all
        for word in query_words(query):
            mask &= self._word_mask(word)
            if not mask:
                break
        return mask

    def _time_mask(self, flt: Filter, today: date) -> int:
        if flt.when is not When.ALL:
            past = _mask(end < today for end in self._ends) | self._completed
            mask = (self.all & ~past) if flt.when is When.UPCOMING else past
        else:
            mask = self.all
        if flt.date_from or flt.date_to:
            mask &= _mask(
                (flt.date_from is None or s.end >= flt.date_from)
                and (flt.date_to is None or s.start <= flt.date_to)
                for s in self.sessions
            )
        return mask

    def _un_mask(self, today: date) -> int:
        return _mask(until is not None and until >= today for until in self._un_until)

    # --- the filter ---------------------------------------------------------------------------------

    def filter(self, flt: Filter, today: date) -> FilterResult:
        base = self.query_mask(flt.query) & self._time_mask(flt, today)
        values_of = {name: dict(table) for name, table in self._facets.items()}
        values_of["un"] = {"yes": self._un_mask(today)}
        facet_masks: dict[str, int] = {}
        for facet in FACETS:
            chosen = flt.chosen(facet)
            if chosen:
                mask = 0
                for value in chosen:
                    mask |= values_of[facet].get(value, 0)
                facet_masks[facet] = mask
        counts: dict[str, dict[str, int]] = {}
        for facet in FACETS:
            others = base
            for name, mask in facet_masks.items():
                if name != facet:
                    others &= mask
            found = {value: (others & bits).bit_count() for value, bits in values_of[facet].items()}
            counts[facet] = {value: count for value, count in sorted(found.items()) if count}
        final = base
        for mask in facet_masks.values():
            final &= mask
        positions = list(_bits(final))
        if flt.when is When.PAST:
            positions.reverse()  # the latest past session first
        return FilterResult(tuple(self.sessions[p] for p in positions), counts)
