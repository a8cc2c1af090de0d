"""Assignments: an instructor gives a group (or chosen members) a unit, a drill, a quiz, or strategic-analysis
work (a chapter to read, a chapter's quiz, a worksheet to hand in) with a due date; each learner sees their
own, with where they stand. A target is checked against the content when the
assignment is made; kinds and states are enums, not strings spread over the pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.worksheets import worksheet_situations
from exercises.quiz_catalog import quiz_ids
from library.content import ContentLibrary, chapter_quiz_id
from progress.models import (
    Assignment,
    AssignmentLearner,
    DrillSession,
    Group,
    GroupMember,
    LessonProgress,
    QuizAttempt,
    ReadingProgress,
    WorksheetDraft,
    WorksheetSubmission,
)
from services.accounts import require_role
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.groups import member_ids, owned_group

DRILL_SIZE_MAX = 200


class AssignmentKind(StrEnum):
    UNIT = "unit"  # target: a unit id
    DRILL = "drill"  # target: "drill"; params: themes, units, size
    QUIZ = "quiz"  # target: a quiz id (unit:<unit id>, placement, final)
    CHAPTER = "chapter"  # target: an analysis chapter (or case) id; done once read to the end
    CHAPTER_QUIZ = "chapter_quiz"  # target: an analysis chapter id; done once an attempt is finished
    WORKSHEET = "worksheet"  # target: a worksheet id; params: situation; done once submitted


QUIZ_LIKE = (AssignmentKind.QUIZ, AssignmentKind.CHAPTER_QUIZ)


def assignment_quiz_id(kind: AssignmentKind, target: str) -> str | None:
    """The quiz id a quiz or chapter-quiz assignment is done with (None for the other kinds)."""
    if kind is AssignmentKind.QUIZ:
        return target
    if kind is AssignmentKind.CHAPTER_QUIZ:
        return chapter_quiz_id(target)
    return None


class AssignmentState(StrEnum):
    TODO = "todo"
    STARTED = "started"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class AssignmentView:
    id: int
    group_id: int
    kind: AssignmentKind
    target: str
    params: dict
    due_at: datetime
    created_at: datetime
    learner_ids: tuple[int, ...]  # empty: the whole group


@dataclass(frozen=True, slots=True)
class Status:
    """Where one learner stands on one assignment."""

    state: AssignmentState
    overdue: bool
    score: float | None = None  # quizzes and drills: the best score (0–1)
    completed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class LearnerAssignment:
    assignment: AssignmentView
    group_name: str
    status: Status


def _assignment_view(assignment: Assignment, learner_ids: list[int]) -> AssignmentView:
    return AssignmentView(
        assignment.id, assignment.group_id, AssignmentKind(assignment.kind), assignment.target,
        dict(assignment.params), assignment.due_at, assignment.created_at, tuple(sorted(learner_ids)),
    )  # fmt: skip


def _checked_target(kind: AssignmentKind, target: str, params: dict, content: ContentLibrary) -> dict:
    """The params to store, once the target is known to exist in the content (else InvalidInput)."""
    if kind is AssignmentKind.UNIT and content.manual.unit(target) is None:
        raise InvalidInput("errors.assignment_target")
    if kind is AssignmentKind.QUIZ and target not in quiz_ids(content.manual):
        raise InvalidInput("errors.assignment_target")
    if kind is AssignmentKind.CHAPTER and content.analysis.document(target) is None:
        raise InvalidInput("errors.assignment_target")
    if kind is AssignmentKind.CHAPTER_QUIZ:
        document = content.analysis.document(target)
        if document is None or not document.quiz:
            raise InvalidInput("errors.assignment_target")
    if kind is AssignmentKind.WORKSHEET:
        if content.analysis.worksheet(target) is None:
            raise InvalidInput("errors.assignment_target")
        allowed = worksheet_situations(content.analysis)
        situation = params.get("situation", allowed[0])
        if situation not in allowed:
            raise InvalidInput("errors.worksheet_situation")
        params = {**params, "situation": situation}
    if kind is AssignmentKind.DRILL:
        if target != "drill":
            raise InvalidInput("errors.assignment_target")
        try:
            size = int(params.get("size", 20))
        except (TypeError, ValueError) as error:
            raise InvalidInput("errors.drill_size", max=DRILL_SIZE_MAX) from error
        if not 1 <= size <= DRILL_SIZE_MAX:
            raise InvalidInput("errors.drill_size", max=DRILL_SIZE_MAX)
        units = [u for u in params.get("units", []) if isinstance(u, str)]
        themes = [t for t in params.get("themes", []) if isinstance(t, str)]
        if any(content.manual.unit(u) is None for u in units) or any(
            not content.glossary.by_theme(theme) for theme in themes
        ):
            raise InvalidInput("errors.assignment_target")
        params = {**params, "size": size, "units": units, "themes": themes}
    return params


def create_assignment(
    session: Session,
    actor_id: int,
    group_id: int,
    kind: AssignmentKind | str,
    target: str,
    due_at: datetime,
    now: datetime,
    *,
    content: ContentLibrary,
    params: dict | None = None,
    learner_ids: list[int] | None = None,
) -> AssignmentView:
    """Assign a unit (target = unit id), a drill (target = "drill", params themes/units/size), a quiz
    (target = quiz id), an analysis chapter to read or its quiz (target = chapter id) or a worksheet
    (target = worksheet id, params situation: a case id or "own") to the whole group, or to chosen members
    of it. The target must exist in ``content``."""
    group = owned_group(session, actor_id, group_id)
    try:
        kind = AssignmentKind(kind)
    except ValueError as error:
        raise InvalidInput("errors.assignment_kind") from error
    if not target or len(target) > 64:
        raise InvalidInput("errors.assignment_target")
    if due_at <= now:
        raise InvalidInput("errors.due_in_past")
    params = _checked_target(kind, target, dict(params or {}), content)
    members = set(member_ids(session, group.id))
    chosen = sorted(set(learner_ids or []))
    if any(learner not in members for learner in chosen):
        raise PermissionDenied("errors.permission_denied")
    assignment = Assignment(
        group_id=group.id, created_by=actor_id, kind=kind.value, target=target, params=params, due_at=due_at,
        created_at=now,
    )  # fmt: skip
    session.add(assignment)
    session.flush()
    for learner in chosen:
        session.add(AssignmentLearner(assignment_id=assignment.id, user_id=learner))
    return _assignment_view(assignment, chosen)


def delete_assignment(session: Session, actor_id: int, assignment_id: int) -> None:
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound("errors.not_found")
    owned_group(session, actor_id, assignment.group_id)
    session.delete(assignment)


def group_assignments(session: Session, group_ids: list[int]) -> list[AssignmentView]:
    if not group_ids:
        return []
    rows = session.scalars(
        select(Assignment)
        .where(Assignment.group_id.in_(group_ids))
        .order_by(Assignment.due_at, Assignment.id)
    ).all()
    chosen: dict[int, list[int]] = defaultdict(list)
    if rows:
        for assignment_id, user_id in session.execute(
            select(AssignmentLearner.assignment_id, AssignmentLearner.user_id).where(
                AssignmentLearner.assignment_id.in_([r.id for r in rows])
            )
        ):
            chosen[assignment_id].append(user_id)
    return [_assignment_view(row, chosen[row.id]) for row in rows]


def statuses(
    session: Session, assignments: list[AssignmentView], learner_ids: list[int], now: datetime
) -> dict[tuple[int, int], Status]:
    """Status of every (assignment, learner) pair, computed with one query per kind."""
    result: dict[tuple[int, int], Status] = {}
    if not assignments or not learner_ids:
        return result
    unit_ids = {a.target for a in assignments if a.kind == AssignmentKind.UNIT}
    lessons: dict[tuple[str, int], LessonProgress] = {}
    if unit_ids:
        for row in session.scalars(
            select(LessonProgress).where(
                LessonProgress.unit_id.in_(unit_ids), LessonProgress.user_id.in_(learner_ids)
            )
        ):
            lessons[(row.unit_id, row.user_id)] = row
    drill_ids = [a.id for a in assignments if a.kind == AssignmentKind.DRILL]
    drills: dict[tuple[int, int], list[DrillSession]] = defaultdict(list)
    if drill_ids:
        for row in session.scalars(
            select(DrillSession).where(
                DrillSession.assignment_id.in_(drill_ids), DrillSession.user_id.in_(learner_ids)
            )
        ):
            drills[(row.assignment_id, row.user_id)].append(row)
    quizzes = [a for a in assignments if a.kind in QUIZ_LIKE]
    attempts: dict[tuple[str, int], list[QuizAttempt]] = defaultdict(list)
    if quizzes:
        earliest = min(a.created_at for a in quizzes)
        for row in session.scalars(
            select(QuizAttempt).where(
                QuizAttempt.quiz_id.in_({assignment_quiz_id(a.kind, a.target) for a in quizzes}),
                QuizAttempt.user_id.in_(learner_ids),
                QuizAttempt.started_at >= earliest,
            )
        ):
            attempts[(row.quiz_id, row.user_id)].append(row)
    chapter_ids = {a.target for a in assignments if a.kind == AssignmentKind.CHAPTER}
    readings: dict[tuple[str, int], ReadingProgress] = {}
    if chapter_ids:
        for row in session.scalars(
            select(ReadingProgress).where(
                ReadingProgress.document_id.in_(chapter_ids), ReadingProgress.user_id.in_(learner_ids)
            )
        ):
            readings[(row.document_id, row.user_id)] = row
    sheet_ids = {a.target for a in assignments if a.kind == AssignmentKind.WORKSHEET}
    drafts: dict[tuple[str, str, int], WorksheetDraft] = {}
    handed_in: dict[int, list[datetime]] = defaultdict(list)
    if sheet_ids:
        for row in session.scalars(
            select(WorksheetDraft).where(
                WorksheetDraft.worksheet_id.in_(sheet_ids), WorksheetDraft.user_id.in_(learner_ids)
            )
        ):
            drafts[(row.worksheet_id, row.situation, row.user_id)] = row
        if drafts:
            for draft_id, submitted_at in session.execute(
                select(WorksheetSubmission.draft_id, WorksheetSubmission.submitted_at).where(
                    WorksheetSubmission.draft_id.in_([d.id for d in drafts.values()])
                )
            ):
                handed_in[draft_id].append(submitted_at)

    for assignment in assignments:
        targets = [i for i in assignment.learner_ids if i in learner_ids] or (
            [] if assignment.learner_ids else learner_ids
        )
        for learner in targets:
            state, score, completed = AssignmentState.TODO, None, None
            if assignment.kind == AssignmentKind.UNIT:
                row = lessons.get((assignment.target, learner))
                if row is not None:
                    state = AssignmentState.DONE if row.completed_at else AssignmentState.STARTED
                    completed = row.completed_at
            elif assignment.kind == AssignmentKind.DRILL:
                sessions = drills.get((assignment.id, learner), [])
                finished = [s for s in sessions if s.finished_at and s.position >= len(s.plan)]
                if finished:
                    state = AssignmentState.DONE
                    best = max(finished, key=lambda s: s.correct / max(1, len(s.plan)))
                    score, completed = best.correct / max(1, len(best.plan)), best.finished_at
                elif sessions:
                    state = AssignmentState.STARTED
            elif assignment.kind == AssignmentKind.CHAPTER:
                row = readings.get((assignment.target, learner))
                if row is not None:
                    state = AssignmentState.DONE if row.completed_at else AssignmentState.STARTED
                    completed = row.completed_at
            elif assignment.kind == AssignmentKind.WORKSHEET:
                situation = assignment.params.get("situation", "")
                draft = drafts.get((assignment.target, situation, learner))
                if draft is not None:
                    since = [at for at in handed_in.get(draft.id, []) if at >= assignment.created_at]
                    if since:
                        state, completed = AssignmentState.DONE, min(since)
                    elif draft.version > 0:
                        state = AssignmentState.STARTED
            else:
                quiz_id = assignment_quiz_id(assignment.kind, assignment.target)
                tries = [
                    a for a in attempts.get((quiz_id, learner), []) if a.started_at >= assignment.created_at
                ]
                finished = [a for a in tries if a.finished_at is not None]
                if finished:
                    state = AssignmentState.DONE
                    best = max(finished, key=lambda a: a.score or 0.0)
                    score, completed = best.score, best.finished_at
                elif tries:
                    state = AssignmentState.STARTED
            result[(assignment.id, learner)] = Status(
                state, state != AssignmentState.DONE and now > assignment.due_at, score, completed
            )
    return result


def learner_assignments(session: Session, learner_id: int, now: datetime) -> list[LearnerAssignment]:
    """The learner's own assignments from every group they belong to, soonest due first."""
    require_role(session, learner_id)
    groups = {
        group.id: group.name
        for group in session.scalars(
            select(Group)
            .join(GroupMember, GroupMember.group_id == Group.id)
            .where(GroupMember.user_id == learner_id)
        )
    }
    mine = [
        a
        for a in group_assignments(session, list(groups))
        if not a.learner_ids or learner_id in a.learner_ids
    ]
    states = statuses(session, mine, [learner_id], now)
    return [LearnerAssignment(a, groups[a.group_id], states[(a.id, learner_id)]) for a in mine]


def learner_assignment(session: Session, learner_id: int, assignment_id: int) -> AssignmentView:
    """One assignment of the learner's (to open the work it names); someone else's is refused."""
    require_role(session, learner_id)
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound("errors.not_found")
    member = session.scalar(
        select(GroupMember.id).where(
            GroupMember.group_id == assignment.group_id, GroupMember.user_id == learner_id
        )
    )
    chosen = list(
        session.scalars(
            select(AssignmentLearner.user_id).where(AssignmentLearner.assignment_id == assignment.id)
        )
    )
    if member is None or (chosen and learner_id not in chosen):
        raise PermissionDenied("errors.permission_denied")
    return _assignment_view(assignment, chosen)


@dataclass(frozen=True, slots=True)
class AssignmentProgress:
    assignment: AssignmentView
    done: int
    total: int  # learners it is for


def group_progress(session: Session, actor_id: int, group_id: int, now: datetime) -> list[AssignmentProgress]:
    """Each assignment of a group the actor leads, with how many of its learners have done it (what the
    groups page shows; the full dashboard is not needed for it)."""
    group = owned_group(session, actor_id, group_id)
    learners = member_ids(session, group.id)
    found = group_assignments(session, [group.id])
    states = statuses(session, found, learners, now)
    result = []
    for assignment in found:
        targets = [i for i in assignment.learner_ids if i in learners] if assignment.learner_ids else learners
        done = sum(1 for uid in targets if states[(assignment.id, uid)].state is AssignmentState.DONE)
        result.append(AssignmentProgress(assignment, done, len(targets)))
    return result
