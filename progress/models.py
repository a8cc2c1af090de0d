"""Typed SQLAlchemy models. Content (units, exercises, glossary entries) is referenced by its stable id."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from access.roles import Role

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; pass a timezone-aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(32))
    # NFKC + casefold of the username: uniqueness is case-insensitive in every script.
    username_key: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.LEARNER.value)
    locale: Mapped[str | None] = mapped_column(String(8), default=None)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    grant_rows: Mapped[list[UserGrant]] = relationship(
        foreign_keys="UserGrant.user_id", lazy="selectin", cascade="all, delete-orphan", passive_deletes=True
    )


class LoginFailure(Base):
    """One failed log-in for an account name from a client address; recent ones throttle further attempts
    (per account and address, and per account from unknown devices)."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_key_at", "username_key", "at"),
        Index("ix_login_failures_key_client_at", "username_key", "client", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username_key: Mapped[str] = mapped_column(String(64))
    client: Mapped[str] = mapped_column(String(64), default="", server_default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class ActivityDay(Base):
    """What a user did on one (UTC) day: the basis of streaks and time spent."""

    __tablename__ = "activity_days"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    actions: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[int] = mapped_column(Integer, default=0)


# --- the course -----------------------------------------------------------------------------------


class LessonProgress(Base):
    """Where a learner is in a unit: the last section seen (to resume) and whether it is done."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str] = mapped_column(String(64))
    last_section: Mapped[str] = mapped_column(String(32), default="goals")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class ExerciseResult(Base):
    """One answer to a unit exercise, as given (every attempt is kept)."""

    __tablename__ = "exercise_results"
    __table_args__ = (Index("ix_exercise_results_user_unit", "user_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    unit_id: Mapped[str] = mapped_column(String(64))
    exercise_id: Mapped[str] = mapped_column(String(96))
    answer: Mapped[str] = mapped_column(String(500))
    verdict: Mapped[str] = mapped_column(String(20))
    correct: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SelfAssessment(Base):
    """A learner's tick on one can-do goal of a unit."""

    __tablename__ = "self_assessments"
    __table_args__ = (UniqueConstraint("user_id", "unit_id", "goal_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str] = mapped_column(String(64))
    goal_index: Mapped[int] = mapped_column(Integer)
    can_do: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- drills and spaced repetition -------------------------------------------------------------------


class Card(Base):
    """One FSRS card: a learner × an item (glossary entry or skill) × a direction (fr>meaning…)."""

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("user_id", "item_id", "direction"),
        Index("ix_cards_user_due", "user_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(128))
    direction: Mapped[str] = mapped_column(String(16))
    state: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None] = mapped_column(Integer, default=None)
    stability: Mapped[float | None] = mapped_column(Float, default=None)
    difficulty: Mapped[float | None] = mapped_column(Float, default=None)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)


class ReviewLog(Base):
    """Every review ever given, kept for statistics and for fitting FSRS parameters later."""

    __tablename__ = "review_logs"
    __table_args__ = (
        Index("ix_review_logs_user_at", "user_id", "reviewed_at"),
        Index("ix_review_logs_item", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(128))
    direction: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(24))
    rating: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[str] = mapped_column(String(20))
    answer: Mapped[str] = mapped_column(String(200), default="")
    duration_ms: Mapped[int | None] = mapped_column(Integer, default=None)
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # FSRS's own review log (``fsrs.ReviewLog.to_dict()``), kept as the optimizer will want it
    fsrs_log: Mapped[dict | None] = mapped_column(JSON, default=None)
    # the card's scheduling state just after this review (stability, difficulty, due…)
    card_after: Mapped[dict | None] = mapped_column(JSON, default=None)


class DrillSession(Base):
    """A planned series of drill questions; ``position`` advances as each answer is stored, so a refresh
    or a crash resumes at the next question."""

    __tablename__ = "drill_sessions"
    __table_args__ = (Index("ix_drill_sessions_user_started", "user_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    plan: Mapped[list] = mapped_column(JSON)
    settings: Mapped[dict] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)
    assignment_id: Mapped[int | None] = mapped_column(Integer, default=None)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


# --- teaching: groups, assignments, quizzes ---------------------------------------------------------


class Group(Base):
    """An instructor's class of learners; learners join with ``join_code``."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    instructor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class GroupMember(Base):
    __tablename__ = "group_members"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Assignment(Base):
    """Work set by an instructor: a unit, a drill (themes or units, N items) or a quiz, with a due date,
    for a whole group or for chosen learners (``AssignmentLearner`` rows)."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict] = mapped_column(JSON)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AssignmentLearner(Base):
    __tablename__ = "assignment_learners"
    __table_args__ = (UniqueConstraint("assignment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class QuizAttempt(Base):
    __tablename__ = "quiz_attempts"
    __table_args__ = (Index("ix_quiz_attempts_user_started", "user_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    quiz_id: Mapped[str] = mapped_column(String(64))
    seed: Mapped[int] = mapped_column(Integer)
    question_count: Mapped[int] = mapped_column(Integer)
    time_limit_s: Mapped[int | None] = mapped_column(Integer, default=None)
    pass_mark: Mapped[float] = mapped_column(Float)
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignments.id", ondelete="SET NULL"), default=None, index=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    score: Mapped[float | None] = mapped_column(Float, default=None)
    passed: Mapped[bool | None] = mapped_column(Boolean, default=None)
    # placement test only: the unit the learner should start from, decided when the attempt finished
    placement_unit_id: Mapped[str | None] = mapped_column(String(64), default=None)


class Certificate(Base):
    """A certificate given for a passed final assessment; ``code`` lets anyone check it is genuine."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"), unique=True)
    holder_name: Mapped[str] = mapped_column(String(80))  # the display name when it was issued
    score: Mapped[float] = mapped_column(Float)
    units: Mapped[int] = mapped_column(Integer)  # units in the course it certifies
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)


class QuizAnswer(Base):
    """One question of an attempt as it was asked and answered (kept verbatim for the review)."""

    __tablename__ = "quiz_answers"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        Index("ix_quiz_answers_question", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(128))
    unit_id: Mapped[str] = mapped_column(String(64))
    prompt: Mapped[str] = mapped_column(String(500))
    expected: Mapped[str] = mapped_column(String(300))
    answer: Mapped[str] = mapped_column(String(300))
    verdict: Mapped[str] = mapped_column(String(20))
    correct: Mapped[bool] = mapped_column(Boolean)
    elapsed_ms: Mapped[int | None] = mapped_column(Integer, default=None)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- grants beside the role, and the admin action log ------------------------------------------------


class UserGrant(Base):
    """A grant (access.roles.Grant) an admin gave an account, beside its role."""

    __tablename__ = "user_grants"
    __table_args__ = (UniqueConstraint("user_id", "grant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    grant: Mapped[str] = mapped_column(String(32))
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AdminAction(Base):
    """What an administrator did to an account: role changes, grants, deactivations, resets."""

    __tablename__ = "admin_actions"
    __table_args__ = (Index("ix_admin_actions_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    target_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- sign-in sessions (a cookie token kept server-side as a hash) and join throttling ----------------


class AuthSession(Base):
    """One signed-in browser. The cookie carries a random token; only its keyed hash is stored. A new
    session has no token yet, only a one-time hand-off that the browser trades for the cookie."""

    __tablename__ = "auth_sessions"
    __table_args__ = (Index("ix_auth_sessions_user", "user_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    handoff_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    handoff_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    persistent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    client: Mapped[str] = mapped_column(String(64), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    revoked_reason: Mapped[str | None] = mapped_column(String(16), default=None)


class JoinFailure(Base):
    """A wrong group join code typed by an account; recent ones throttle further tries."""

    __tablename__ = "join_failures"
    __table_args__ = (Index("ix_join_failures_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- strategic analysis: worksheets (drafts, versions, submissions, comments) and reading progress ------
# A chapter's quiz needs no table of its own: it is a quiz attempt whose quiz_id is ``chapter:<document id>``.


class WorksheetDraft(Base):
    """A learner's worksheet for one situation (a case study's id, or ``own`` for their own): the answers
    as last saved, their hash (an identical autosave stores nothing) and the number of the latest version."""

    __tablename__ = "worksheet_drafts"
    __table_args__ = (UniqueConstraint("user_id", "worksheet_id", "situation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    worksheet_id: Mapped[str] = mapped_column(String(64))
    situation: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WorksheetVersion(Base):
    """Every save of a draft that changed it (a restore is a save too); the oldest are pruned past a bound."""

    __tablename__ = "worksheet_versions"
    __table_args__ = (UniqueConstraint("draft_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("worksheet_drafts.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)  # bytes of the answers as JSON
    restored_from: Mapped[int | None] = mapped_column(Integer, default=None)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WorksheetSubmission(Base):
    """A draft handed in to the instructors of the learner's groups: a copy of the answers as submitted
    (what the instructor reads and comments, whatever the learner changes later) and its state."""

    __tablename__ = "worksheet_submissions"
    __table_args__ = (Index("ix_worksheet_submissions_draft_submitted", "draft_id", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("worksheet_drafts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)


class WorksheetComment(Base):
    """An instructor's comment on one section of a submitted worksheet (``general`` for the whole sheet)."""

    __tablename__ = "worksheet_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("worksheet_submissions.id", ondelete="CASCADE"), index=True
    )
    section: Mapped[str] = mapped_column(String(96))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(String(4000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReadingProgress(Base):
    """Where a reader is in an analysis chapter or case: the last paragraph read, the furthest one reached
    (its position in reading order) and when the whole document was read."""

    __tablename__ = "analysis_reading"
    __table_args__ = (UniqueConstraint("user_id", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    document_id: Mapped[str] = mapped_column(String(64))
    last_paragraph: Mapped[str] = mapped_column(String(32))
    furthest: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


# --- open exercises (issue #13): whole answers, recordings, instructors' comments -----------------------


class Recording(Base):
    """A learner's recording of a speaking exercise (WAV). Size-limited, counted in a per-learner quota,
    deletable by the learner; heard only by them and the instructor of one of their groups."""

    __tablename__ = "recordings"
    __table_args__ = (Index("ix_recordings_user_exercise", "user_id", "exercise_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    unit_id: Mapped[str] = mapped_column(String(64))
    exercise_id: Mapped[str] = mapped_column(String(96))
    mime: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # read only when it is played
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OpenAnswer(Base):
    """One answer to an exercise of the kinds of issue #13, kept whole (an ``ExerciseResult`` row is
    stored beside it for the progress figures): a compte rendu's text, the answers to a radio message's
    questions or a form's lines, a role-play's path and outcome, a spot's pick, a self-rating."""

    __tablename__ = "open_answers"
    __table_args__ = (Index("ix_open_answers_user_unit", "user_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    unit_id: Mapped[str] = mapped_column(String(64))
    exercise_id: Mapped[str] = mapped_column(String(96))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")  # a compte rendu as written
    detail: Mapped[dict] = mapped_column(JSON)  # answers and verdicts, path and outcome, pick, rating
    verdict: Mapped[str] = mapped_column(String(20))
    correct: Mapped[bool] = mapped_column(Boolean)
    score: Mapped[float] = mapped_column(Float)
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="SET NULL"), default=None
    )
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AnswerComment(Base):
    """An instructor's comment on a learner's open answer (a compte rendu, most often)."""

    __tablename__ = "answer_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("open_answers.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- training directory: sessions, centre managers, shortlists, recommendations -----------------------


class TrainingSessionRow(Base):
    """A session of a course at a training centre (``content/directory/centres.csv`` id). ``version`` grows
    by one at every change; an edit writes only the fields it changes (see services.directory)."""

    __tablename__ = "training_sessions"
    __table_args__ = (
        Index("ix_training_sessions_centre_start", "centre_id", "start_date"),
        Index("ix_training_sessions_end", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(40), default="")
    title_fr: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    title_es: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    delivery: Mapped[str] = mapped_column(String(16))
    place: Mapped[str] = mapped_column(String(120), default="")
    languages: Mapped[list] = mapped_column(JSON)
    cefr_level: Mapped[str] = mapped_column(String(2), default="")
    audiences: Mapped[list] = mapped_column(JSON)
    rank_band: Mapped[str] = mapped_column(String(80), default="")
    level: Mapped[str] = mapped_column(String(16))
    phase: Mapped[str] = mapped_column(String(16), default="")
    themes: Mapped[list] = mapped_column(JSON)
    prerequisites: Mapped[str] = mapped_column(String(500), default="")
    admission: Mapped[str] = mapped_column(String(16), default="")
    deadline: Mapped[date | None] = mapped_column(Date, default=None)
    capacity: Mapped[int | None] = mapped_column(Integer, default=None)
    women_target: Mapped[int | None] = mapped_column(Integer, default=None)
    un_recognised_until: Mapped[date | None] = mapped_column(Date, default=None)
    funder: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(16))
    contact: Mapped[str] = mapped_column(String(200), default="")
    link: Mapped[str] = mapped_column(String(300), default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    demo: Mapped[bool] = mapped_column(Boolean, default=False)  # made by `make seed`: not a real session
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CentreManager(Base):
    """An account (holding Grant.CENTRE_MANAGER) an admin attached to a centre whose sessions it manages."""

    __tablename__ = "centre_managers"
    __table_args__ = (UniqueConstraint("user_id", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    centre_id: Mapped[str] = mapped_column(String(64))
    assigned_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SessionShortlist(Base):
    """A session a user keeps on their shortlist."""

    __tablename__ = "session_shortlist"
    __table_args__ = (UniqueConstraint("user_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SessionRecommendation(Base):
    """An instructor's recommendation of a session to one of their groups (shown on the learners'
    assignments page, apart from the assignments: a course is applied for, not done and graded)."""

    __tablename__ = "session_recommendations"
    __table_args__ = (UniqueConstraint("session_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    recommended_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- the expert roster (issue #12): profiles, requests, proposals, audit; in-app notifications ---------


class RosterExpert(Base):
    """One expert's profile, kept by the expert. ``domain_mask``, ``speaking_levels`` and
    ``writing_levels`` are derived from ``domains`` and ``languages`` on every save (roster.matching)."""

    __tablename__ = "roster_experts"
    __table_args__ = (Index("ix_roster_experts_listing", "listed", "vetting", "last_confirmed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    full_name: Mapped[str] = mapped_column(String(80))
    nationality: Mapped[str] = mapped_column(String(2))
    gender: Mapped[str] = mapped_column(String(16))
    languages: Mapped[list] = mapped_column(JSON)  # [{"code", "speaking", "writing"}]
    domains: Mapped[list] = mapped_column(JSON)
    years: Mapped[int] = mapped_column(Integer)
    missions: Mapped[list] = mapped_column(JSON)
    trainings: Mapped[list] = mapped_column(JSON)
    available_from: Mapped[date | None] = mapped_column(Date, default=None)
    available_until: Mapped[date | None] = mapped_column(Date, default=None)
    notice: Mapped[str] = mapped_column(String(8))
    remote: Mapped[bool] = mapped_column(Boolean)
    employer: Mapped[str] = mapped_column(String(120), default="")
    employer_release_needed: Mapped[bool] = mapped_column(Boolean)
    email: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    vetting: Mapped[str] = mapped_column(String(16))
    vetted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    vetted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    listed: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_version: Mapped[str | None] = mapped_column(String(16), default=None)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    domain_mask: Mapped[int] = mapped_column(Integer)
    speaking_levels: Mapped[int] = mapped_column(BigInteger)
    writing_levels: Mapped[int] = mapped_column(BigInteger)


class RosterRequest(Base):
    """A partner institution's request for experts; ``state`` moves only by compare-and-set on it."""

    __tablename__ = "roster_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    institution: Mapped[str] = mapped_column(String(120))
    contact: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(120), default="")
    mandate: Mapped[str] = mapped_column(Text)
    need: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    terms_text: Mapped[str] = mapped_column(Text, default="")
    domains: Mapped[list] = mapped_column(JSON)
    domain_mask: Mapped[int] = mapped_column(Integer)
    languages: Mapped[list] = mapped_column(JSON)  # [{"code", "level"}]
    place: Mapped[str] = mapped_column(String(120))
    country: Mapped[str] = mapped_column(String(2))
    start_date: Mapped[date] = mapped_column(Date)
    length_days: Mapped[int] = mapped_column(Integer)
    remote: Mapped[bool] = mapped_column(Boolean)
    security: Mapped[str] = mapped_column(String(16))
    funding: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(24), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RosterTermsFile(Base):
    """The terms of reference uploaded with a request (a PDF or a text file, checked)."""

    __tablename__ = "roster_terms_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("roster_requests.id", ondelete="CASCADE"), unique=True)
    filename: Mapped[str] = mapped_column(String(100))
    media_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RosterProposal(Base):
    """One expert on one request's shortlist; ``position`` gives their letter on it (A, B…)."""

    __tablename__ = "roster_proposals"
    __table_args__ = (UniqueConstraint("request_id", "expert_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("roster_requests.id", ondelete="CASCADE"))
    expert_id: Mapped[int] = mapped_column(ForeignKey("roster_experts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
    score: Mapped[int] = mapped_column(Integer)
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RosterAudit(Base):
    """Who did what, when and why on the roster: every move of a request or a proposal, every view of a
    profile by someone other than its expert, consents, vetting, deletions."""

    __tablename__ = "roster_audit"
    __table_args__ = (Index("ix_roster_audit_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    action: Mapped[str] = mapped_column(String(32))
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("roster_requests.id", ondelete="SET NULL"), default=None, index=True
    )
    expert_id: Mapped[int | None] = mapped_column(
        ForeignKey("roster_experts.id", ondelete="SET NULL"), default=None, index=True
    )
    source: Mapped[str] = mapped_column(String(24), default="")
    target: Mapped[str] = mapped_column(String(24), default="")
    reason: Mapped[str] = mapped_column(Text, default="")


class Notification(Base):
    """An in-app notice for one user (the sidebar bell); ``email`` is where it is also sent, when SMTP is
    configured. ``params`` fill the text ``<kind>`` (values ``{"t": key}`` are interface texts)."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_read", "user_id", "read_at"),
        Index("ix_notifications_pending_mail", "emailed_at", "email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict] = mapped_column(JSON)
    page: Mapped[str] = mapped_column(String(64), default="")  # a screen key to open, with ``query``
    query: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    email: Mapped[str | None] = mapped_column(String(120), default=None)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
