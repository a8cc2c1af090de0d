"""The training directory's use cases: sessions (read by anyone; created, edited, cancelled, duplicated,
imported and exported by the managers of their centre, or by admins), the admin's attachment of centre
managers to centres, a user's shortlist, an instructor's recommendation of a session to a group, and a
learner's language readiness for a session.

Centres are content (``directory.model.Directory``, passed in); sessions are stored. An edit writes only
the fields it changes, under a row lock, and bumps ``version``: two managers editing one session at once
keep both their changes (the last commit wins on a field both changed), and nothing else is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from access.roles import Grant, Role
from directory.model import (
    Admission,
    Audience,
    CourseLevel,
    Delivery,
    Directory,
    Phase,
    SessionStatus,
    TrainingSession,
)
from directory.readiness import CourseUnit, Readiness, readiness
from directory.session_csv import CsvRows, read_sessions_csv, sessions_csv
from directory.sessions import FIELDS, Problem, clean_session, has_control_characters
from library.content import ContentLibrary
from progress.models import (
    AdminAction,
    CentreManager,
    Group,
    GroupMember,
    SessionRecommendation,
    SessionShortlist,
    TrainingSessionRow,
    User,
)
from services import accounts
from services.accounts import UserView, require_grant, require_role, user_view
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.groups import owned_group
from text.content import Text3

NOTE_MAX = 300

# A clean value (directory.sessions.clean_session) -> the column it is stored in.
_COLUMN = {"centre": "centre_id", "start": "start_date", "end": "end_date"}


class SessionInvalid(InvalidInput):
    """A session's fields cannot be accepted; ``problems`` says which and why (each an i18n key)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("directory.errors.session_invalid", count=len(problems))
        self.problems = tuple(problems)


# --- rows and views ----------------------------------------------------------------------------------


def _session_view(row: TrainingSessionRow) -> TrainingSession:
    return TrainingSession(
        id=row.id, centre_id=row.centre_id, title=Text3(row.title_en, row.title_fr, row.title_es),
        code=row.code, start=row.start_date, end=row.end_date, delivery=Delivery(row.delivery),
        place=row.place,
        languages=tuple(row.languages), cefr_level=row.cefr_level,
        audiences=tuple(Audience(a) for a in row.audiences), rank_band=row.rank_band,
        level=CourseLevel(row.level), phase=Phase(row.phase) if row.phase else None,
        themes=tuple(row.themes), prerequisites=row.prerequisites,
        admission=Admission(row.admission) if row.admission else None, deadline=row.deadline,
        capacity=row.capacity, women_target=row.women_target, un_recognised_until=row.un_recognised_until,
        funder=row.funder, status=SessionStatus(row.status), contact=row.contact, link=row.link,
        source=row.source, updated=row.updated_at.date(), version=row.version, demo=row.demo,
    )  # fmt: skip


def _stored(name: str, value: object) -> object:
    """A clean value as its column holds it (enums as their value, tuples as lists, None as "")."""
    if name in ("languages", "audiences", "themes"):
        return [getattr(item, "value", item) for item in value]
    if name in ("phase", "admission") and value is None:
        return ""
    return getattr(value, "value", value)


def _raw_of(row: TrainingSessionRow) -> dict[str, object]:
    """The stored session as raw input for clean_session (to merge an edit into)."""
    return {name: getattr(row, _COLUMN.get(name, name)) for name in FIELDS}


def _problems_or_values(raw: Mapping[str, object], directory: Directory) -> dict:
    values, problems = clean_session(raw, directory)
    if problems:
        raise SessionInvalid(problems)
    return values


# --- who manages what -----------------------------------------------------------------------------------


def managed_centres(session: Session, actor_id: int, directory: Directory) -> tuple[str, ...]:
    """The centres whose sessions the actor may manage (an admin: every centre; others need the
    centre-manager grant and an attachment)."""
    actor = require_grant(session, actor_id, Grant.CENTRE_MANAGER)
    if actor.role == Role.ADMIN.value:
        return tuple(centre.id for centre in directory.centres)
    attached = set(session.scalars(select(CentreManager.centre_id).where(CentreManager.user_id == actor.id)))
    return tuple(centre.id for centre in directory.centres if centre.id in attached)


def _require_centre(session: Session, actor_id: int, centre_id: str) -> User:
    actor = require_grant(session, actor_id, Grant.CENTRE_MANAGER)
    if actor.role == Role.ADMIN.value:
        return actor
    attached = session.scalar(
        select(CentreManager.id).where(
            CentreManager.user_id == actor.id, CentreManager.centre_id == centre_id
        )
    )
    if attached is None:
        raise PermissionDenied("errors.permission_denied")
    return actor


@dataclass(frozen=True, slots=True)
class ManagerView:
    user: UserView
    centres: tuple[str, ...]


def attach_manager(
    session: Session, admin_id: int, user_id: int, centre_id: str, directory: Directory, now: datetime
) -> None:
    """Attach an account to a centre (admins only; logged). It is given the centre-manager grant if it
    does not hold it yet. Idempotent."""
    require_role(session, admin_id, Role.ADMIN)
    if directory.centre(centre_id) is None:
        raise InvalidInput("directory.errors.unknown_centre")
    if session.get(User, user_id) is None:
        raise NotFound("errors.not_found")
    accounts.set_grant(session, admin_id, user_id, Grant.CENTRE_MANAGER, True, now)
    exists = session.scalar(
        select(CentreManager.id).where(CentreManager.user_id == user_id, CentreManager.centre_id == centre_id)
    )
    if exists is None:
        session.add(
            CentreManager(user_id=user_id, centre_id=centre_id, assigned_by=admin_id, assigned_at=now)
        )
        session.add(
            AdminAction(actor_id=admin_id, target_id=user_id, action="centre", detail=f"+{centre_id}", at=now)
        )
    session.flush()


def detach_manager(session: Session, admin_id: int, user_id: int, centre_id: str, now: datetime) -> None:
    require_role(session, admin_id, Role.ADMIN)
    row = session.scalars(
        select(CentreManager).where(CentreManager.user_id == user_id, CentreManager.centre_id == centre_id)
    ).first()
    if row is not None:
        session.delete(row)
        session.add(
            AdminAction(actor_id=admin_id, target_id=user_id, action="centre", detail=f"-{centre_id}", at=now)
        )
        session.flush()


def centre_managers(session: Session, admin_id: int) -> list[ManagerView]:
    """Every account attached to a centre, with its centres (admins only)."""
    require_role(session, admin_id, Role.ADMIN)
    attached: dict[int, list[str]] = {}
    for user_id, centre_id in session.execute(
        select(CentreManager.user_id, CentreManager.centre_id).order_by(CentreManager.centre_id)
    ):
        attached.setdefault(user_id, []).append(centre_id)
    users = session.scalars(select(User).where(User.id.in_(attached)).order_by(User.username_key)).all()
    return [ManagerView(user_view(user), tuple(attached[user.id])) for user in users]


# --- reading sessions (public) ------------------------------------------------------------------------


def list_sessions(session: Session) -> list[TrainingSession]:
    """Every stored session (the directory's index leaves the cancelled ones out of public lists)."""
    return [
        _session_view(row)
        for row in session.scalars(select(TrainingSessionRow).order_by(TrainingSessionRow.id))
    ]


def sessions_revision(session: Session) -> tuple:
    """A cheap fingerprint of the sessions table: changes whenever a session is added, edited or deleted
    (a page rebuilds its cached index only then)."""
    count, versions, latest, top = session.execute(
        select(
            func.count(TrainingSessionRow.id),
            func.coalesce(func.sum(TrainingSessionRow.version), 0),
            func.max(TrainingSessionRow.updated_at),
            func.max(TrainingSessionRow.id),
        )
    ).one()
    return (int(count), int(versions), str(latest), top)


def get_session(session: Session, session_id: int) -> TrainingSession:
    row = session.get(TrainingSessionRow, session_id)
    if row is None:
        raise NotFound("errors.not_found")
    return _session_view(row)


def centre_sessions(session: Session, centre_id: str, today: date) -> list[TrainingSession]:
    """A centre's sessions: upcoming first (soonest first), then past ones (latest first)."""
    found = [
        _session_view(row)
        for row in session.scalars(
            select(TrainingSessionRow).where(TrainingSessionRow.centre_id == centre_id)
        )
    ]
    upcoming = sorted((s for s in found if s.upcoming(today)), key=lambda s: (s.start, s.id))
    past = sorted((s for s in found if not s.upcoming(today)), key=lambda s: (s.start, s.id), reverse=True)
    return [*upcoming, *past]


def manager_sessions(
    session: Session, actor_id: int, directory: Directory, centre_id: str
) -> list[TrainingSession]:
    """The sessions of one centre the actor manages (all of them, cancelled included), latest start first."""
    _require_centre(session, actor_id, centre_id)
    rows = session.scalars(
        select(TrainingSessionRow)
        .where(TrainingSessionRow.centre_id == centre_id)
        .order_by(TrainingSessionRow.start_date.desc(), TrainingSessionRow.id.desc())
    )
    return [_session_view(row) for row in rows]


# --- writing sessions (centre managers, admins) ----------------------------------------------------------


def session_row(
    values: dict, actor_id: int | None, now: datetime, *, demo: bool = False
) -> TrainingSessionRow:
    """A new stored session from values :func:`directory.sessions.clean_session` accepted (``make seed``
    adds its demo sessions with it; users go through :func:`create_session`)."""
    row = TrainingSessionRow(
        created_by=actor_id, created_at=now, updated_by=actor_id, updated_at=now, version=1, demo=demo
    )
    for name, value in values.items():
        setattr(row, _COLUMN.get(name, name), _stored(name, value))
    return row


def create_session(
    session: Session, actor_id: int, raw: Mapping[str, object], directory: Directory, now: datetime
) -> TrainingSession:
    """A new session at a centre the actor manages; every field is checked (SessionInvalid lists why)."""
    values = _problems_or_values(raw, directory)
    _require_centre(session, actor_id, values["centre"])
    row = session_row(values, actor_id, now)
    session.add(row)
    session.flush()
    return _session_view(row)


def _locked_row(session: Session, session_id: int) -> TrainingSessionRow:
    row = session.scalars(
        select(TrainingSessionRow).where(TrainingSessionRow.id == session_id).with_for_update()
    ).first()
    if row is None:
        raise NotFound("errors.not_found")
    return row


def update_session(
    session: Session,
    actor_id: int,
    session_id: int,
    changes: Mapping[str, object],
    directory: Directory,
    now: datetime,
) -> TrainingSession:
    """Change the fields in ``changes`` (and only those) of a session of a centre the actor manages.

    The row is locked, the changes are merged into what is stored *now* and checked as a whole, and only
    the fields whose value changes are written, with ``version`` + 1: an edit made meanwhile by someone
    else to other fields is kept. Moving a session to another centre needs managing both."""
    unknown = [name for name in changes if name not in FIELDS]
    if unknown:
        raise InvalidInput("directory.errors.unknown_field", field=unknown[0][:40])
    row = _locked_row(session, session_id)
    _require_centre(session, actor_id, row.centre_id)
    current = _raw_of(row)
    values = _problems_or_values({**current, **changes}, directory)
    if values["centre"] != row.centre_id:
        _require_centre(session, actor_id, values["centre"])
    stored_now, _ = clean_session(current, directory)
    changed = [name for name in changes if _stored(name, values[name]) != _stored(name, stored_now.get(name))]
    if changed:
        for name in changed:
            setattr(row, _COLUMN.get(name, name), _stored(name, values[name]))
        row.version = TrainingSessionRow.version + 1
        row.updated_at, row.updated_by = now, actor_id
        session.flush()
        session.refresh(row)
    return _session_view(row)


def cancel_session(
    session: Session, actor_id: int, session_id: int, directory: Directory, now: datetime
) -> TrainingSession:
    return update_session(
        session, actor_id, session_id, {"status": SessionStatus.CANCELLED.value}, directory, now
    )


def duplicate_session(
    session: Session,
    actor_id: int,
    session_id: int,
    directory: Directory,
    now: datetime,
    *,
    start: date | None = None,
) -> TrainingSession:
    """A copy of a session (announced, at the same centre), moved to begin on ``start`` when given (its
    end, deadline and recognition move with it)."""
    row = session.get(TrainingSessionRow, session_id)
    if row is None:
        raise NotFound("errors.not_found")
    _require_centre(session, actor_id, row.centre_id)
    raw = _raw_of(row)
    raw["status"] = SessionStatus.ANNOUNCED.value
    if start is not None:
        shift = start - row.start_date
        raw["start"], raw["end"] = start, row.end_date + shift
        if row.deadline:
            raw["deadline"] = row.deadline + shift
    return create_session(session, actor_id, raw, directory, now)


# --- CSV import and export -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportRow:
    line: int
    session_id: int | None  # None: a new session
    values: dict
    changes: dict  # the raw cells to write (an update writes only the file's columns)


@dataclass(frozen=True, slots=True)
class Refusal:
    line: int
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class ImportPreview:
    accepted: tuple[ImportRow, ...] = ()
    refused: tuple[Refusal, ...] = ()
    file_problem: str = ""  # the whole file is refused (an i18n key), with ``params``
    params: tuple = ()
    written: int = 0  # rows written (apply_import only)

    @property
    def created(self) -> int:
        return sum(1 for row in self.accepted if row.session_id is None)

    @property
    def updated(self) -> int:
        return sum(1 for row in self.accepted if row.session_id is not None)


def preview_import(session: Session, actor_id: int, data: bytes | str, directory: Directory) -> ImportPreview:
    """Read a sessions CSV and check every row — fields, the actor's right on its centre, the id of a session
    to update — without writing anything: the rows that would be written, and each refused row with its
    line and reasons."""
    managed = set(managed_centres(session, actor_id, directory))
    parsed: CsvRows = read_sessions_csv(data)
    if parsed.file_problem:
        return ImportPreview(file_problem=parsed.file_problem, params=parsed.params)
    ids = [int(cells["id"]) for _, cells in parsed.rows if cells.get("id", "").isdigit()]
    existing = {
        row.id: row
        for row in session.scalars(select(TrainingSessionRow).where(TrainingSessionRow.id.in_(ids)))
    }
    accepted, refused = [], []
    for line, cells in parsed.rows:
        problems: list[Problem] = []
        if cells.pop("__extra__", None):
            problems.append(Problem("", "directory.invalid.extra_cells"))
        raw_id = cells.pop("id", "").strip()
        target = None
        changes = {name: value for name, value in cells.items() if name in FIELDS}
        if raw_id:
            target = existing.get(int(raw_id)) if raw_id.isdigit() else None
            if target is None:
                problems.append(Problem("id", "directory.invalid.unknown_session", {"value": raw_id[:12]}))
            elif target.centre_id not in managed:
                problems.append(
                    Problem("id", "directory.invalid.not_your_centre", {"value": target.centre_id})
                )
        merged = {**_raw_of(target), **changes} if target is not None else changes
        values, found = clean_session(merged, directory)
        problems.extend(found)
        if values.get("centre") and directory.centre(values["centre"]) and values["centre"] not in managed:
            problems.append(
                Problem("centre", "directory.invalid.not_your_centre", {"value": values["centre"]})
            )
        if problems:
            refused.append(Refusal(line, tuple(problems)))
        else:
            accepted.append(ImportRow(line, target.id if target is not None else None, values, changes))
    return ImportPreview(tuple(accepted), tuple(refused))


def apply_import(
    session: Session, actor_id: int, data: bytes | str, directory: Directory, now: datetime
) -> ImportPreview:
    """Write the rows :func:`preview_import` accepts (the refused ones are skipped, as the preview said)."""
    preview = preview_import(session, actor_id, data, directory)
    written = 0
    for row in preview.accepted:
        if row.session_id is None:
            session.add(session_row(row.values, actor_id, now))
        else:
            update_session(session, actor_id, row.session_id, row.changes, directory, now)
        written += 1
    session.flush()
    return ImportPreview(preview.accepted, preview.refused, preview.file_problem, preview.params, written)


def export_sessions(
    session: Session, actor_id: int, directory: Directory, centre_id: str | None = None
) -> str:
    """The sessions of the actor's centres (or one of them) as CSV text, ready to edit and import again."""
    managed = managed_centres(session, actor_id, directory)
    wanted = [centre_id] if centre_id else list(managed)
    if any(c not in managed for c in wanted):
        raise PermissionDenied("errors.permission_denied")
    rows = session.scalars(
        select(TrainingSessionRow)
        .where(TrainingSessionRow.centre_id.in_(wanted))
        .order_by(TrainingSessionRow.centre_id, TrainingSessionRow.start_date, TrainingSessionRow.id)
    )
    return sessions_csv(_session_view(row) for row in rows)


# --- the shortlist --------------------------------------------------------------------------------------


def add_to_shortlist(session: Session, user_id: int, session_id: int, now: datetime) -> None:
    require_role(session, user_id)
    if session.get(TrainingSessionRow, session_id) is None:
        raise NotFound("errors.not_found")
    exists = session.scalar(
        select(SessionShortlist.id).where(
            SessionShortlist.user_id == user_id, SessionShortlist.session_id == session_id
        )
    )
    if exists is None:
        session.add(SessionShortlist(user_id=user_id, session_id=session_id, added_at=now))
        session.flush()


def remove_from_shortlist(session: Session, user_id: int, session_id: int) -> None:
    require_role(session, user_id)
    row = session.scalars(
        select(SessionShortlist).where(
            SessionShortlist.user_id == user_id, SessionShortlist.session_id == session_id
        )
    ).first()
    if row is not None:
        session.delete(row)
        session.flush()


def shortlist_ids(session: Session, user_id: int) -> frozenset[int]:
    return frozenset(
        session.scalars(select(SessionShortlist.session_id).where(SessionShortlist.user_id == user_id))
    )


def shortlist(session: Session, user_id: int) -> list[TrainingSession]:
    """The user's shortlisted sessions, soonest first."""
    require_role(session, user_id)
    rows = session.scalars(
        select(TrainingSessionRow)
        .join(SessionShortlist, SessionShortlist.session_id == TrainingSessionRow.id)
        .where(SessionShortlist.user_id == user_id)
        .order_by(TrainingSessionRow.start_date, TrainingSessionRow.id)
    )
    return [_session_view(row) for row in rows]


# --- recommendations to a group ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recommendation:
    id: int
    session: TrainingSession
    group_id: int
    group_name: str
    note: str
    created_at: datetime


def recommend_session(
    session: Session, actor_id: int, group_id: int, session_id: int, note: str, now: datetime
) -> Recommendation:
    """An instructor recommends a session to a group they lead (again: the note is replaced)."""
    group = owned_group(session, actor_id, group_id)
    if session.get(TrainingSessionRow, session_id) is None:
        raise NotFound("errors.not_found")
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX:
        raise InvalidInput("directory.errors.note_too_long", max=NOTE_MAX)
    if has_control_characters(note):
        raise InvalidInput("errors.control_characters")
    row = session.scalars(
        select(SessionRecommendation).where(
            SessionRecommendation.group_id == group.id, SessionRecommendation.session_id == session_id
        )
    ).first()
    if row is None:
        row = SessionRecommendation(
            session_id=session_id, group_id=group.id, recommended_by=actor_id, created_at=now
        )
        session.add(row)
    row.note = note
    session.flush()
    return Recommendation(
        row.id, get_session(session, session_id), group.id, group.name, row.note, row.created_at
    )


def withdraw_recommendation(session: Session, actor_id: int, recommendation_id: int) -> None:
    row = session.get(SessionRecommendation, recommendation_id)
    if row is None:
        raise NotFound("errors.not_found")
    owned_group(session, actor_id, row.group_id)
    session.delete(row)


def _recommendations(session: Session, group_ids: list[int]) -> list[Recommendation]:
    if not group_ids:
        return []
    found = session.execute(
        select(SessionRecommendation, TrainingSessionRow, Group.name)
        .join(TrainingSessionRow, TrainingSessionRow.id == SessionRecommendation.session_id)
        .join(Group, Group.id == SessionRecommendation.group_id)
        .where(SessionRecommendation.group_id.in_(group_ids))
        .order_by(TrainingSessionRow.start_date, SessionRecommendation.id)
    ).all()
    return [
        Recommendation(r.id, _session_view(s), r.group_id, name, r.note, r.created_at) for r, s, name in found
    ]


def group_recommendations(session: Session, actor_id: int, group_id: int) -> list[Recommendation]:
    group = owned_group(session, actor_id, group_id)
    return _recommendations(session, [group.id])


def learner_recommendations(session: Session, learner_id: int) -> list[Recommendation]:
    """The sessions recommended to the groups the learner belongs to, soonest first."""
    require_role(session, learner_id)
    groups = list(session.scalars(select(GroupMember.group_id).where(GroupMember.user_id == learner_id)))
    return _recommendations(session, groups)


# --- language readiness --------------------------------------------------------------------------------


def learner_readiness(
    session: Session, user_id: int, required_level: str, content: ContentLibrary
) -> Readiness | None:
    """The session's required level beside the learner's latest placement and finished units (None when the
    session states no level)."""
    from services import course, quizzes

    require_role(session, user_id)
    status = course.course_status(session, user_id)
    units = [
        CourseUnit(unit.id, unit.number, unit.level, bool(status.get(unit.id) and status[unit.id].done))
        for unit in content.manual.units
    ]
    return readiness(required_level, units, quizzes.latest_placement(session, user_id))
