"""The check of the exercise kinds that take more than one typed answer: a radio message's questions, a
form's lines, a compte rendu, a role-play's replies, a spotted error with its correction, a self-rated
recording. (A dictation is one typed answer: :func:`exercises.unit_exercises.check_exercise` grades it.)

:func:`check_open` takes the exercise and the learner's raw input in the shape of its kind and returns an
:class:`OpenCheck`: right or not, a score from 0 to 1, a short verdict word to store, and the detail the
page explains (each line graded by :func:`exercises.grading.grade_answer`, with its usual explanations).

Raw input by kind:

- ``radio``, ``form``: the answers in question (line) order, a sequence of strings;
- ``report``: the text;
- ``roleplay``: the index of the reply picked at each node, from the start to an end;
- ``spot``: ``{"picked": [indexes of the words picked in the message], "correction": "…"}``;
- ``speaking``: the self-rating, 1 (not yet), 2 (close) or 3 (like the model).

Anything else raises :class:`InvalidAnswer` (a ``ValueError``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from exercises.compte_rendu import ReportGrade, grade_report
from exercises.grading import Grade, Verdict, grade_answer
from exercises.roleplay import RoleplayWalk, walk_roleplay
from exercises.terms import TermIndex
from lessons.model import Exercise, Question
from text.content import Text3
from text.normalise import normalise

__all__ = [
    "CHECKED_KINDS",
    "MAX_PART_CHARS",
    "SPEAKING_RATINGS",
    "InvalidAnswer",
    "OpenCheck",
    "PartGrade",
    "SpotGrade",
    "check_open",
    "digits_kept",
    "error_token_indexes",
    "grade_parts",
    "grade_spot",
    "spot_tokens",
]

#: The kinds :func:`check_open` checks.
CHECKED_KINDS: frozenset[str] = frozenset({"radio", "form", "report", "roleplay", "spot", "speaking"})
SPEAKING_RATINGS: tuple[int, ...] = (1, 2, 3)  # not yet, close, like the model
MAX_PART_CHARS = 300  # one answer to a question or a form line
_EDGE_PUNCTUATION = " ,;:."


class InvalidAnswer(ValueError):
    """Raw input that is not an answer of the exercise's kind."""


@dataclass(frozen=True, slots=True)
class PartGrade:
    """One question on a radio message, or one line of a form, graded."""

    number: int
    label: Text3
    given: str
    grade: Grade


@dataclass(frozen=True, slots=True)
class SpotGrade:
    """The part picked in the message (right or not) and the correction typed for it."""

    picked: str
    found: bool
    error: str
    expected: str  # the correction ("" when the part must simply go)
    correction: str
    correction_right: bool
    grade: Grade | None  # the grade of the correction (None when the part must go)

    @property
    def correct(self) -> bool:
        return self.found and self.correction_right


@dataclass(frozen=True, slots=True)
class OpenCheck:
    """The verdict on an answer to a ``radio``, ``form``, ``report``, ``roleplay``, ``spot`` or
    ``speaking`` exercise; the field of its kind carries the detail."""

    kind: str
    correct: bool
    score: float
    verdict: str  # stored with the result: right, partly, wrong, empty; success/partial/fail; rated_N
    parts: tuple[PartGrade, ...] = ()
    report: ReportGrade | None = None
    walk: RoleplayWalk | None = None
    spot: SpotGrade | None = None
    rating: int = 0


def _verdict(score: float, empty: bool) -> str:
    if empty:
        return "empty"
    if score >= 1.0:
        return "right"
    return "partly" if score > 0 else "wrong"


def _text(value: object, limit: int = MAX_PART_CHARS) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidAnswer(f"expected a text, not {type(value).__name__}")
    return value[:limit]


def grade_parts(
    questions: Sequence[Question], answers: Sequence[str] | Mapping[int, str], terms: TermIndex | None = None
) -> tuple[PartGrade, ...]:
    """Each question (or form line) graded; ``answers`` in question order, or by question number."""
    if isinstance(answers, str) or not isinstance(answers, Sequence | Mapping):
        raise InvalidAnswer("expected one answer per question")
    if isinstance(answers, Sequence) and len(answers) > len(questions):
        raise InvalidAnswer(f"{len(answers)} answers for {len(questions)} questions")
    parts = []
    for position, question in enumerate(questions):
        if isinstance(answers, Mapping):
            raw = answers.get(question.number, "")
        else:
            raw = answers[position] if position < len(answers) else ""
        given = _text(raw)
        grade = digits_kept(grade_answer(given, question.accepted, terms if terms is not None else ()))
        parts.append(PartGrade(question.number, question.label, given, grade))
    return tuple(parts)


def _digits(text: str) -> str:
    return "".join(character for character in text if character.isdigit())


def digits_kept(grade: Grade) -> Grade:
    """A slip forgiven by the grader is still wrong when it changes a digit: on a radio or a form a grid
    reference, a frequency or a time is right to the digit («45,50» is not «45,500»)."""
    if grade.correct and grade.matched is not None and _digits(grade.given) != _digits(grade.matched):
        return replace(grade, verdict=Verdict.WRONG, correct=False, matched=None, message_key="grade.wrong")
    return grade


def spot_tokens(exercise: Exercise) -> tuple[str, ...]:
    """The words of a spot exercise's message, as the learner picks among them."""
    return tuple(exercise.prompt.split())


def error_token_indexes(exercise: Exercise) -> frozenset[int]:
    """The indexes of the words that hold (part of) the error."""
    start = exercise.prompt.find(exercise.error) if exercise.error else -1
    if start < 0:
        return frozenset()
    end = start + len(exercise.error)
    indexes, position = set(), 0
    for index, token in enumerate(exercise.prompt.split()):
        token_start = exercise.prompt.index(token, position)
        token_end = position = token_start + len(token)
        if token_start < end and token_end > start:
            indexes.add(index)
    return frozenset(indexes)


def _bare(text: str) -> str:
    return text.strip(_EDGE_PUNCTUATION)


def grade_spot(
    exercise: Exercise, picked: Sequence[int], correction: str, terms: TermIndex | None = None
) -> SpotGrade:
    """Right when the words picked are exactly those of the error and the correction is right (blank when
    the part must go). Punctuation at the edges of the correction does not matter («Parlez,» = «Parlez»)."""
    tokens = spot_tokens(exercise)
    if isinstance(picked, str) or not isinstance(picked, Sequence):
        raise InvalidAnswer("expected the indexes of the words picked")
    chosen = set()
    for index in picked:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(tokens):
            raise InvalidAnswer(f"{index!r} is not a word of the message")
        chosen.add(index)
    correction = _text(correction)
    found = bool(chosen) and chosen == error_token_indexes(exercise)
    expected = _bare(exercise.answer)
    if expected:
        grade = grade_answer(_bare(correction), (expected,), terms if terms is not None else ())
        right = grade.correct
    else:
        grade, right = None, not normalise(_bare(correction))
    return SpotGrade(
        picked=" ".join(tokens[i] for i in sorted(chosen)),
        found=found,
        error=exercise.error,
        expected=exercise.answer,
        correction=correction,
        correction_right=right,
        grade=grade,
    )


def check_open(exercise: Exercise, given: object, terms: TermIndex | None = None) -> OpenCheck:
    """Check the raw answer ``given`` to an exercise of :data:`CHECKED_KINDS` (shapes in the module doc)."""
    kind = exercise.kind
    if kind in ("radio", "form"):
        questions = exercise.questions if kind == "radio" else exercise.fields
        parts = grade_parts(questions, given, terms)  # type: ignore[arg-type]
        right = sum(1 for part in parts if part.grade.correct)
        score = right / len(parts) if parts else 0.0
        empty = all(not part.given.strip() for part in parts)
        return OpenCheck(
            kind, bool(parts) and right == len(parts), score, _verdict(score, empty), parts=parts
        )
    if kind == "report":
        report = grade_report(exercise, _text(given, 1_000_000))
        return OpenCheck(
            kind, report.correct, report.score, _verdict(report.score, report.empty), report=report
        )
    if kind == "roleplay":
        if isinstance(given, str) or not isinstance(given, Sequence):
            raise InvalidAnswer("expected the replies picked")
        try:
            walk = walk_roleplay(exercise, list(given))
        except ValueError as error:
            raise InvalidAnswer(str(error)) from None
        if not walk.finished:
            raise InvalidAnswer("the dialogue has not ended")
        return OpenCheck(kind, walk.outcome == "success", walk.score, walk.outcome, walk=walk)
    if kind == "spot":
        if not isinstance(given, Mapping):
            raise InvalidAnswer("expected the words picked and the correction")
        spot = grade_spot(exercise, given.get("picked", ()), given.get("correction", ""), terms)
        score = (0.5 if spot.found else 0.0) + (0.5 if spot.found and spot.correction_right else 0.0)
        verdict = "right" if spot.correct else ("wrong_fix" if spot.found else "wrong_part")
        return OpenCheck(kind, spot.correct, score, verdict, spot=spot)
    if kind == "speaking":
        if isinstance(given, bool) or given not in SPEAKING_RATINGS:
            raise InvalidAnswer(f"a self-rating is one of {SPEAKING_RATINGS}")
        rating = int(given)  # type: ignore[arg-type]
        return OpenCheck(kind, rating == 3, (rating - 1) / 2, f"rated_{rating}", rating=rating)
    raise InvalidAnswer(f"{exercise.id}: {kind} exercises are not checked here")
