"""Instructor and learner figures on a seeded database: 200 learners, 100,000 review logs, 5,000 quiz
attempts (SQLite, as on one machine)."""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from bench.common import median_ms, page_rerun_ms
from commands.seed import seed
from progress.db import Database
from progress.migrate import upgrade_database
from progress.models import User
from services import dashboards, groups

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def run() -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'teaching.sqlite3'}"
        upgrade_database(url)
        db = Database(url)
        started = time.perf_counter()
        report = seed(
            db,
            ROOT / "content",
            learners=200,
            groups=2,
            reviews_per_learner=500,
            attempts_per_learner=25,
            now=NOW,
        )
        figures["seed_s"] = time.perf_counter() - started
        figures["seeded_review_logs"] = report.reviews
        figures["seeded_quiz_attempts"] = report.attempts
        with db.reading() as session:
            instructor = session.scalar(select(User).where(User.username == "demo-instructor-1"))
            group = groups.list_groups(session, instructor.id)[0]

        def dashboard() -> None:
            with db.reading() as session:
                dashboards.group_dashboard(session, instructor.id, group.id, NOW)

        dashboard()
        figures["instructor_dashboard_ms"] = median_ms(dashboard, 15)
        with db.reading() as session:
            learner = session.scalar(select(User).where(User.username == "demo-learner-1"))
        db.dispose()
        figures["progress_page_rerun_ms"] = page_rerun_ms(
            url, learner.id, "app_pages/my_progress.py", repeat=15
        )
    return figures
