"""The course's house rules that a machine can check (``content/README.md``, section «House rules»).

Each rule is a pure function over plain values — a French text, its English or Spanish gloss, the file and
line they come from — and returns the :class:`~text.content.ContentError` s it finds:

- :func:`translated_call_signs`: a call sign of the French line (« Aigle 6 », « Tango Deux ») rendered
  « Eagle 6 », « Águila 6 », « Tango Two »… in the gloss;
- :func:`nbc_in_french`: « NBC » where French writes « NRBC »;
- :func:`forbidden_radio_forms`: the « [caller] à [addressee] » call (« Aigle 4 à Aigle 6 », « PC à
  Patrouille, parlez »);
- :func:`unaccented_capitals`: « Etat », « Ecole », « A vos ordres »… for « État », « École », « À vos
  ordres » (a word list: acronyms such as ECOWAS and the letter « A » are left alone);
- :func:`spelled_two_ways`: a unit's vocabulary term spelled differently from the same glossary term
  (same letters once accents and case are set aside).

:func:`check_content` applies them all to a loaded manual and glossary; ``python -m library.check`` prints
its errors with the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lessons.model import Manual, Unit
from text.content import ContentError
from text.normalise import fold_accents

__all__ = [
    "CALL_SIGN_TRANSLATIONS",
    "UNACCENTED_CAPITALS",
    "FrenchText",
    "check_content",
    "forbidden_radio_forms",
    "glossary_texts",
    "nbc_in_french",
    "spelled_two_ways",
    "translated_call_signs",
    "unaccented_capitals",
    "unit_texts",
]

# The call-sign words of the course and the translations a gloss must not use.
CALL_SIGN_TRANSLATIONS: dict[str, tuple[str, ...]] = {
    "Aigle": ("Eagle", "Águila", "Aguila"),
    "Faucon": ("Falcon", "Hawk", "Halcón", "Halcon"),
    "Lion": ("León", "Leon"),
    "Bison": ("Bisonte", "Buffalo", "Búfalo"),
    "Panthère": ("Panther", "Pantera"),
    "Cobra": (),
    "Vautour": ("Vulture", "Buitre"),
    "Condor": (),
    "Poste": ("Post", "Puesto"),
    "Tango": (),
    "Alfa": (),
    "Bravo": (),
    "Charlie": (),
    "Delta": (),
    "Echo": (),
    "Sierra": (),
}
# Numbers that follow a call-sign word: French ones belong in the call sign, the others betray a translation.
_FRENCH_NUMBERS = "Zéro|Un|Une|Deux|Trois|Quatre|Cinq|Six|Sept|Huit|Neuf|Dix"
# French number word of a call sign → its English and Spanish translations, which a gloss must not use.
_FOREIGN_NUMBERS: dict[str, frozenset[str]] = {
    french.casefold(): frozenset(others.split())
    for french, others in (
        ("Zéro", "zero cero"),
        ("Un", "one uno"),
        ("Une", "one una"),
        ("Deux", "two dos"),
        ("Trois", "three tres"),
        ("Quatre", "four cuatro"),
        ("Cinq", "five cinco"),
        ("Six", "six seis"),
        ("Sept", "seven siete"),
        ("Huit", "eight ocho"),
        ("Neuf", "nine nueve"),
        ("Dix", "ten diez"),
    )
}
_CALL_WORDS = "|".join(sorted(CALL_SIGN_TRANSLATIONS, key=len, reverse=True))
_CALL_SIGN = rf"(?:{_CALL_WORDS})\s+(?:\d+|{_FRENCH_NUMBERS})"
_CALL_SIGN_IN_FRENCH = re.compile(rf"\b({_CALL_WORDS})\s+(\d+|{_FRENCH_NUMBERS})\b")
_CALLER_TO_ADDRESSEE = re.compile(rf"\b({_CALL_SIGN})\s+à\s+({_CALL_SIGN})\b")
# « PC à Patrouille, parlez » at the start of a sentence: two capitalised names joined by « à ».
_NAME = r"[A-ZÀ-Ý][\w'-]*(?:\s+(?:\d+|[A-ZÀ-Ý][\w'-]*))?"
_X_TO_Y_OVER = re.compile(rf"(?:^|(?<=[.!?»:]\s))({_NAME})\s+à\s+({_NAME})\s*,\s*parlez\b", re.IGNORECASE)
_NBC = re.compile(r"(?<![\w-])NBC(?![\w-])")

# Capitalised French words written without the accent French requires (checked word by word).
UNACCENTED_CAPITALS: dict[str, str] = {
    word.replace("É", "E").replace("Ê", "E").replace("Ç", "C").replace("Î", "I"): word
    for word in (
        "État États État-major États-majors États-Unis Étatique École Écoles Équipe Équipes Équipement "
        "Équipements Église Églises Égypte Égyptien Égyptienne Éthiopie Évacuation Évacuez Évacuer Écoutez "
        "Écoute Éteignez Épelez Écrivez Écrire Êtes Être Était Étaient Évitez Éviter Élection Élections "
        "Élève Élèves Élément Éléments Énergie Épaule Été Étape Étapes Étranger Étrangers Éclaireur "
        "Échelon Écart Événement Événements Élevé Également Évidemment Éloignez-vous Éloignez Ça Île Îles"
    ).split()
}
_CAPITALISED_WORD = re.compile(r"(?<![\w'-])([A-Z][a-zà-öø-ÿ]*(?:-[A-Za-zà-öø-ÿ]+)*)")
# « A » as a preposition at the start of a phrase; « A » alone (a letter, a precedence) is left alone.
_A_PREPOSITION = re.compile(
    r"(?<![\w'-])A\s+(vos|votre|terre|droite|gauche|bientôt|demain|tout|toi|vous|nous|moi|plus|partir|"
    r"pied|côté|l'|la|quelle|quel|partir|cause|propos|midi|minuit|genoux|couvert|l'abri)(?![\w-])"
)


@dataclass(frozen=True, slots=True)
class FrenchText:
    """A French text of the content, where it was written, and its glosses when it has any."""

    path: str
    line: int
    fr: str
    en: str = ""
    es: str = ""


# -- the rules -------------------------------------------------------------------------------------------
def translated_call_signs(french: str, gloss: str, lang: str, path: str, line: int) -> list[ContentError]:
    """The call signs of ``french`` that ``gloss`` (in ``lang``, ``en`` or ``es``) translates."""
    errors: list[ContentError] = []
    seen: set[str] = set()
    for match in _CALL_SIGN_IN_FRENCH.finditer(french):
        word = match.group(1)
        call_sign = f"{word} {match.group(2)}"
        if call_sign in seen:
            continue
        seen.add(call_sign)
        translations = CALL_SIGN_TRANSLATIONS[word]
        foreign = _FOREIGN_NUMBERS.get(match.group(2).casefold(), frozenset())
        numbers = "|".join(re.escape(number) for number in (match.group(2), *sorted(foreign)))
        found = ""
        if translations:
            names = "|".join(map(re.escape, translations))
            hit = re.search(rf"\b(?:{names})\s+(?:{numbers})\b", gloss, re.IGNORECASE)
            if hit:
                found = hit.group(0)
        if not found and foreign:
            for number in re.finditer(rf"\b{re.escape(word)}\s+([A-Za-z]+)\b", gloss):
                if number.group(1).casefold() in foreign:
                    found = number.group(0)
                    break
        if found:
            errors.append(
                ContentError(
                    path,
                    line,
                    f"call sign « {call_sign} » translated as « {found} » in the {lang} gloss: "
                    "call signs stay as said in French",
                )
            )
    return errors


def nbc_in_french(text: str, path: str, line: int) -> list[ContentError]:
    """« NBC » in French text: the French abbreviation is « NRBC »."""
    if _NBC.search(text):
        return [
            ContentError(
                path,
                line,
                "« NBC » in French: write « NRBC » (nucléaire, radiologique, biologique et chimique)",
            )
        ]
    return []


def forbidden_radio_forms(text: str, path: str, line: int) -> list[ContentError]:
    """A call in the « [caller] à [addressee] » form; the station called comes first (« Y ici X »)."""
    errors = []
    for pattern in (_CALLER_TO_ADDRESSEE, _X_TO_Y_OVER):
        for match in pattern.finditer(text):
            caller, addressee = match.group(1), match.group(2)
            right = f"« {addressee} ici {caller} »"
            if caller[0] not in "AEIOUYÀÂÉÈÊÎÔÛaeiouy":
                right += f" or « {addressee} de {caller} »"
            errors.append(
                ContentError(
                    path, line, f"radio call « {match.group(0)} »: the station called comes first, {right}"
                )
            )
    return errors


def unaccented_capitals(text: str, path: str, line: int) -> list[ContentError]:
    """Capitalised words without their accent: « Etat » for « État », « A vos ordres » for « À vos »."""
    errors = []
    for match in _CAPITALISED_WORD.finditer(text):
        word = match.group(1)
        right = UNACCENTED_CAPITALS.get(word)
        if right:
            errors.append(ContentError(path, line, f"« {word} » needs its accent: « {right} »"))
    for match in _A_PREPOSITION.finditer(text):
        errors.append(
            ContentError(path, line, f"« {match.group(0)} » needs its accent: « À {match.group(1)} »")
        )
    return errors


def _spelling_key(term: str) -> str:
    return " ".join(fold_accents(term.replace("’", "'")).casefold().split())


def _exact_key(term: str) -> str:
    return " ".join(term.replace("’", "'").casefold().split())


def spelled_two_ways(
    unit_terms: Iterable[tuple[str, int, str]], glossary_terms: Iterable[tuple[str, int, Sequence[str]]]
) -> list[ContentError]:
    """Unit vocabulary terms ``(path, line, french)`` spelled differently from a glossary term
    ``(path, line, (french, *alternatives))`` that has the same letters once accents and case are folded.

    A unit spelling that the glossary also knows (as a term or an alternative) is fine: « la cote » and
    « la côte » are two words when the glossary has both.
    """
    known_exact: set[str] = set()
    by_key: dict[str, tuple[str, int, str]] = {}
    for path, line, spellings in glossary_terms:
        for spelling in spellings:
            known_exact.add(_exact_key(spelling))
            by_key.setdefault(_spelling_key(spelling), (path, line, spelling))
    errors = []
    for path, line, french in unit_terms:
        if _exact_key(french) in known_exact:
            continue
        other = by_key.get(_spelling_key(french))
        if other is not None:
            where = f"{other[0].rsplit('/', 1)[-1]}:{other[1]}"
            errors.append(
                ContentError(
                    path,
                    line,
                    f"« {french} » is spelled « {other[2]} » in the glossary ({where}): spell it one way",
                )
            )
    return errors


# -- what the rules are applied to -----------------------------------------------------------------------
def _locator(source: str) -> Any:
    lines = source.splitlines()

    def locate(text: str, start: int = 1) -> int:
        """The 1-based number of the first line from ``start`` that contains ``text`` (or its first part)."""
        probe = text.strip().splitlines()[0][:60] if text.strip() else ""
        if probe:
            for number in range(max(start, 1), len(lines) + 1):
                if probe in lines[number - 1]:
                    return number
        return max(start, 1)

    return locate


def unit_texts(unit: Unit, source: str = "") -> Iterator[FrenchText]:
    """Every French text of ``unit`` with its line; ``source`` (the unit file's text) places the texts the
    model keeps no line for (titles, goals, notes, examples, exercise fields)."""
    locate = _locator(source)
    path = unit.path
    yield FrenchText(path, locate(unit.title.fr), unit.title.fr, unit.title.en, unit.title.es)
    for goal in unit.goals:
        yield FrenchText(path, locate(goal.fr), goal.fr, goal.en, goal.es)
    for dialogue in unit.dialogues:
        start = locate(dialogue.title)
        situation = dialogue.situation
        yield FrenchText(path, locate(situation.fr, start), situation.fr, situation.en, situation.es)
        for spoken in dialogue.lines:
            yield FrenchText(path, spoken.line, spoken.fr, spoken.en, spoken.es)
    for vocab in unit.vocabulary:
        yield FrenchText(path, vocab.line, vocab.french)
    for note in (unit.grammar, unit.culture):
        start = locate(note.title.fr)
        yield FrenchText(path, start, note.title.fr, note.title.en, note.title.es)
        for paragraph in note.body.fr.splitlines():
            if paragraph.strip():
                yield FrenchText(path, locate(paragraph, start), paragraph)
        for example in note.examples:
            yield FrenchText(path, locate(example.fr, start), example.fr, example.en, example.es)
    for exercise in unit.exercises:
        instruction = exercise.instruction
        yield FrenchText(
            path, locate(instruction.fr, exercise.line), instruction.fr, instruction.en, instruction.es
        )
        yield from _new_kind_texts(exercise, path, locate)
        prompt = exercise.prompt
        if exercise.kind == "spot" and exercise.error:  # wrong on purpose: checked once corrected
            prompt = prompt.replace(exercise.error, exercise.answer, 1)
        for text in (prompt, *exercise.options, exercise.answer, *exercise.accept):
            if text:
                yield FrenchText(path, locate(text, exercise.line), text)


def _new_kind_texts(exercise: Any, path: str, locate: Any) -> Iterator[FrenchText]:
    """The French of the kinds of issue #13 (say, scenario, questions, fields, elements, model, nodes,
    replies), with the English and Spanish of those that have them. A spot's ``why`` is left out: it may
    quote the error it explains."""
    start = exercise.line
    if exercise.say:
        yield FrenchText(path, locate(exercise.say, start), exercise.say)
    if exercise.scenario is not None:
        scenario = exercise.scenario
        yield FrenchText(path, locate(scenario.fr, start), scenario.fr, scenario.en, scenario.es)
    for question in (*exercise.questions, *exercise.fields):
        label = question.label
        yield FrenchText(path, question.line, label.fr, label.en, label.es)
        for answer in question.accepted:
            yield FrenchText(path, locate(answer, question.line), answer)
    for element in exercise.elements:
        for phrase in element.phrases:
            yield FrenchText(path, element.line, phrase)
    if exercise.model:
        yield FrenchText(path, locate(exercise.model, start), exercise.model)
    for node in exercise.nodes:
        yield FrenchText(path, node.line, node.text.fr, node.text.en, node.text.es)
        for reply in node.replies:
            yield FrenchText(path, reply.line, reply.text)


def glossary_texts(entries: Iterable[Any]) -> Iterator[FrenchText]:
    """The French texts of the glossary's own rows (entries read from a CSV file, not merged from units)."""
    for entry in entries:
        if not entry.path.endswith(".csv"):
            continue
        yield FrenchText(entry.path, entry.line, entry.french)
        for alternative in entry.alternatives:
            yield FrenchText(entry.path, entry.line, alternative)
        if entry.expansion:
            yield FrenchText(entry.path, entry.line, entry.expansion)
        if entry.example:
            yield FrenchText(entry.path, entry.line, entry.example, entry.example_en, entry.example_es)


def check_text(text: FrenchText) -> list[ContentError]:
    """Every text rule on one French text and its glosses."""
    errors = [
        *nbc_in_french(text.fr, text.path, text.line),
        *forbidden_radio_forms(text.fr, text.path, text.line),
        *unaccented_capitals(text.fr, text.path, text.line),
    ]
    for lang, gloss in (("en", text.en), ("es", text.es)):
        if gloss:
            errors.extend(translated_call_signs(text.fr, gloss, lang, text.path, text.line))
    return errors


def check_content(manual: Manual, entries: Iterable[Any], sources: Mapping[str, str]) -> list[ContentError]:
    """The house-rule errors of a loaded manual and glossary entries; ``sources`` maps each unit's path to
    its file text (to place texts the model keeps no line for)."""
    entries = tuple(entries)
    errors: list[ContentError] = []
    for unit in manual.units:
        for text in unit_texts(unit, sources.get(unit.path, "")):
            errors.extend(check_text(text))
    for text in glossary_texts(entries):
        errors.extend(check_text(text))
    csv_rows = [(e.path, e.line, (e.french, *e.alternatives)) for e in entries if e.path.endswith(".csv")]
    unit_terms = [(unit.path, vocab.line, vocab.french) for unit in manual.units for vocab in unit.vocabulary]
    errors.extend(spelled_two_ways(unit_terms, csv_rows))
    unique = dict.fromkeys(errors)  # one message per place, in order
    return list(unique)
