"""Quizzes: a unit quiz, the placement test and the final assessment, assembled from the manual and graded.

Everything here is pure and deterministic: the same content and the same ``seed`` give the same quiz, question
for question, option for option (``random.Random`` seeded with a string, so ``PYTHONHASHSEED`` plays no part).

Where questions come from
    - every unit exercise whose canonical answer is not blank (a ``choice`` also needs its answer among the
      options), kept with its own id (``u01-ranks#e3``), instruction and kind; a ``choice`` has its options
      shuffled, an ``order`` carries its shuffled words (:func:`exercises.unit_exercises.order_tokens`) in
      ``options``;
    - of the kinds of issue #13, those a quiz can ask with one answer: a ``dictation`` (heard, typed; its
      ``audio_text`` is what is read), a ``spot`` as the choice of the wrong word among the message's words
      (when the error is one word, found once in the message), and each line of a ``form`` as a
      ``form_field`` question (``u01-ranks#e5:f2``: the scenario as prompt, the line's label after the
      instruction; a digit is never forgiven);
    - two vocabulary questions per vocabulary entry, of which a quiz uses at most one (one would give the
      other away): ``vocab_choice`` (``<entry id>:fr>gloss``) shows the French term and offers its meaning
      among up to three distractors from the same unit, same part of speech first, then another noun for a
      noun, then anything; a distractor never shares a sense («; »-separated, in English or Spanish, accents
      and case ignored) with the answer or with another option; ``vocab_type`` (``<entry id>:gloss>fr``)
      shows the gloss and asks for the French, accepting any term with the very same gloss (in the unit for
      a unit quiz, in the whole course for the placement test and the final, which do not say the unit).

Glosses follow the course convention (:meth:`lessons.model.VocabEntry.gloss`): Spanish for ``es``, English
otherwise; so vocabulary questions carry :class:`~lessons.model.Text3` glosses and are shown with
:meth:`QuizQuestion.prompt_for` / :meth:`QuizQuestion.options_for`.

How a quiz is filled
    A unit yields its questions in a preferred order: exercises (one kind after another, so the first few are
    of different kinds) alternating with vocabulary questions (``vocab_choice`` and ``vocab_type`` in turn).
    Taking the first *n* gives a mixed quiz, about half exercises and half vocabulary. A unit with fewer items
    than asked gives what it has: **a quiz can be shorter than ``length``** (never padded with repeats), and
    a French term appears at most once in a quiz (the final shares terms between units).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from config import DEFAULT_PASS_MARK
from exercises.grading import Grade, Verdict, grade_answer
from exercises.open_exercises import digits_kept, error_token_indexes, spot_tokens
from exercises.terms import TermIndex
from exercises.unit_exercises import order_tokens
from lessons.model import Exercise, Manual, Unit, VocabEntry
from text.content import Text3
from text.french import NOUN_CODES
from text.normalise import normalise, search_key

__all__ = [
    "CHOICE_KINDS",
    "DEFAULT_PASS_MARK",
    "LEVEL_WEIGHTS",
    "QUESTION_KINDS",
    "VOCAB_CHOICE_INSTRUCTION",
    "VOCAB_CHOICE_PHRASE_INSTRUCTION",
    "VOCAB_TYPE_INSTRUCTION",
    "SPOT_INSTRUCTION",
    "Quiz",
    "QuizQuestion",
    "final_assessment",
    "grade_question",
    "passed",
    "placement_test",
    "question_unit_id",
    "score",
    "suggest_start",
    "unit_quiz",
]

QUESTION_KINDS: tuple[str, ...] = (
    "choice",
    "gap",
    "order",
    "reply",
    "translate",
    "vocab_choice",
    "vocab_type",
    "dictation",
    "spot",
    "form_field",
)
#: Kinds answered by picking one of ``options``: the other options are the known terms of the grading.
CHOICE_KINDS: frozenset[str] = frozenset({"choice", "vocab_choice", "spot"})
#: How much each level weighs in the final assessment (B2, should it come, counts like B1).
LEVEL_WEIGHTS: Mapping[str, int] = {"A1": 1, "A2": 2, "B1": 3, "B2": 3}

# Instructions of generated vocabulary questions: interface-text keys (the manual's exercises carry their
# own instruction in three languages).
VOCAB_CHOICE_INSTRUCTION = "quiz.instruction.vocab_choice"
VOCAB_CHOICE_PHRASE_INSTRUCTION = "quiz.instruction.vocab_choice_phrase"
VOCAB_TYPE_INSTRUCTION = "quiz.instruction.vocab_type"
SPOT_INSTRUCTION = "quiz.instruction.spot"

_DISTRACTORS = 3
_GAP = "___"
_SCORE_TOLERANCE = 1e-9
# Rough difficulty, easiest first: the order of a unit's questions in the placement test.
_EASIEST_KINDS = ("vocab_choice", "choice", "vocab_type", "gap", "order")
_DIFFICULTY = {kind: rank for rank, kind in enumerate(_EASIEST_KINDS)}
_UNIT_PART = re.compile(r"[#/]")


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    """One question of a quiz, self-contained: the page needs nothing else to show and grade it.

    ``accepted`` holds the canonical answer first. For vocabulary questions ``prompt`` / ``options`` /
    ``accepted[0]`` are the English forms; use :meth:`prompt_for`, :meth:`options_for` and
    :meth:`accepted_for` to get those of the interface language. ``audio_text`` is the French to play
    ("" when playing it would give the answer away).
    """

    id: str
    unit_id: str
    kind: str
    instruction: Text3 | str  # the manual's own instruction, or an interface-text key (generated questions)
    prompt: str
    options: tuple[str, ...]
    accepted: tuple[str, ...]
    audio_text: str = ""
    prompt_gloss: Text3 | None = None  # vocab_type: the gloss shown in the interface language
    option_glosses: tuple[Text3, ...] = field(default=())  # vocab_choice: each option in each language

    def __post_init__(self) -> None:
        if self.kind not in QUESTION_KINDS:
            raise ValueError(f"question {self.id!r}: unknown kind {self.kind!r}")
        if not self.accepted or not self.accepted[0].strip():
            raise ValueError(f"question {self.id!r} has no accepted answer")
        if self.kind in CHOICE_KINDS and len(self.options) < 2:
            raise ValueError(f"question {self.id!r}: a choice needs at least two options")

    def instruction_for(self, lang: str, translate: Callable[[str, str], str]) -> str:
        """The instruction in ``lang``: the manual's text, or ``translate(key, lang)`` for a generated one."""
        if isinstance(self.instruction, str):
            return translate(self.instruction, lang)
        return self.instruction.get(lang)

    def prompt_for(self, lang: str) -> str:
        """The prompt as shown in ``lang``: the gloss in that language for ``vocab_type``, else ``prompt``."""
        return self.prompt_gloss.get(lang) if self.prompt_gloss is not None else self.prompt

    def options_for(self, lang: str) -> tuple[str, ...]:
        """The options as shown in ``lang`` (glosses for ``vocab_choice``), in the quiz's order."""
        if self.option_glosses:
            return tuple(gloss.get(lang) for gloss in self.option_glosses)
        return self.options

    def accepted_for(self, lang: str) -> tuple[str, ...]:
        """The accepted answers with the one in ``lang`` first (a gloss may be clicked in any language)."""
        if not self.option_glosses:
            return self.accepted
        right = next((gloss for gloss in self.option_glosses if gloss.en == self.accepted[0]), None)
        if right is None:
            return self.accepted
        first = right.get(lang)
        return (first, *(answer for answer in self.accepted if answer != first))

    def all_option_texts(self) -> tuple[str, ...]:
        """Every option in every language, without repeats (what a click may send)."""
        texts = [*self.options]
        for gloss in self.option_glosses:
            texts.extend((gloss.en, gloss.fr, gloss.es))
        return tuple(dict.fromkeys(text for text in texts if text))


@dataclass(frozen=True, slots=True)
class Quiz:
    """A quiz: ``id`` is ``unit:<unit id>``, ``placement`` or ``final``; ``kind`` is unit/placement/final."""

    id: str
    kind: str
    questions: tuple[QuizQuestion, ...]
    time_limit_s: int | None = None
    pass_mark: float = DEFAULT_PASS_MARK

    def __post_init__(self) -> None:
        _check_pass_mark(self.pass_mark)
        limit = self.time_limit_s
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0):
            raise ValueError(f"time_limit_s must be None or a positive int, not {self.time_limit_s!r}")

    def __len__(self) -> int:
        return len(self.questions)

    def question(self, question_id: str) -> QuizQuestion | None:
        """The question with this id, or None."""
        return next((question for question in self.questions if question.id == question_id), None)


# --------------------------------------------------------------------------------------------------------
# Grading and scoring


def grade_question(
    question: QuizQuestion,
    given: str | None,
    terms: TermIndex | Iterable[str] | None = None,
    *,
    lang: str = "en",
) -> Grade:
    """Grade an answer to a quiz question.

    A choice (``choice``, ``vocab_choice``) is graded against its accepted answers with the *other options*
    as known terms and without article forgiveness, so picking a wrong option is never forgiven as a typo or
    a left-out article (``dimanche`` beside ``le dimanche``); a vocabulary option clicked in any language
    counts. Typed answers (``gap``, ``order``, ``reply``, ``translate``, ``vocab_type``) go to
    :func:`~exercises.grading.grade_answer` with ``terms`` (the course's :class:`TermIndex`), which refuses
    another real word. ``lang`` only decides which accepted form is reported as expected.
    """
    accepted = question.accepted_for(lang)
    answer = given if isinstance(given, str) else ""
    if question.kind in CHOICE_KINDS:
        # Compared as typed, accents kept: an option «élevé» beside the answer «élève» stays a known term.
        accepted_forms = {normalise(text) for text in question.accepted}
        others = [text for text in question.all_option_texts() if normalise(text) not in accepted_forms]
        # No article forgiveness: «dimanche» and «le dimanche» can be two options, only one of them right.
        grade = grade_answer(answer, accepted, others, articles=False)
        clicked = next((text for text in others if normalise(text) == normalise(answer)), None)
        if grade.correct and clicked is not None:  # another option is never right, whatever was forgiven
            return replace(
                grade, verdict=Verdict.WRONG, correct=False, matched=None, message_key="grade.wrong"
            )
        return grade
    if terms is None:
        grade = grade_answer(answer, accepted)
    else:
        grade = grade_answer(answer, accepted, terms if isinstance(terms, TermIndex) else tuple(terms))
    return digits_kept(grade) if question.kind == "form_field" else grade


def score(results: Sequence[bool]) -> float:
    """The share of right answers, from 0.0 to 1.0 (0.0 for no answers)."""
    if not results:
        return 0.0
    return sum(1 for result in results if result) / len(results)


def passed(score: float, pass_mark: float = DEFAULT_PASS_MARK) -> bool:
    """Whether ``score`` reaches ``pass_mark`` (7/10 passes 0.7, whatever the float rounding)."""
    _check_pass_mark(pass_mark)
    if not isinstance(score, int | float) or math.isnan(score):
        return False
    return score + _SCORE_TOLERANCE >= pass_mark


def _check_pass_mark(pass_mark: float) -> None:
    if not isinstance(pass_mark, int | float) or isinstance(pass_mark, bool) or not 0.0 <= pass_mark <= 1.0:
        raise ValueError(f"pass_mark must be between 0 and 1, not {pass_mark!r}")


# --------------------------------------------------------------------------------------------------------
# Quizzes


def unit_quiz(
    unit: Unit,
    *,
    length: int = 10,
    seed: int | str,
    time_limit_s: int | None = None,
    pass_mark: float = DEFAULT_PASS_MARK,
) -> Quiz:
    """``length`` questions on one unit, about half exercises and half vocabulary, shuffled by ``seed``.

    A unit with fewer usable items than ``length`` gives a shorter quiz (all it has, never a repeat).
    """
    _check_count("length", length)
    quiz_id = f"unit:{unit.id}"
    rng = _rng(quiz_id, seed)
    questions = _Pool(_unit_sequence(unit, rng, _synonyms(unit.vocabulary))).take(length, set())
    rng.shuffle(questions)
    return Quiz(quiz_id, "unit", tuple(questions), time_limit_s, pass_mark)


def placement_test(
    manual: Manual,
    *,
    per_unit: int = 2,
    seed: int | str,
    time_limit_s: int | None = None,
    pass_mark: float = DEFAULT_PASS_MARK,
) -> Quiz:
    """``per_unit`` questions from every unit, in course order (easiest unit first, and within a unit the
    easier kinds first); each question carries its ``unit_id`` for :func:`suggest_start`."""
    _check_count("per_unit", per_unit)
    rng = _rng("placement", seed)
    synonyms = _synonyms(manual.vocabulary)
    used_terms: set[str] = set()
    questions: list[QuizQuestion] = []
    for unit in _course_order(manual):
        taken = _Pool(_unit_sequence(unit, rng, synonyms)).take(per_unit, used_terms)
        questions.extend(sorted(taken, key=lambda question: _DIFFICULTY.get(question.kind, len(_DIFFICULTY))))
    return Quiz("placement", "placement", tuple(questions), time_limit_s, pass_mark)


def suggest_start(
    manual: Manual, answers: Mapping[str | QuizQuestion, bool] | Iterable[tuple[str | QuizQuestion, bool]]
) -> str:
    """The id of the unit to start from after the placement test.

    ``answers`` maps each answered question (its id, or the question) to whether it was right. Going through
    the units in course order, the first one where less than half of its answers are right, or with no
    answer at all (a test left half-way), is the start; when every unit is passed, the last unit.
    """
    units = _course_order(manual)
    if not units:
        raise ValueError("suggest_start needs a manual with at least one unit")
    pairs = answers.items() if isinstance(answers, Mapping) else answers
    right: dict[str, int] = {}
    answered: dict[str, int] = {}
    for key, correct in pairs:
        unit_id = key.unit_id if isinstance(key, QuizQuestion) else question_unit_id(str(key))
        answered[unit_id] = answered.get(unit_id, 0) + 1
        right[unit_id] = right.get(unit_id, 0) + (1 if correct else 0)
    for unit in units:
        count = answered.get(unit.id, 0)
        if count == 0 or 2 * right.get(unit.id, 0) < count:
            return unit.id
    return units[-1].id


def question_unit_id(question_id: str) -> str:
    """The unit of a question id: ``u01-ranks`` for ``u01-ranks#e3`` and ``u01-ranks/le-caporal:fr>gloss``."""
    return _UNIT_PART.split(question_id, maxsplit=1)[0]


def final_assessment(
    manual: Manual,
    *,
    length: int = 30,
    seed: int | str,
    time_limit_s: int | None = None,
    pass_mark: float = DEFAULT_PASS_MARK,
) -> Quiz:
    """``length`` questions across all units, shuffled, shared out by level weight (:data:`LEVEL_WEIGHTS`:
    A1 1, A2 2, B1 and B2 3) so that B1 units weigh most. A unit that runs out passes its share on to the
    others; a course too small for ``length`` gives a shorter assessment."""
    _check_count("length", length)
    rng = _rng("final", seed)
    units = _course_order(manual)
    synonyms = _synonyms(manual.vocabulary)
    pools = [_Pool(_unit_sequence(unit, rng, synonyms)) for unit in units]
    weights = [LEVEL_WEIGHTS.get(unit.level, 1) for unit in units]
    chosen: list[list[QuizQuestion]] = [[] for _ in units]
    used_terms: set[str] = set()
    missing = length
    while missing > 0:
        open_units = [index for index, pool in enumerate(pools) if not pool.exhausted]
        if not open_units:
            break
        quotas = _apportion(missing, [weights[index] for index in open_units])
        for index, quota in zip(open_units, quotas, strict=True):
            taken = pools[index].take(quota, used_terms)
            chosen[index].extend(taken)
            missing -= len(taken)
    questions = [question for unit_questions in chosen for question in unit_questions]
    rng.shuffle(questions)
    return Quiz("final", "final", tuple(questions), time_limit_s, pass_mark)


# --------------------------------------------------------------------------------------------------------
# Assembly


def _rng(quiz_id: str, seed: int | str) -> random.Random:
    return random.Random(f"{quiz_id}|{seed}")  # noqa: S311 - a quiz order, not a secret


def _check_count(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive int, not {value!r}")


def _course_order(manual: Manual) -> list[Unit]:
    return sorted(manual.units, key=lambda unit: unit.number)


def _apportion(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` shared in proportion to ``weights`` (largest remainders; ties to the heavier, later one)."""
    weight_sum = sum(weights)
    exact = [total * weight / weight_sum for weight in weights]
    shares = [math.floor(value) for value in exact]
    order = sorted(range(len(weights)), key=lambda i: (exact[i] - shares[i], weights[i], i), reverse=True)
    for index in order[: total - sum(shares)]:
        shares[index] += 1
    return shares


class _Pool:
    """A unit's questions in preferred order, taken from the front; vocabulary terms already used elsewhere
    in the quiz are skipped."""

    def __init__(self, questions: list[QuizQuestion]) -> None:
        self._questions = questions
        self._next = 0

    @property
    def exhausted(self) -> bool:
        return self._next >= len(self._questions)

    def take(self, count: int, used_terms: set[str]) -> list[QuizQuestion]:
        taken: list[QuizQuestion] = []
        while len(taken) < count and not self.exhausted:
            question = self._questions[self._next]
            self._next += 1
            term = _vocabulary_term(question)
            if term is not None:
                if term in used_terms:
                    continue
                used_terms.add(term)
            taken.append(question)
        return taken


def _vocabulary_term(question: QuizQuestion) -> str | None:
    if question.kind == "vocab_choice":
        return search_key(question.prompt)
    if question.kind == "vocab_type":
        return search_key(question.accepted[0])
    return None


def _unit_sequence(
    unit: Unit, rng: random.Random, synonyms: Mapping[str, tuple[str, ...]]
) -> list[QuizQuestion]:
    """All of a unit's questions: exercises (kinds in turn) alternating with vocabulary (kinds in turn)."""
    by_kind: dict[str, list[QuizQuestion]] = {}
    for exercise in unit.exercises:
        for question in _exercise_questions(exercise, unit.id, rng):
            by_kind.setdefault(question.kind, []).append(question)
    kinds = sorted(by_kind)
    rng.shuffle(kinds)
    for kind in kinds:
        rng.shuffle(by_kind[kind])
    exercises = _round_robin([by_kind[kind] for kind in kinds])

    words = {entry.id: (search_key(entry.french), _senses(entry)) for entry in unit.vocabulary}
    entries = list(unit.vocabulary)
    rng.shuffle(entries)
    start = rng.randrange(2)
    vocabulary: list[QuizQuestion] = []
    for position, entry in enumerate(entries):
        # A term glossed by itself («la CEDEAO» in Spanish too) would be read out with its answer: typed only.
        choice = (position + start) % 2 == 0 and not _glossed_by_itself(entry)
        question = _vocab_choice(entry, unit, rng, words) if choice else None
        if question is None:
            question = _vocab_type(entry, unit, synonyms)
        if question is not None:
            vocabulary.append(question)
    return _round_robin([exercises, vocabulary])


def _glossed_by_itself(entry: VocabEntry) -> bool:
    glosses = {search_key(sense) for text in (entry.english, entry.spanish) for sense in text.split(";")}
    return search_key(entry.french) in glosses


def _round_robin(lists: Sequence[Sequence[QuizQuestion]]) -> list[QuizQuestion]:
    result: list[QuizQuestion] = []
    for depth in range(max((len(items) for items in lists), default=0)):
        result.extend(items[depth] for items in lists if depth < len(items))
    return result


def _exercise_questions(exercise: Exercise, unit_id: str, rng: random.Random) -> list[QuizQuestion]:
    """The quiz questions an exercise gives: one, none (an exercise a quiz cannot ask) or, for a form, one
    per line."""
    if exercise.kind == "dictation":
        accepted = tuple(dict.fromkeys(answer for answer in exercise.accepted_answers if answer.strip()))
        if not accepted or not exercise.say.strip():
            return []
        dictation = QuizQuestion(
            id=exercise.id, unit_id=unit_id, kind="dictation", instruction=exercise.instruction, prompt="",
            options=(), accepted=accepted, audio_text=exercise.say,
        )  # fmt: skip
        return [dictation]
    if exercise.kind == "spot":
        question = _spot_question(exercise, unit_id)
        return [question] if question is not None else []
    if exercise.kind == "form" and exercise.scenario is not None:
        scenario = exercise.scenario.fr
        return [
            QuizQuestion(
                id=f"{exercise.id}:f{field.number}",
                unit_id=unit_id,
                kind="form_field",
                instruction=Text3(
                    *(
                        f"{exercise.instruction.get(lang)} — {field.label.get(lang)}"
                        for lang in ("en", "fr", "es")
                    )
                ),
                prompt=scenario,
                options=(),
                accepted=field.accepted,
            )
            for field in exercise.fields
        ]
    question = _exercise_question(exercise, unit_id, rng)
    return [question] if question is not None else []


def _spot_question(exercise: Exercise, unit_id: str) -> QuizQuestion | None:
    """Which word of the message is wrong: the words in message order, one option per distinct word. Only
    when the error is one word and no other word of the message reads the same."""
    tokens = spot_tokens(exercise)
    wrong = error_token_indexes(exercise)
    if len(wrong) != 1:
        return None
    error_word = tokens[next(iter(wrong))]
    keys = [normalise(token) for token in tokens]
    if keys.count(normalise(error_word)) != 1:
        return None
    first: dict[str, str] = {}
    for key, token in zip(keys, tokens, strict=True):
        first.setdefault(key, token)
    if len(first) < 2:
        return None
    return QuizQuestion(
        id=exercise.id,
        unit_id=unit_id,
        kind="spot",
        instruction=SPOT_INSTRUCTION,
        prompt=exercise.prompt,
        options=tuple(first.values()),
        accepted=(error_word,),
    )


def _exercise_question(exercise: Exercise, unit_id: str, rng: random.Random) -> QuizQuestion | None:
    """The exercise as a quiz question, or None when it cannot be answered (blank answer, or a choice whose
    answer is not among its options)."""
    accepted = tuple(dict.fromkeys(answer for answer in exercise.accepted_answers if answer.strip()))
    if not exercise.answer.strip() or exercise.kind not in QUESTION_KINDS:
        return None
    options: tuple[str, ...] = ()
    if exercise.kind == "choice":
        shuffled = list(dict.fromkeys(option for option in exercise.options if option.strip()))
        if exercise.answer not in shuffled or len(shuffled) < 2:
            return None
        rng.shuffle(shuffled)
        options = tuple(shuffled)
    elif exercise.kind == "order":
        options = tuple(order_tokens(exercise))
    # A reply's prompt is what is said to the learner: play it. Elsewhere the audio would give the answer away
    # (a choice «Chambre 78» read aloud says «soixante-dix-huit»; an order or translation is the answer).
    audio = exercise.prompt if exercise.kind == "reply" and _GAP not in exercise.prompt else ""
    return QuizQuestion(
        id=exercise.id,
        unit_id=unit_id,
        kind=exercise.kind,
        instruction=exercise.instruction,
        prompt=exercise.prompt,
        options=options,
        accepted=accepted,
        audio_text=audio,
    )


def _gloss_text(entry: VocabEntry) -> Text3:
    return Text3(en=entry.gloss("en"), fr=entry.gloss("fr"), es=entry.gloss("es"))


def _senses(entry: VocabEntry) -> frozenset[str]:
    """Every sense of the entry, English and Spanish, as search keys."""
    senses = (sense for text in (entry.english, entry.spanish) for sense in text.split(";"))
    return frozenset(key for key in map(search_key, senses) if key)


def _whole_glosses(entry: VocabEntry) -> frozenset[str]:
    return frozenset(key for key in (search_key(entry.english), search_key(entry.spanish)) if key)


def _pos_group(pos: str) -> str:
    return "noun" if pos in NOUN_CODES else pos


def _vocab_choice(
    entry: VocabEntry, unit: Unit, rng: random.Random, words: Mapping[str, tuple[str, frozenset[str]]]
) -> QuizQuestion | None:
    """French term → its meaning among up to three distractors; None without a single possible distractor."""
    answer_key, answer_senses = words[entry.id]
    if not entry.french.strip() or not answer_senses or not entry.gloss("en").strip():
        return None
    candidates = [
        other
        for other in unit.vocabulary
        if other.id != entry.id
        and words[other.id][0] != answer_key
        and other.gloss("en").strip()
        and not (words[other.id][1] & answer_senses)
    ]
    tiers: list[list[VocabEntry]] = [[], [], []]
    for other in candidates:
        if other.pos == entry.pos:
            tiers[0].append(other)
        elif _pos_group(other.pos) == _pos_group(entry.pos):
            tiers[1].append(other)
        else:
            tiers[2].append(other)
    distractors: list[VocabEntry] = []
    taken_senses = set(answer_senses)
    for tier in tiers:
        rng.shuffle(tier)
        for other in tier:
            if len(distractors) == _DISTRACTORS:
                break
            senses = words[other.id][1]
            if senses & taken_senses:
                continue  # two options meaning the same thing: one of them would be right too
            distractors.append(other)
            taken_senses |= senses
    if not distractors:
        return None
    glosses = [_gloss_text(entry), *(_gloss_text(other) for other in distractors)]
    rng.shuffle(glosses)
    instruction = VOCAB_CHOICE_PHRASE_INSTRUCTION if entry.pos == "expr" else VOCAB_CHOICE_INSTRUCTION
    return QuizQuestion(
        id=f"{entry.id}:fr>gloss",
        unit_id=unit.id,
        kind="vocab_choice",
        instruction=instruction,
        prompt=entry.french,
        options=tuple(gloss.en for gloss in glosses),
        accepted=tuple(dict.fromkeys(text for text in (entry.gloss("en"), entry.gloss("es")) if text)),
        audio_text=entry.french,
        option_glosses=tuple(glosses),
    )


def _synonyms(vocabulary: Iterable[VocabEntry]) -> dict[str, tuple[str, ...]]:
    """Whole gloss (English or Spanish, as a search key) → the French terms glossed so."""
    index: dict[str, dict[str, None]] = {}
    for entry in vocabulary:
        if entry.french.strip():
            for key in _whole_glosses(entry):
                index.setdefault(key, {})[entry.french] = None
    return {key: tuple(terms) for key, terms in index.items()}


def _vocab_type(
    entry: VocabEntry, unit: Unit, synonyms: Mapping[str, tuple[str, ...]]
) -> QuizQuestion | None:
    """Gloss → type the French; any term with the very same gloss (in ``synonyms``) is accepted too."""
    if not entry.french.strip() or not entry.gloss("en").strip():
        return None
    others = [term for key in sorted(_whole_glosses(entry)) for term in synonyms.get(key, ())]
    return QuizQuestion(
        id=f"{entry.id}:gloss>fr",
        unit_id=unit.id,
        kind="vocab_type",
        instruction=VOCAB_TYPE_INSTRUCTION,
        prompt=entry.gloss("en"),
        options=(),
        accepted=tuple(dict.fromkeys((entry.french, *others))),
        audio_text="",
        prompt_gloss=_gloss_text(entry),
    )
