"""What learners leave in the open exercises — comptes rendus, role-play paths, recordings — and who may
see it: the learner, and the instructor of one of their groups. Nobody else, an administrator included
unless they lead one of the learner's groups: a recording is someone's voice.

- Recordings (speaking exercises) are WAV, at most :data:`RECORDING_MAX_BYTES` each and
  :data:`RECORDING_QUOTA_BYTES` in all per learner; the learner deletes them.
- An instructor reads a learner's open answers and comments on them; the learner reads the comments.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from access.roles import Role
from audio.formats import HEAD_BYTES, WAV, audio_problem
from library.content import ContentLibrary
from progress.models import AnswerComment, Group, GroupMember, OpenAnswer, Recording, User
from services.accounts import require_role
from services.errors import InvalidInput, NotFound, PermissionDenied

RECORDING_MAX_BYTES = 2 * 1024 * 1024  # about a minute of 16 kHz mono WAV
RECORDING_QUOTA_BYTES = 20 * 1024 * 1024
COMMENT_MAX = 2000


@dataclass(frozen=True, slots=True)
class RecordingView:
    id: int
    user_id: int
    exercise_id: str
    mime: str
    size: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class CommentView:
    id: int
    author_id: int
    author_name: str
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class OpenAnswerView:
    id: int
    user_id: int
    unit_id: str
    exercise_id: str
    kind: str
    text: str
    detail: dict
    verdict: str
    correct: bool
    score: float
    recording_id: int | None
    answered_at: datetime
    comments: tuple[CommentView, ...] = ()


def teaches(session: Session, actor_id: int, learner_id: int) -> bool:
    """Whether the actor (an active instructor or administrator) leads a group the learner belongs to."""
    actor = session.get(User, actor_id)
    if actor is None or not actor.is_active or actor.role not in (Role.INSTRUCTOR.value, Role.ADMIN.value):
        return False
    found = session.scalar(
        select(GroupMember.id)
        .join(Group, Group.id == GroupMember.group_id)
        .where(Group.instructor_id == actor_id, GroupMember.user_id == learner_id)
        .limit(1)
    )
    return found is not None


def _may_see(session: Session, actor_id: int, learner_id: int) -> None:
    require_role(session, actor_id)
    if actor_id != learner_id and not teaches(session, actor_id, learner_id):
        raise PermissionDenied("errors.permission_denied")


# --- recordings -----------------------------------------------------------------------------------------


def _recording_view(row: Recording) -> RecordingView:
    return RecordingView(row.id, row.user_id, row.exercise_id, row.mime, row.size, row.created_at)


def recording_usage(session: Session, user_id: int) -> int:
    """Bytes of recordings the learner keeps."""
    return int(
        session.scalar(select(func.coalesce(func.sum(Recording.size), 0)).where(Recording.user_id == user_id))
    )


def save_recording(
    session: Session, user_id: int, exercise_id: str, data: bytes, content: ContentLibrary, now: datetime
) -> RecordingView:
    """Keep the learner's recording of a speaking exercise: a sound WAV file, at most
    :data:`RECORDING_MAX_BYTES`, within the learner's quota."""
    require_role(session, user_id)
    exercise = content.manual.exercise(exercise_id)
    if exercise is None or exercise.kind != "speaking":
        raise NotFound("errors.not_found")
    if not isinstance(data, bytes | bytearray) or not data:
        raise InvalidInput("errors.recording_format")
    data = bytes(data)
    if len(data) > RECORDING_MAX_BYTES:
        raise InvalidInput("errors.recording_too_big", max_mb=RECORDING_MAX_BYTES // (1024 * 1024))
    if audio_problem(data[:HEAD_BYTES], len(data), WAV):
        raise InvalidInput("errors.recording_format")
    session.scalar(select(User.id).where(User.id == user_id).with_for_update())  # one upload at a time
    if recording_usage(session, user_id) + len(data) > RECORDING_QUOTA_BYTES:
        raise InvalidInput("errors.recording_quota", max_mb=RECORDING_QUOTA_BYTES // (1024 * 1024))
    row = Recording(
        user_id=user_id, unit_id=exercise.id.partition("#")[0], exercise_id=exercise.id, mime=WAV,
        size=len(data), data=data, created_at=now,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return _recording_view(row)


def recordings_of(
    session: Session, actor_id: int, learner_id: int, exercise_id: str | None = None
) -> list[RecordingView]:
    """A learner's recordings, newest first (for the learner, or their instructor)."""
    _may_see(session, actor_id, learner_id)
    query = select(Recording).where(Recording.user_id == learner_id)
    if exercise_id is not None:
        query = query.where(Recording.exercise_id == exercise_id)
    rows = session.scalars(query.order_by(Recording.created_at.desc(), Recording.id.desc()))
    return [_recording_view(row) for row in rows]


def recording_audio(session: Session, actor_id: int, recording_id: int) -> tuple[bytes, str]:
    """The bytes and type of a recording, for its learner or their instructor only."""
    row = session.get(Recording, recording_id)
    if row is None:
        raise NotFound("errors.not_found")
    _may_see(session, actor_id, row.user_id)
    return bytes(row.data), row.mime


def delete_recording(session: Session, actor_id: int, recording_id: int) -> None:
    """The learner deletes one of their recordings (nobody else may)."""
    require_role(session, actor_id)
    row = session.get(Recording, recording_id)
    if row is None:
        raise NotFound("errors.not_found")
    if row.user_id != actor_id:
        raise PermissionDenied("errors.permission_denied")
    session.delete(row)


# --- open answers and comments --------------------------------------------------------------------------


def _comments(session: Session, answer_ids: list[int]) -> dict[int, list[CommentView]]:
    found: dict[int, list[CommentView]] = {}
    if not answer_ids:
        return found
    rows = session.execute(
        select(AnswerComment, User.display_name)
        .join(User, User.id == AnswerComment.author_id)
        .where(AnswerComment.answer_id.in_(answer_ids))
        .order_by(AnswerComment.created_at, AnswerComment.id)
    )
    for comment, name in rows:
        found.setdefault(comment.answer_id, []).append(
            CommentView(comment.id, comment.author_id, name, comment.body, comment.created_at)
        )
    return found


def _views(session: Session, rows: list[OpenAnswer]) -> list[OpenAnswerView]:
    comments = _comments(session, [row.id for row in rows])
    return [
        OpenAnswerView(
            row.id,
            row.user_id,
            row.unit_id,
            row.exercise_id,
            row.kind,
            row.text,
            dict(row.detail or {}),
            row.verdict,
            row.correct,
            row.score,
            row.recording_id,
            row.answered_at,
            tuple(comments.get(row.id, ())),
        )  # fmt: skip
        for row in rows
    ]


def learner_open_answers(
    session: Session,
    actor_id: int,
    learner_id: int,
    *,
    unit_id: str | None = None,
    kinds: tuple[str, ...] | None = None,
) -> list[OpenAnswerView]:
    """A learner's open answers with their comments, newest first (for the learner, or their
    instructor)."""
    _may_see(session, actor_id, learner_id)
    query = select(OpenAnswer).where(OpenAnswer.user_id == learner_id)
    if unit_id is not None:
        query = query.where(OpenAnswer.unit_id == unit_id)
    if kinds:
        query = query.where(OpenAnswer.kind.in_(kinds))
    rows = list(session.scalars(query.order_by(OpenAnswer.answered_at.desc(), OpenAnswer.id.desc())))
    return _views(session, rows)


def latest_open_answers(session: Session, user_id: int, unit_id: str) -> dict[str, OpenAnswerView]:
    """The learner's latest open answer to each exercise of a unit."""
    latest: dict[str, OpenAnswerView] = {}
    for view in learner_open_answers(session, user_id, user_id, unit_id=unit_id):
        latest.setdefault(view.exercise_id, view)
    return latest


def _clean_comment(body: object) -> str:
    if not isinstance(body, str):
        raise InvalidInput("errors.comment_required")
    text = body.strip()
    if not text:
        raise InvalidInput("errors.comment_required")
    if len(text) > COMMENT_MAX:
        raise InvalidInput("errors.comment_length", max=COMMENT_MAX)
    if any(c not in "\n\t" and unicodedata.category(c) == "Cc" for c in text):
        raise InvalidInput("errors.control_characters")
    return text


def comment_on_answer(
    session: Session, actor_id: int, answer_id: int, body: str, now: datetime
) -> CommentView:
    """An instructor comments on an open answer of a learner of one of their groups."""
    answer = session.get(OpenAnswer, answer_id)
    if answer is None:
        raise NotFound("errors.not_found")
    actor = require_role(session, actor_id, Role.INSTRUCTOR, Role.ADMIN)
    if not teaches(session, actor_id, answer.user_id):
        raise PermissionDenied("errors.permission_denied")
    comment = AnswerComment(
        answer_id=answer.id, author_id=actor_id, body=_clean_comment(body), created_at=now
    )
    session.add(comment)
    session.flush()
    return CommentView(comment.id, actor_id, actor.display_name, comment.body, comment.created_at)
