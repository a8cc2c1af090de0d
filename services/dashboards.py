"""An instructor's dashboard of a group: who has done what, time spent, quiz scores, the items most
missed, and a learner's detail; plus the CSV rows of the results (spreadsheet-safe)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from progress.models import (
    ActivityDay,
    ExerciseResult,
    LessonProgress,
    QuizAnswer,
    QuizAttempt,
    ReadingProgress,
    ReviewLog,
    User,
    WorksheetSubmission,
)
from services.accounts import UserView, user_view
from services.assignments import AssignmentState, AssignmentView, Status, group_assignments, statuses
from services.errors import PermissionDenied
from services.groups import GroupView, group_view, member_ids, members_of, owned_group


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
    chapters_read: dict[int, int] = field(default_factory=dict)  # analysis chapters and cases read to the end
    worksheets_handed_in: dict[int, int] = field(default_factory=dict)  # distinct worksheets submitted

    def targets(self, assignment: AssignmentView) -> list[int]:
        ids = {learner.id for learner in self.learners}
        return [i for i in assignment.learner_ids if i in ids] if assignment.learner_ids else sorted(ids)

    def completion(self, learner_id: int) -> tuple[int, int]:
        """(done, assigned) for one learner."""
        assigned = [a for a in self.assignments if learner_id in self.targets(a)]
        done = sum(1 for a in assigned if self.status[(a.id, learner_id)].state is AssignmentState.DONE)
        return done, len(assigned)

    def overdue(self) -> list[tuple[int, int]]:
        return [key for key, status in self.status.items() if status.overdue]


def group_dashboard(
    session: Session, actor_id: int, group_id: int, now: datetime, top: int = 10
) -> Dashboard:
    group = owned_group(session, actor_id, group_id)  # authorised once
    learners = members_of(session, group)
    ids = [learner.id for learner in learners]
    assignments = group_assignments(session, [group.id])
    status = statuses(session, assignments, ids, now)
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
    chapters_read, handed_in = _analysis_figures(session, ids)
    return Dashboard(
        group_view(session, group), learners, assignments, status, seconds, last_active,
        dict(quiz_scores), most_missed(session, ids, top), units_done, chapters_read, handed_in,
    )  # fmt: skip


def _analysis_figures(session: Session, ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """Per learner: analysis documents read to the end, and distinct worksheets handed in."""
    if not ids:
        return {}, {}
    read = dict(
        session.execute(
            select(ReadingProgress.user_id, func.count())
            .where(ReadingProgress.user_id.in_(ids), ReadingProgress.completed_at.is_not(None))
            .group_by(ReadingProgress.user_id)
        ).all()
    )
    handed_in = dict(
        session.execute(
            select(WorksheetSubmission.user_id, func.count(func.distinct(WorksheetSubmission.draft_id)))
            .where(WorksheetSubmission.user_id.in_(ids))
            .group_by(WorksheetSubmission.user_id)
        ).all()
    )
    return read, handed_in


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
    group = owned_group(session, actor_id, group_id)
    if learner_id not in member_ids(session, group.id):
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
                    "kind": assignment.kind.value,
                    "target": assignment.target,
                    "due": assignment.due_at.isoformat(timespec="minutes"),
                    "status": status.state.value,
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
