"""How units, quizzes, analysis chapters and worksheets, assignments and learners are named on screen, in the
interface language."""

from __future__ import annotations

from app_pages.content import library
from app_pages.frame import lang, t
from library.content import CHAPTER_QUIZ_PREFIX
from services.assignments import AssignmentKind


def unit_label(unit_id: str) -> str:
    unit = library().manual.unit(unit_id)
    return f"{unit.number}. {unit.title.get(lang())}" if unit else unit_id


def chapter_label(document_id: str) -> str:
    """An analysis chapter («2. Describing the environment…») or case, in the interface language."""
    document = library().analysis.document(document_id)
    if document is None:
        return document_id
    number = f"{document.number}. " if document.kind == "chapter" else ""
    return f"{number}{document.title.get(lang())}"


def worksheet_label(worksheet_id: str) -> str:
    sheet = library().analysis.worksheet(worksheet_id)
    return sheet.title.get(lang()) if sheet else worksheet_id


def situation_label(situation: str) -> str:
    case = library().analysis.case(situation)
    return case.title.get(lang()) if case else t("analysis.situation.own")


def quiz_label(quiz_id: str) -> str:
    if quiz_id in ("placement", "final"):
        return t(f"quiz.name.{quiz_id}")
    if quiz_id.startswith(CHAPTER_QUIZ_PREFIX):
        return t("analysis.quiz.name", title=chapter_label(quiz_id.removeprefix(CHAPTER_QUIZ_PREFIX)))
    return t("quiz.name.unit", title=unit_label(quiz_id.partition(":")[2]))


def assignment_label(assignment) -> str:
    if assignment.kind is AssignmentKind.UNIT:
        return t("assignments.kind.unit", title=unit_label(assignment.target))
    if assignment.kind is AssignmentKind.QUIZ:
        return t("assignments.kind.quiz", quiz=quiz_label(assignment.target))
    if assignment.kind is AssignmentKind.CHAPTER:
        return t("assignments.kind.chapter", title=chapter_label(assignment.target))
    if assignment.kind is AssignmentKind.CHAPTER_QUIZ:
        return t("assignments.kind.chapter_quiz", title=chapter_label(assignment.target))
    if assignment.kind is AssignmentKind.WORKSHEET:
        return t(
            "assignments.kind.worksheet",
            title=worksheet_label(assignment.target),
            situation=situation_label(assignment.params.get("situation", "")),
        )
    return t("assignments.kind.drill", size=assignment.params.get("size", 20))


def short_assignment_label(assignment) -> str:
    """A column header: «#3 Quiz U1»."""
    if assignment.kind is AssignmentKind.DRILL:
        return f"#{assignment.id} {t('groups.kind.drill')} ({assignment.params.get('size', 20)})"
    if assignment.kind in (AssignmentKind.CHAPTER, AssignmentKind.CHAPTER_QUIZ):
        document = library().analysis.document(assignment.target)
        where = f"A{document.number}" if document and document.kind == "chapter" else assignment.target
        return f"#{assignment.id} {t(f'groups.kind.{assignment.kind.value}')} {where}"
    if assignment.kind is AssignmentKind.WORKSHEET:
        return f"#{assignment.id} {t('groups.kind.worksheet')} {assignment.target.split('-')[0].upper()}"
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
    """«U1 quiz», «Placement test», «Final assessment», «A2»: a chart legend."""
    if quiz_id in ("placement", "final"):
        return t(f"quiz.name.{quiz_id}")
    if quiz_id.startswith(CHAPTER_QUIZ_PREFIX):
        document = library().analysis.document(quiz_id.removeprefix(CHAPTER_QUIZ_PREFIX))
        return f"A{document.number}" if document else quiz_id
    unit = library().manual.unit(quiz_id.partition(":")[2])
    return f"U{unit.number}" if unit else quiz_id
