"""The house rules the checker enforces (content/README.md, «House rules»): each rule with lines it must
flag and lines it must leave alone, then the rules applied to a unit file and to the real content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from glossary.loader import load_glossary
from lessons import house_rules
from lessons.house_rules import (
    forbidden_radio_forms,
    nbc_in_french,
    spelled_two_ways,
    translated_call_signs,
    unaccented_capitals,
)
from lessons.parser import load_manual
from library import check
from library.content import merge_unit_vocabulary
from text.content import ContentError

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "fixtures" / "content" / "valid"


# -- translated call signs -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("french", "gloss", "lang", "found"),
    [
        ("Aigle 6 ici Aigle 1. Parlez.", "Eagle 6, this is Eagle 1. Over.", "en", ["Aigle 6", "Aigle 1"]),
        ("Aigle 6 ici Aigle 1. Parlez.", "Águila 6, aquí Águila 1. Cambio.", "es", ["Aigle 6", "Aigle 1"]),
        ("Faucon 2, au rapport.", "Falcon 2, report.", "en", ["Faucon 2"]),
        ("Faucon 2, au rapport.", "Halcón 2, informe.", "es", ["Faucon 2"]),
        ("Lion 6 ici Lion 2.", "León 6, aquí Lion 2.", "es", ["Lion 6"]),
        ("Bison 0 ici Bison 2.", "Bisonte 0, aquí Bisonte 2.", "es", ["Bison 0", "Bison 2"]),
        ("Tango Zéro ici Tango Deux.", "Tango Zero, this is Tango Two.", "en", ["Tango Zéro", "Tango Deux"]),
        ("Tango Zéro ici Tango Deux.", "Tango Cero, aquí Tango Dos.", "es", ["Tango Zéro", "Tango Deux"]),
        ("Alfa 1 ici Poste 3.", "Alfa 1, this is Post 3.", "en", ["Poste 3"]),
    ],
)
def test_a_translated_call_sign_is_flagged(french, gloss, lang, found):
    errors = translated_call_signs(french, gloss, lang, "u09.md", 12)
    assert [error.message.split(" »")[0].removeprefix("call sign « ") for error in errors] == found
    assert all((error.path, error.line) == ("u09.md", 12) for error in errors)
    assert all(f"in the {lang} gloss" in error.message for error in errors)


@pytest.mark.parametrize(
    ("french", "gloss"),
    [
        ("Aigle 6 ici Aigle 1. Parlez.", "Aigle 6, this is Aigle 1. Over."),
        ("Tango Zéro ici Tango Deux.", "Tango Zéro, aquí Tango Deux."),
        ("Le lion dort.", "The lion is sleeping."),  # an animal, not a call sign
        ("Un aigle vole au-dessus du poste.", "An eagle is flying over the post."),
        ("Lion 6 ici Lion 2.", "Lion 6, this is Lion 2."),  # same word in English
        ("Reçu. Terminé.", "Eagle has landed."),  # no call sign in the French
        ("Tango Deux, position : deux, trois.", "Tango Deux, position: two, three."),  # digits read out
    ],
)
def test_call_signs_kept_as_in_french_pass(french, gloss):
    assert translated_call_signs(french, gloss, "en", "u.md", 1) == []


# -- NBC -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text", ["Ligne 9 : pas de contamination NBC.", "NBC", "la défense NBC, puis…", "(NBC)"]
)
def test_nbc_is_flagged(text):
    assert nbc_in_french(text, "u10.md", 63) == [
        ContentError(
            "u10.md",
            63,
            "« NBC » in French: write « NRBC » (nucléaire, radiologique, biologique et chimique)",
        )
    ]


@pytest.mark.parametrize("text", ["pas de contamination NRBC", "NBCX", "la chaîne ABC-NBC-News", "nbc", ""])
def test_nbc_leaves_other_text_alone(text):
    assert nbc_in_french(text, "u10.md", 1) == []


# -- the « [caller] à [addressee] » call ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "call"),
    [
        ("Aigle 4 à Aigle 6. Je suis en panne. Parlez.", "Aigle 4 à Aigle 6"),
        ("Alfa 1 à Bravo 2, parlez.", "Alfa 1 à Bravo 2"),
        ("Faucon 2 à Faucon 6. Pas de blessé.", "Faucon 2 à Faucon 6"),
        ("Tango Deux à Tango Zéro. Position : cinq.", "Tango Deux à Tango Zéro"),
        ("PC à Patrouille, parlez.", "PC à Patrouille, parlez"),
        ("Reçu. Patrouille 2 à PC, parlez.", "Patrouille 2 à PC, parlez"),
    ],
)
def test_the_caller_first_form_is_flagged(text, call):
    errors = forbidden_radio_forms(text, "u05.md", 200)
    assert errors and all(error.line == 200 for error in errors)
    assert errors[0].message.startswith(f"radio call « {call} »: the station called comes first")


def test_the_message_gives_the_right_form_and_never_de_before_a_vowel():
    (tango,) = forbidden_radio_forms("Tango Deux à Tango Zéro.", "u.md", 1)
    assert tango.message.endswith("« Tango Zéro ici Tango Deux » or « Tango Zéro de Tango Deux »")
    (aigle,) = forbidden_radio_forms("Aigle 4 à Aigle 6.", "u.md", 1)
    assert aigle.message.endswith("« Aigle 6 ici Aigle 4 »")


@pytest.mark.parametrize(
    "text",
    [
        "Tango Zéro ici Tango Deux. Parlez.",
        "Tango Zéro de Tango Deux. Parlez.",
        "Les véhicules rendent compte à Aigle 6, le chef du convoi.",
        "Je suis de garde de 14 h à 22 h.",
        "De 12 à 14 heures, repos.",
        "Passez de la fréquence 2 à la fréquence 3.",
        "Il parle à Aigle 6 : parlez plus fort.",
    ],
)
def test_the_right_call_and_ordinary_à_pass(text):
    assert forbidden_radio_forms(text, "u.md", 1) == []


# -- unaccented capitals -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Etat-major de la force", ["Etat-major"]),
        ("Les Etats-majors travaillent ensemble.", ["Etats-majors"]),
        ("Ecole de guerre ; Equipe de nuit", ["Ecole", "Equipe"]),
        ("A vos ordres, mon lieutenant !", ["A vos"]),
        ("Halte ! A terre !", ["A terre"]),
        ("Ca va, sergent ?", ["Ca"]),
        ("Evacuez la zone. Eloignez-vous !", ["Evacuez", "Eloignez-vous"]),
    ],
)
def test_an_unaccented_capital_is_flagged(text, words):
    errors = unaccented_capitals(text, "u04.md", 31)
    assert [error.message.split(" » needs")[0].removeprefix("« ") for error in errors] == words
    assert all(error.line == 31 for error in errors)


@pytest.mark.parametrize(
    "text",
    [
        "État-major de la force ; À vos ordres ; École ; Équipe",
        "La CEDEAO s'appelle ECOWAS en anglais.",
        "Ligne 3 : un A urgent, un B.",
        "A comme Anatole, B comme Berthe.",
        "Kilo, Echo, India, Tango, Alfa.",  # the NATO letter Echo has no accent
        "Les EEI sont une menace. L'ETAT est en majuscules.",
        "Elle est capitaine. Ensuite, Eux aussi.",
        "une lettre A, puis le point A",
    ],
)
def test_accented_words_acronyms_and_letters_pass(text):
    assert unaccented_capitals(text, "u.md", 1) == []


# -- one term, two spellings ---------------------------------------------------------------------------
GLOSSARY_TERMS = [
    ("content/glossary/organisation.csv", 8, ("l'état-major", "l'EM")),
    ("content/glossary/map.csv", 20, ("la côte",)),
    ("content/glossary/map.csv", 21, ("la cote",)),
    ("content/glossary/alphabet.csv", 19, ("Romeo", "Roméo")),
]


@pytest.mark.parametrize(
    ("term", "other"),
    [("l'etat-major", "l'état-major"), ("L'Etat-Major", "l'état-major"), ("Roméô", "Romeo")],
)
def test_a_unit_term_spelled_otherwise_than_the_glossary_is_flagged(term, other):
    errors = spelled_two_ways([("content/course/02.md", 60, term)], GLOSSARY_TERMS)
    assert len(errors) == 1
    assert (errors[0].path, errors[0].line) == ("content/course/02.md", 60)
    assert f"is spelled « {other} » in the glossary" in errors[0].message


@pytest.mark.parametrize(
    "term",
    [
        "l'état-major",  # same spelling
        "L'État-major",  # case only
        "la cote",  # the glossary knows both « la côte » and « la cote »
        "Roméo",  # an alternative of the glossary entry
        "le garde-à-vous",  # no such glossary term
        "l'état major",  # a hyphen is more than an accent: not this rule's business
    ],
)
def test_same_spellings_and_other_words_pass(term):
    assert spelled_two_ways([("content/course/02.md", 60, term)], GLOSSARY_TERMS) == []


# -- the rules on content files ------------------------------------------------------------------------
def broken_unit(content: Path) -> Path:
    """Copy a valid unit and write house-rule faults into it, each on a line of its own."""
    unit = sorted((content / "course").glob("*.md"))[0]
    text = unit.read_text(encoding="utf-8")
    lines = text.splitlines()
    row = next(
        i
        for i, line in enumerate(lines)
        if line.startswith("| ") and line.count("|") == 5 and "---" not in line and "speaker" not in line
    )
    speaker = lines[row].split("|")[1].strip()
    lines[row] = (
        f"| {speaker} | Aigle 4 à Aigle 6. Contamination NBC. | Eagle 4 to Aigle 6. | Aigle 4 a Aigle 6. |"
    )
    unit.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return unit


def test_the_rules_run_on_a_unit_file_and_name_file_and_line(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    unit = broken_unit(content)
    manual = load_manual(content)
    assert not manual.errors
    sources = {u.path: Path(u.path).read_text(encoding="utf-8") for u in manual.units}
    errors = house_rules.check_content(
        manual, merge_unit_vocabulary(load_glossary(content), manual).entries, sources
    )
    line = next(i for i, text in enumerate(unit.read_text(encoding="utf-8").splitlines(), 1) if "NBC" in text)
    assert {(Path(e.path).name, e.line) for e in errors} == {(unit.name, line)}
    messages = " | ".join(e.message for e in errors)
    assert "radio call « Aigle 4 à Aigle 6 »" in messages
    assert "« NBC » in French" in messages
    assert "call sign « Aigle 4 » translated as « Eagle 4 » in the en gloss" in messages


def test_the_checker_command_reports_house_rule_errors(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    unit = broken_unit(content)
    assert check.main(["--content", str(content)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"content/course/{unit.name}:") and "NBC" in line for line in out)
    assert out[-1].startswith("units=")


def test_the_real_content_keeps_the_house_rules():
    content = ROOT / "content"
    manual = load_manual(content)
    sources = {u.path: Path(u.path).read_text(encoding="utf-8") for u in manual.units}
    assert (
        house_rules.check_content(
            manual, merge_unit_vocabulary(load_glossary(content), manual).entries, sources
        )
        == []
    )
