"""Benchmark: grading answers against a 1,500-term glossary.

``run()`` returns ``grade_answer_ms`` (median time of one grading over a mix of 1,000 answers: exact,
accents left out, typos, another glossary term, wrong articles, sentences, blanks and a few hostile
strings), with ``grade_answer_p95_ms`` and ``term_index_build_ms`` beside it. Run it directly to print them.
"""

from __future__ import annotations

import random
import statistics
import time

from bench.common import make_typo
from exercises.grading import grade_answer
from exercises.terms import TermIndex
from text.normalise import fold_accents

SEED = 20_261_102
TERMS = 1_500
GRADINGS = 1_000

_BASE = [
    "le soldat", "le caporal", "le caporal-chef", "le sergent", "le sergent-chef", "l'adjudant",
    "l'adjudant-chef", "le major", "l'aspirant", "le sous-lieutenant", "le lieutenant", "le capitaine",
    "le commandant", "le lieutenant-colonel", "le colonel", "le général de brigade", "le général de division",
    "la section", "le groupe", "la compagnie", "le bataillon", "le régiment", "la brigade", "l'état-major",
    "le char", "le chat", "la patrouille", "le convoi", "le poste de commandement", "le point de contrôle",
    "la relève", "le blessé", "l'évacuation sanitaire", "la mine", "l'engin explosif improvisé", "la carte",
    "la boussole", "le fusil", "la munition", "le gilet pare-balles", "le casque", "la radio", "le véhicule",
    "le camion", "la jeep", "l'hélicoptère", "la piste", "le pont", "la route", "le village", "la frontière",
    "le camp", "la tente", "la cantine", "le dortoir", "l'infirmerie", "le médecin", "l'infirmier",
    "le mandat", "la légitime défense", "les règles d'engagement", "les Casques bleus", "le civil",
    "le réfugié", "le déplacé", "le journaliste", "le maire", "le préfet", "la gendarmerie", "la police",
    "Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliett", "Kilo",
    "Lima", "Mike", "November", "Oscar", "Papa", "Québec", "Roméo", "Sierra", "Tango", "Uniform", "Victor",
    "Whiskey", "X-ray", "Yankee", "Zoulou", "Parlez", "Terminé", "Reçu", "Comment me recevez-vous ?",
    "Je vous reçois cinq sur cinq.", "quatre-vingts", "quatre-vingt-dix", "soixante-dix",
    "quatorze heures trente", "ONU", "MINUSMA", "MONUSCO", "MINUSCA", "FINUL", "Union africaine", "CEDEAO",
    "le Conseil de sécurité",
]  # fmt: skip
_NOUNS = [
    "poste", "zone", "secteur", "point", "équipe", "unité", "ordre", "compte rendu", "message", "fréquence",
    "position", "itinéraire", "objectif", "observatoire", "dépôt", "réserve", "escorte", "barrage", "abri",
    "stock", "ravitaillement", "carburant", "matériel", "transport", "liaison", "rapport", "contrôle",
]  # fmt: skip
_COMPLEMENTS = [
    "de contrôle", "de commandement", "de ravitaillement", "d'observation", "de secours", "de soutien",
    "de transmission", "de munitions", "avancé", "principal", "sanitaire", "logistique", "de nuit", "de jour",
    "de relève", "d'urgence", "mobile", "fixe", "de sécurité", "de regroupement", "blindé",
    "de reconnaissance", "de déminage", "d'appui", "de liaison", "de la force", "de l'ONU", "de la mission",
    "du bataillon", "de la compagnie", "de la section", "du secteur", "de la zone", "du camp", "humanitaire",
    "provisoire", "de transit", "d'accueil", "de garde", "de protection", "médical", "radio",
    "principal nord", "principal sud", "est", "ouest", "central", "secondaire", "arrière", "de repli",
    "d'évacuation", "de tir", "de surveillance", "technique", "opérationnel", "tactique",
]  # fmt: skip


def glossary(size: int = TERMS, seed: int = SEED) -> list[str]:
    """``size`` distinct French terms: the real core of the course, then plausible compounds."""
    rng = random.Random(seed)
    terms = dict.fromkeys(_BASE)
    while len(terms) < size:
        terms[f"{rng.choice(_NOUNS)} {rng.choice(_COMPLEMENTS)}"] = None
    return list(terms)[:size]


def _article_swap(text: str) -> str:
    for article, other in (("la ", "le "), ("le ", "la "), ("l'", "le "), ("les ", "la ")):
        if text.startswith(article):
            return other + text[len(article) :]
    return "la " + text


def answers(terms: list[str], count: int = GRADINGS, seed: int = SEED) -> list[tuple[str, list[str]]]:
    """A realistic mix of (answer, accepted forms) pairs drawn from ``terms``."""
    rng = random.Random(seed + 1)
    mix: list[tuple[str, list[str]]] = []
    for _ in range(count):
        expected = rng.choice(terms)
        accepted = [expected]
        roll = rng.random()
        if roll < 0.30:
            given = expected.upper() if rng.random() < 0.2 else expected
        elif roll < 0.45:
            given = fold_accents(expected)
        elif roll < 0.65:
            given = make_typo(expected, rng)
        elif roll < 0.80:
            given = rng.choice(terms)
        elif roll < 0.88:
            given = _article_swap(expected)
        elif roll < 0.93:
            given = expected.split(" ", 1)[-1]
        elif roll < 0.97:
            given = rng.choice(["", "  ", "?", "je ne sais pas", "Reçu, terminé."])
        else:
            given = rng.choice(["x" * 10_000, "🙂" * 500, "\x00<script>" * 300, " " * 5_000 + expected])
        mix.append((given, accepted))
    return mix


def run() -> dict[str, float]:
    terms = glossary()
    start = time.perf_counter()
    index = TermIndex(terms)
    build_ms = (time.perf_counter() - start) * 1000
    timings: list[float] = []
    for given, accepted in answers(terms):
        start = time.perf_counter()
        grade_answer(given, accepted, index)
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "grade_answer_ms": statistics.median(timings),
        "grade_answer_p95_ms": statistics.quantiles(timings, n=20)[-1],
        "grade_answer_max_ms": max(timings),
        "term_index_build_ms": build_ms,
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name} {value:.3f}")
