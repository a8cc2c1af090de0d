"""Strategic analysis: a learner's worksheets (autosave with a version per change, restore, submission to
the instructors of their groups, the instructors' comments per section, exports), reading progress in the
chapters and cases, the chapters' quizzes, and key terms added to the learner's drills.

Who may do what (checked here, whatever the page shows):

- a worksheet, its versions, its exports and the comments on it belong to the learner who wrote it: every
  function about "my worksheet" reads the acting user's own rows, so nobody reaches another learner's;
- a submission is read (and commented) by the learner who made it, by the instructor of a group the
  learner belongs to, and by an administrator; anyone else is refused;
- reading progress and quiz attempts are the acting user's own (a visitor has no account: no progress).

A worksheet is kept per (learner, worksheet id, situation): the situation is a case study's id
(``tassandie``) or :data:`OWN_SITUATION` for the learner's own situation.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

import i18n
from access.roles import Role
from analysis.model import AnalysisDocument, WorksheetDefinition
from analysis.worksheets import (
    EXPORT_LABELS,
    MAX_FIELD_BYTES,
    OWN_SITUATION,
    WorksheetInputError,
    analysis_docx,
    analysis_markdown,
    analysis_pdf,
    empty_answers,
    validate_answers,
    weighted_totals,
    worksheet_docx,
    worksheet_markdown,
    worksheet_pdf,
    worksheet_situations,
)
from config import DEFAULT_PASS_MARK
from library.content import CHAPTER_QUIZ_PREFIX, ContentLibrary, chapter_quiz_id
from progress.db import insert_ignoring_conflict
from progress.models import (
    Group,
    GroupMember,
    QuizAttempt,
    ReadingProgress,
    User,
    WorksheetComment,
    WorksheetDraft,
    WorksheetSubmission,
    WorksheetVersion,
)
from services import drills, quizzes
from services.accounts import UserView, require_role, user_view
from services.activity import record_action
from services.assignments import AssignmentKind, learner_assignment
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.groups import member_ids, owned_group

MAX_VERSIONS = 100  # versions kept per worksheet: the oldest go first (the latest always stays)
MAX_HISTORY_BYTES = 20_000_000  # and at most this much history per worksheet
COMMENT_MAX = 4000
GENERAL_SECTION = "general"
EXPORT_FORMATS: tuple[str, ...] = ("md", "docx", "pdf")
EXPORT_MIMES = {
    "md": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class SubmissionState(StrEnum):
    SUBMITTED = "submitted"  # waiting for the instructor
    REVIEWED = "reviewed"  # the instructor has finished reading it


# --- what pages get back ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubmissionView:
    id: int
    learner: UserView
    worksheet_id: str
    situation: str
    version: int
    state: SubmissionState
    submitted_at: datetime
    reviewed_at: datetime | None
    comments: int = 0


@dataclass(frozen=True, slots=True)
class WorksheetState:
    """A learner's worksheet as stored (or empty when never saved), with its latest submission."""

    worksheet_id: str
    situation: str
    answers: dict[str, Any]
    version: int  # 0: never saved
    updated_at: datetime | None
    submission: SubmissionView | None


@dataclass(frozen=True, slots=True)
class SaveResult:
    version: int  # the latest version after the save
    stored: bool  # False: the answers were those already saved (nothing written)


@dataclass(frozen=True, slots=True)
class VersionView:
    number: int
    saved_at: datetime
    size: int
    restored_from: int | None


@dataclass(frozen=True, slots=True)
class CommentView:
    id: int
    submission_id: int
    section: str
    author_name: str
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SubmissionDetail:
    submission: SubmissionView
    answers: dict[str, Any]
    comments: list[CommentView]


@dataclass(frozen=True, slots=True)
class ReadingView:
    document_id: str
    last_paragraph: str
    furthest: int  # position in reading order (0 = first paragraph)
    total: int  # paragraphs in the document now
    completed_at: datetime | None

    @property
    def done(self) -> bool:
        return self.completed_at is not None

    @property
    def fraction(self) -> float:
        if self.done:
            return 1.0
        return min(1.0, (self.furthest + 1) / self.total) if self.total else 0.0


@dataclass(frozen=True, slots=True)
class ExportFile:
    file_name: str
    mime: str
    data: bytes


# --- content look-ups --------------------------------------------------------------------------------------


def definition(content: ContentLibrary, worksheet_id: str) -> WorksheetDefinition:
    found = content.analysis.worksheet(str(worksheet_id or ""))
    if found is None:
        raise NotFound("errors.not_found")
    return found


def situations(content: ContentLibrary) -> list[str]:
    """Where a worksheet can be filled: every case study, then the learner's own situation."""
    return list(worksheet_situations(content.analysis))


def _situation(content: ContentLibrary, situation: str) -> str:
    if situation not in situations(content):
        raise InvalidInput("errors.worksheet_situation")
    return situation


def _document(content: ContentLibrary, document_id: str) -> AnalysisDocument:
    found = content.analysis.document(str(document_id or ""))
    if found is None:
        raise NotFound("errors.not_found")
    return found


def comment_sections(defn: WorksheetDefinition) -> tuple[str, ...]:
    """What an instructor can comment on: the whole sheet (``general``), then each part of it — a section
    or SWOT box, a grid's row, a table's column, a weighted sheet's criteria and options."""
    if defn.kind in ("sections", "swot", "table"):
        parts = defn.keys
    elif defn.kind == "grid":
        parts = tuple(row.key for row in defn.rows)
    else:
        parts = ("criteria", "options")
    return (GENERAL_SECTION, *parts)


def glossary_entry(content: ContentLibrary, term: str):
    """The glossary entry of a key term written as the glossary's ``french`` column (an entry of the
    ``analysis`` theme first), or None."""
    matches = [entry for entry in content.glossary.entries if entry.french == term]
    return next((entry for entry in matches if entry.theme == "analysis"), matches[0] if matches else None)


# --- answers ------------------------------------------------------------------------------------------------


def _fit(defn: WorksheetDefinition, stored: Any) -> dict[str, Any]:
    """Stored answers made to fit the worksheet as the content defines it today (a field the authors
    removed is dropped); answers that cannot fit give the empty worksheet."""
    if not isinstance(stored, Mapping):
        return empty_answers(defn)
    if defn.kind in ("sections", "swot"):
        candidate: Any = {key: stored.get(key, "") for key in defn.keys}
    elif defn.kind == "grid":
        candidate = {cell: stored.get(cell, "") for cell in defn.cells}
    elif defn.kind == "table":
        rows = stored.get("rows") if isinstance(stored.get("rows"), list) else []
        candidate = {
            "rows": [{key: row.get(key, "") for key in defn.keys} for row in rows if isinstance(row, Mapping)]
        }
    else:
        candidate = stored
    try:
        return validate_answers(defn, candidate)
    except WorksheetInputError:
        return empty_answers(defn)


def _cleaned(defn: WorksheetDefinition, answers: Any) -> dict[str, Any]:
    try:
        return validate_answers(defn, answers)
    except WorksheetInputError as error:
        if "too long" in str(error):
            raise InvalidInput("errors.worksheet_too_long", max=MAX_FIELD_BYTES // 1000) from error
        raise InvalidInput("errors.worksheet_invalid") from error


def _canonical(answers: dict[str, Any]) -> tuple[str, str]:
    text = json.dumps(answers, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def totals(content: ContentLibrary, worksheet_id: str, answers: Any):
    """A weighted worksheet's options with their Σ weight × score and rank, best first (the domain's
    :func:`~analysis.worksheets.weighted_totals`); [] for another kind or answers that do not validate."""
    defn = definition(content, worksheet_id)
    if defn.kind != "weighted":
        return []
    try:
        return weighted_totals(defn, answers)
    except WorksheetInputError:
        return []


# --- drafts and versions ------------------------------------------------------------------------------------


def _draft(session: Session, user_id: int, worksheet_id: str, situation: str) -> WorksheetDraft | None:
    return session.scalars(
        select(WorksheetDraft).where(
            WorksheetDraft.user_id == user_id,
            WorksheetDraft.worksheet_id == worksheet_id,
            WorksheetDraft.situation == situation,
        )
    ).first()


def _locked_draft(
    session: Session, user_id: int, worksheet_id: str, situation: str, now: datetime
) -> WorksheetDraft:
    """The learner's draft, created empty if needed, locked for this transaction (two tabs saving at once
    queue instead of writing the same version number)."""
    query = (
        select(WorksheetDraft)
        .where(
            WorksheetDraft.user_id == user_id,
            WorksheetDraft.worksheet_id == worksheet_id,
            WorksheetDraft.situation == situation,
        )
        .with_for_update()
    )
    row = session.scalars(query).first()
    if row is None:
        insert_ignoring_conflict(
            session,
            WorksheetDraft,
            {"user_id": user_id, "worksheet_id": worksheet_id, "situation": situation, "answers": {},
             "content_hash": "", "version": 0, "created_at": now, "updated_at": now},
            ["user_id", "worksheet_id", "situation"],
        )  # fmt: skip
        row = session.scalars(query).one()
    return row


def _append_version(
    session: Session,
    draft: WorksheetDraft,
    answers: dict[str, Any],
    text: str,
    digest: str,
    now: datetime,
    restored_from: int | None = None,
) -> int:
    draft.version += 1
    draft.answers = answers
    draft.content_hash = digest
    draft.updated_at = now
    session.add(
        WorksheetVersion(
            draft_id=draft.id, number=draft.version, answers=answers, content_hash=digest,
            size=len(text.encode("utf-8", "surrogatepass")), restored_from=restored_from, saved_at=now,
        )
    )  # fmt: skip
    session.flush()
    _prune(session, draft)
    return draft.version


def _prune(session: Session, draft: WorksheetDraft) -> None:
    """Keep at most MAX_VERSIONS versions and MAX_HISTORY_BYTES of them: the oldest go, the latest stays."""
    rows = session.execute(
        select(WorksheetVersion.number, WorksheetVersion.size)
        .where(WorksheetVersion.draft_id == draft.id)
        .order_by(WorksheetVersion.number.desc())
    ).all()
    if len(rows) <= MAX_VERSIONS and sum(size for _, size in rows) <= MAX_HISTORY_BYTES:
        return
    total, cutoff = 0, None
    for kept, (number, size) in enumerate(rows):
        if kept and (kept >= MAX_VERSIONS or total + size > MAX_HISTORY_BYTES):
            cutoff = number
            break
        total += size
    if cutoff is not None:
        session.execute(
            delete(WorksheetVersion).where(
                WorksheetVersion.draft_id == draft.id, WorksheetVersion.number <= cutoff
            )
        )


def open_worksheet(
    session: Session,
    user_id: int,
    content: ContentLibrary,
    worksheet_id: str,
    situation: str,
    lang: str = "fr",
) -> WorksheetState:
    """The acting learner's worksheet for ``situation`` as last saved (the empty worksheet, criteria
    labelled in ``lang``, when never saved)."""
    require_role(session, user_id)
    defn = definition(content, worksheet_id)
    situation = _situation(content, situation)
    row = _draft(session, user_id, defn.id, situation)
    if row is None or row.version == 0:
        return WorksheetState(defn.id, situation, empty_answers(defn, lang), 0, None, None)
    return WorksheetState(
        defn.id, situation, _fit(defn, row.answers), row.version, row.updated_at,
        _latest_submission(session, row),
    )  # fmt: skip


def save_worksheet(
    session: Session,
    user_id: int,
    content: ContentLibrary,
    worksheet_id: str,
    situation: str,
    answers: Any,
    now: datetime,
) -> SaveResult:
    """Autosave: the answers are validated (plain text kept as typed, markup never interpreted) and, when
    they differ from the last save, stored as a new version; saving the same answers again writes nothing."""
    require_role(session, user_id)
    defn = definition(content, worksheet_id)
    situation = _situation(content, situation)
    cleaned = _cleaned(defn, answers)
    text, digest = _canonical(cleaned)
    draft = _locked_draft(session, user_id, defn.id, situation, now)
    if draft.content_hash == digest:
        return SaveResult(draft.version, False)
    version = _append_version(session, draft, cleaned, text, digest, now)
    record_action(session, user_id, now)
    return SaveResult(version, True)


def worksheet_versions(
    session: Session, user_id: int, content: ContentLibrary, worksheet_id: str, situation: str
) -> list[VersionView]:
    """The saved versions of the acting learner's worksheet, newest first."""
    require_role(session, user_id)
    defn = definition(content, worksheet_id)
    row = _draft(session, user_id, defn.id, _situation(content, situation))
    if row is None:
        return []
    return [
        VersionView(version.number, version.saved_at, version.size, version.restored_from)
        for version in session.scalars(
            select(WorksheetVersion)
            .where(WorksheetVersion.draft_id == row.id)
            .order_by(WorksheetVersion.number.desc())
        )
    ]


def _version_row(session: Session, draft: WorksheetDraft | None, number: int) -> WorksheetVersion:
    version = None
    if draft is not None:
        version = session.scalars(
            select(WorksheetVersion).where(
                WorksheetVersion.draft_id == draft.id, WorksheetVersion.number == int(number)
            )
        ).first()
    if version is None:
        raise NotFound("errors.not_found")
    return version


def version_answers(
    session: Session, user_id: int, content: ContentLibrary, worksheet_id: str, situation: str, number: int
) -> dict[str, Any]:
    """The answers of one saved version of the acting learner's worksheet (to look at before restoring)."""
    require_role(session, user_id)
    defn = definition(content, worksheet_id)
    row = _draft(session, user_id, defn.id, _situation(content, situation))
    return _fit(defn, _version_row(session, row, number).answers)


def restore_version(
    session: Session,
    user_id: int,
    content: ContentLibrary,
    worksheet_id: str,
    situation: str,
    number: int,
    now: datetime,
) -> SaveResult:
    """Make an earlier version the current one: it is saved again as a new version (nothing is lost; the
    versions after it stay in the history)."""
    require_role(session, user_id)
    defn = definition(content, worksheet_id)
    situation = _situation(content, situation)
    if _draft(session, user_id, defn.id, situation) is None:
        raise NotFound("errors.not_found")
    draft = _locked_draft(session, user_id, defn.id, situation, now)
    old = _version_row(session, draft, number)
    answers = _fit(defn, old.answers)
    text, digest = _canonical(answers)
    if digest == draft.content_hash:
        return SaveResult(draft.version, False)
    version = _append_version(session, draft, answers, text, digest, now, restored_from=old.number)
    record_action(session, user_id, now)
    return SaveResult(version, True)


def saved_worksheets(
    session: Session, user_id: int, situation: str | None = None
) -> dict[tuple[str, str], int]:
    """(worksheet id, situation) → latest version, for every worksheet the acting learner has saved."""
    require_role(session, user_id)
    query = select(WorksheetDraft.worksheet_id, WorksheetDraft.situation, WorksheetDraft.version).where(
        WorksheetDraft.user_id == user_id, WorksheetDraft.version > 0
    )
    if situation is not None:
        query = query.where(WorksheetDraft.situation == situation)
    return {(sheet, where): version for sheet, where, version in session.execute(query)}


# --- submissions and comments -------------------------------------------------------------------------------


def _submission_view(
    session: Session,
    row: WorksheetSubmission,
    draft: WorksheetDraft | None = None,
    comments: int | None = None,
) -> SubmissionView:
    draft = draft or session.get(WorksheetDraft, row.draft_id)
    if comments is None:
        comments = session.scalar(
            select(func.count()).select_from(WorksheetComment).where(WorksheetComment.submission_id == row.id)
        )
    return SubmissionView(
        row.id, user_view(session.get(User, row.user_id)), draft.worksheet_id, draft.situation, row.version,
        SubmissionState(row.state), row.submitted_at, row.reviewed_at, int(comments or 0),
    )  # fmt: skip


def _latest_submission(session: Session, draft: WorksheetDraft) -> SubmissionView | None:
    row = session.scalars(
        select(WorksheetSubmission)
        .where(WorksheetSubmission.draft_id == draft.id)
        .order_by(WorksheetSubmission.submitted_at.desc(), WorksheetSubmission.id.desc())
        .limit(1)
    ).first()
    return _submission_view(session, row, draft) if row else None


def _group_ids_of(session: Session, learner_id: int) -> list[int]:
    return list(session.scalars(select(GroupMember.group_id).where(GroupMember.user_id == learner_id)))


def submit_worksheet(
    session: Session, user_id: int, content: ContentLibrary, worksheet_id: str, situation: str, now: datetime
) -> SubmissionView:
    """Hand the latest version in to the instructors of the learner's groups (a copy: later edits do not
    change what they read). Submitting the same version again changes nothing."""
    require_role(session, user_id)
    defn = definition(content, worksheet_id)
    situation = _situation(content, situation)
    draft = _draft(session, user_id, defn.id, situation)
    if draft is None or draft.version == 0:
        raise InvalidInput("errors.worksheet_empty")
    if not _group_ids_of(session, user_id):
        raise InvalidInput("errors.worksheet_no_group")
    draft = _locked_draft(session, user_id, defn.id, situation, now)
    latest = _latest_submission(session, draft)
    if latest is not None and latest.version == draft.version:
        return latest
    row = WorksheetSubmission(
        draft_id=draft.id, user_id=user_id, version=draft.version, answers=draft.answers,
        state=SubmissionState.SUBMITTED.value, submitted_at=now,
    )  # fmt: skip
    session.add(row)
    session.flush()
    record_action(session, user_id, now)
    return _submission_view(session, row, draft, 0)


def _reviewable_learners(session: Session, actor_id: int) -> set[int] | None:
    """The learners whose submissions the actor may read as a reviewer: those of the groups an instructor
    leads; None (everyone) for an administrator. Anyone else is refused."""
    actor = require_role(session, actor_id, Role.INSTRUCTOR, Role.ADMIN)
    if actor.role == Role.ADMIN.value:
        return None
    return set(
        session.scalars(
            select(GroupMember.user_id)
            .join(Group, Group.id == GroupMember.group_id)
            .where(Group.instructor_id == actor.id)
        )
    )


def list_submissions_for_instructor(
    session: Session,
    actor_id: int,
    *,
    group_id: int | None = None,
    state: SubmissionState | str | None = None,
) -> list[SubmissionView]:
    """The latest submission of every worksheet handed in by the learners of the actor's groups (or of one
    of them), newest first; an administrator sees every learner's."""
    scope = _reviewable_learners(session, actor_id)
    if group_id is not None:
        group = owned_group(session, actor_id, group_id)
        members = set(member_ids(session, group.id))
        scope = members if scope is None else scope & members
    if scope is not None and not scope:
        return []
    query = (
        select(WorksheetSubmission, WorksheetDraft)
        .join(WorksheetDraft, WorksheetDraft.id == WorksheetSubmission.draft_id)
        .order_by(WorksheetSubmission.submitted_at.desc(), WorksheetSubmission.id.desc())
    )
    if scope is not None:
        query = query.where(WorksheetSubmission.user_id.in_(scope))
    latest: dict[int, tuple[WorksheetSubmission, WorksheetDraft]] = {}
    for submission, draft in session.execute(query):
        latest.setdefault(draft.id, (submission, draft))
    if state is not None:
        wanted = SubmissionState(state).value
        latest = {key: pair for key, pair in latest.items() if pair[0].state == wanted}
    counts: dict[int, int] = {}
    if latest:
        ids = [submission.id for submission, _ in latest.values()]
        counts = dict(
            session.execute(
                select(WorksheetComment.submission_id, func.count())
                .where(WorksheetComment.submission_id.in_(ids))
                .group_by(WorksheetComment.submission_id)
            ).all()
        )
    return [
        _submission_view(session, submission, draft, counts.get(submission.id, 0))
        for submission, draft in latest.values()
    ]


def _readable_submission(
    session: Session, actor_id: int, submission_id: int
) -> tuple[WorksheetSubmission, bool]:
    """The submission and whether the actor reads it as its author (else as a reviewer); refused unless
    the actor wrote it, leads a group of its author, or is an administrator."""
    require_role(session, actor_id)
    row = session.get(WorksheetSubmission, int(submission_id))
    if row is None:
        raise NotFound("errors.not_found")
    if row.user_id == actor_id:
        return row, True
    scope = _reviewable_learners(session, actor_id)
    if scope is not None and row.user_id not in scope:
        raise PermissionDenied("errors.permission_denied")
    return row, False


def _comment_views(session: Session, submission_ids: list[int]) -> list[CommentView]:
    if not submission_ids:
        return []
    rows = session.execute(
        select(WorksheetComment, User.display_name)
        .join(User, User.id == WorksheetComment.author_id)
        .where(WorksheetComment.submission_id.in_(submission_ids))
        .order_by(WorksheetComment.created_at, WorksheetComment.id)
    )
    return [
        CommentView(row.id, row.submission_id, row.section, name, row.body, row.created_at)
        for row, name in rows
    ]


def submission_detail(
    session: Session, actor_id: int, content: ContentLibrary, submission_id: int
) -> SubmissionDetail:
    """A submission as handed in, with its comments: for its author, the instructors of the author's
    groups and administrators only."""
    row, _ = _readable_submission(session, actor_id, submission_id)
    view = _submission_view(session, row)
    defn = definition(content, view.worksheet_id)
    return SubmissionDetail(view, _fit(defn, row.answers), _comment_views(session, [row.id]))


def clean_comment(body: str | None) -> str:
    text = unicodedata.normalize("NFC", str(body or "")).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")).strip()
    if not text:
        raise InvalidInput("errors.comment_required")
    if len(text) > COMMENT_MAX:
        raise InvalidInput("errors.comment_length", max=COMMENT_MAX)
    return text


def comment_section(
    session: Session,
    actor_id: int,
    content: ContentLibrary,
    submission_id: int,
    section: str,
    body: str,
    now: datetime,
) -> CommentView:
    """An instructor's comment on one section of a submission of a learner of their groups (an
    administrator: of anyone's). The author cannot comment on their own submission."""
    row, own = _readable_submission(session, actor_id, submission_id)
    if own:
        raise PermissionDenied("errors.permission_denied")
    draft = session.get(WorksheetDraft, row.draft_id)
    if section not in comment_sections(definition(content, draft.worksheet_id)):
        raise InvalidInput("errors.comment_section")
    comment = WorksheetComment(
        submission_id=row.id, section=section, author_id=actor_id, body=clean_comment(body), created_at=now
    )
    session.add(comment)
    session.flush()
    author = session.get(User, actor_id)
    return CommentView(comment.id, row.id, section, author.display_name, comment.body, now)


def mark_reviewed(session: Session, actor_id: int, submission_id: int, now: datetime) -> SubmissionView:
    """The reviewer has finished with this submission (it leaves the list of those waiting)."""
    row, own = _readable_submission(session, actor_id, submission_id)
    if own:
        raise PermissionDenied("errors.permission_denied")
    if row.state != SubmissionState.REVIEWED.value:
        row.state = SubmissionState.REVIEWED.value
        row.reviewed_at = now
        row.reviewed_by = actor_id
    return _submission_view(session, row)


def comments_for(
    session: Session, user_id: int, content: ContentLibrary, worksheet_id: str, situation: str
) -> list[CommentView]:
    """The comments instructors left on the acting learner's own submissions of this worksheet, oldest
    first."""
    require_role(session, user_id)
    defn = definition(content, worksheet_id)
    draft = _draft(session, user_id, defn.id, _situation(content, situation))
    if draft is None:
        return []
    ids = list(
        session.scalars(select(WorksheetSubmission.id).where(WorksheetSubmission.draft_id == draft.id))
    )
    return _comment_views(session, ids)


# --- exports ------------------------------------------------------------------------------------------------


def export_labels(lang: str) -> dict[str, str]:
    """The interface words of the exports, in ``lang``."""
    return {key: i18n.t(f"analysis.export.{key}", lang) for key in EXPORT_LABELS}


def situation_label(content: ContentLibrary, situation: str, lang: str) -> str:
    case = content.analysis.case(situation)
    if case is None or situation == OWN_SITUATION:
        return i18n.t("analysis.situation.own", lang)
    return case.title.get(lang)


def _file(fmt: str, data: str | bytes, name: str) -> ExportFile:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return ExportFile(f"{name}.{fmt}", EXPORT_MIMES[fmt], raw)


def export_worksheet(
    session: Session,
    user_id: int,
    content: ContentLibrary,
    worksheet_id: str,
    situation: str,
    fmt: str,
    lang: str,
) -> ExportFile:
    """The acting learner's worksheet as Markdown, Word or PDF (their text as text, never as markup)."""
    state = open_worksheet(session, user_id, content, worksheet_id, situation, lang)
    defn = definition(content, worksheet_id)
    labels = export_labels(lang)
    makers = {"md": worksheet_markdown, "docx": worksheet_docx, "pdf": worksheet_pdf}
    if fmt not in makers:
        raise InvalidInput("errors.export_format")
    return _file(fmt, makers[fmt](defn, state.answers, lang, labels), f"parlez-{defn.id}-{state.situation}")


def export_analysis(
    session: Session, user_id: int, content: ContentLibrary, situation: str, fmt: str, lang: str
) -> ExportFile:
    """Every worksheet the acting learner has saved for ``situation``, in chapter order, in one document."""
    require_role(session, user_id)
    situation = _situation(content, situation)
    saved = saved_worksheets(session, user_id, situation)
    sheets = []
    for defn in content.analysis.worksheets:
        if (defn.id, situation) in saved:
            sheets.append((defn, open_worksheet(session, user_id, content, defn.id, situation, lang).answers))
    if not sheets:
        raise InvalidInput("errors.worksheet_empty")
    labels = export_labels(lang)
    title = i18n.t("analysis.export.title", lang, situation=situation_label(content, situation, lang))
    makers = {"md": analysis_markdown, "docx": analysis_docx, "pdf": analysis_pdf}
    if fmt not in makers:
        raise InvalidInput("errors.export_format")
    return _file(fmt, makers[fmt](sheets, lang, labels, title), f"parlez-analysis-{situation}")


# --- reading progress ---------------------------------------------------------------------------------------


def _reading_view(row: ReadingProgress, document: AnalysisDocument | None) -> ReadingView:
    total = len(document.all_paragraphs) if document else 0
    return ReadingView(row.document_id, row.last_paragraph, row.furthest, total, row.completed_at)


def record_reading(
    session: Session,
    user_id: int,
    content: ContentLibrary,
    document_id: str,
    paragraph_id: str,
    now: datetime,
) -> ReadingView:
    """The acting reader has read up to ``paragraph_id`` of a chapter or case: it becomes the place to
    resume; reaching the last paragraph completes the document (reading back never un-completes it)."""
    require_role(session, user_id)
    document = _document(content, document_id)
    ids = [paragraph.id for paragraph in document.all_paragraphs]
    if paragraph_id not in ids:
        raise NotFound("errors.not_found")
    position = ids.index(paragraph_id)
    query = (
        select(ReadingProgress)
        .where(ReadingProgress.user_id == user_id, ReadingProgress.document_id == document.id)
        .with_for_update()
    )
    row = session.scalars(query).first()
    if row is None:
        insert_ignoring_conflict(
            session,
            ReadingProgress,
            {"user_id": user_id, "document_id": document.id, "last_paragraph": paragraph_id, "furthest": 0,
             "started_at": now, "updated_at": now},
            ["user_id", "document_id"],
        )  # fmt: skip
        row = session.scalars(query).one()
    row.last_paragraph = paragraph_id
    row.furthest = max(row.furthest, position)
    row.updated_at = now
    if row.completed_at is None and row.furthest >= len(ids) - 1:
        row.completed_at = now
    record_action(session, user_id, now)
    return _reading_view(row, document)


def reading_progress(session: Session, user_id: int, content: ContentLibrary) -> dict[str, ReadingView]:
    """Document id → where the acting reader is in it (documents never opened are absent)."""
    require_role(session, user_id)
    return {
        row.document_id: _reading_view(row, content.analysis.document(row.document_id))
        for row in session.scalars(select(ReadingProgress).where(ReadingProgress.user_id == user_id))
    }


# --- chapter quizzes: quiz attempts like a unit's, on the chapter's own exercises --------------------------


def _chapter_with_quiz(content: ContentLibrary, chapter_id: str) -> AnalysisDocument:
    document = _document(content, chapter_id)
    if not document.quiz:
        raise NotFound("errors.not_found")
    return document


def start_chapter_quiz(
    session: Session,
    user_id: int,
    content: ContentLibrary,
    chapter_id: str,
    now: datetime,
    *,
    pass_mark: float = DEFAULT_PASS_MARK,
    assignment_id: int | None = None,
) -> quizzes.AttemptView:
    """Open an attempt at a chapter's quiz (its exercises, shuffled with a fresh seed). An assignment id
    must name an assignment of the learner's for this very chapter quiz."""
    document = _chapter_with_quiz(content, chapter_id)
    if assignment_id is not None:
        assignment = learner_assignment(session, user_id, int(assignment_id))
        if assignment.kind is not AssignmentKind.CHAPTER_QUIZ or assignment.target != document.id:
            raise PermissionDenied("errors.permission_denied")
    return quizzes.start_quiz(
        session, user_id, content, chapter_quiz_id(document.id), now, pass_mark=pass_mark,
        assignment_id=assignment_id,
    )  # fmt: skip


def open_chapter_attempt(
    session: Session, user_id: int, content: ContentLibrary, chapter_id: str
) -> quizzes.AttemptView | None:
    """The acting learner's unfinished attempt at this chapter's quiz (to resume), or None."""
    require_role(session, user_id)
    return quizzes.open_attempt(session, user_id, chapter_quiz_id(_chapter_with_quiz(content, chapter_id).id))


def _chapter_attempt(session: Session, user_id: int, attempt_id: int) -> quizzes.AttemptView:
    attempt = quizzes.get_attempt(session, user_id, attempt_id)
    if not attempt.quiz_id.startswith(CHAPTER_QUIZ_PREFIX):
        raise NotFound("errors.not_found")
    return attempt


def answer_chapter_quiz(
    session: Session,
    user_id: int,
    attempt_id: int,
    position: int,
    given: str,
    content: ContentLibrary,
    lang: str,
    now: datetime,
    *,
    elapsed_ms: int | None = None,
) -> quizzes.AnswerResult:
    """Grade and store the learner's raw answer to question ``position`` of their chapter-quiz attempt."""
    _chapter_attempt(session, user_id, attempt_id)
    return quizzes.answer_quiz_question(
        session, user_id, attempt_id, position, given, content, lang, now, elapsed_ms=elapsed_ms
    )


def finish_chapter_quiz(
    session: Session, user_id: int, attempt_id: int, content: ContentLibrary, now: datetime
) -> quizzes.QuizOutcome:
    """Close and score the attempt (unanswered questions count as wrong), like a unit quiz."""
    _chapter_attempt(session, user_id, attempt_id)
    return quizzes.finish_quiz(session, user_id, attempt_id, content, now)


def chapter_quiz_scores(session: Session, user_id: int) -> dict[str, float]:
    """Chapter id → the acting learner's best finished score on its quiz."""
    require_role(session, user_id)
    rows = session.execute(
        select(QuizAttempt.quiz_id, func.max(QuizAttempt.score))
        .where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.quiz_id.like(f"{CHAPTER_QUIZ_PREFIX}%"),
            QuizAttempt.finished_at.is_not(None),
        )
        .group_by(QuizAttempt.quiz_id)
    )
    return {quiz_id.removeprefix(CHAPTER_QUIZ_PREFIX): float(score or 0.0) for quiz_id, score in rows}


# --- key terms ----------------------------------------------------------------------------------------------


def add_term_to_drills(
    session: Session, user_id: int, content: ContentLibrary, entry_id: str, now: datetime
) -> bool:
    """Put a glossary entry (a chapter's key term) in the acting learner's drills, due now; False when it
    was there already."""
    require_role(session, user_id)
    if content.glossary.get(str(entry_id or "")) is None:
        raise NotFound("errors.not_found")
    return drills.add_card(session, user_id, entry_id, "fr>meaning", now)
