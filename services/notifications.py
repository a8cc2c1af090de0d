"""In-app notifications (the sidebar bell) and, when ``PARLEZ_SMTP_URL`` is set, the same by e-mail.

Any area's service calls :func:`notify` inside its own transaction; the notice is stored with the user and,
if an address is known, marked for e-mail. The page calls :func:`deliver_pending` after its transaction has
committed: mail is never sent for an action that was rolled back, and a mail server that is down never
breaks an action (the notice stays pending and goes with the next delivery).

A notice's text is the interface text ``kind`` in the recipient's language, filled with ``params``; a
parameter given as ``{"t": key}`` is itself an interface text (a state's name, say), translated too.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from config import settings
from i18n import t
from progress.db import Database
from progress.models import Notification, User
from services.accounts import require_role

log = logging.getLogger(__name__)
LIST_LIMIT = 50
SMTP_TIMEOUT_S = 10


@dataclass(frozen=True, slots=True)
class NotificationView:
    id: int
    kind: str
    params: dict
    page: str
    query: dict
    created_at: datetime
    read: bool


def notify(
    session: Session,
    user_ids: Iterable[int],
    kind: str,
    now: datetime,
    *,
    params: Mapping[str, object] | None = None,
    page: str = "",
    query: Mapping[str, object] | None = None,
    emails: Mapping[int, str] | None = None,
) -> int:
    """Store one notice of ``kind`` for each user (each once); ``emails`` maps a user to the address it
    should also be mailed to. Returns how many were stored."""
    stored = 0
    for user_id in dict.fromkeys(user_ids):
        session.add(
            Notification(
                user_id=user_id,
                kind=kind,
                params=dict(params or {}),
                page=page,
                query={key: str(value) for key, value in (query or {}).items()},
                created_at=now,
                email=(emails or {}).get(user_id) or None,
            )
        )
        stored += 1
    return stored


def unread_count(session: Session, actor_id: int) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == actor_id, Notification.read_at.is_(None))
    )


def list_notifications(session: Session, actor_id: int, limit: int = LIST_LIMIT) -> list[NotificationView]:
    """The user's own notices, newest first."""
    require_role(session, actor_id)
    rows = session.scalars(
        select(Notification)
        .where(Notification.user_id == actor_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    return [
        NotificationView(
            r.id, r.kind, dict(r.params), r.page, dict(r.query), r.created_at, r.read_at is not None
        )
        for r in rows
    ]


def mark_read(session: Session, actor_id: int, now: datetime, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notices read (all of them when ``ids`` is None); another user's are left alone."""
    require_role(session, actor_id)
    statement = update(Notification).where(Notification.user_id == actor_id, Notification.read_at.is_(None))
    if ids is not None:
        statement = statement.where(Notification.id.in_(list(ids)))
    return session.execute(statement.values(read_at=now)).rowcount


def text(kind: str, params: Mapping[str, object], lang: str) -> str:
    """A notice's text in ``lang``."""
    filled = {
        name: t(value["t"], lang) if isinstance(value, Mapping) and "t" in value else value
        for name, value in params.items()
    }
    return t(kind, lang, **filled)


# --- e-mail ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    username: str = ""
    password: str = ""
    ssl: bool = False
    starttls: bool = False


def smtp_settings(url: str) -> SmtpSettings | None:
    """``smtp://[user:password@]host[:port][?from=address&starttls=1]`` or ``smtps://…``; None when empty.
    A URL of another scheme raises ``ValueError``."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("PARLEZ_SMTP_URL must look like smtp://host:port or smtps://user:password@host")
    query = parse_qs(parts.query)
    secure = parts.scheme == "smtps"
    starttls = query.get("starttls", ["0"])[0] in ("1", "true", "yes")
    return SmtpSettings(
        host=parts.hostname,
        port=parts.port or (465 if secure else 587 if starttls else 25),
        sender=query.get("from", ["parlez@localhost"])[0],
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        ssl=secure,
        starttls=starttls,
    )


def _message(sender: str, to: str, kind: str, params: Mapping, lang: str) -> EmailMessage:
    body = text(kind, params, lang)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = t("notify.email.subject", lang, text=body[:120])
    message.set_content(f"{body}\n\n{t('notify.email.footer', lang)}\n")
    return message


def deliver_pending(db: Database, now: datetime, url: str | None = None, limit: int = 100) -> int:
    """Send the notices waiting for e-mail (when SMTP is configured) and mark them sent; returns how many
    went. A mail server that fails is logged, and the notices stay pending for the next delivery."""
    smtp = smtp_settings(settings().smtp_url if url is None else url)
    if smtp is None:
        return 0
    with db.reading() as session:
        pending = session.execute(
            select(Notification.id, Notification.email, Notification.kind, Notification.params, User.locale)
            .join(User, User.id == Notification.user_id)
            .where(Notification.email.is_not(None), Notification.emailed_at.is_(None))
            .order_by(Notification.id)
            .limit(limit)
        ).all()
    if not pending:
        return 0
    sent: list[int] = []
    try:
        if smtp.ssl:
            client = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=SMTP_TIMEOUT_S, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=SMTP_TIMEOUT_S)
        with client:
            if smtp.starttls:
                client.starttls(context=ssl.create_default_context())
            if smtp.username:
                client.login(smtp.username, smtp.password)
            for notice_id, address, kind, params, locale in pending:
                client.send_message(_message(smtp.sender, address, kind, params, locale or "en"))
                sent.append(notice_id)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("notification e-mail failed after %d of %d: %s", len(sent), len(pending), error)
    if sent:
        with db.transaction() as session:
            session.execute(update(Notification).where(Notification.id.in_(sent)).values(emailed_at=now))
    return len(sent)
