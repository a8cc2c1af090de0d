"""Drill figures: the due-card query for a learner with 5,000 cards, and a drill page rerun."""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from bench.common import median_ms, page_rerun_ms
from progress.db import Database
from progress.migrate import upgrade_database
from progress.models import Card
from services import accounts, drills

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
CARDS = 5_000


def run() -> dict[str, float]:
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'drills.sqlite3'}"
        upgrade_database(url)
        db = Database(url)
        with db.transaction() as session:
            learner = accounts.sign_up(session, "drillbench", "Drill Bench", "bench password", NOW)
            session.execute(
                insert(Card),
                [
                    {
                        "user_id": learner.id,
                        "item_id": f"item-{i}",
                        "direction": ("fr>meaning", "meaning>fr")[i % 2],
                        "state": 2,
                        "stability": rng.uniform(1, 90),
                        "difficulty": rng.uniform(3, 8),
                        "due": NOW + timedelta(days=rng.uniform(-20, 60)),
                        "last_review": NOW - timedelta(days=3),
                        "reps": 3,
                        "lapses": 0,
                    }
                    for i in range(CARDS)
                ],
            )

        def due() -> None:
            with db.reading() as session:
                drills.due_cards(session, learner.id, NOW, limit=50)
                drills.due_count(session, learner.id, NOW)

        due()
        figures = {"due_cards_ms": median_ms(due, 50)}
        with db.transaction() as session:
            plan = [
                {"item_id": entry_id, "direction": "fr>meaning", "kind": "type_meaning", "seed": n}
                for n, entry_id in enumerate(("rank-le-caporal", "rank-le-sergent", "rank-l-adjudant"))
            ]
            drills.start_drill(session, learner.id, plan, {}, NOW)
        db.dispose()
        figures["drill_rerun_ms"] = page_rerun_ms(url, learner.id, "app_pages/drill.py")
    return figures
