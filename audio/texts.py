"""Every French text the course and the glossary read aloud."""

from __future__ import annotations

from collections.abc import Iterable

from audio.normalise import normalise_text


def course_texts(manual: object, glossary: object) -> list[str]:
    """Normalised French texts to speak, deduplicated, in course order then glossary order.

    Dialogue lines, vocabulary, grammar examples and exercise answers of every unit of ``manual``, then
    each entry's French and example sentence of ``glossary`` (any objects with those attributes: audio
    does not depend on the content loaders). Empty texts are skipped.
    """
    return unique_texts([*_manual_texts(manual), *_glossary_texts(glossary)])


def unique_texts(texts: Iterable[str | None]) -> list[str]:
    """Normalised, non-empty, first occurrence kept."""
    seen: set[str] = set()
    result: list[str] = []
    for text in texts:
        normalised = normalise_text(text or "")
        if normalised and normalised not in seen:
            seen.add(normalised)
            result.append(normalised)
    return result


def _manual_texts(manual: object) -> Iterable[str | None]:
    for unit in manual.units:  # type: ignore[attr-defined]
        for dialogue in unit.dialogues:
            for line in dialogue.lines:
                yield line.fr
        for item in unit.vocabulary:
            yield item.french
        grammar = getattr(unit, "grammar", None)
        if grammar is not None:
            for example in grammar.examples:
                yield example.fr
        for exercise in unit.exercises:
            yield exercise.answer
            yield getattr(exercise, "say", None)  # a dictation, a radio message, a model line
            yield getattr(exercise, "model", None)  # a model compte rendu


def radio_texts(manual: object) -> list[str]:
    """The messages of the radio exercises (each is also made as a radio clip at every noise level)."""
    return unique_texts(
        exercise.say
        for unit in manual.units  # type: ignore[attr-defined]
        for exercise in unit.exercises
        if getattr(exercise, "kind", "") == "radio"
    )


def _glossary_texts(glossary: object) -> Iterable[str | None]:
    for entry in glossary.entries:  # type: ignore[attr-defined]
        yield entry.french
        yield getattr(entry, "example", None)
