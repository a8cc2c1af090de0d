"""Benchmarks of the new exercise kinds (issue #13).

``run()`` returns

- ``radio_clip_ms``: one radio clip made from an espeak-ng clip already in the cache (read, band-pass,
  noise, squelch, write and cache; a new seed each time, so nothing is read back), median of 10;
  goal ≤ 200 ms;
- ``compte_rendu_grade_ms``: one compte rendu of five sentences checked for its six elements (with typos),
  median of 200; goal ≤ 20 ms.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from audio.engines import EspeakEngine
from audio.radio import radio_clip
from audio.service import AudioService
from bench.common import ROOT, make_typo, median_ms
from exercises.compte_rendu import grade_report
from lessons.model import Exercise
from library.content import load_library

RADIO_MESSAGE = (
    "Tango Zéro ici Tango Deux. Camion en panne au carrefour Bravo. Deux blessés légers. "
    "Demande une dépanneuse. Parlez."
)
RADIO_CLIPS = 10
REPORTS = 200
REPORT = (
    "Lion 6 ici Lion 2. À 11 h 15, sur la route de Ngoubi, nous avons trouvé un objet suspect au bord de la "
    "route, puis nous avons été pris sous le feu depuis la lisière du bois. Nous avons riposté et bouclé la "
    "zone. Le caporal-chef Mendoza, blessé à la cuisse, a été évacué par hélicoptère à 12 h 05. L'objet "
    "suspect est toujours sur la route : je demande l'équipe NEDEX et des instructions. Parlez."
)


def _report_exercise() -> Exercise:
    for content_dir in (ROOT / "content", ROOT / "tests" / "fixtures" / "content" / "kinds"):
        manual = load_library(content_dir).manual
        found = [e for unit in manual.units for e in unit.exercises if e.kind == "report"]
        if found:
            return max(found, key=lambda exercise: sum(len(e.phrases) for e in exercise.elements))
    raise RuntimeError("no report exercise in the course or the fixtures")


def run() -> dict[str, float]:
    espeak = EspeakEngine()
    if not espeak.available():
        raise RuntimeError(f"espeak-ng not found at {espeak.binary} (apt install espeak-ng)")
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="parlez-bench-radio-") as folder:
        service = AudioService(Path(folder), [espeak])
        assert service.clip(RADIO_MESSAGE) is not None, "espeak-ng could not speak the message"
        seeds = iter(range(1, 1000))

        def one_clip() -> None:
            assert radio_clip(service, RADIO_MESSAGE, "high", seed=next(seeds)) is not None

        results["radio_clip_ms"] = round(median_ms(one_clip, RADIO_CLIPS), 2)

    exercise = _report_exercise()
    rng = random.Random(13)
    texts = []
    for _ in range(REPORTS):
        words = REPORT.split()
        for _ in range(4):  # a few slips of the fingers in every report
            index = rng.randrange(len(words))
            words[index] = make_typo(words[index], rng)
        texts.append(" ".join(words))
    samples = iter(texts)
    results["compte_rendu_grade_ms"] = round(
        median_ms(lambda: grade_report(exercise, next(samples)), REPORTS), 3
    )
    return results


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value} ms")
