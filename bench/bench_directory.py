"""Benchmark: the training directory with 10,000 sessions over the real centres.

``run()`` returns ``directory_filter_ms`` (median time of one :meth:`directory.facets.SessionIndex.filter`
with its facet counts over 300 mixed filters — a query with or without a typo, one to three facets, past
or upcoming, a date window; goal ≤ 50 ms), ``directory_filter_p95_ms``, ``directory_index_build_ms``
(building the index once, which a page does only when the sessions change) and
``directory_page_rerun_ms`` (median AppTest rerun of the directory page filtered by country and language,
SQLite with the 10,000 sessions stored; goal ≤ 150 ms).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from access.roles import Role
from bench.common import make_typo, median_ms, page_rerun_ms
from commands.seed import COURSES
from directory.facets import Filter, SessionIndex
from directory.loader import load_directory
from directory.model import (
    Audience,
    CentreStatus,
    CourseLevel,
    Delivery,
    Phase,
    SessionStatus,
    TrainingSession,
    When,
)
from progress.db import Database
from progress.migrate import upgrade_database
from progress.models import TrainingSessionRow
from services import accounts
from text.content import Text3

SEED = 20_261_204
SESSIONS = 10_000
FILTERS = 300
ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 12, 4)


def synthetic_sessions(count: int = SESSIONS, seed: int = SEED) -> list[TrainingSession]:
    rng = random.Random(seed)
    centres = [c for c in load_directory(ROOT / "content").centres if c.status is CentreStatus.ACTIVE]
    sessions = []
    for number in range(1, count + 1):
        title, code, audiences, level, phase, themes, _ = COURSES[number % len(COURSES)]
        centre = rng.choice(centres)
        start = TODAY + timedelta(days=rng.randint(-700, 700))
        end = start + timedelta(days=rng.choice((4, 9, 11, 25, 60)))
        status = SessionStatus.COMPLETED if end < TODAY else rng.choice(list(SessionStatus))
        sessions.append(
            TrainingSession(
                id=number,
                centre_id=centre.id,
                title=Text3(title[1], title[0], title[2]),
                code=f"{code} {start.year}-{number}",
                start=start,
                end=end,
                delivery=rng.choice(list(Delivery)),
                place="",
                languages=tuple(rng.sample(centre.languages, 1)),
                cefr_level=rng.choice(("", "A2", "B1", "B2")),
                audiences=tuple(Audience(a) for a in audiences),
                rank_band="",
                level=CourseLevel(level),
                phase=Phase(phase),
                themes=tuple(themes.split(";")),
                prerequisites="",
                admission=None,
                deadline=None,
                capacity=30,
                women_target=None,
                un_recognised_until=start + timedelta(days=900) if rng.random() < 0.2 else None,
                funder="OIF",
                status=status,
                contact="",
                link="",
                source="bench",
                updated=TODAY,
            )  # fmt: skip
        )
    return sessions


def _filters(index: SessionIndex, rng: random.Random) -> list[Filter]:
    sessions = index.sessions
    words = [s.title.fr.split()[-1] for s in sessions[:200]] + ["maintien", "police", "Bamako", "Sénégal"]
    countries = sorted({c for s in sessions[:500] for c in (s.centre_id,)})
    found = []
    for number in range(FILTERS):
        query = rng.choice(words)
        if number % 3 == 0:
            query = make_typo(query, rng)
        elif number % 3 == 1:
            query = ""
        found.append(
            Filter(
                query=query,
                countries=frozenset(rng.sample(["ML", "SN", "CM", "BJ", "CA", "FR"], rng.randint(0, 2))),
                languages=frozenset(rng.sample(["fr", "en"], rng.randint(0, 1))),
                audiences=frozenset(rng.sample([a.value for a in Audience], rng.randint(0, 1))),
                levels=frozenset(rng.sample([v.value for v in CourseLevel], rng.randint(0, 1))),
                un_recognised=number % 7 == 0,
                when=rng.choice((When.UPCOMING, When.UPCOMING, When.PAST, When.ALL)),
                date_from=TODAY if number % 5 == 0 else None,
                date_to=TODAY + timedelta(days=180) if number % 5 == 0 else None,
            )
        )
    del countries
    return found


def _store(url: str, sessions: list[TrainingSession]) -> None:
    db = Database(url)
    moment = datetime(2026, 12, 4, tzinfo=UTC)
    rows = [
        {
            "centre_id": s.centre_id,
            "code": s.code,
            "title_fr": s.title.fr,
            "title_en": s.title.en,
            "title_es": s.title.es,
            "start_date": s.start,
            "end_date": s.end,
            "delivery": s.delivery.value,
            "place": "",
            "languages": list(s.languages),
            "cefr_level": s.cefr_level,
            "audiences": [a.value for a in s.audiences],
            "rank_band": "",
            "level": s.level.value,
            "phase": s.phase.value,
            "themes": list(s.themes),
            "prerequisites": "",
            "admission": "",
            "capacity": 30,
            "un_recognised_until": s.un_recognised_until,
            "funder": "OIF",
            "status": s.status.value,
            "contact": "",
            "link": "",
            "source": "bench",
            "demo": True,
            "version": 1,
            "created_at": moment,
            "updated_at": moment,
        }  # fmt: skip
        for s in sessions
    ]
    with db.transaction() as session:
        session.execute(insert(TrainingSessionRow), rows)
    db.dispose()


def run() -> dict[str, float]:
    figures: dict[str, float] = {}
    sessions = synthetic_sessions()
    found = load_directory(ROOT / "content")
    started = time.perf_counter()
    index = SessionIndex(sessions, found)
    figures["directory_index_build_ms"] = (time.perf_counter() - started) * 1000
    filters = _filters(index, random.Random(SEED))
    samples = []
    for flt in filters:
        start = time.perf_counter()
        index.filter(flt, TODAY)
        samples.append((time.perf_counter() - start) * 1000)
    figures["directory_filter_ms"] = statistics.median(samples)
    figures["directory_filter_p95_ms"] = statistics.quantiles(samples, n=20)[18]
    figures["directory_filter_default_ms"] = median_ms(lambda: index.filter(Filter(), TODAY), 20)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'directory.sqlite3'}"
        upgrade_database(url)
        _store(url, sessions)
        db = Database(url)
        with db.transaction() as session:
            visitor = accounts.sign_up(
                session, "bench-visitor", "Visitor", "bench passphrase", datetime.now(UTC), role=Role.LEARNER
            )
        db.dispose()
        figures["directory_page_rerun_ms"] = page_rerun_ms(
            url,
            visitor.id,
            "app_pages/directory.py",
            repeat=15,
            query={"country": ["ML", "SN"], "language": "fr"},
        )
    return figures
