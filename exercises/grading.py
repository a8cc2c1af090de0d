"""Answer grading: forgive a missing accent or a typo, say exactly where it was, never accept another word.

``grade_answer(given, accepted, known_terms)`` returns a :class:`Grade`. ``accepted[0]`` is the canonical
answer, the rest are alternatives; ``known_terms`` are the other French terms of the course and glossary
(strings, or a prebuilt :class:`TermIndex`), used to refuse a "typo" that is really another word.

The checks, in order, on normalised text (``text.normalise``: case, quotes, dashes, spacing and final
punctuation are never mistakes):

1. blank → ``EMPTY``;
2. equal to the canonical answer → ``EXACT``; to an alternative → ``ALTERNATIVE``;
3. answers longer than four times the longest accepted form → ``WRONG`` (no distance is computed);
4. equal once accents are folded → ``ACCENT_SLIP``, with each slip located — unless the answer *has* accents
   and is exactly another known term («élevé» for «élève»): then ``WRONG``. An answer without any accent is
   always forgiven, but ``other_term`` warns when it spells another word («arme» for «armé»);
5. the same noun with another article (``le section``) → ``WRONG_ARTICLE``; the bare noun (``section`` for
   ``la section``) → ``EXACT`` when ``articles`` is true (``WRONG_ARTICLE`` otherwise); an article added to
   a bare accepted form is accepted unless it contradicts the gender/number the known terms give the noun
   or elision (``le adjudant``);
6. within a length-dependent OSA distance of an accepted form (accents folded; expected length ≤ 3 → 0,
   ≤ 6 → 1, ≤ 12 → 2, longer → 3) → ``TYPO``, provided that every differing word is itself within the
   budget for its length (so «cinq» → «six» in a sentence is not a typo; a moved space or hyphen is
   fine), that no differing word is another known term (apart from a plural or feminine ending: «vingt»
   for «vingts»), and that the answer (or its noun) is neither a known term («chat» for «char») nor
   strictly closer to another known term than to the accepted form (a tie gets the benefit of the
   doubt). A typo never touches an article: ``le sectoin`` for ``la section`` is ``WRONG_ARTICLE``;
7. anything else → ``WRONG``.

``ACCENT_SLIP`` and ``TYPO`` count as correct; ``WRONG_ARTICLE`` does not. No WRatio or partial_ratio
anywhere: "caporal" is 90 % of "caporal-chef" for WRatio, and a different rank.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from rapidfuzz.distance import OSA

from exercises.answer_forms import (
    ARTICLE_FEATURES,
    VOWELS,
    AnswerForm,
    articles_agree,
    elision_ok,
    is_inflection,
    make_form,
    prepared_form,
    words_of,
)
from exercises.diffs import LENGTH_FACTOR, DiffSegment, Slip, diff_core, slips_of, whole_diff
from exercises.terms import TermIndex, as_index
from text.french import ELIDED_ARTICLE
from text.normalise import normalise

__all__ = [
    "AGAIN",
    "EASY",
    "GOOD",
    "HARD",
    "MESSAGE_KEYS",
    "DiffSegment",
    "Grade",
    "Slip",
    "TermIndex",
    "Verdict",
    "grade_answer",
    "rating_for",
    "typo_budget",
]

# FSRS ratings as plain ints (a colleague maps them to fsrs.Rating).
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4

MAX_ANSWER_CHARS = 20_000  # raw input beyond this is cut before normalising (the answer is WRONG anyway)
_PLURAL_ENDINGS = ("s", "x", "z")


class Verdict(StrEnum):
    """What the answer is, relative to the accepted forms."""

    EXACT = "exact"
    ALTERNATIVE = "alternative"
    ACCENT_SLIP = "accent_slip"
    TYPO = "typo"
    WRONG_ARTICLE = "wrong_article"
    WRONG = "wrong"
    EMPTY = "empty"


_CORRECT = frozenset({Verdict.EXACT, Verdict.ALTERNATIVE, Verdict.ACCENT_SLIP, Verdict.TYPO})

#: Every i18n key a :class:`Grade` can carry, with the parameters of :meth:`Grade.message_params`.
MESSAGE_KEYS: tuple[str, ...] = (
    "grade.empty",
    "grade.exact",
    "grade.exact_no_article",
    "grade.alternative",
    "grade.accent_slip",
    "grade.accent_slip_other_term",
    "grade.typo",
    "grade.wrong_article",
    "grade.wrong",
    "grade.wrong_other_term",
)


@dataclass(frozen=True, slots=True)
class Grade:
    """The verdict on one answer and everything needed to explain it."""

    verdict: Verdict
    correct: bool
    expected: str  # the canonical answer, as written in the content
    matched: str | None  # the accepted form the answer matched, as written (None for WRONG / EMPTY)
    message_key: str  # one of MESSAGE_KEYS
    details: tuple[Slip, ...] = ()
    diff: tuple[DiffSegment, ...] = ()
    given: str = ""  # the answer, normalised (case kept)
    other_term: str | None = None  # the known term the answer is (or is nearest to), as written

    def message_params(self) -> dict[str, str | int]:
        """Parameters for ``t(grade.message_key, lang, **grade.message_params())``.

        ``expected``, ``matched``, ``given``, ``other_term``, ``slips`` (how many), and for the first slip
        ``position``, ``expected_text`` and ``given_text``.
        """
        first = self.details[0] if self.details else Slip(0, "", "")
        return {
            "expected": self.expected,
            "matched": self.matched or self.expected,
            "given": self.given,
            "other_term": self.other_term or "",
            "slips": len(self.details),
            "position": first.position,
            "expected_text": first.expected,
            "given_text": first.given,
        }


def typo_budget(length: int) -> int:
    """Edits forgiven as a typo in an expected form of ``length`` characters (accents folded)."""
    if length <= 3:
        return 0
    if length <= 6:
        return 1
    if length <= 12:
        return 2
    return 3


# --------------------------------------------------------------------------------------------------------
# Grading


class _Context(NamedTuple):
    given: AnswerForm
    forms: tuple[AnswerForm, ...]
    index: TermIndex
    excluded_norms: frozenset[str]
    excluded_keys: frozenset[str]
    articles: bool


def _grade(
    ctx: _Context,
    verdict: Verdict,
    form: AnswerForm | None,
    *,
    details: tuple[Slip, ...] = (),
    diff: tuple[DiffSegment, ...] | None = None,
    other_term: str | None = None,
    message_key: str | None = None,
) -> Grade:
    canonical = ctx.forms[0]
    if message_key is None:
        suffix = "_other_term" if other_term and verdict in (Verdict.WRONG, Verdict.ACCENT_SLIP) else ""
        message_key = f"grade.{verdict.value}{suffix}"
    if diff is None:
        diff = whole_diff(ctx.given, form or canonical) if ctx.given.norm else ()
    return Grade(
        verdict=verdict,
        correct=verdict in _CORRECT,
        expected=canonical.text,
        matched=form.text if form is not None else None,
        message_key=message_key,
        details=details,
        diff=diff,
        given=ctx.given.shown,
        other_term=other_term,
    )


def _accepted_verdict(form: AnswerForm, ctx: _Context) -> Verdict:
    return Verdict.EXACT if form is ctx.forms[0] else Verdict.ALTERNATIVE


def _article_relation(given: AnswerForm, form: AnswerForm) -> str:
    if given.article and form.article:
        return "same" if given.article == form.article else "different"
    if form.article:
        return "omitted"
    if given.article:
        return "added"
    return "none"


def _added_article_ok(given: AnswerForm, form: AnswerForm, ctx: _Context) -> bool:
    """May the article the learner put before a bare accepted noun stay?"""
    article = given.article
    assert article is not None
    if not elision_ok(article, form.folded):
        return False
    if ARTICLE_FEATURES[article][1] == "p" and not form.folded.split(" ", 1)[0].endswith(_PLURAL_ENDINGS):
        return False  # «les section»: a plural article before a singular noun
    known = {f.article for f in ctx.forms if f.article and f.noun_folded == form.folded}
    known |= ctx.index._articles.get(form.folded, set())
    return not known or any(articles_agree(article, other) for other in known)


def _accent_grade(ctx: _Context, form: AnswerForm, *, omitted: bool = False) -> Grade:
    """ACCENT_SLIP for an answer equal to ``form`` (or its noun) once accents are folded."""
    given = ctx.given
    other = ctx.index._term_with_norm(given.norm, ctx.excluded_norms)
    if other is not None and given.norm != given.folded:
        # Accents typed, and they spell another word («élevé» for «élève»): not a slip.
        return _grade(ctx, Verdict.WRONG, None, other_term=other)
    if omitted:
        core = diff_core(given.norm, given.shown, form.noun_norm, form.shown[form.prefix_len :])
        diff = (DiffSegment("insert", form.shown[: form.prefix_len]), *core)
        details = slips_of(core, offset=form.prefix_len)
    else:
        diff = tuple(diff_core(given.norm, given.shown, form.norm, form.shown))
        details = slips_of(diff)
    return _grade(ctx, Verdict.ACCENT_SLIP, form, details=details, diff=diff, other_term=other)


def _suggested_article(given_article: str, noun_folded: str, ctx: _Context) -> str:
    """The article a bare accepted noun takes, when elision or the known terms tell it ("" otherwise)."""
    if given_article in ("le", "la") and noun_folded[:1] in VOWELS:
        return ELIDED_ARTICLE
    known = ctx.index._articles.get(noun_folded, set()) | {
        f.article for f in ctx.forms if f.article and f.noun_folded == noun_folded
    }
    counterpart = {"le": "la", "la": "le", "un": "une", "une": "un", "l'": ""}.get(given_article, "")
    if counterpart in known:
        return counterpart
    if given_article == ELIDED_ARTICLE:
        return next((article for article in ("le", "la") if article in known), "")
    return ""


def _wrong_article(ctx: _Context, form: AnswerForm) -> Grade:
    given = ctx.given
    given_article = given.norm[: given.prefix_len].strip() if given.article else ""
    expected_article = form.shown[: form.prefix_len].strip()
    if not form.article and given.article:
        expected_article = _suggested_article(given.article, form.folded, ctx)
    if form.article:
        diff = whole_diff(given, form)
    else:  # article added to a bare form, and it contradicts gender, number or elision
        core = diff_core(given.noun_norm, given.shown[given.prefix_len :], form.norm, form.shown)
        diff = (DiffSegment("delete", given.shown[: given.prefix_len]), *core)
    return _grade(
        ctx, Verdict.WRONG_ARTICLE, form, details=(Slip(1, expected_article, given_article),), diff=diff
    )


def _words_agree(given_key: str, expected_key: str, ctx: _Context) -> str | bool:
    """Word-level check of a typo candidate: True, False, or the known term a differing word is."""
    given_words, expected_words = words_of(given_key), words_of(expected_key)
    given_letters, expected_letters = "".join(given_words), "".join(expected_words)
    if given_letters == expected_letters:  # only a space or hyphen moved, added or left out («dépô tde»)
        return True
    if len(given_words) != len(expected_words):
        # Words split or joined («quatrevingt»): the letters must agree but for one slip in long forms.
        allowed = 1 if len(expected_letters) > 6 else 0
        return OSA.distance(given_letters, expected_letters, score_cutoff=allowed) <= allowed
    for given_word, expected_word in zip(given_words, expected_words, strict=True):
        if given_word == expected_word:
            continue
        budget = typo_budget(len(expected_word))
        if OSA.distance(given_word, expected_word, score_cutoff=budget) > budget:
            return False
        other = ctx.index._term_with_key(given_word, ctx.excluded_keys)
        if other is not None and not is_inflection(given_word, expected_word):
            return other
    return True


class _Candidate(NamedTuple):
    distance: int
    order: int
    form: AnswerForm
    given_key: str
    expected_key: str
    kind: str  # "whole", "omitted" (bare noun for an accepted form with article), "added", "article"


def _candidates(ctx: _Context) -> Iterator[_Candidate]:
    given = ctx.given
    for order, form in enumerate(ctx.forms):
        relation = _article_relation(given, form)
        pairs: list[tuple[str, str, str]] = []
        if relation == "none":
            pairs.append((given.folded, form.folded, "whole"))
        elif relation == "same":
            pairs.append((given.noun_folded, form.noun_folded, "whole"))
        elif relation == "different":
            pairs.append((given.noun_folded, form.noun_folded, "article"))
        elif relation == "omitted":
            pairs.append((given.folded, form.folded, "whole"))
            if form.short:
                pairs.append((given.folded, form.noun_folded, "omitted"))
        else:  # added
            pairs.append((given.folded, form.folded, "whole"))
            if form.short:
                pairs.append((given.noun_folded, form.folded, "added"))
        for given_key, expected_key, kind in pairs:
            budget = typo_budget(len(expected_key))
            if abs(len(given_key) - len(expected_key)) > budget:
                continue
            distance = OSA.distance(given_key, expected_key, score_cutoff=budget)
            if distance <= budget:
                yield _Candidate(distance, order, form, given_key, expected_key, kind)


def _typo_grade(ctx: _Context, candidate: _Candidate) -> Grade:
    given, form = ctx.given, candidate.form
    if candidate.kind == "omitted":
        core = diff_core(given.norm, given.shown, form.noun_norm, form.shown[form.prefix_len :])
        diff: tuple[DiffSegment, ...] = (DiffSegment("insert", form.shown[: form.prefix_len]), *core)
        details = slips_of(core, offset=form.prefix_len)
    elif candidate.kind == "added":
        core = diff_core(given.noun_norm, given.shown[given.prefix_len :], form.norm, form.shown)
        diff = (DiffSegment("equal", given.shown[: given.prefix_len]), *core)
        details = slips_of(core)
    else:
        diff = whole_diff(given, form)
        details = slips_of(diff)
    return _grade(ctx, Verdict.TYPO, form, details=details, diff=diff)


def _other_word(ctx: _Context, candidate: _Candidate) -> str | None:
    """The known term that makes this "typo" another word: the answer (or its noun) is a known term, or is
    strictly closer to one than to the accepted form."""
    given = ctx.given
    keys = [candidate.given_key]
    for key in (given.folded, given.noun_folded):
        if key not in keys:
            keys.append(key)
    for key in keys:
        other = ctx.index._term_with_key(key, ctx.excluded_keys)
        if other is not None:
            return other
    if candidate.distance > 1:
        for key in keys:
            other = ctx.index._nearest_other(key, candidate.distance - 1, ctx.excluded_keys)
            if other is not None:
                return other
    return None


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _known_term(ctx: _Context) -> str | None:
    given = ctx.given
    return ctx.index._term_with_norm(given.norm, ctx.excluded_norms) or ctx.index._term_with_key(
        given.folded, ctx.excluded_keys
    )


def grade_answer(
    given: str,
    accepted: Sequence[str],
    known_terms: Collection[str] | TermIndex = (),
    *,
    articles: bool = True,
) -> Grade:
    """Grade ``given`` against ``accepted`` (canonical first, then alternatives); see the module docstring.

    ``known_terms``: the other French terms of the glossary and course, as strings (normalised or not) or
    a :class:`TermIndex`. ``articles``: accept a bare noun for an accepted form with an article (and an
    agreeing article before a bare accepted form). Never raises on any ``given``; raises ``ValueError``
    when ``accepted`` holds no non-blank form.
    """
    if isinstance(accepted, str):
        accepted = (accepted,)
    if not accepted or not isinstance(accepted[0], str) or not normalise(accepted[0]):
        raise ValueError("grade_answer needs a non-blank canonical answer as accepted[0]")
    forms = tuple(form for form in map(prepared_form, filter(_is_text, accepted)) if form.norm)
    if not isinstance(given, str):
        given = "" if given is None else str(given)
    given_form = make_form(given[:MAX_ANSWER_CHARS])
    ctx = _Context(
        given=given_form,
        forms=forms,
        index=as_index(known_terms),
        excluded_norms=frozenset(key for f in forms for key in (f.norm, f.noun_norm)),
        excluded_keys=frozenset(key for f in forms for key in (f.folded, f.noun_folded)),
        articles=articles,
    )
    if not given_form.norm:
        return _grade(ctx, Verdict.EMPTY, None, diff=())

    for form in forms:  # 2. exact, then alternatives
        if given_form.norm == form.norm:
            return _grade(ctx, _accepted_verdict(form, ctx), form)

    if len(given_form.norm) > LENGTH_FACTOR * max(len(form.norm) for form in forms):  # 3. hostile length
        return _grade(ctx, Verdict.WRONG, None)

    for form in forms:  # 4. accents
        if given_form.folded == form.folded:
            return _accent_grade(ctx, form)

    for form in forms:  # 5. articles
        relation = _article_relation(given_form, form)
        if relation == "different" and given_form.noun_folded == form.noun_folded:
            return _wrong_article(ctx, form)
        if relation == "omitted" and given_form.folded == form.noun_folded:
            if not (ctx.articles and form.short):
                return _wrong_article(ctx, form)
            if given_form.norm == form.noun_norm:
                diff = (
                    DiffSegment("insert", form.shown[: form.prefix_len]),
                    DiffSegment("equal", form.shown[form.prefix_len :]),
                )
                verdict = _accepted_verdict(form, ctx)
                key = "grade.exact_no_article" if verdict is Verdict.EXACT else None
                return _grade(ctx, verdict, form, diff=diff, message_key=key)
            return _accent_grade(ctx, form, omitted=True)
        if relation == "added" and given_form.noun_folded == form.folded:
            if not (ctx.articles and form.short and _added_article_ok(given_form, form, ctx)):
                return _wrong_article(ctx, form)
            if given_form.noun_norm == form.norm:
                diff = (
                    DiffSegment("equal", given_form.shown[: given_form.prefix_len]),
                    DiffSegment("equal", form.shown),
                )
                return _grade(ctx, _accepted_verdict(form, ctx), form, diff=diff)
            core = diff_core(
                given_form.noun_norm, given_form.shown[given_form.prefix_len :], form.norm, form.shown
            )
            return _grade(
                ctx,
                Verdict.ACCENT_SLIP,
                form,
                details=slips_of(core),
                diff=(DiffSegment("equal", given_form.shown[: given_form.prefix_len]), *core),
            )

    # 6. typos: the nearest accepted form first, canonical before alternatives on a tie
    conflict: str | None = None
    for candidate in sorted(_candidates(ctx), key=lambda c: (c.distance, c.order)):
        words = _words_agree(candidate.given_key, candidate.expected_key, ctx)
        if words is False:
            continue
        other = words if isinstance(words, str) else _other_word(ctx, candidate)
        if other is not None:
            conflict = conflict or other
            continue
        if candidate.kind == "article":
            return _wrong_article(ctx, candidate.form)
        if candidate.kind == "omitted" and not ctx.articles:
            return _wrong_article(ctx, candidate.form)
        if candidate.kind == "added" and not (
            ctx.articles and _added_article_ok(ctx.given, candidate.form, ctx)
        ):
            return _wrong_article(ctx, candidate.form)
        return _typo_grade(ctx, candidate)

    return _grade(ctx, Verdict.WRONG, None, other_term=conflict or _known_term(ctx))


# --------------------------------------------------------------------------------------------------------
# Scheduling


def rating_for(grade: Grade, elapsed_s: float | None = None, quick_s: float = 8.0) -> int:
    """The FSRS rating (1 Again, 2 Hard, 3 Good, 4 Easy) for a graded answer.

    Wrong, empty or wrong-article answers → 1; accent slips and typos → 2; exact or alternative → 3, or 4
    when the answer came within ``quick_s`` seconds (``elapsed_s`` unknown, negative or NaN → 3).
    """
    if not grade.correct:
        return AGAIN
    if grade.verdict in (Verdict.ACCENT_SLIP, Verdict.TYPO):
        return HARD
    if elapsed_s is not None and math.isfinite(elapsed_s) and 0 <= elapsed_s <= quick_s:
        return EASY
    return GOOD
