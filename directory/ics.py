"""iCalendar (RFC 5545) files of training sessions, with the ``icalendar`` library.

A session is an all-day event from its first day to the day after its last (DTEND is exclusive), located
at its centre's city and country (or the mobile team's place), with a stable UID so that importing the file
again updates the event instead of doubling it. A cancelled session is ``STATUS:CANCELLED``; an announced
one ``TENTATIVE``. ``stamp`` (DTSTAMP) is passed in, UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from directory.countries import country_name
from directory.model import Directory, SessionStatus, TrainingSession

__all__ = ["PRODID", "calendar_bytes", "session_event", "session_uid"]

PRODID = "-//Parlez//Training directory//EN"
UID_DOMAIN = "directory.parlez"
_STATUS = {
    SessionStatus.ANNOUNCED: "TENTATIVE",
    SessionStatus.CANCELLED: "CANCELLED",
}


def session_uid(session: TrainingSession) -> str:
    return f"session-{session.id}@{UID_DOMAIN}"


def session_event(session: TrainingSession, directory: Directory, stamp: datetime, lang: str = "en") -> Event:
    centre = directory.centre(session.centre_id)
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", stamp)
    event.add("dtstart", session.start)
    event.add("dtend", session.end + timedelta(days=1))
    title = session.title_in(lang)
    where = centre.short_name if centre else session.centre_id
    event.add("summary", f"{title} ({where})" if where else title)
    if session.place:  # a mobile team's place, as the manager wrote it (it may be in another country)
        event.add("location", session.place)
    elif centre is not None:
        event.add("location", f"{centre.city}, {country_name(centre.country_code, lang)}")
    lines = [session.title.fr]
    if session.code:
        lines.append(session.code)
    if centre is not None:
        lines.append(centre.name)
    if session.contact:
        lines.append(session.contact)
    if session.source:
        lines.append(session.source)
    event.add("description", "\n".join(lines))
    if session.link:
        event.add("url", session.link)
    event.add("status", _STATUS.get(session.status, "CONFIRMED"))
    event.add("last-modified", datetime.combine(session.updated, datetime.min.time(), tzinfo=stamp.tzinfo))
    return event


def calendar_bytes(
    sessions: Iterable[TrainingSession], directory: Directory, stamp: datetime, lang: str = "en"
) -> bytes:
    """One calendar holding every session given (one or a whole filtered list)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Parlez")
    for session in sessions:
        calendar.add_component(session_event(session, directory, stamp, lang))
    return calendar.to_ical()
