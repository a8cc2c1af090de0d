"""Unit exercises as the learner meets them: the words of an ``order`` exercise shuffled, and the check of an
answer whatever the kind."""

from __future__ import annotations

import random

from exercises.grading import Grade, grade_answer
from exercises.terms import TermIndex
from lessons.model import Exercise


def order_tokens(exercise: Exercise) -> list[str]:
    """The words of the answer in a stable shuffled order (never the answer's own order when avoidable)."""
    words = exercise.answer.split()
    shuffled = list(words)
    rng = random.Random(exercise.id)  # noqa: S311 - a presentation order, not a secret
    for _ in range(10):
        rng.shuffle(shuffled)
        if shuffled != words:
            break
    return shuffled


def check_exercise(exercise: Exercise, given: str, terms: TermIndex | None = None) -> Grade:
    """Grade an answer to a unit exercise: a choice must be the right option; typed answers are graded with
    accent and typo tolerance, refusing other real words."""
    if exercise.kind == "choice":
        # The other options are "known terms": picking one of them is never forgiven as a typo.
        others = [option for option in exercise.options if option not in exercise.accepted_answers]
        # and a left-out article is not forgiven: «dimanche» is another option than «le dimanche».
        return grade_answer(given or "", exercise.accepted_answers, others, articles=False)
    return grade_answer(given or "", exercise.accepted_answers, terms if terms is not None else ())
