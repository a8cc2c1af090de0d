"""Which quizzes exist and how to rebuild one from its id and seed (attempts store only these two)."""

from __future__ import annotations

from exercises.quizzes import DEFAULT_PASS_MARK, Quiz, final_assessment, placement_test, unit_quiz
from lessons.model import Manual

UNIT_QUIZ_LENGTH = 10
FINAL_LENGTH = 30
FINAL_TIME_LIMIT_S = 45 * 60


def quiz_ids(manual: Manual) -> list[str]:
    return ["placement", *(f"unit:{unit.id}" for unit in manual.units), "final"]


def build_quiz(
    manual: Manual,
    quiz_id: str,
    seed: int,
    time_limit_s: int | None = None,
    pass_mark: float = DEFAULT_PASS_MARK,
) -> Quiz:
    """The quiz ``quiz_id`` (``unit:<unit id>``, ``placement`` or ``final``) as drawn with ``seed``."""
    if quiz_id == "placement":
        return placement_test(manual, seed=seed, pass_mark=pass_mark)
    if quiz_id == "final":
        return final_assessment(
            manual,
            length=FINAL_LENGTH,
            seed=seed,
            time_limit_s=time_limit_s or FINAL_TIME_LIMIT_S,
            pass_mark=pass_mark,
        )
    kind, _, unit_id = quiz_id.partition(":")
    unit = manual.unit(unit_id) if kind == "unit" else None
    if unit is None:
        raise KeyError(f"unknown quiz {quiz_id!r}")
    return unit_quiz(unit, length=UNIT_QUIZ_LENGTH, seed=seed, time_limit_s=time_limit_s, pass_mark=pass_mark)
