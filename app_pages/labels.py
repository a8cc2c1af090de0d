"""How units, quizzes, assignments and learners are named on screen, in the interface language."""

from __future__ import annotations

from app_pages.content import library
from app_pages.frame import lang, t
from services.assignments import AssignmentKind


def unit_label(unit_id: str) -> str:
    unit = library().manual.unit(unit_id)
    return f"{unit.number}. {unit.title.get(lang())}" if unit else unit_id


def quiz_label(quiz_id: str) -> str:
    if quiz_id in ("placement", "final"):
        return t(f"quiz.name.{quiz_id}")
    return t("quiz.name.unit", title=unit_label(quiz_id.partition(":")[2]))


def assignment_label(assignment) -> str:
    if assignment.kind is AssignmentKind.UNIT:
        return t("assignments.kind.unit", title=unit_label(assignment.target))
    if assignment.kind is AssignmentKind.QUIZ:
        return t("assignments.kind.quiz", quiz=quiz_label(assignment.target))
    return t("assignments.kind.drill", size=assignment.params.get("size", 20))


def short_assignment_label(assignment) -> str:
    """A column header: «#3 Quiz U1»."""
    if assignment.kind is AssignmentKind.DRILL:
        return f"#{assignment.id} {t('groups.kind.drill')} ({assignment.params.get('size', 20)})"
    target = (
        assignment.target.partition(":")[2] if assignment.kind is AssignmentKind.QUIZ else assignment.target
    )
    unit = library().manual.unit(target)
    where = f"U{unit.number}" if unit else quiz_label(assignment.target)
    return f"#{assignment.id} {t(f'groups.kind.{assignment.kind.value}')} {where}"


def learner_labels(learners) -> dict[int, str]:
    """Display names, with the username added where two learners share a name."""
    counts: dict[str, int] = {}
    for learner in learners:
        counts[learner.display_name] = counts.get(learner.display_name, 0) + 1
    return {
        learner.id: learner.display_name
        if counts[learner.display_name] == 1
        else f"{learner.display_name} ({learner.username})"
        for learner in learners
    }


def short_quiz_label(quiz_id: str) -> str:
    """«U1 quiz», «Placement test», «Final assessment»: a chart legend."""
    if quiz_id in ("placement", "final"):
        return t(f"quiz.name.{quiz_id}")
    unit = library().manual.unit(quiz_id.partition(":")[2])
    return f"U{unit.number}" if unit else quiz_id
