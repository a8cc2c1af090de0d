"""Audio benchmarks: cached lookups, fresh espeak-ng syntheses, an offline prebuild of the course.

``run()`` returns ``{"audio_cached_clip_ms": …, "audio_espeak_clip_ms": …, "audio_prebuild_s": …}``;
everything happens in temporary folders, offline, with espeak-ng only.
"""

from __future__ import annotations

import io
import itertools
import os
import statistics
import tempfile
import time
from pathlib import Path

from audio.engines import EspeakEngine
from audio.prebuild import prebuild
from audio.service import AudioService, build_service

CACHED_LOOKUPS = 200
FRESH_SYNTHESES = 20


def generated_sentences(count: int = 500) -> list[str]:
    """Distinct French sentences in the course's register (used when the course cannot be loaded)."""
    subjects = [
        "Le caporal",
        "La sentinelle",
        "Le sergent",
        "La patrouille",
        "Le lieutenant",
        "Le convoi",
        "L'adjudant",
        "La section",
        "Le médecin",
        "Le chef de poste",
    ]
    verbs = [
        "arrive au",
        "quitte le",
        "contrôle le",
        "signale le",
        "protège le",
        "rejoint le",
        "surveille le",
        "inspecte le",
        "dépasse le",
        "évacue le",
    ]
    places = ["camp", "poste de contrôle", "village", "pont", "carrefour"]
    times = [
        "à six heures",
        "à midi",
        "ce soir",
        "demain matin",
        "dans dix minutes",
        "avant la nuit",
        "après le briefing",
        "sans délai",
        "à l'aube",
        "vers quinze heures",
    ]
    combos = itertools.product(subjects, verbs, places, times)
    return [f"{s} {v} {p} {t}." for s, v, p, t in itertools.islice(combos, count)]


def prebuild_texts() -> list[str]:
    """The course's texts when the loaders and content are there, else 500 generated sentences."""
    try:
        from audio.texts import course_texts
        from config import settings
        from library.content import load_library

        content = load_library(settings().content_dir)
        texts = course_texts(content.manual, content.glossary)
    except Exception:
        texts = []
    return texts or generated_sentences(500)


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


def run() -> dict[str, float]:
    espeak = EspeakEngine()
    if not espeak.available():
        raise RuntimeError(f"espeak-ng not found at {espeak.binary} (apt install espeak-ng)")
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="parlez-bench-audio-") as folder:
        root = Path(folder)

        # Fresh syntheses: distinct texts, cache included (temporary file, checks, os.replace, sidecar).
        maker = AudioService(root / "cache", [EspeakEngine()])
        sentences = generated_sentences(FRESH_SYNTHESES)
        samples = []
        for text in sentences:
            started = time.perf_counter()
            clip = maker.clip(text)
            samples.append(time.perf_counter() - started)
            assert clip is not None, f"espeak-ng failed on {text!r}"
        results["audio_espeak_clip_ms"] = _median_ms(samples)

        # Cached lookups through the app's usual chain (gTTS first: its miss is part of the cost).
        reader = build_service(root / "cache", ["gtts", "espeak"])
        samples = []
        for text in itertools.islice(itertools.cycle(sentences), CACHED_LOOKUPS):
            started = time.perf_counter()
            clip = reader.cached_clip(text)
            data = clip.read_bytes() if clip is not None else b""
            samples.append(time.perf_counter() - started)
            assert data, f"no cached clip for {text!r}"
        results["audio_cached_clip_ms"] = _median_ms(samples)

        # Offline prebuild of every text at both speeds into an empty cache.
        texts = prebuild_texts()
        builder = AudioService(root / "prebuild", [EspeakEngine()])
        started = time.perf_counter()
        summary = prebuild(builder, texts, workers=min(8, os.cpu_count() or 4), progress=io.StringIO())
        results["audio_prebuild_s"] = round(time.perf_counter() - started, 2)
        if summary.failed:
            raise RuntimeError(f"prebuild failed for {summary.failed} clips: {summary.failures[:3]}")
    return {
        name: results[name] for name in ("audio_cached_clip_ms", "audio_espeak_clip_ms", "audio_prebuild_s")
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value} {'s' if name.endswith('_s') else 'ms'}")
