"""Foundation figures: home page rerun, one password check, concurrent writes on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, select, text

from access.roles import Role
from bench.common import median_ms, page_rerun_ms
from progress.db import Database
from progress.migrate import upgrade_database
from progress.models import ActivityDay
from services import accounts, activity
from services.passwords import hash_password, verify_password

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
THREADS, ACTIONS_PER_THREAD = 50, 20
POSTGRES_URL = os.environ.get("PARLEZ_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _concurrent_writes(db: Database) -> tuple[int, float]:
    with db.transaction() as session:
        user = accounts.sign_up(session, f"bench{uuid.uuid4().hex[:8]}", "Bench", "bench password", NOW)
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def worker() -> None:
        barrier.wait()
        for _ in range(ACTIONS_PER_THREAD):
            start = time.perf_counter()
            try:
                with db.transaction() as session:
                    activity.record_action(session, user.id, NOW)
            except Exception:  # noqa: BLE001, S112 - a failed write counts as lost
                continue
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with db.reading() as session:
        counted = session.scalar(select(ActivityDay.actions).where(ActivityDay.user_id == user.id)) or 0
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else float("nan")
    return THREADS * ACTIONS_PER_THREAD - counted, p95


def _home_rerun_ms(url: str) -> float:
    db = Database(url)
    with db.transaction() as session:
        user = accounts.sign_up(session, "homebench", "Home Bench", "bench password", NOW, role=Role.ADMIN)
    db.dispose()
    return page_rerun_ms(url, user.id, repeat=30)


def run() -> dict[str, float]:
    figures: dict[str, float] = {}
    password_hash = hash_password("a long enough password")
    figures["login_verify_ms"] = median_ms(
        lambda: verify_password(password_hash, "a long enough password"), 20
    )

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        upgrade_database(url)
        figures["home_rerun_ms"] = _home_rerun_ms(url)
        db = Database(url)
        lost, p95 = _concurrent_writes(db)
        db.dispose()
        figures["concurrent_writes_lost"] = lost
        figures["concurrent_write_p95_ms"] = p95

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    try:
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:  # noqa: BLE001
        print(f"# PostgreSQL not reachable, no _pg figures: {error}")
        return figures
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    try:
        upgrade_database(url)
        db = Database(url)
        lost, p95 = _concurrent_writes(db)
        db.dispose()
        figures["concurrent_writes_lost_pg"] = lost
        figures["concurrent_write_p95_ms_pg"] = p95
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    return figures
