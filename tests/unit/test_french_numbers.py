"""French numbers, clock times, grid references and the NATO alphabet, as the course teaches them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from text.french_numbers import (
    MAX_NUMBER,
    NATO_ALTERNATIVES,
    NATO_DIGIT_WORDS,
    NATO_WORDS,
    digits_to_words,
    nato_accepted,
    number_to_words,
    parse_time,
    spell_nato,
    time_to_digits,
    time_to_words,
)

CONTENT = Path(__file__).resolve().parents[2] / "content"

# --- 0 to 100, every one written out ----------------------------------------------------------------------

ZERO_TO_HUNDRED = """
zéro un deux trois quatre cinq six sept huit neuf
dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf
vingt|vingt et un|vingt-deux|vingt-trois|vingt-quatre|vingt-cinq|vingt-six|vingt-sept|vingt-huit|vingt-neuf
trente|trente et un|trente-deux|trente-trois|trente-quatre|trente-cinq|trente-six|trente-sept|trente-huit|trente-neuf
quarante|quarante et un|quarante-deux|quarante-trois|quarante-quatre|quarante-cinq|quarante-six|quarante-sept|quarante-huit|quarante-neuf
cinquante|cinquante et un|cinquante-deux|cinquante-trois|cinquante-quatre|cinquante-cinq|cinquante-six|cinquante-sept|cinquante-huit|cinquante-neuf
soixante|soixante et un|soixante-deux|soixante-trois|soixante-quatre|soixante-cinq|soixante-six|soixante-sept|soixante-huit|soixante-neuf
soixante-dix|soixante et onze|soixante-douze|soixante-treize|soixante-quatorze|soixante-quinze|soixante-seize|soixante-dix-sept|soixante-dix-huit|soixante-dix-neuf
quatre-vingts quatre-vingt-un quatre-vingt-deux quatre-vingt-trois quatre-vingt-quatre quatre-vingt-cinq quatre-vingt-six quatre-vingt-sept quatre-vingt-huit quatre-vingt-neuf
quatre-vingt-dix quatre-vingt-onze quatre-vingt-douze quatre-vingt-treize quatre-vingt-quatorze quatre-vingt-quinze quatre-vingt-seize quatre-vingt-dix-sept quatre-vingt-dix-huit quatre-vingt-dix-neuf
cent
"""  # noqa: E501 - one decade per line reads best


def _zero_to_hundred() -> list[str]:
    words: list[str] = []
    for line in ZERO_TO_HUNDRED.strip().splitlines():
        words.extend(line.split("|") if "|" in line else line.split())
    return words


def test_the_table_has_every_number_from_0_to_100():
    assert len(_zero_to_hundred()) == 101


@pytest.mark.parametrize(("n", "words"), list(enumerate(_zero_to_hundred())))
def test_zero_to_hundred(n, words):
    assert number_to_words(n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (70, "soixante-dix"),
        (71, "soixante et onze"),
        (80, "quatre-vingts"),
        (81, "quatre-vingt-un"),
        (90, "quatre-vingt-dix"),
        (91, "quatre-vingt-onze"),
        (99, "quatre-vingt-dix-neuf"),
        (100, "cent"),
        (101, "cent un"),
        (111, "cent onze"),
        (171, "cent soixante et onze"),
        (180, "cent quatre-vingts"),
        (181, "cent quatre-vingt-un"),
        (200, "deux cents"),
        (201, "deux cent un"),
        (280, "deux cent quatre-vingts"),
        (300, "trois cents"),
        (999, "neuf cent quatre-vingt-dix-neuf"),
        (1000, "mille"),
        (1001, "mille un"),
        (1100, "mille cent"),
        (1200, "mille deux cents"),
        (1980, "mille neuf cent quatre-vingts"),
        (2000, "deux mille"),
        (2024, "deux mille vingt-quatre"),
        (21_000, "vingt et un mille"),
        (71_000, "soixante et onze mille"),
        (80_000, "quatre-vingt mille"),
        (80_080, "quatre-vingt mille quatre-vingts"),
        (100_000, "cent mille"),
        (200_000, "deux cent mille"),
        (200_200, "deux cent mille deux cents"),
        (308_715, "trois cent huit mille sept cent quinze"),
        (999_999, "neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf"),
    ],
)
def test_hundreds_and_thousands(n, words):
    assert number_to_words(n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (21, "vingt-et-un"),
        (71, "soixante-et-onze"),
        (80, "quatre-vingts"),
        (81, "quatre-vingt-un"),
        (200, "deux-cents"),
        (201, "deux-cent-un"),
        (1980, "mille-neuf-cent-quatre-vingts"),
        (2000, "deux-mille"),
        (21_000, "vingt-et-un-mille"),
        (80_000, "quatre-vingt-mille"),
    ],
)
def test_1990_reform_joins_every_part_with_hyphens(n, words):
    assert number_to_words(n, reform=True) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "une"),
        (21, "vingt et une"),
        (31, "trente et une"),
        (81, "quatre-vingt-une"),
        (101, "cent une"),
        (1001, "mille une"),
        (11, "onze"),
        (21_000, "vingt et un mille"),  # only a final «un» becomes «une»
    ],
)
def test_feminine_ends_in_une(n, words):
    assert number_to_words(n, feminine=True) == words


@pytest.mark.parametrize("n", [-1, MAX_NUMBER + 1, 1_000_000])
def test_out_of_range_raises_value_error(n):
    with pytest.raises(ValueError, match="outside"):
        number_to_words(n)


@pytest.mark.parametrize("n", [1.0, "3", True, None])
def test_non_int_raises_type_error(n):
    with pytest.raises(TypeError):
        number_to_words(n)


# --- properties ----------------------------------------------------------------------------------------

_VALUES = {
    "zéro": 0, "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
}  # fmt: skip


def _words_to_number(words: str) -> int:
    """An independent reader of French numbers, to check the writer against."""
    total = current = 0
    for token in re.split(r"[ -]", words):
        if token == "et":
            continue
        if token in ("cent", "cents"):
            current = max(current, 1) * 100
        elif token == "mille":
            total += max(current, 1) * 1000
            current = 0
        elif token in ("vingt", "vingts") and current % 100 == 4:  # quatre-vingt(s)
            current += 76
        else:
            current += _VALUES[token]
    return total + current


@settings(max_examples=500)
@given(st.integers(min_value=0, max_value=MAX_NUMBER))
def test_every_number_is_well_formed_and_reads_back(n):
    words = number_to_words(n)
    assert "  " not in words
    assert words == words.strip()
    assert re.fullmatch(r"[a-zéè]+(?:[ -][a-zéè]+)*", words)
    assert _words_to_number(words) == n
    reform = number_to_words(n, reform=True)
    assert reform == words.replace(" ", "-")
    assert _words_to_number(reform) == n
    # «cents» and «quatre-vingts» take their s only at the very end; «mille» never does, nor «un mille».
    assert "cents " not in words and "vingts " not in words
    assert "milles" not in words
    assert not words.startswith("un mille")


def test_every_number_in_range_is_written():
    seen = {number_to_words(n) for n in range(0, MAX_NUMBER + 1, 7)}
    assert len(seen) == len(range(0, MAX_NUMBER + 1, 7))  # all different


# --- the 24-hour clock ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "words", "digits"),
    [
        (14, 30, "quatorze heures trente", "14 h 30"),
        (0, 5, "zéro heure cinq", "0 h 05"),
        (0, 0, "zéro heure", "0 h 00"),
        (1, 0, "une heure", "1 h 00"),
        (1, 1, "une heure une", "1 h 01"),
        (6, 45, "six heures quarante-cinq", "6 h 45"),
        (12, 0, "douze heures", "12 h 00"),
        (12, 15, "douze heures quinze", "12 h 15"),
        (21, 31, "vingt et une heures trente et une", "21 h 31"),
        (23, 59, "vingt-trois heures cinquante-neuf", "23 h 59"),
        (17, 50, "dix-sept heures cinquante", "17 h 50"),
    ],
)
def test_times(hour, minute, words, digits):
    assert time_to_words(hour, minute) == words
    assert time_to_digits(hour, minute) == digits


def test_midi_and_minuit_are_never_said():
    for hour in range(24):
        for minute in range(60):
            words = time_to_words(hour, minute)
            assert "midi" not in words and "minuit" not in words
            assert "  " not in words
            assert parse_time(time_to_digits(hour, minute)) == (hour, minute)


def test_time_reform_spelling():
    assert time_to_words(21, 21, reform=True) == "vingt-et-une heures vingt-et-une"


@pytest.mark.parametrize(("hour", "minute"), [(24, 0), (-1, 0), (12, 60), (12, -1)])
def test_impossible_times_raise(hour, minute):
    with pytest.raises(ValueError):
        time_to_words(hour, minute)
    with pytest.raises(ValueError):
        time_to_digits(hour, minute)


def test_time_needs_ints():
    with pytest.raises(TypeError):
        time_to_words(14.5, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14 h 30", (14, 30)),
        ("14h30", (14, 30)),
        ("14H30", (14, 30)),
        ("14:30", (14, 30)),
        ("14.30", (14, 30)),
        ("14 h", (14, 0)),
        ("1430", (14, 30)),
        ("0005", (0, 5)),
        ("0 h 05", (0, 5)),
        ("\u0661\u0664:\u0663\u0660", (14, 30)),  # Arabic-Indic digits
        ("24:00", None),
        ("14:60", None),
        ("14", None),
        ("quatorze heures", None),
        ("", None),
        ("14 h 3", None),
    ],
)
def test_parse_time(text, expected):
    assert parse_time(text) == expected


# --- grid references -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "words"),
    [
        ("308715", "trois zéro huit sept un cinq"),
        ("308 715", "trois zéro huit sept un cinq"),
        ("0", "zéro"),
        ("0123456789", "zéro un deux trois quatre cinq six sept huit neuf"),
    ],
)
def test_digits_read_one_by_one(digits, words):
    assert digits_to_words(digits) == words


@pytest.mark.parametrize("digits", ["", "   ", "12a", "3.5", "-1", "\u0663"])
def test_digits_refuses_anything_else(digits):
    with pytest.raises(ValueError):
        digits_to_words(digits)


# --- the NATO alphabet ---------------------------------------------------------------------------------

#: The official ICAO/NATO spellings; French texts often write Québec, Roméo, Zoulou (accepted variants).
NATO_OFFICIAL = (
    "Alfa Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliett Kilo Lima Mike November Oscar Papa "
    "Quebec Romeo Sierra Tango Uniform Victor Whiskey X-ray Yankee Zulu"
)


def test_nato_words_are_the_official_forms():
    assert list(NATO_WORDS) == [chr(code) for code in range(ord("A"), ord("Z") + 1)]
    assert " ".join(NATO_WORDS.values()) == NATO_OFFICIAL
    assert spell_nato("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == NATO_OFFICIAL


def test_nato_words_match_the_glossary():
    alphabet = (CONTENT / "glossary" / "alphabet.csv").read_text(encoding="utf-8")
    for word in NATO_WORDS.values():
        assert f",{word},expr," in alphabet, word


@pytest.mark.parametrize(
    ("callsign", "spelled"),
    [
        ("MR4", "Mike Romeo Quatre"),
        ("mr4", "Mike Romeo Quatre"),
        ("B2-1", "Bravo Deux Un"),
        ("A1", "Alfa Un"),
        ("XZ09", "X-ray Zulu Zéro Neuf"),
        ("QR", "Quebec Romeo"),
        ("0123456789", "Zéro Un Deux Trois Quatre Cinq Six Sept Huit Neuf"),
    ],
)
def test_spell_nato(callsign, spelled):
    assert spell_nato(callsign) == spelled


@pytest.mark.parametrize("callsign", ["", "  ", "É1", "A?", "ß", "A\u0664"])
def test_spell_nato_refuses_what_it_cannot_spell(callsign):
    with pytest.raises(ValueError):
        spell_nato(callsign)


def test_digit_words_are_capitalised_french_numbers():
    assert {str(d): number_to_words(d).capitalize() for d in range(10)} == NATO_DIGIT_WORDS


@pytest.mark.parametrize(
    ("symbol", "accepted"),
    [
        ("Z", ("Zulu", "Zoulou")),
        ("z", ("Zulu", "Zoulou")),
        ("Q", ("Quebec", "Québec")),
        ("R", ("Romeo", "Roméo")),
        ("A", ("Alfa", "Alpha")),
        ("J", ("Juliett", "Juliet")),
        ("W", ("Whiskey", "Whisky")),
        ("X", ("X-ray", "Xray")),
        ("M", ("Mike",)),
        ("4", ("Quatre",)),
    ],
)
def test_nato_accepted(symbol, accepted):
    assert nato_accepted(symbol) == accepted


def test_alternatives_are_for_real_letters_and_differ_from_the_canonical():
    for letter, alternatives in NATO_ALTERNATIVES.items():
        assert letter in NATO_WORDS
        assert NATO_WORDS[letter] not in alternatives


@pytest.mark.parametrize("symbol", ["", "AB", "É", "-", "\u0664"])
def test_nato_accepted_refuses_other_symbols(symbol):
    with pytest.raises(ValueError):
        nato_accepted(symbol)
