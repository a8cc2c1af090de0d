"""Drill questions made from glossary entries (and generated numbers and call signs), and their grading.

Everything here is a pure function: entries and a ``random.Random`` in, a frozen :class:`Question` out;
a question and an answer in, a :class:`~exercises.grading.Grade` out. No Streamlit, no database.

Kinds and what the learner does (``DIRECTIONS`` says which review card each one trains):

* FLASHCARD (``fr>meaning``): sees and hears the French, turns the card, rates the recall;
* TYPE_MEANING (``fr>meaning``): sees and hears the French, types the English or Spanish meaning;
* MULTIPLE_CHOICE (``fr>meaning``): sees and hears the French, picks its meaning;
* MATCH_PAIRS (``fr>meaning``): matches French terms to their meanings;
* TYPE_FRENCH (``meaning>fr``): sees the English or Spanish, types the French;
* LISTEN_TYPE (``listen``): hears the French, types it;
* SPELL_CALLSIGN (``callsign``): sees a call sign («MR4»), spells it («Mike Romeo Quatre»);
* NUMBERS_HEARD (``numbers``): hears a number, a time or a grid reference, types it in digits.

A question carries the few *known terms* its grading needs (other options; other entries' French or
meanings close enough to an accepted answer to pass for a typo of it), so ``check_answer(question, given)``
grades right on its own; pass the library's French :class:`~exercises.grading.TermIndex` as ``terms`` to use
the whole course instead.
"""

from __future__ import annotations

import random
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType

from rapidfuzz import process
from rapidfuzz.distance import OSA

from exercises.diffs import DiffSegment, Slip
from exercises.grading import Grade, Verdict, grade_answer, typo_budget
from exercises.terms import TermIndex
from glossary.model import GlossaryEntry
from text.french import ARTICLES, ELIDED_ARTICLE, without_article
from text.french_numbers import (
    NATO_ALTERNATIVES,
    NATO_DIGIT_WORDS,
    NATO_WORDS,
    digits_to_words,
    nato_accepted,
    number_to_words,
    parse_time,
    spell_nato,
    time_to_digits,
    time_to_words,
)
from text.normalise import normalise, search_key

__all__ = [
    "CHOICE_OPTIONS",
    "DIRECTIONS",
    "ENTRY_KINDS",
    "GENERATED_KINDS",
    "MATCH_PAIR_COUNT",
    "DrillKind",
    "NumberVariant",
    "Question",
    "check_answer",
    "distractors",
    "make_callsign_question",
    "make_number_question",
    "make_question",
    "meaning_forms",
]


class DrillKind(StrEnum):
    FLASHCARD = "flashcard"
    TYPE_FRENCH = "type_french"
    TYPE_MEANING = "type_meaning"
    LISTEN_TYPE = "listen_type"
    MULTIPLE_CHOICE = "multiple_choice"
    MATCH_PAIRS = "match_pairs"
    SPELL_CALLSIGN = "spell_callsign"
    NUMBERS_HEARD = "numbers_heard"


class NumberVariant(StrEnum):
    """What a NUMBERS_HEARD question says: a quantity, a 24-hour time or a six-figure grid reference."""

    NUMBER = "number"
    TIME = "time"
    GRID = "grid"


#: Kind → the review direction it trains: one scheduling card per item × direction.
DIRECTIONS: Mapping[DrillKind, str] = MappingProxyType(
    {
        DrillKind.FLASHCARD: "fr>meaning",
        DrillKind.TYPE_MEANING: "fr>meaning",
        DrillKind.MULTIPLE_CHOICE: "fr>meaning",
        DrillKind.MATCH_PAIRS: "fr>meaning",
        DrillKind.TYPE_FRENCH: "meaning>fr",
        DrillKind.LISTEN_TYPE: "listen",
        DrillKind.SPELL_CALLSIGN: "callsign",
        DrillKind.NUMBERS_HEARD: "numbers",
    }
)

#: Kinds made from a glossary entry by :func:`make_question`.
ENTRY_KINDS: frozenset[DrillKind] = frozenset(
    {
        DrillKind.FLASHCARD,
        DrillKind.TYPE_FRENCH,
        DrillKind.TYPE_MEANING,
        DrillKind.LISTEN_TYPE,
        DrillKind.MULTIPLE_CHOICE,
        DrillKind.MATCH_PAIRS,
    }
)
#: Kinds generated without an entry (:func:`make_callsign_question`, :func:`make_number_question`).
GENERATED_KINDS: frozenset[DrillKind] = frozenset({DrillKind.SPELL_CALLSIGN, DrillKind.NUMBERS_HEARD})

CHOICE_OPTIONS = 4  # options of a multiple-choice question (the answer and three distractors)
MATCH_PAIR_COUNT = 4  # pairs of a match question

_MEANING_KINDS = frozenset({DrillKind.FLASHCARD, DrillKind.TYPE_MEANING})
_FRENCH_KINDS = frozenset({DrillKind.TYPE_FRENCH, DrillKind.LISTEN_TYPE})
_NOUN_POS = frozenset({"m", "f", "m/f", "m pl", "f pl"})
_LEADING_WORDS = {  # dropped from a meaning to make a bare variant: "to protect" → "protect"
    "en": ("to ", "the ", "a ", "an "),
    "es": ("el ", "la ", "los ", "las ", "un ", "una "),
}
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_WORD_SPLIT = re.compile(r"[\s'\-]+")
_HINT_WORD = re.compile(r"(\w)\w+")
_SOUND_KEY_DROP = re.compile(r"[\s\-]+")
_CALLSIGN_TOKEN_SPLIT = re.compile(r"[\s,;/.\-]+")
_XRAY = re.compile(r"\bx[\s\-]+ray\b")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:[.,' ]\d{3})+")
_MATCH_SEPARATOR = "|"
_MAX_NUMBER_CHARS = 40
_VERDICT_RANK = {Verdict.EXACT: 0, Verdict.ALTERNATIVE: 1, Verdict.ACCENT_SLIP: 2, Verdict.TYPO: 3}


@dataclass(frozen=True, slots=True)
class Question:
    """One drill question, everything needed to show it and grade the answer.

    ``id`` is stable for the item and kind (``f"{kind}:{item_id}"``); ``item_id`` is the glossary entry id,
    or ``num:…``, ``time:HHMM``, ``grid:…``, ``call:…`` for generated items. ``prompt`` is the text shown
    (a gloss is in ``lang``), ``audio_text`` the French to speak ("" for none). ``options`` are the
    choices (MULTIPLE_CHOICE: meanings; MATCH_PAIRS: the meanings to place, shuffled); ``pairs`` the
    (French, meaning) pairs of a match, in the order the French is shown. ``accepted`` holds the accepted
    answers, canonical first (a meaning question holds the senses as written; grading adds their bare
    variants, see :func:`meaning_forms`). ``lang`` is the gloss language the question was made for;
    ``known_terms`` the other words a typo must not be taken for.
    """

    id: str
    kind: DrillKind
    item_id: str
    direction: str
    prompt: str
    audio_text: str = ""
    options: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    accepted: tuple[str, ...] = ()
    hint: str = ""
    lang: str = "en"
    known_terms: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------------------
# Meanings and keys


def _gloss_lang(entry: GlossaryEntry, lang: str) -> str:
    """The language whose senses the entry gives for ``lang`` (as :meth:`GlossaryEntry.gloss` does)."""
    return "es" if lang == "es" and entry.spanish else "en"


def _senses(entry: GlossaryEntry, lang: str) -> tuple[str, ...]:
    return entry.spanish if _gloss_lang(entry, lang) == "es" else entry.english


def meaning_forms(senses: Iterable[str], lang: str) -> tuple[str, ...]:
    """The senses as written, then their bare variants, without duplicates (by :func:`normalise`).

    A bare variant drops parenthesised qualifiers («barracks (of a regiment)» → «barracks»), Spanish
    opening ¿ ¡, and a leading «to», «the», «a», «an» (English) or article (Spanish): «to protect» →
    «protect», «la ONU» → «ONU».
    """
    leading = _LEADING_WORDS.get(lang, _LEADING_WORDS["en"])
    written = [sense for sense in senses if isinstance(sense, str) and normalise(sense)]
    forms = list(written)
    for sense in written:
        bare = _PARENTHESES.sub("", sense).strip().lstrip("¿¡").strip()
        if not bare:
            continue
        forms.append(bare)
        lowered = bare.casefold()
        for word in leading:
            if lowered.startswith(word) and bare[len(word) :].strip():
                forms.append(bare[len(word) :].strip())
    unique: dict[str, str] = {}
    for form in forms:
        unique.setdefault(normalise(form), form)
    return tuple(unique.values())


def _noun_key(key: str) -> str:
    """A folded key without its leading French article («la section» → «section», «l'onu» → «onu»)."""
    return without_article(key)


@dataclass(frozen=True, slots=True)
class _EntryKeys:
    french: frozenset[str]  # French, alternatives and expansion, folded, with and without article
    english: frozenset[str]  # every meaning form, folded
    spanish: frozenset[str]


@lru_cache(maxsize=16384)
def _entry_keys(entry: GlossaryEntry) -> _EntryKeys:
    french: set[str] = set()
    for text in (entry.french, *entry.alternatives, entry.expansion):
        key = search_key(text)
        if key:
            french.update((key, _noun_key(key)))
    english = {search_key(form) for form in meaning_forms(entry.english, "en")}
    spanish = {search_key(form) for form in meaning_forms(entry.spanish, "es")}
    return _EntryKeys(frozenset(french), frozenset(english - {""}), frozenset(spanish - {""}))


def _synonyms(first: GlossaryEntry, second: GlossaryEntry) -> bool:
    """Would ``second`` be a right answer too? Same French (or alternative, or expansion), or a shared
    English or Spanish sense."""
    one, two = _entry_keys(first), _entry_keys(second)
    return bool(one.french & two.french or one.english & two.english or one.spanish & two.spanish)


def _pos_family(pos: str) -> str:
    return "noun" if pos in _NOUN_POS else pos


# --------------------------------------------------------------------------------------------------------
# Distractors


def distractors(
    entry: GlossaryEntry,
    pool: Iterable[GlossaryEntry],
    n: int = 3,
    rng: random.Random | None = None,
) -> list[GlossaryEntry]:
    """Up to ``n`` plausible wrong answers for ``entry``, taken from ``pool``.

    Candidates come in tiers, each shuffled with ``rng`` (pool order without one): same theme and same
    part of speech; same theme and the same kind of word (any noun for a noun); same part of speech in any
    theme; same kind of word in any theme; same theme; anything. A candidate is never a synonym of the
    answer — no shared English or Spanish sense (bare variants included), not the same French, alternative
    or expansion once normalised — nor of another chosen distractor, and never the entry itself, so their
    texts are distinct in both languages.
    """
    if n <= 0:
        return []
    family = _pos_family(entry.pos)
    tiers: list[list[GlossaryEntry]] = [[] for _ in range(6)]
    seen_ids = {entry.id}
    for candidate in pool:
        if candidate.id in seen_ids:
            continue
        seen_ids.add(candidate.id)
        same_theme = candidate.theme == entry.theme
        if candidate.pos == entry.pos:
            tier = 0 if same_theme else 2
        elif _pos_family(candidate.pos) == family:
            tier = 1 if same_theme else 3
        else:
            tier = 4 if same_theme else 5
        tiers[tier].append(candidate)
    chosen: list[GlossaryEntry] = []
    for tier in tiers:
        if rng is not None:
            rng.shuffle(tier)
        for candidate in tier:
            if _synonyms(entry, candidate) or any(_synonyms(other, candidate) for other in chosen):
                continue
            chosen.append(candidate)
            if len(chosen) == n:
                return chosen
    return chosen


# --------------------------------------------------------------------------------------------------------
# Known terms near an answer


@dataclass(frozen=True, slots=True)
class _Catalogue:
    keys: tuple[str, ...]  # folded keys (whole and without article)
    texts: Mapping[str, str]  # key → the term as written


def _catalogue(texts: Iterable[str]) -> _Catalogue:
    by_key: dict[str, str] = {}
    for text in texts:
        key = search_key(text)
        if not key:
            continue
        by_key.setdefault(key, text)
        by_key.setdefault(_noun_key(key), text)
    return _Catalogue(tuple(by_key), MappingProxyType(by_key))


@lru_cache(maxsize=4)
def _french_catalogue(pool: tuple[GlossaryEntry, ...]) -> _Catalogue:
    return _catalogue(text for entry in pool for text in (entry.french, *entry.alternatives))


@lru_cache(maxsize=8)
def _meaning_catalogue(pool: tuple[GlossaryEntry, ...], lang: str) -> _Catalogue:
    return _catalogue(
        form for entry in pool for form in meaning_forms(_senses(entry, lang), _gloss_lang(entry, lang))
    )


def _near_terms(accepted: Sequence[str], catalogue: _Catalogue) -> tuple[str, ...]:
    """The catalogue's terms a grader must know to refuse a "typo" of ``accepted`` that is another word.

    The grader refuses an answer that is a known term, is strictly closer to one than to the accepted
    form (within the typo budget), or changes a word into a known term. So a term matters only when it is
    within twice the budget of an accepted form (or of its noun), or within one budget of one of its words.
    """
    if not catalogue.keys:
        return ()
    excluded: set[str] = set()
    queries: dict[str, int] = {}
    for text in accepted:
        key = search_key(text)
        if not key:
            continue
        excluded.update((key, _noun_key(key)))
        for whole in (key, _noun_key(key)):
            queries[whole] = max(queries.get(whole, 0), 2 * typo_budget(len(whole)))
        for word in _WORD_SPLIT.split(key):
            if len(word) > 1:
                queries[word] = max(queries.get(word, 0), typo_budget(len(word)))
    found: dict[str, None] = {}
    for query, cutoff in queries.items():
        matches = process.extract(query, catalogue.keys, scorer=OSA.distance, score_cutoff=cutoff, limit=None)
        for choice, _distance, _index in matches:
            if choice not in excluded:
                found.setdefault(catalogue.texts[choice])
    accepted_norms = {normalise(text) for text in accepted}
    return tuple(sorted(term for term in found if normalise(term) not in accepted_norms))


# --------------------------------------------------------------------------------------------------------
# Making questions


def _question_id(kind: DrillKind, item_id: str) -> str:
    return f"{kind.value}:{item_id}"


def _initials_hint(french: str) -> str:
    """«le poste de contrôle» → «le p… d… c…»: a leading article kept, each other word cut to its first
    letter (a hyphenated or elided word keeps its joins: «l'a…», «c…-c…»)."""
    words = french.split()
    shown: list[str] = []
    for position, word in enumerate(words):
        if position == 0 and word.casefold() in ARTICLES and len(words) > 1:
            shown.append(word)
        elif position == 0 and word.casefold().startswith(ELIDED_ARTICLE) and len(word) > 2:
            shown.append(word[:2] + _HINT_WORD.sub(r"\1…", word[2:]))
        else:
            shown.append(_HINT_WORD.sub(r"\1…", word))
    return " ".join(shown)


def _sound_key(text: str) -> str:
    return _SOUND_KEY_DROP.sub("", search_key(text))


def _heard_forms(entry: GlossaryEntry) -> tuple[str, ...]:
    """What a learner may write for the French heard: the term, and the alternatives that are only
    another spelling of it («le compte-rendu» for «le compte rendu»), never a synonym that was not heard."""
    heard = _sound_key(entry.french)
    return (entry.french, *(alt for alt in entry.alternatives if _sound_key(alt) == heard))


def make_question(
    entry: GlossaryEntry,
    kind: DrillKind | str,
    lang: str = "en",
    rng: random.Random | None = None,
    pool: Sequence[GlossaryEntry] = (),
) -> Question:
    """A question of ``kind`` about ``entry``; glosses in ``lang`` (Spanish for ``es``, English otherwise).

    ``pool`` is every entry (distractors for MULTIPLE_CHOICE and MATCH_PAIRS, known terms for the typed
    kinds). ``rng`` shuffles options and picks distractors; without one a generator seeded with the
    question id is used, so the same question comes out each time.

    * FLASHCARD / TYPE_MEANING: prompt and audio the French; accepted the senses in ``lang``; hint the
      French example sentence.
    * TYPE_FRENCH: prompt the gloss; accepted the French then its alternatives; hint the initials.
    * LISTEN_TYPE: no prompt, audio the French; accepted the French and its other spellings (not its
      synonyms); hint the gloss.
    * MULTIPLE_CHOICE: prompt and audio the French; options the gloss and up to three distractors' glosses,
      shuffled; accepted the gloss.
    * MATCH_PAIRS: pairs of the entry and up to three distractors (French, gloss) in shuffled order;
      options the glosses shuffled again; accepted the glosses in pair order joined by ``|``.

    Raises ``ValueError`` for a generated kind, or a choice kind when ``pool`` offers no distractor.
    """
    kind = DrillKind(kind)
    if kind in GENERATED_KINDS:
        raise ValueError(f"{kind} questions are generated: use make_callsign_question / make_number_question")
    item_id = entry.id
    question_id = _question_id(kind, item_id)
    if rng is None:
        rng = random.Random(question_id)  # noqa: S311 - an exercise order, not a secret
    pool_tuple = tuple(pool)
    gloss = entry.gloss(lang)
    base = {
        "id": question_id,
        "kind": kind,
        "item_id": item_id,
        "direction": DIRECTIONS[kind],
        "lang": _gloss_lang(entry, lang),
    }

    if kind in _MEANING_KINDS:
        senses = _senses(entry, lang)
        forms = meaning_forms(senses, _gloss_lang(entry, lang))
        known = _near_terms(forms, _meaning_catalogue(pool_tuple, lang)) if pool_tuple else ()
        return Question(
            **base,
            prompt=entry.french,
            audio_text=entry.french,
            accepted=tuple(senses),
            hint=entry.example,
            known_terms=known,
        )

    if kind in _FRENCH_KINDS:
        if kind is DrillKind.TYPE_FRENCH:
            accepted = (entry.french, *entry.alternatives)
            prompt, audio, hint = gloss, "", _initials_hint(entry.french)
        else:
            accepted = _heard_forms(entry)
            prompt, audio, hint = "", entry.french, gloss
        known = _near_terms(accepted, _french_catalogue(pool_tuple)) if pool_tuple else ()
        return Question(
            **base, prompt=prompt, audio_text=audio, accepted=accepted, hint=hint, known_terms=known
        )

    count = CHOICE_OPTIONS if kind is DrillKind.MULTIPLE_CHOICE else MATCH_PAIR_COUNT
    wrong = distractors(entry, pool_tuple, n=count - 1, rng=rng)
    if not wrong:
        raise ValueError(f"no distractor for {entry.id!r} in a pool of {len(pool_tuple)} entries")

    if kind is DrillKind.MULTIPLE_CHOICE:
        others = [other.gloss(lang) for other in wrong]
        options = [gloss, *others]
        rng.shuffle(options)
        return Question(
            **base,
            prompt=entry.french,
            audio_text=entry.french,
            options=tuple(options),
            accepted=(gloss,),
            known_terms=tuple(others),
        )

    members = [entry, *wrong]
    rng.shuffle(members)
    pairs = tuple((member.french, member.gloss(lang)) for member in members)
    glosses = [meaning for _french, meaning in pairs]
    options = list(glosses)
    for _ in range(5):  # avoid options already in the French order, when the shuffle allows
        rng.shuffle(options)
        if options != glosses:
            break
    return Question(
        **base,
        prompt="",
        pairs=pairs,
        options=tuple(options),
        accepted=(_MATCH_SEPARATOR.join(glosses),),
    )


def make_number_question(rng: random.Random, variant: NumberVariant | str | None = None) -> Question:
    """A NUMBERS_HEARD question: the French is heard (``audio_text``), the learner types it in digits.

    ``variant`` (random when None): ``number`` — mostly 0–100, sometimes hundreds, thousands or more
    (item ``num:1980``, accepted ``1980``, ``1 980``); ``time`` — a 24-hour time, mostly on a five-minute
    step (item ``time:1430``, accepted ``14 h 30``, ``1430``, ``14:30``); ``grid`` — a six-figure grid
    reference read digit by digit (item ``grid:308715``). The hint is the French as text (for a learner
    who cannot play the audio).
    """
    variant = NumberVariant(variant) if variant is not None else rng.choice(list(NumberVariant))
    if variant is NumberVariant.TIME:
        hour = rng.randrange(24)
        minute = rng.randrange(0, 60, 5) if rng.random() < 0.7 else rng.randrange(60)
        item_id = f"time:{hour:02d}{minute:02d}"
        words = time_to_words(hour, minute)
        accepted: tuple[str, ...] = (
            time_to_digits(hour, minute),
            f"{hour:02d}{minute:02d}",
            f"{hour}:{minute:02d}",
        )
    elif variant is NumberVariant.GRID:
        digits = "".join(rng.choice("0123456789") for _ in range(6))
        item_id = f"grid:{digits}"
        words = digits_to_words(digits)
        accepted = (digits, f"{digits[:3]} {digits[3:]}")
    else:
        low, high = rng.choices(((0, 100), (101, 999), (1000, 9999), (10_000, 999_999)), (6, 2, 2, 1))[0]
        number = rng.randint(low, high)
        item_id = f"num:{number}"
        words = number_to_words(number)
        grouped = f"{number:,}".replace(",", " ")
        accepted = (str(number), grouped) if grouped != str(number) else (str(number),)
    kind = DrillKind.NUMBERS_HEARD
    return Question(
        id=_question_id(kind, item_id),
        kind=kind,
        item_id=item_id,
        direction=DIRECTIONS[kind],
        prompt="",
        audio_text=words,
        accepted=accepted,
        hint=words,
        lang="fr",
    )


def make_callsign_question(rng: random.Random) -> Question:
    """A SPELL_CALLSIGN question: the call sign is shown («MR4»), the learner spells it with the NATO
    alphabet and French digits («Mike Romeo Quatre»). One to three letters, then one or two digits
    (item ``call:MR4``). Nothing is spoken: hearing it would give the answer."""
    letters = "".join(rng.choice(tuple(NATO_WORDS)) for _ in range(rng.randint(1, 3)))
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 2)))
    callsign = letters + digits
    kind = DrillKind.SPELL_CALLSIGN
    item_id = f"call:{callsign}"
    return Question(
        id=_question_id(kind, item_id),
        kind=kind,
        item_id=item_id,
        direction=DIRECTIONS[kind],
        prompt=callsign,
        accepted=(spell_nato(callsign),),
        lang="fr",
        known_terms=_SPELLING_TERMS,
    )


_SPELLING_TERMS: tuple[str, ...] = (
    *NATO_WORDS.values(),
    *(alt for alts in NATO_ALTERNATIVES.values() for alt in alts),
    *NATO_DIGIT_WORDS.values(),
)


# --------------------------------------------------------------------------------------------------------
# Checking answers


def check_answer(
    question: Question,
    given: str,
    terms: TermIndex | Collection[str] | None = None,
    lang: str | None = None,
) -> Grade:
    """Grade ``given`` for ``question``; never raises on any ``given``.

    * TYPE_FRENCH, LISTEN_TYPE: :func:`grade_answer` against the accepted French, refusing other terms —
      ``terms`` (the library's French :class:`TermIndex`) when given, else the question's known terms.
    * TYPE_MEANING, FLASHCARD: any sense in the question's language, bare variants included
      (:func:`meaning_forms`), with accent and typo tolerance; other entries' near senses are refused.
      ``lang`` only says which leading words a bare variant drops («to», «the» / «el», «la»…); by default
      the language the question was made in (``question.lang``), which is what a caller should leave.
    * MULTIPLE_CHOICE: the right option; another option is never a typo.
    * MATCH_PAIRS: ``given`` is the chosen meanings in the French order, joined by ``|``; all must match.
    * NUMBERS_HEARD: digits compared after spaces are stripped (a time also as «14h30», «1430», «14:30»);
      a wrong digit is wrong, never a typo.
    * SPELL_CALLSIGN: word by word, each letter's alternatives accepted (Zulu, Alpha, Romeo…), accent and
      typo tolerance within a word, another letter's word refused.
    """
    if not isinstance(given, str):
        given = "" if given is None else str(given)
    kind = question.kind
    if kind in _FRENCH_KINDS:
        known = terms if terms is not None else question.known_terms
        return grade_answer(given, question.accepted, known)
    if kind in _MEANING_KINDS:
        return _check_meaning(question, given, lang or question.lang)
    if kind is DrillKind.MULTIPLE_CHOICE:
        return grade_answer(given, question.accepted, question.known_terms)
    if kind is DrillKind.MATCH_PAIRS:
        return _check_match(question, given)
    if kind is DrillKind.NUMBERS_HEARD:
        return _check_number(question, given)
    return _check_callsign(question, given)


def _plain_grade(
    verdict: Verdict,
    expected: str,
    given_shown: str,
    *,
    matched: str | None = None,
    diff: tuple[DiffSegment, ...] = (),
    details: tuple[Slip, ...] = (),
    other_term: str | None = None,
) -> Grade:
    suffix = "_other_term" if other_term and verdict in (Verdict.WRONG, Verdict.ACCENT_SLIP) else ""
    return Grade(
        verdict=verdict,
        correct=verdict in _VERDICT_RANK,
        expected=expected,
        matched=matched,
        message_key=f"grade.{verdict.value}{suffix}",
        details=details,
        diff=diff,
        given=given_shown,
        other_term=other_term,
    )


def _wrong_with_diff(expected: str, given: str) -> Grade:
    """WRONG, with the character diff the grader would show (its verdict is not used: a wrong digit or a
    wrong pair is never a typo)."""
    shown = grade_answer(given, (expected,))
    return _plain_grade(Verdict.WRONG, expected, shown.given, diff=shown.diff)


def _check_meaning(question: Question, given: str, lang: str) -> Grade:
    """Any sense or bare variant; an answer with a leading «the», «to», «a(n)» (or a Spanish article) the
    sense does not have is graded without it («the barracks» for «barracks»)."""
    forms = meaning_forms(question.accepted, lang)
    grade = grade_answer(given, forms, question.known_terms)
    if grade.correct:
        return grade
    shown = normalise(given, keep_case=True)
    lowered = shown.casefold()
    for word in _LEADING_WORDS.get(lang, _LEADING_WORDS["en"]):
        rest = shown[len(word) :]
        if lowered.startswith(word) and rest.strip():
            bare = grade_answer(rest, forms, question.known_terms)
            if bare.correct:
                return replace(bare, given=shown, diff=(DiffSegment("equal", shown[: len(word)]), *bare.diff))
    return grade


def _check_match(question: Question, given: str) -> Grade:
    expected = question.accepted[0]
    wanted = [meaning for _french, meaning in question.pairs]
    chosen = [part.strip() for part in given.split(_MATCH_SEPARATOR)] if given.strip() else []
    shown = normalise(given, keep_case=True)
    if not chosen or not any(chosen):
        return _plain_grade(Verdict.EMPTY, expected, shown)
    diff: list[DiffSegment] = []
    right = len(chosen) == len(wanted)
    for index, meaning in enumerate(wanted):
        if index:
            diff.append(DiffSegment("equal", f" {_MATCH_SEPARATOR} "))
        pick = chosen[index] if index < len(chosen) else ""
        if normalise(pick) == normalise(meaning):
            diff.append(DiffSegment("equal", meaning))
        else:
            right = False
            diff.append(DiffSegment("replace", pick, meaning) if pick else DiffSegment("insert", meaning))
    for extra in chosen[len(wanted) :]:
        diff.append(DiffSegment("delete", f" {_MATCH_SEPARATOR} {extra}"))
    if right:
        return _plain_grade(Verdict.EXACT, expected, shown, matched=expected, diff=tuple(diff))
    return _plain_grade(Verdict.WRONG, expected, shown, diff=tuple(diff))


def _number_value(text: str) -> int | None:
    if len(text) > _MAX_NUMBER_CHARS:  # no answer is that long, and int() refuses thousands of digits
        return None
    if text.isdecimal():
        return int(text)
    if _GROUPED_NUMBER.fullmatch(text):
        return int(re.sub(r"\D", "", text))
    return None


def _digit_string(text: str) -> str | None:
    compact = "".join(text.split())
    if len(compact) > _MAX_NUMBER_CHARS or not compact.isdecimal():
        return None
    return "".join(str(int(char)) for char in compact)  # Arabic-Indic and other decimal digits too


def _check_number(question: Question, given: str) -> Grade:
    expected = question.accepted[0]
    shown = normalise(given, keep_case=True)
    if not shown:
        return _plain_grade(Verdict.EMPTY, expected, shown)
    variant = question.item_id.partition(":")[0]
    if variant == "time":
        right = parse_time(shown) is not None and parse_time(shown) == parse_time(expected)
    elif variant == "grid":
        right = _digit_string(shown) == _digit_string(expected)
    else:
        value = _number_value(shown)
        right = value is not None and value == _number_value(expected)
    if right:
        return _plain_grade(
            Verdict.EXACT, expected, shown, matched=expected, diff=(DiffSegment("equal", shown),)
        )
    return _wrong_with_diff(expected, given)


def _callsign_tokens(text: str) -> list[str]:
    """The words of a spelled call sign, split on spaces, commas, slashes, dots or hyphens — except the
    hyphen of «X-ray» («x ray» counts as «X-ray», «xray» as the alternative «Xray»)."""
    protected = _XRAY.sub("x_ray", normalise(text))
    return [token.replace("x_ray", "x-ray") for token in _CALLSIGN_TOKEN_SPLIT.split(protected) if token]


def _word_accepted(word: str) -> tuple[str, ...]:
    for letter, canonical in NATO_WORDS.items():
        if canonical == word:
            return nato_accepted(letter)
    return (word,)


def _check_callsign(question: Question, given: str) -> Grade:
    expected = question.accepted[0]
    shown = normalise(given, keep_case=True)
    if not shown:
        return _plain_grade(Verdict.EMPTY, expected, shown)
    words = expected.split(" ")
    tokens = _callsign_tokens(given)
    known = question.known_terms or _SPELLING_TERMS
    if len(tokens) != len(words):
        # Not one word per symbol: grade the whole (a missing space is a typo, a missing word is wrong).
        return grade_answer(given, question.accepted, known)
    grades = [
        grade_answer(token, _word_accepted(word), known) for token, word in zip(tokens, words, strict=True)
    ]
    diff: list[DiffSegment] = []
    details: list[Slip] = []
    offset = 0
    for index, (grade, word) in enumerate(zip(grades, words, strict=True)):
        if index:
            diff.append(DiffSegment("equal", " "))
        diff.extend(grade.diff)
        details.extend(Slip(slip.position + offset, slip.expected, slip.given) for slip in grade.details)
        offset += len(normalise(word)) + 1
    other = next((grade.other_term for grade in grades if grade.other_term), None)
    if all(grade.correct for grade in grades):
        verdict = max((grade.verdict for grade in grades), key=_VERDICT_RANK.__getitem__)
        matched = " ".join(grade.matched or word for grade, word in zip(grades, words, strict=True))
        return _plain_grade(
            verdict,
            expected,
            shown,
            matched=matched,
            diff=tuple(diff),
            details=tuple(details),
            other_term=other,
        )
    return _plain_grade(Verdict.WRONG, expected, shown, diff=tuple(diff), other_term=other)
