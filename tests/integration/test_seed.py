"""The demo seeding command fills a database that every dashboard and page can read."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from access.roles import Role
from commands.seed import DEMO_PASSWORD, seed
from progress.models import QuizAttempt, ReviewLog, User
from services import accounts, dashboards, groups


def test_seed_makes_consistent_history(db, now):
    report = seed(
        db, Path("content"), learners=6, groups=2, reviews_per_learner=40, attempts_per_learner=3, now=now
    )
    assert (report.learners, report.instructors, report.groups) == (6, 2, 2)
    assert report.reviews == 240 and report.attempts == 18
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ReviewLog)) == 240
        assert (
            session.scalar(
                select(func.count()).select_from(QuizAttempt).where(QuizAttempt.score.is_not(None))
            )
            == 18
        )
        instructor = session.scalar(select(User).where(User.username == "demo-instructor-1"))
        found = groups.list_groups(session, instructor.id)
        assert len(found) == 1 and found[0].members == 3
        board = dashboards.group_dashboard(session, instructor.id, found[0].id, now)
    assert len(board.learners) == 3 and len(board.assignments) == 13
    assert board.most_missed and all(item.misses > 0 for item in board.most_missed)
    assert accounts.log_in(db, "demo-learner-1", DEMO_PASSWORD, now).role is Role.LEARNER


def test_seed_fills_the_directory_with_marked_demo_sessions(db, now):
    from directory.loader import load_directory
    from services import directory as directory_service

    report = seed(
        db, Path("content"), learners=2, groups=1, reviews_per_learner=5, attempts_per_learner=1, now=now,
        directory_sessions=40,
    )  # fmt: skip
    assert report.sessions == 40
    found = load_directory(Path("content"))
    with db.reading() as session:
        sessions = directory_service.list_sessions(session)
        manager = session.scalar(select(User).where(User.username == "demo-centre-manager"))
        managed = directory_service.managed_centres(session, manager.id, found)
    assert len(sessions) == 40 and all(s.demo and s.source.startswith("Demo data") for s in sessions)
    today = now.date()
    assert any(s.upcoming(today) for s in sessions) and any(not s.upcoming(today) for s in sessions)
    assert all(found.centre(s.centre_id).status.value == "active" for s in sessions)
    assert managed == ("empabb", "eiforces")
    assert accounts.log_in(db, "demo-centre-manager", DEMO_PASSWORD, now).role is Role.LEARNER
