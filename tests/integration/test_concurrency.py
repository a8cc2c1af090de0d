"""Concurrent read-modify-write actions through the service layer lose nothing (8 threads × 50)."""

from __future__ import annotations

import threading

from sqlalchemy import select

from progress.models import ActivityDay
from services import activity
from tests.helpers import make_user

THREADS, ACTIONS = 8, 50


def test_concurrent_actions_are_all_counted(db, now):
    user = make_user(db, "rahman", now)
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def worker() -> None:
        start.wait()
        for _ in range(ACTIONS):
            try:
                with db.transaction() as session:
                    activity.record_action(session, user.id, now, seconds=2)
            except BaseException as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with db.reading() as session:
        row = session.scalars(select(ActivityDay).where(ActivityDay.user_id == user.id)).one()
    assert row.actions == THREADS * ACTIONS
    assert row.seconds == THREADS * ACTIONS * 2
