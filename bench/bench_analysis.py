"""Benchmark: full-text search over the whole strategic-analysis corpus.

``run()`` returns ``analysis_search_p95_ms`` (95th percentile of one
:meth:`analysis.search.AnalysisSearchIndex.search` over 400 mixed queries; goal ≤ 20 ms),
``analysis_search_median_ms`` and ``analysis_index_build_ms`` (building the index once). The corpus is the
real one (``content/analysis``: every chapter, worked example and case, in the three languages). The
queries are drawn from it: single words as typed, without accents or with a typo, two- and three-word
phrases, the key terms, words of the English and Spanish versions, capitalised acronyms, prefixes as the
learner types, and words found nowhere.
"""

from __future__ import annotations

import random
import re
import statistics
import time
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
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value:.2f}")
