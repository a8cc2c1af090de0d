"""What the three directory screens share: the centres (content, loaded once and reloaded when the file
changes), the sessions' index (rebuilt only when the sessions change), labels in the interface language,
and a session's card."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import streamlit as st

from app_pages.certificate import format_date
from app_pages.frame import database, escape_markdown, lang, now, t
from config import settings
from directory.countries import country_name, language_name
from directory.facets import SessionIndex
from directory.ics import calendar_bytes
from directory.loader import CENTRES_FILE, load_directory
from directory.model import Centre, Directory, TrainingSession
from services import directory as directory_service

CENTRE_PAGE = "app_pages/directory_centre.py"
DIRECTORY_PAGE = "app_pages/directory.py"
RECHECK_S = 1.0
_checked: dict[str, tuple[float, Directory]] = {}


@st.cache_resource(show_spinner=False, max_entries=2)
def _directory(path: str, signature: tuple) -> Directory:
    return load_directory(Path(path))


def directory() -> Directory:
    """The centres of ``content/directory`` (the file is looked at again at most once a second)."""
    content_dir = str(settings().content_dir)
    moment = time.monotonic()
    found = _checked.get(content_dir)
    if found is not None and moment - found[0] < RECHECK_S:
        return found[1]
    path = Path(content_dir) / CENTRES_FILE
    try:
        stat = path.stat()
        signature = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        signature = ()
    loaded = _directory(content_dir, signature)
    _checked[content_dir] = (moment, loaded)
    return loaded


@st.cache_resource(show_spinner=False, max_entries=4)
def _index(url: str, revision: tuple, _directory: Directory, directory_id: int) -> SessionIndex:
    with database().reading() as session:
        sessions = directory_service.list_sessions(session)
    return SessionIndex(sessions, _directory)


def session_index() -> SessionIndex:
    """The public index of sessions, rebuilt only when a session was added or changed."""
    found = directory()
    with database().reading() as session:
        revision = directory_service.sessions_revision(session)
    return _index(settings().database_url, revision, found, id(found))


def today() -> date:
    return now().date()


def country(code: str) -> str:
    return country_name(code, lang())


def language(code: str) -> str:
    return language_name(code, lang())


def label(kind: str, value) -> str:
    """The interface name of an enum value: ``directory.<kind>.<value>``."""
    return t(f"directory.{kind}.{getattr(value, 'value', value)}")


def day(value: date | None) -> str:
    return format_date(value, lang()) if value else ""


def dates(session: TrainingSession) -> str:
    if session.start == session.end:
        return day(session.start)
    return t("directory.dates", start=day(session.start), end=day(session.end), days=session.days)


def centre_place(centre: Centre) -> str:
    return f"{centre.city}, {country(centre.country_code)}"


def ics_file(sessions: list[TrainingSession], found: Directory) -> bytes:
    return calendar_bytes(sessions, found, now(), lang())


def session_summary(session: TrainingSession, found: Directory) -> str:
    """One line (escaped Markdown): centre · place · languages · level · delivery."""
    centre = found.centre(session.centre_id)
    # a mobile team's place may be in another country: it is shown as the manager wrote it
    where = session.place or (centre_place(centre) if centre else "")
    parts = [
        centre.short_name if centre else session.centre_id,
        where,
        " / ".join(language(code) for code in session.languages),
        label("level", session.level),
        label("delivery", session.delivery),
    ]
    return " · ".join(escape_markdown(part) for part in parts if part)


STATUS_COLOURS = {
    "announced": "gray",
    "open": "green",
    "full": "orange",
    "running": "blue",
    "completed": "gray",
    "cancelled": "red",
}


def badges(session: TrainingSession) -> None:
    st.badge(label("status", session.status), color=STATUS_COLOURS[session.status.value])
    if session.un_recognised(today()):
        st.badge(t("directory.un_recognised_until", date=day(session.un_recognised_until)), color="blue")
    if session.demo:
        st.badge(t("directory.demo"), color="violet", icon=":material/science:")
    if session.stale(today()):
        st.badge(
            t("directory.stale_session", date=day(session.updated)), color="orange", icon=":material/history:"
        )


def session_details(session: TrainingSession, found: Directory) -> None:
    """Every field a catalogue gives, as text (whatever a manager typed is escaped)."""
    rows: list[tuple[str, str]] = [
        (t("directory.field.code"), session.code),
        (t("directory.field.dates"), dates(session)),
        (t("directory.field.delivery"), label("delivery", session.delivery)),
        (t("directory.field.place"), session.place),
        (t("directory.field.languages"), ", ".join(language(code) for code in session.languages)),
        (t("directory.field.cefr_level"), session.cefr_level),
        (t("directory.field.audiences"), ", ".join(label("audience", a) for a in session.audiences)),
        (t("directory.field.rank_band"), session.rank_band),
        (t("directory.field.level"), label("level", session.level)),
        (t("directory.field.phase"), label("phase", session.phase) if session.phase else ""),
        (t("directory.field.themes"), ", ".join(session.themes)),
        (t("directory.field.prerequisites"), session.prerequisites),
        (t("directory.field.admission"), label("admission", session.admission) if session.admission else ""),
        (t("directory.field.deadline"), day(session.deadline)),
        (t("directory.field.capacity"), "" if session.capacity is None else str(session.capacity)),
        (
            t("directory.field.women_target"),
            "" if session.women_target is None else t("directory.percent", value=session.women_target),
        ),
        (t("directory.field.un_recognised_until"), day(session.un_recognised_until)),
        (t("directory.field.funder"), session.funder),
        (t("directory.field.contact"), session.contact),
        (t("directory.field.link"), session.link),
        (t("directory.field.source"), session.source),
        (t("directory.field.updated"), day(session.updated)),
    ]
    lines = [f"**{escape_markdown(name)}** {escape_markdown(value)}" for name, value in rows if value]
    st.markdown("  \n".join(lines))
