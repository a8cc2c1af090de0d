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
    """One failed log-in for an account name; recent ones throttle further attempts."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "username_key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username_key: Mapped[str] = mapped_column(String(64))
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
