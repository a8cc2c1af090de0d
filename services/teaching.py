"""Instructors' groups, assignments and dashboards, and learners' view of their assignments.

Authorization lives here: an instructor reaches only the groups they lead (an administrator reaches all),
and a learner only their own assignments. Asking for another group's or learner's id directly is refused.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from progress.models import (
    ActivityDay,
    Assignment,
    AssignmentLearner,
    DrillSession,
    ExerciseResult,
    Group,
    GroupMember,
    LessonProgress,
    QuizAnswer,
    QuizAttempt,
    ReviewLog,
    Role,
    User,
)
from services.accounts import UserView, clean_display_name, require_role, user_view, username_key
from services.errors import InvalidInput, NotFound, PermissionDenied

ASSIGNMENT_KINDS = ("unit", "drill", "quiz")
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed by beginners
CODE_LENGTH = 8
DRILL_SIZE_MAX = 200


@dataclass(frozen=True, slots=True)
class GroupView:
    id: int
    name: str
    instructor_id: int
    join_code: str
    created_at: datetime
    members: int = 0


@dataclass(frozen=True, slots=True)
class AssignmentView:
    id: int
    group_id: int
    kind: str
    target: str
    params: dict
    due_at: datetime
    created_at: datetime
    learner_ids: tuple[int, ...]  # empty: the whole group


@dataclass(frozen=True, slots=True)
class Status:
    """Where one learner stands on one assignment."""

    state: str  # "todo", "started", "done"
    overdue: bool
    score: float | None = None  # quizzes and drills: the best score (0–1)
    completed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class LearnerAssignment:
    assignment: AssignmentView
    group_name: str
    status: Status


@dataclass(frozen=True, slots=True)
class MissedItem:
    source: str  # "review" (glossary item), "quiz" (question id), "exercise" (unit exercise id)
    item_id: str
    misses: int
    attempts: int


@dataclass
class Dashboard:
    group: GroupView
    learners: list[UserView]
    assignments: list[AssignmentView]
    status: dict[tuple[int, int], Status]  # (assignment id, learner id)
    seconds: dict[int, int]  # time spent per learner, all time
    last_active: dict[int, date]
    quiz_scores: dict[int, list[tuple[str, float, datetime]]]  # per learner: (quiz id, score, when)
    most_missed: list[MissedItem]
    units_done: dict[int, int] = field(default_factory=dict)

    def targets(self, assignment: AssignmentView) -> list[int]:
        ids = {learner.id for learner in self.learners}
        return [i for i in assignment.learner_ids if i in ids] if assignment.learner_ids else sorted(ids)

    def completion(self, learner_id: int) -> tuple[int, int]:
        """(done, assigned) for one learner."""
        assigned = [a for a in self.assignments if learner_id in self.targets(a)]
        done = sum(1 for a in assigned if self.status[(a.id, learner_id)].state == "done")
        return done, len(assigned)

    def overdue(self) -> list[tuple[int, int]]:
        return [key for key, status in self.status.items() if status.overdue]


# --- groups ---------------------------------------------------------------------------------------


def _teacher(session: Session, actor_id: int) -> User:
    return require_role(session, actor_id, Role.INSTRUCTOR, Role.ADMIN)


def _owned_group(session: Session, actor_id: int, group_id: int) -> Group:
    actor = _teacher(session, actor_id)
    group = session.get(Group, group_id)
    if group is None:
        raise NotFound("errors.not_found")
    if actor.role != Role.ADMIN.value and group.instructor_id != actor.id:
        raise PermissionDenied("errors.permission_denied")
    return group


def _group_view(session: Session, group: Group) -> GroupView:
    members = session.scalar(
        select(func.count()).select_from(GroupMember).where(GroupMember.group_id == group.id)
    )
    return GroupView(group.id, group.name, group.instructor_id, group.join_code, group.created_at, members)


def _new_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Group.id).where(Group.join_code == code)) is None:
            return code


def create_group(session: Session, actor_id: int, name: str, now: datetime) -> GroupView:
    actor = _teacher(session, actor_id)
    try:
        name = clean_display_name(name)
    except InvalidInput as error:
        raise InvalidInput(error.key.replace("display_name", "group_name"), **error.params) from None
    group = Group(name=name, instructor_id=actor.id, join_code=_new_code(session), created_at=now)
    session.add(group)
    session.flush()
    return _group_view(session, group)


def list_groups(session: Session, actor_id: int) -> list[GroupView]:
    """The groups the actor leads (an administrator sees every group)."""
    actor = _teacher(session, actor_id)
    query = select(Group).order_by(Group.created_at, Group.id)
    if actor.role != Role.ADMIN.value:
        query = query.where(Group.instructor_id == actor.id)
    return [_group_view(session, group) for group in session.scalars(query)]


def get_group(session: Session, actor_id: int, group_id: int) -> GroupView:
    return _group_view(session, _owned_group(session, actor_id, group_id))


def _add(session: Session, group: Group, user: User, now: datetime) -> None:
    exists = session.scalar(
        select(GroupMember.id).where(GroupMember.group_id == group.id, GroupMember.user_id == user.id)
    )
    if exists is None:
        session.add(GroupMember(group_id=group.id, user_id=user.id, joined_at=now))


def join_group(session: Session, learner_id: int, code: str, now: datetime) -> GroupView:
    """A learner joins a group with the code their instructor gave them (case and spaces do not matter)."""
    learner = require_role(session, learner_id)
    cleaned = "".join(unicodedata.normalize("NFKC", code or "").split()).upper().replace("-", "")
    if not cleaned or len(cleaned) > 32:
        raise InvalidInput("errors.join_code_unknown")
    group = session.scalar(select(Group).where(Group.join_code == cleaned))
    if group is None:
        raise InvalidInput("errors.join_code_unknown")
    _add(session, group, learner, now)
    session.flush()
    return _group_view(session, group)


def add_member(session: Session, actor_id: int, group_id: int, username: str, now: datetime) -> UserView:
    group = _owned_group(session, actor_id, group_id)
    user = session.scalar(select(User).where(User.username_key == username_key(username or "")[:64]))
    if user is None or not user.is_active:
        raise InvalidInput("errors.unknown_username")
    _add(session, group, user, now)
    return user_view(user)


def remove_member(session: Session, actor_id: int, group_id: int, user_id: int) -> None:
    group = _owned_group(session, actor_id, group_id)
    member = session.scalar(
        select(GroupMember).where(GroupMember.group_id == group.id, GroupMember.user_id == user_id)
    )
    if member is None:
        raise NotFound("errors.not_found")
    session.delete(member)


def _member_ids(session: Session, group_id: int) -> list[int]:
    return list(session.scalars(select(GroupMember.user_id).where(GroupMember.group_id == group_id)))


def group_members(session: Session, actor_id: int, group_id: int) -> list[UserView]:
    group = _owned_group(session, actor_id, group_id)
    users = session.scalars(
        select(User)
        .join(GroupMember, GroupMember.user_id == User.id)
        .where(GroupMember.group_id == group.id)
        .order_by(User.display_name, User.username_key)
    )
    return [user_view(user) for user in users]


def learner_groups(session: Session, learner_id: int) -> list[GroupView]:
    require_role(session, learner_id)
    groups = session.scalars(
        select(Group)
        .join(GroupMember, GroupMember.group_id == Group.id)
        .where(GroupMember.user_id == learner_id)
    )
    return [_group_view(session, group) for group in groups]


# --- assignments ----------------------------------------------------------------------------------


def _assignment_view(assignment: Assignment, learner_ids: list[int]) -> AssignmentView:
    return AssignmentView(
        assignment.id, assignment.group_id, assignment.kind, assignment.target, dict(assignment.params),
        assignment.due_at, assignment.created_at, tuple(sorted(learner_ids)),
    )  # fmt: skip


def create_assignment(
    session: Session,
    actor_id: int,
    group_id: int,
    kind: str,
    target: str,
    due_at: datetime,
    now: datetime,
    *,
    params: dict | None = None,
    learner_ids: list[int] | None = None,
) -> AssignmentView:
    """Assign a unit (target = unit id), a drill (target = "drill", params themes/units/size) or a quiz
    (target = quiz id) to the whole group, or to chosen members of it."""
    group = _owned_group(session, actor_id, group_id)
    if kind not in ASSIGNMENT_KINDS:
        raise InvalidInput("errors.assignment_kind")
    if not target or len(target) > 64:
        raise InvalidInput("errors.assignment_target")
    if due_at <= now:
        raise InvalidInput("errors.due_in_past")
    params = dict(params or {})
    if kind == "drill":
        size = int(params.get("size", 20))
        if not 1 <= size <= DRILL_SIZE_MAX:
            raise InvalidInput("errors.drill_size", max=DRILL_SIZE_MAX)
        params["size"] = size
    members = set(_member_ids(session, group.id))
    chosen = sorted(set(learner_ids or []))
    if any(learner not in members for learner in chosen):
        raise PermissionDenied("errors.permission_denied")
    assignment = Assignment(
        group_id=group.id, created_by=actor_id, kind=kind, target=target, params=params, due_at=due_at,
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
    _owned_group(session, actor_id, assignment.group_id)
    session.delete(assignment)


def _assignments(session: Session, group_ids: list[int]) -> list[AssignmentView]:
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


def _statuses(
    session: Session, assignments: list[AssignmentView], learner_ids: list[int], now: datetime
) -> dict[tuple[int, int], Status]:
    """Status of every (assignment, learner) pair, computed with one query per kind."""
    result: dict[tuple[int, int], Status] = {}
    if not assignments or not learner_ids:
        return result
    unit_ids = {a.target for a in assignments if a.kind == "unit"}
    lessons: dict[tuple[str, int], LessonProgress] = {}
    if unit_ids:
        for row in session.scalars(
            select(LessonProgress).where(
                LessonProgress.unit_id.in_(unit_ids), LessonProgress.user_id.in_(learner_ids)
            )
        ):
            lessons[(row.unit_id, row.user_id)] = row
    drill_ids = [a.id for a in assignments if a.kind == "drill"]
    drills: dict[tuple[int, int], list[DrillSession]] = defaultdict(list)
    if drill_ids:
        for row in session.scalars(
            select(DrillSession).where(
                DrillSession.assignment_id.in_(drill_ids), DrillSession.user_id.in_(learner_ids)
            )
        ):
            drills[(row.assignment_id, row.user_id)].append(row)
    quizzes = [a for a in assignments if a.kind == "quiz"]
    attempts: dict[tuple[str, int], list[QuizAttempt]] = defaultdict(list)
    if quizzes:
        earliest = min(a.created_at for a in quizzes)
        for row in session.scalars(
            select(QuizAttempt).where(
                QuizAttempt.quiz_id.in_({a.target for a in quizzes}),
                QuizAttempt.user_id.in_(learner_ids),
                QuizAttempt.started_at >= earliest,
            )
        ):
            attempts[(row.quiz_id, row.user_id)].append(row)

    for assignment in assignments:
        targets = [i for i in assignment.learner_ids if i in learner_ids] or (
            [] if assignment.learner_ids else learner_ids
        )
        for learner in targets:
            state, score, completed = "todo", None, None
            if assignment.kind == "unit":
                row = lessons.get((assignment.target, learner))
                if row is not None:
                    state = "done" if row.completed_at else "started"
                    completed = row.completed_at
            elif assignment.kind == "drill":
                sessions = drills.get((assignment.id, learner), [])
                finished = [s for s in sessions if s.finished_at and s.position >= len(s.plan)]
                if finished:
                    state = "done"
                    best = max(finished, key=lambda s: s.correct / max(1, len(s.plan)))
                    score, completed = best.correct / max(1, len(best.plan)), best.finished_at
                elif sessions:
                    state = "started"
            else:
                tries = [
                    a
                    for a in attempts.get((assignment.target, learner), [])
                    if a.started_at >= assignment.created_at
                ]
                finished = [a for a in tries if a.finished_at is not None]
                if finished:
                    state = "done"
                    best = max(finished, key=lambda a: a.score or 0.0)
                    score, completed = best.score, best.finished_at
                elif tries:
                    state = "started"
            result[(assignment.id, learner)] = Status(
                state, state != "done" and now > assignment.due_at, score, completed
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
        a for a in _assignments(session, list(groups)) if not a.learner_ids or learner_id in a.learner_ids
    ]
    statuses = _statuses(session, mine, [learner_id], now)
    return [LearnerAssignment(a, groups[a.group_id], statuses[(a.id, learner_id)]) for a in mine]


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


# --- dashboards -----------------------------------------------------------------------------------


def group_dashboard(
    session: Session, actor_id: int, group_id: int, now: datetime, top: int = 10
) -> Dashboard:
    group = _owned_group(session, actor_id, group_id)
    learners = group_members(session, actor_id, group_id)
    ids = [learner.id for learner in learners]
    assignments = _assignments(session, [group.id])
    status = _statuses(session, assignments, ids, now)
    seconds: dict[int, int] = {}
    last_active: dict[int, date] = {}
    quiz_scores: dict[int, list[tuple[str, float, datetime]]] = defaultdict(list)
    units_done: dict[int, int] = {}
    if ids:
        for user_id, total, last in session.execute(
            select(ActivityDay.user_id, func.sum(ActivityDay.seconds), func.max(ActivityDay.day))
            .where(ActivityDay.user_id.in_(ids))
            .group_by(ActivityDay.user_id)
        ):
            seconds[user_id], last_active[user_id] = int(total or 0), last
        for user_id, quiz_id, score, finished in session.execute(
            select(QuizAttempt.user_id, QuizAttempt.quiz_id, QuizAttempt.score, QuizAttempt.finished_at)
            .where(QuizAttempt.user_id.in_(ids), QuizAttempt.finished_at.is_not(None))
            .order_by(QuizAttempt.finished_at)
        ):
            quiz_scores[user_id].append((quiz_id, float(score or 0.0), finished))
        for user_id, count in session.execute(
            select(LessonProgress.user_id, func.count())
            .where(LessonProgress.user_id.in_(ids), LessonProgress.completed_at.is_not(None))
            .group_by(LessonProgress.user_id)
        ):
            units_done[user_id] = count
    return Dashboard(
        get_group(session, actor_id, group_id), learners, assignments, status, seconds, last_active,
        dict(quiz_scores), most_missed(session, ids, top), units_done,
    )  # fmt: skip


def most_missed(session: Session, learner_ids: list[int], top: int = 10) -> list[MissedItem]:
    """The items these learners get wrong most often: drill reviews rated Again, wrong quiz answers, wrong
    exercise answers — ranked by misses, then by miss rate."""
    if not learner_ids:
        return []
    counts: dict[tuple[str, str], list[int]] = {}

    def add(source: str, rows) -> None:
        for item_id, misses, attempts in rows:
            counts[(source, item_id)] = [int(misses or 0), int(attempts)]

    miss = func.sum(cast(ReviewLog.rating == 1, Integer))
    add(
        "review",
        session.execute(
            select(ReviewLog.item_id, miss, func.count())
            .where(ReviewLog.user_id.in_(learner_ids))
            .group_by(ReviewLog.item_id)
            .having(miss > 0)
        ),
    )
    wrong = func.sum(cast(~QuizAnswer.correct, Integer))
    add(
        "quiz",
        session.execute(
            select(QuizAnswer.question_id, wrong, func.count())
            .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
            .where(QuizAttempt.user_id.in_(learner_ids))
            .group_by(QuizAnswer.question_id)
            .having(wrong > 0)
        ),
    )
    wrong_exercise = func.sum(cast(~ExerciseResult.correct, Integer))
    add(
        "exercise",
        session.execute(
            select(ExerciseResult.exercise_id, wrong_exercise, func.count())
            .where(ExerciseResult.user_id.in_(learner_ids))
            .group_by(ExerciseResult.exercise_id)
            .having(wrong_exercise > 0)
        ),
    )
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1][0], -kv[1][0] / kv[1][1], kv[0][1]))
    return [MissedItem(source, item, misses, attempts) for (source, item), (misses, attempts) in ranked[:top]]


def learner_overview(session: Session, actor_id: int, group_id: int, learner_id: int) -> UserView:
    """The learner, if they belong to a group the actor leads (for a drill-down); otherwise refused."""
    group = _owned_group(session, actor_id, group_id)
    if learner_id not in _member_ids(session, group.id):
        raise PermissionDenied("errors.permission_denied")
    return user_view(session.get(User, learner_id))


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will show, never run: text a learner typed that starts like a formula
    (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets a leading apostrophe."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def results_rows(dashboard: Dashboard) -> list[dict[str, object]]:
    """One row per learner × assignment, for the CSV export (names made spreadsheet-safe)."""
    rows = []
    for assignment in dashboard.assignments:
        for learner in dashboard.learners:
            if learner.id not in dashboard.targets(assignment):
                continue
            status = dashboard.status[(assignment.id, learner.id)]
            rows.append(
                {
                    "username": spreadsheet_safe(learner.username),
                    "name": spreadsheet_safe(learner.display_name),
                    "assignment": assignment.id,
                    "kind": assignment.kind,
                    "target": assignment.target,
                    "due": assignment.due_at.isoformat(timespec="minutes"),
                    "status": status.state,
                    "overdue": status.overdue,
                    "score": "" if status.score is None else round(status.score * 100),
                    "completed": status.completed_at.isoformat(timespec="minutes")
                    if status.completed_at
                    else "",
                    "time_spent_min": round(dashboard.seconds.get(learner.id, 0) / 60),
                }
            )
    return rows


@dataclass(frozen=True)
class LearnerDetail:
    learner: UserView
    units: dict  # unit id -> services.course.UnitStatus
    attempts: list  # services.quizzes.AttemptView, oldest first
    can_do: dict[str, set[int]]
    days: list  # services.activity.Day
    reviews: int


def learner_detail(session: Session, actor_id: int, group_id: int, learner_id: int) -> LearnerDetail:
    """A learner's progress, for the instructor of one of their groups (checked first)."""
    from services import activity, course, quizzes

    learner = learner_overview(session, actor_id, group_id, learner_id)
    reviews = session.scalar(
        select(func.count()).select_from(ReviewLog).where(ReviewLog.user_id == learner_id)
    )
    return LearnerDetail(
        learner,
        course.course_status(session, learner_id),
        quizzes.history(session, learner_id),
        course.can_do_goals(session, learner_id),
        activity.activity(session, learner_id),
        int(reviews or 0),
    )
