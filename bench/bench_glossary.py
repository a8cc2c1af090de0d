"""Benchmark: glossary search as the learner types, over a 10,000-entry glossary.

``run()`` returns ``glossary_search_p95_ms`` (95th percentile of the time of one
:meth:`glossary.search.SearchIndex.search` over 500 mixed queries: French prefixes as typed, French terms
with a typo, English and Spanish translations, abbreviations and their expansions, empty queries with a
theme filter; goal ≤ 10 ms), ``glossary_search_median_ms`` and ``glossary_index_build_ms`` (building the
index once). The glossary is the real one (``content/``) grown to 10,000 entries with variations of its
terms ("le poste" → "le poste de nuit", "post" → "night post"…); when the content cannot be loaded, a
small built-in list of terms is grown instead.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import replace
from pathlib import Path

from bench.common import make_typo
from glossary.model import GlossaryEntry
from glossary.search import SearchIndex

SEED = 20_261_127
ENTRIES = 10_000
QUERIES = 500
CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

# (French, English, Spanish) complements that make a plausible new term of an existing one.
_VARIATIONS = [
    ("de nuit", "night", "nocturno"),
    ("avancé", "forward", "avanzado"),
    ("principal", "main", "principal"),
    ("de secours", "emergency", "de emergencia"),
    ("mobile", "mobile", "móvil"),
    ("de la force", "of the force", "de la fuerza"),
    ("du bataillon", "battalion", "del batallón"),
    ("de réserve", "reserve", "de reserva"),
    ("provisoire", "temporary", "provisional"),
    ("de relève", "relief", "de relevo"),
    ("sanitaire", "medical", "sanitario"),
    ("logistique", "logistics", "logístico"),
    ("de l'ONU", "UN", "de la ONU"),
    ("tactique", "tactical", "táctico"),
    ("de surveillance", "surveillance", "de vigilancia"),
    ("blindé", "armoured", "blindado"),
    ("d'urgence", "urgent", "de urgencia"),
    ("du secteur", "sector", "del sector"),
    ("de transit", "transit", "de tránsito"),
    ("opérationnel", "operational", "operativo"),
]
_FALLBACK = [
    ("le caporal", "corporal", "cabo", "ranks", ""),
    ("le caporal-chef", "senior corporal", "cabo primero", "ranks", ""),
    ("le sergent", "sergeant", "sargento", "ranks", ""),
    ("l'élève", "student", "alumno", "general", ""),
    ("le poste de commandement", "command post", "puesto de mando", "organisation", ""),
    ("le PC", "CP", "PC", "organisation", "poste de commandement"),
    ("l'ONU", "UN", "ONU", "un", "Organisation des Nations Unies"),
    ("la patrouille", "patrol", "patrulla", "patrol", ""),
    ("le convoi", "convoy", "convoy", "vehicles", ""),
    ("l'évacuation sanitaire", "medical evacuation", "evacuación sanitaria", "medical", ""),
]


def real_entries(content_dir: Path = CONTENT_DIR) -> list[GlossaryEntry]:
    """The course's glossary, or a few built-in entries when the content cannot be loaded."""
    try:
        from library.content import load_course_and_glossary

        entries = list(load_course_and_glossary(content_dir)[1].entries)
    except Exception:  # noqa: BLE001 - the benchmark still runs without the content
        entries = []
    if entries:
        return entries
    return [
        GlossaryEntry(
            id=f"bench-{number}",
            french=french,
            pos="m",
            english=(english,),
            spanish=(spanish,),
            theme=theme,
            level="A1",
            expansion=expansion,
        )
        for number, (french, english, spanish, theme, expansion) in enumerate(_FALLBACK)
    ]


def synthetic_glossary(size: int = ENTRIES, seed: int = SEED) -> list[GlossaryEntry]:
    """``size`` entries: the real ones, then variations of them with distinct ids and terms."""
    rng = random.Random(seed)
    base = real_entries()
    entries = list(base[:size])
    seen = {entry.french for entry in entries}
    attempt = 0
    while len(entries) < size:
        attempt += 1
        entry = rng.choice(base)
        french, english, spanish = rng.choice(_VARIATIONS)
        if rng.random() < 0.3:
            french2, english2, spanish2 = rng.choice(_VARIATIONS)
            french, english, spanish = f"{french} {french2}", f"{english2} {english}", f"{spanish} {spanish2}"
        term = f"{entry.french} {french}"
        if term in seen and attempt < size * 20:
            continue
        seen.add(term)
        entries.append(
            replace(
                entry,
                id=f"{entry.id}--{len(entries)}",
                french=term,
                english=tuple(f"{english} {sense}" for sense in entry.english),
                spanish=tuple(f"{sense} {spanish}" for sense in entry.spanish),
                expansion=f"{entry.expansion} {french}" if entry.expansion else "",
                alternatives=(),
                related=(),
            )
        )
    return entries


def _bare(french: str) -> str:
    for article in ("le ", "la ", "les ", "l'"):
        if french.startswith(article):
            return french[len(article) :]
    return french


def queries(entries: list[GlossaryEntry], count: int = QUERIES, seed: int = SEED) -> list[tuple[str, dict]]:
    """``count`` (query, keyword arguments) pairs in a realistic mix."""
    rng = random.Random(seed + 1)
    abbreviations = [entry for entry in entries if entry.expansion] or entries
    themes = sorted({entry.theme for entry in entries})
    mix: list[tuple[str, dict]] = []
    for _ in range(count):
        entry = rng.choice(entries)
        kind = rng.random()
        options: dict = {"lang": rng.choice(("en", "fr", "es"))}
        if kind < 0.30:  # a French term as typed, one to all of its letters
            term = _bare(entry.french)
            query = term[: rng.randint(1, len(term))]
        elif kind < 0.50:
            query = make_typo(_bare(entry.french), rng)
        elif kind < 0.65:
            sense = rng.choice(entry.english)
            query = sense[: rng.randint(min(3, len(sense)), len(sense))]
        elif kind < 0.80:
            sense = rng.choice(entry.spanish)
            query = sense[: rng.randint(min(3, len(sense)), len(sense))]
        elif kind < 0.92:
            abbreviation = rng.choice(abbreviations)
            query = rng.choice((_bare(abbreviation.french), abbreviation.expansion or abbreviation.french))
        else:
            query = ""
            options["themes"] = (rng.choice(themes),)
        if rng.random() < 0.1:
            options["themes"] = (entry.theme,)
        mix.append((query, options))
    return mix


def run() -> dict[str, float]:
    entries = synthetic_glossary()
    start = time.perf_counter()
    index = SearchIndex(entries)
    build_ms = (time.perf_counter() - start) * 1000
    mix = queries(entries)
    for query, options in mix[:20]:  # warm up
        index.search(query, **options)
    samples = []
    for query, options in mix:
        start = time.perf_counter()
        index.search(query, **options)
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "glossary_search_p95_ms": statistics.quantiles(samples, n=20)[-1],
        "glossary_search_median_ms": statistics.median(samples),
        "glossary_index_build_ms": build_ms,
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value:.2f}")
