"""Daily activity: what each learner did on each (UTC) day — the basis of streaks and time spent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from progress.db import insert_ignoring_conflict
from progress.models import ActivityDay


@dataclass(frozen=True, slots=True)
class Day:
    day: date
    actions: int
    seconds: int


def record_action(session: Session, user_id: int, now: datetime, seconds: int = 0) -> None:
    """Count one learning action (and its duration) on the user's day: a read-modify-write that must not
    lose concurrent updates (row lock on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite)."""
    day = now.date()
    query = (
        select(ActivityDay).where(ActivityDay.user_id == user_id, ActivityDay.day == day).with_for_update()
    )
    row = session.scalars(query).one_or_none()
    if row is None:
        insert_ignoring_conflict(
            session,
            ActivityDay,
            {"user_id": user_id, "day": day, "actions": 0, "seconds": 0},
            ["user_id", "day"],
        )
        row = session.scalars(query).one()
    row.actions = row.actions + 1
    row.seconds = row.seconds + max(0, int(seconds))


def activity(session: Session, user_id: int, since: date | None = None) -> list[Day]:
    """The learner's active days, oldest first."""
    query = select(ActivityDay).where(ActivityDay.user_id == user_id).order_by(ActivityDay.day)
    if since is not None:
        query = query.where(ActivityDay.day >= since)
    return [Day(row.day, row.actions, row.seconds) for row in session.scalars(query)]


def streak(days: list[date] | set[date], today: date) -> int:
    """Consecutive active days ending today (or yesterday, so a streak is not lost before the day's work)."""
    active = set(days)
    current = today if today in active else today - timedelta(days=1)
    count = 0
    while current in active:
        count += 1
        current -= timedelta(days=1)
    return count
