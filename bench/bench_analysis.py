"""Benchmarks: full-text search over the whole strategic-analysis corpus, and saving a worksheet.

``run()`` returns ``analysis_search_p95_ms`` (95th percentile of one
:meth:`analysis.search.AnalysisSearchIndex.search` over 400 mixed queries; goal ≤ 20 ms),
``analysis_search_median_ms`` and ``analysis_index_build_ms`` (building the index once). The corpus is the
real one (``content/analysis``: every chapter, worked example and case, in the three languages). The
queries are drawn from it: single words as typed, without accents or with a typo, two- and three-word
phrases, the key terms, words of the English and Spanish versions, capitalised acronyms, prefixes as the
learner types, and words found nowhere.

``worksheet_save_ms`` (goal ≤ 30 ms on SQLite) is the median of one autosave through the service, in its own
transaction, on a migrated SQLite file: the PMESII × ASCOPE grid with every cell filled (about 300
characters each), one cell changed per save, 300 saves, so the history passes its bound and is pruned.
``worksheet_edit_ms`` is what one edit on the page costs (read the stored sheet, change a cell, save, in
one transaction); ``worksheet_same_save_ms`` an autosave of unchanged answers (nothing written).
"""

from __future__ import annotations

import copy
import random
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from analysis.loader import load_analysis
from analysis.search import AnalysisSearchIndex
from bench.common import make_typo
from text.normalise import fold_accents

SEED = 20_261_204
QUERIES = 400
CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
_WORD = re.compile(r"[^\W_]{3,}")
_NOWHERE = ["hélicoptère", "sous-marin", "Kinshasa", "blockchain", "xylophone", "quarantaine", "zzzz"]


def queries(corpus, count: int = QUERIES, seed: int = SEED) -> list[tuple[str, dict]]:
    """``count`` (query, keyword arguments) pairs in a realistic mix, drawn from ``corpus``."""
    rng = random.Random(seed)
    paragraphs = [p for doc in corpus.documents for p in doc.all_paragraphs]
    terms = list(corpus.key_terms) or ["l'effet majeur"]
    mix: list[tuple[str, dict]] = []
    for _ in range(count):
        paragraph = rng.choice(paragraphs)
        lang = rng.choice(("fr", "fr", "en", "es"))
        words = _WORD.findall(getattr(paragraph.text, lang)) or ["analyse"]
        kind = rng.random()
        options: dict = {}
        if kind < 0.20:
            query = rng.choice(words)
        elif kind < 0.32:
            query = fold_accents(rng.choice(words)).lower()
        elif kind < 0.47:
            query = make_typo(rng.choice(words), rng)
        elif kind < 0.62:
            start = rng.randrange(len(words))
            query = " ".join(words[start : start + rng.randint(2, 3)])
        elif kind < 0.77:
            query = rng.choice(terms)
        elif kind < 0.85:
            word = rng.choice(words)
            query = word[: rng.randint(3, len(word))]
        elif kind < 0.92:
            query = rng.choice(("PMESII", "ASCOPE", "FFOM", "DDR", "RSS", "BLUF", "MINUTAS", "FLN-T"))
        else:
            query = rng.choice(_NOWHERE)
        if rng.random() < 0.15:
            options["langs"] = (lang,)
        mix.append((query, options))
    return mix


SAVES = 300
SHEET = "w02-pmesii-ascope"
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def worksheet_figures() -> dict[str, float]:
    """Autosave timings on a fresh SQLite database (see the module docstring)."""
    from library.content import load_library
    from progress.db import Database
    from progress.migrate import upgrade_database
    from services import accounts, analysis

    content = load_library(CONTENT_DIR)
    defn = content.analysis.worksheet(SHEET)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'worksheets.sqlite3'}"
        upgrade_database(url)
        db = Database(url)
        try:
            with db.transaction() as session:
                user = accounts.sign_up(session, "bench", "Bench", "a long bench password", NOW)
            filler = "Route de Dassa, poste de douane, éleveurs sélé (patrouille, confiance moyenne). "
            answers = {cell: (filler * 4)[:300] for cell in defn.cells}
            cells = list(defn.cells)
            samples, same, edits = [], [], []
            for number in range(SAVES):
                answers = {**answers, cells[number % len(cells)]: f"{filler[:250]} — version {number}"}
                when = NOW + timedelta(seconds=number)

                def save(answers=answers, when=when) -> None:
                    with db.transaction() as session:
                        analysis.save_worksheet(session, user.id, content, SHEET, "tassandie", answers, when)

                samples.append(_timed(save))
                if number % 10 == 0:
                    same.append(_timed(save))
            with db.reading() as session:  # every save was stored, and the history pruned to its bound
                versions = analysis.worksheet_versions(session, user.id, content, SHEET, "tassandie")
            if versions[0].number != SAVES or len(versions) != min(SAVES, analysis.MAX_VERSIONS):
                raise RuntimeError(f"history: {len(versions)} versions, latest {versions[0].number}")
            for number in range(100):

                def edit(number=number) -> None:
                    with db.transaction() as session:
                        state = analysis.open_worksheet(session, user.id, content, SHEET, "tassandie")
                        changed = copy.deepcopy(state.answers)
                        changed[cells[number % len(cells)]] = f"édition {number}"
                        analysis.save_worksheet(session, user.id, content, SHEET, "tassandie", changed, NOW)

                edits.append(_timed(edit))
        finally:
            db.dispose()
    return {
        "worksheet_save_ms": statistics.median(samples[10:]),  # the first saves warm the caches up
        "worksheet_save_p95_ms": statistics.quantiles(samples[10:], n=20)[-1],
        "worksheet_same_save_ms": statistics.median(same),
        "worksheet_edit_ms": statistics.median(edits),
    }


def run() -> dict[str, float]:
    corpus = load_analysis(CONTENT_DIR)
    if not corpus.documents:
        raise RuntimeError(f"no analysis content under {CONTENT_DIR / 'analysis'}")
    start = time.perf_counter()
    index = AnalysisSearchIndex(corpus)
    build_ms = (time.perf_counter() - start) * 1000
    mix = queries(corpus)
    for query, options in mix[:20]:  # warm up
        index.search(query, **options)
    samples = []
    for query, options in mix:
        start = time.perf_counter()
        index.search(query, **options)
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "analysis_search_p95_ms": statistics.quantiles(samples, n=20)[-1],
        "analysis_search_median_ms": statistics.median(samples),
        "analysis_index_build_ms": build_ms,
        **worksheet_figures(),
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value:.2f}")
