"""The glossary loader: CSV rows validated one by one, then the units' vocabulary merged in."""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

from glossary.loader import load_glossary
from glossary.model import THEMES, Glossary, GlossaryEntry
from lessons.model import Manual
from lessons.parser import load_manual, parse_unit
from library.content import merge_unit_vocabulary

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "content"
VALID = FIXTURES / "valid"
WITH_ERRORS = FIXTURES / "glossary-errors"

LEVELS_MESSAGE = "(expected A1, A2, B1, B2)"
CODES = "m, f, m/f, m pl, f pl, v, adj, adv, prep, conj, pron, num, interj, expr"
HEADER = ",".join(
    ("id", "french", "pos", "english", "spanish", "theme", "level", "expansion", "alternatives")
    + ("example", "example_en", "example_es", "notes", "related")
)


def test_every_error_is_reported_with_its_file_and_line():
    glossary = load_glossary(WITH_ERRORS)
    found = [(Path(error.path).name, error.line, error.message) for error in glossary.errors]
    assert found == [
        ("1-rows.csv", 3, "row has 13 cells, the header has 14"),
        ("1-rows.csv", 4, 'duplicate id "gen-bonjour" (first at 1-rows.csv:2)'),
        (
            "1-rows.csv",
            5,
            'duplicate of "gen-bonjour" (1-rows.csv:2): same French, pos and English; '
            "write one row per sense",
        ),
        ("1-rows.csv", 6, f'unknown gender code "nm" for "le poste" (expected one of {CODES})'),
        (
            "1-rows.csv",
            7,
            '"la section" has the gender "n": write m, f, m/f, m pl or f pl for a noun '
            "(or its category: v, adj, adv, expr…)",
        ),
        (
            "1-rows.csv",
            8,
            '"le chef" has no gender: write m, f, m/f, m pl or f pl for a noun '
            "(or its category: v, adj, adv, expr…)",
        ),
        ("1-rows.csv", 9, 'the noun "caporal" must start with its article: le, la, l\' or les'),
        ("1-rows.csv", 10, "empty english"),
        ("1-rows.csv", 11, "empty spanish"),
        ("1-rows.csv", 12, f'unknown theme "army" (expected one of {", ".join(THEMES)})'),
        ("1-rows.csv", 13, f'unknown level "C1" {LEVELS_MESSAGE}'),
        ("1-rows.csv", 14, 'related id "gen-nothing" does not exist'),
        # line 18-19 is one record (a quoted cell holding a line break): the next row is line 20
        ("1-rows.csv", 20, f'unknown level "Z9" {LEVELS_MESSAGE}'),
        ("1-rows.csv", 21, 'bad id "gen bad": use letters, digits, "-", "_" or "." only'),
        ("1-rows.csv", 22, f'unknown gender code "x" for "la garde" (expected one of {CODES})'),
        ("1-rows.csv", 22, f'unknown level "Z" {LEVELS_MESSAGE}'),
        ("2-bad-header.csv", 1, f"the header must be {HEADER}"),
        ("3-more.csv", 2, 'duplicate id "gen-bonsoir" (first at 1-rows.csv:15)'),
    ]


def test_rows_with_errors_are_left_out_and_the_others_kept():
    glossary = load_glossary(WITH_ERRORS)
    assert [entry.id for entry in glossary.entries] == [
        "gen-bonjour",
        "gen-bonsoir",
        "un-onu",  # an abbreviation may be written without article
        "gen-bonjour-jour",  # same French and pos as gen-bonjour, another sense
        "gen-piste",
        "gen-relie",
        "gen-salut",  # from a file starting with a byte-order mark
    ]
    assert glossary.get("gen-piste").notes == "a dirt road,\nor an airstrip"
    # gen-poste exists in the file but was left out for its own error: the link is dropped, not reported twice
    assert glossary.get("gen-relie").related == ("gen-bonjour",)
    assert glossary.get("un-onu").is_abbreviation
    assert glossary.get("gen-bonjour").units == ()


def test_valid_glossary_without_manual():
    glossary = load_glossary(VALID)
    assert glossary.errors == ()
    assert len(glossary.entries) == 10
    bonjour = glossary.get("gen-bonjour")
    assert bonjour == GlossaryEntry(
        id="gen-bonjour",
        french="bonjour",
        pos="interj",
        english=("hello", "good morning"),
        spanish=("hola", "buenos días"),
        theme="general",
        level="A1",
        example="« Bonjour, sergent ! »",
        example_en="Good morning, sergeant!",
        example_es="¡Buenos días, sargento!",
        related=("gen-bonsoir",),
        path=str(VALID / "glossary" / "general.csv"),
        line=2,
    )
    assert bonjour.gloss("en") == bonjour.gloss("fr") == "hello; good morning"
    assert bonjour.gloss("es") == "hola; buenos días"
    assert bonjour.example_gloss("es") == "¡Buenos días, sargento!"
    assert not bonjour.is_abbreviation
    assert glossary.get("gen-merci").alternatives == ("merci bien",)
    assert glossary.get("nothing") is None
    assert [entry.id for entry in glossary.by_theme("un")] == ["un-onu", "un-oi"]
    assert glossary.themes == ("general", "ranks", "un")
    assert glossary.get("un-onu").expansion == "Organisation des Nations unies"


def test_unit_vocabulary_is_merged():
    manual = load_manual(VALID)
    manual = Manual(tuple(replace(u, theme="ranks") if u.id == "u01-ranks" else u for u in manual.units))
    glossary = merge_unit_vocabulary(load_glossary(VALID), manual)
    assert glossary.errors == ()
    # 10 CSV rows + 22 new terms from u00 (25 minus bonjour, bonsoir, merci)
    # + 20 from u01 (26 minus caporal, caporal-chef, adjudant, major, and soldat, officier added by u00)
    assert len(glossary.entries) == 52

    # a unit term already in the glossary (same French and category) is that entry
    assert glossary.get("gen-bonjour").units == ("u00-first-contact",)
    assert glossary.get("rank-caporal").units == ("u01-ranks",)
    assert glossary.get("rank-adjudant").units == ("u01-ranks",)
    assert glossary.get("u00-first-contact/bonjour") is None
    assert glossary.get("u01-ranks/le-caporal") is None
    # several senses: the unit joins the one sharing an English translation, not simply the first
    assert glossary.get("rank-major").units == ("u01-ranks",)
    assert glossary.get("gen-major-promotion").units == ()

    # a new term takes the vocabulary id, the unit's theme and level
    interpreter = glossary.get("u00-first-contact/l-interprete")
    assert interpreter is not None
    assert (interpreter.french, interpreter.pos, interpreter.theme, interpreter.level) == (
        "l'interprète",
        "m/f",
        "general",
        "A1",
    )
    assert interpreter.units == ("u00-first-contact",)
    assert interpreter.path == str(VALID / "course" / "00-first-contact.md")
    salute = glossary.get("u01-ranks/saluer")
    assert salute.theme == "ranks"
    assert salute.english == ("to salute", "to greet")
    assert glossary.get("u01-ranks/le-commandant").notes == "OF-3; false friend"

    # a term taught in two units is one entry, listing both
    soldier = glossary.get("u00-first-contact/le-soldat")
    assert soldier.units == ("u00-first-contact", "u01-ranks")
    assert glossary.get("u01-ranks/le-soldat") is None
    assert "ranks" in glossary.themes


def test_a_unit_files_its_new_terms_under_its_front_matter_theme():
    assert load_manual(VALID).unit("u01-ranks").theme == "general"  # no theme given: the default
    text = (VALID / "course" / "01-ranks.md").read_text(encoding="utf-8")
    themed = parse_unit(text.replace("level: A1\n", "level: A1\ntheme: ranks\n", 1), "01-ranks.md")
    assert themed.theme == "ranks" and themed.vocabulary == replace(themed, theme="general").vocabulary


def test_unit_terms_take_the_units_theme_or_general():
    text = (
        (VALID / "course" / "01-ranks.md")
        .read_text(encoding="utf-8")
        .replace("id: u01-ranks", "id: u42-extra")
        .replace("level: A1\n", "level: A1\ntheme: ranks\n", 1)
    )
    unit = parse_unit(text, "42-extra.md")
    merged = merge_unit_vocabulary(Glossary((), ()), Manual((unit,))).entries
    assert {entry.theme for entry in merged} == {"ranks"}  # the theme comes from the unit file
    assert merged[0].id == "u42-extra/le-grade"
    untitled = parse_unit(text.replace("theme: ranks\n", ""), "42-extra.md")
    merged = merge_unit_vocabulary(Glossary((), ()), Manual((untitled,))).entries
    assert {entry.theme for entry in merged} == {"general"}


def test_missing_glossary_directory(tmp_path):
    assert load_glossary(tmp_path) == Glossary((), ())


def test_empty_csv_file(tmp_path):
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "empty.csv").write_text("\n", encoding="utf-8")
    glossary = load_glossary(tmp_path)
    assert [(error.line, error.message) for error in glossary.errors] == [
        (1, f"empty file: the first line must be the header {HEADER}")
    ]


def test_manual_and_glossary_survive_pickling():
    """``st.cache_data`` pickles what it caches."""
    manual = load_manual(VALID)
    glossary = merge_unit_vocabulary(load_glossary(VALID), manual)
    assert pickle.loads(pickle.dumps(manual)) == manual  # noqa: S301 - our own data
    copy = pickle.loads(pickle.dumps(glossary))  # noqa: S301 - our own data
    assert copy == glossary
    assert copy.get("rank-major").units == ("u01-ranks",)
