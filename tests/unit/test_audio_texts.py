"""course_texts gathers every French text to speak, through stand-ins for the course loaders."""

import sys
import types
from pathlib import Path
from types import SimpleNamespace as NS

import pytest

from audio.texts import course_texts, unique_texts


def fake_manual():
    unit1 = NS(
        dialogues=[
            NS(lines=[NS(fr="Bonjour, sergent."), NS(fr="Bonjour,  caporal.")]),
            NS(lines=[NS(fr="À vos ordres !"), NS(fr="Bonjour, sergent.")]),
        ],
        vocabulary=[NS(french="le caporal"), NS(french="saluer")],
        grammar=NS(examples=[NS(fr="Je suis caporal.")]),
        exercises=[NS(answer="mon capitaine"), NS(answer="le caporal")],
    )
    unit2 = NS(
        dialogues=[NS(lines=[NS(fr="Halte ! Qui va là ?")])],
        vocabulary=[NS(french="la sentinelle")],
        grammar=NS(examples=[]),
        exercises=[NS(answer="Re\u0301pe\u0301tez.")],
    )
    return NS(units=[unit1, unit2])


@pytest.fixture
def loaders(monkeypatch):
    """Installs fake ``lessons.parser`` and ``glossary.loader`` modules; records how they were called."""
    seen = {}
    manual = fake_manual()

    def load_manual(content_dir):
        seen["manual_dir"] = content_dir
        return manual

    def load_glossary(content_dir, given_manual):
        seen["glossary_args"] = (content_dir, given_manual)
        return NS(
            entries=[
                NS(french="le caporal", example="Le caporal salue."),
                NS(french="la patrouille", example=""),
                NS(french="l'ONU", example=None),
                NS(french="la sentinelle", example="La sentinelle\u00a0crie : « Halte ! »"),
            ]
        )

    parser = types.ModuleType("lessons.parser")
    parser.load_manual = load_manual
    loader = types.ModuleType("glossary.loader")
    loader.load_glossary = load_glossary
    monkeypatch.setitem(sys.modules, "lessons.parser", parser)
    monkeypatch.setitem(sys.modules, "glossary.loader", loader)
    seen["manual"] = manual
    return seen


def test_collects_dialogues_vocabulary_examples_answers_then_glossary_in_order(loaders, tmp_path):
    assert course_texts(tmp_path) == [
        "Bonjour, sergent.",
        "Bonjour, caporal.",
        "À vos ordres !",
        "le caporal",
        "saluer",
        "Je suis caporal.",
        "mon capitaine",
        "Halte ! Qui va là ?",
        "la sentinelle",
        "Répétez.",
        "Le caporal salue.",
        "la patrouille",
        "l'ONU",
        "La sentinelle crie : « Halte ! »",
    ]


def test_passes_the_content_dir_and_the_manual_to_the_loaders(loaders, tmp_path):
    course_texts(tmp_path)
    assert loaders["manual_dir"] == Path(tmp_path)
    assert loaders["glossary_args"] == (Path(tmp_path), loaders["manual"])


def test_unique_texts_normalises_deduplicates_and_drops_empties():
    assert unique_texts(["  Oui ", "Oui", None, "", "\x00", "Non", "E\u0301tat", "État"]) == [
        "Oui",
        "Non",
        "État",
    ]
