"""Roster matching with 5,000 experts (goal: expert_match_ms ≤ 100): the SQL filter on listing, vetting,
confirmation and the domain bit mask, then integer scoring of the candidates, ranking and names (SQLite,
and PostgreSQL when reachable). Also the managers' page rerun on that roster."""

from __future__ import annotations

import os
import random
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.common import median_ms, page_rerun_ms
from commands.seed_roster import seed_experts, seed_roster
from progress.db import Database
from progress.migrate import upgrade_database
from services import roster
from services.passwords import hash_password

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
EXPERTS = 5000
POSTGRES_URL = os.environ.get("PARLEZ_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# A broad request: three domains (about 40 % of the roster shares one), French C1 and English B2.
REQUEST = {
    "institution": "Bench", "contact": "Bench", "mandate": "Bench", "need": "Bench", "reason": "Bench",
    "domains": ["mediation", "elections", "rule_of_law"],
    "languages": [{"code": "fr", "level": "C1"}, {"code": "en", "level": "B2"}],
    "place": "Gao", "country": "ML", "start": (NOW + timedelta(days=30)).date(), "length_days": 90,
    "remote": True, "security": "moderate", "funding": "Bench",
}  # fmt: skip


def _fill(db: Database) -> tuple[int, int]:
    """5,000 experts and a request in search; returns (manager id, request id)."""
    seed_roster(db, experts=0, now=NOW, prefix="bench", requests=False)
    with db.transaction() as session:
        seed_experts(session, random.Random(5), EXPERTS, NOW, hash_password("bench password"), "bench")
    with db.reading() as session:
        from sqlalchemy import select

        from progress.models import User

        partner = session.scalar(select(User.id).where(User.username == "bench-partner"))
        manager = session.scalar(select(User.id).where(User.username == "bench-roster-manager"))
    with db.transaction() as session:
        request = roster.create_request(session, partner, REQUEST, NOW)
    for source, target, who in (("draft", "submitted", partner), ("submitted", "under_review", manager),
                                ("under_review", "search", manager)):  # fmt: skip
        with db.transaction() as session:
            roster.move_request(session, who, request.id, target, source, NOW)
    return manager, request.id


def _match_ms(db: Database, manager: int, request_id: int) -> tuple[float, int]:
    def match():
        with db.reading() as session:
            return roster.match_experts(session, manager, request_id, NOW)

    result = match()
    return median_ms(match, 15), result.listed


def run() -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'roster.sqlite3'}"
        upgrade_database(url)
        db = Database(url)
        manager, request_id = _fill(db)
        figures["expert_match_ms"], figures["expert_match_candidates"] = _match_ms(db, manager, request_id)
        db.dispose()
        figures["roster_manage_rerun_ms"] = page_rerun_ms(
            url, manager, "app_pages/roster_manage.py", repeat=10, query={"request": str(request_id)}
        )
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    try:
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:  # noqa: BLE001
        print(f"# PostgreSQL not reachable, no _pg figures: {error}")
        return figures
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
        upgrade_database(url)
        db = Database(url)
        manager, request_id = _fill(db)
        figures["expert_match_ms_pg"], _ = _match_ms(db, manager, request_id)
        db.dispose()
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    return figures
