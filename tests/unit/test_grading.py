"""Grading details: where a slip is reported, the diff, its Markdown, the FSRS rating, hostile input."""

from __future__ import annotations

import dataclasses
import re
import time

import pytest

from app_pages.markdown import diff_markdown
from exercises.diffs import DiffSegment, Slip
from exercises.grading import (
    AGAIN,
    EASY,
    GOOD,
    HARD,
    MESSAGE_KEYS,
    Grade,
    Verdict,
    grade_answer,
    rating_for,
    typo_budget,
)
from exercises.terms import TermIndex
from text.normalise import fold_accents, normalise, search_key

# --- normalise ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("  L’ Adjudant\u00a0- chef  !", "l'adjudant-chef"),
        ("Comment me recevez-vous ?", "comment me recevez-vous"),
        ("Comment me recevez-vous\u202f?", "comment me recevez-vous"),
        ("Halte ! Qui va là ?", "halte! qui va là"),
        ("Objet : compte rendu", "objet: compte rendu"),
        ("«\u00a0Reçu\u00a0»", "reçu"),
        ("“Reçu”", "reçu"),
        ("quatre – vingts", "quatre-vingts"),
        ("quatre‑vingt‐dix", "quatre-vingt-dix"),  # non-breaking hyphen, hyphen
        ("aujourd ’ hui", "aujourd'hui"),
        ("l`adjudant", "l'adjudant"),
        ("Reçu...", "reçu"),
        ("Reçu…", "reçu"),
        ("Terminé ?!", "terminé"),
        ("ca\u00adporal", "caporal"),  # soft hyphen
        ("ser\u200bgent", "sergent"),  # zero-width space
        ("e\u0301le\u0300ve", "élève"),  # decomposed accents → NFC
        ("Straße", "strasse"),
        ("a\tb\nc", "a b c"),
        ("", ""),
        ("  .  ", ""),
    ],
)
def test_normalise(raw, normalised):
    assert normalise(raw) == normalised
    assert normalise(normalised) == normalised


def test_normalise_can_keep_case_for_display():
    assert normalise("  L’ Adjudant\u00a0- Chef  !", keep_case=True) == "L'Adjudant-Chef"


def test_fold_accents_and_search_key():
    assert fold_accents("Élève, cœur, Œuvre, ex æquo, reçu") == "Eleve, coeur, OEuvre, ex aequo, recu"
    assert search_key("  L’ÉLÈVE ! ") == "l'eleve"
    assert search_key("Sœur") == "soeur"


# --- accent slips: which letter ---------------------------------------------------------------------------


def test_accent_slip_reports_each_letter_with_its_position():
    grade = grade_answer("eleve", ["élève"])
    assert grade.verdict is Verdict.ACCENT_SLIP and grade.correct
    assert grade.details == (Slip(1, "é", "e"), Slip(3, "è", "e"))
    assert grade.message_key == "grade.accent_slip"


def test_accent_slip_position_is_one_based_in_the_expected_answer():
    grade = grade_answer("Quebec", ["Québec"])
    assert grade.details == (Slip(3, "é", "e"),)
    params = grade.message_params()
    assert (params["position"], params["expected_text"], params["given_text"]) == (3, "é", "e")
    assert params["expected"] == "Québec" and params["slips"] == 1


def test_accent_slip_shows_the_expected_capital_and_what_was_typed():
    grade = grade_answer("ETAT-MAJOR", ["État-major"])
    assert grade.details == (Slip(1, "É", "E"),)


def test_accent_slip_on_a_ligature():
    assert grade_answer("soeur", ["sœur"]).details == (Slip(2, "œ", "oe"),)


def test_wrong_accent_is_a_slip_too():
    grade = grade_answer("élevè", ["élève"])
    assert grade.verdict is Verdict.ACCENT_SLIP
    assert grade.details == (Slip(3, "è", "e"), Slip(5, "e", "è"))


def test_accent_slip_after_a_left_out_article_is_located_in_the_whole_answer():
    grade = grade_answer("eleve", ["l'élève"])
    assert grade.verdict is Verdict.ACCENT_SLIP
    assert grade.details == (Slip(3, "é", "e"), Slip(5, "è", "e"))
    assert grade.diff[0] == DiffSegment("insert", "l'")


def test_accents_that_spell_another_known_word_are_wrong():
    grade = grade_answer("élevé", ["élève"], ["élevé", "élève"])
    assert grade.verdict is Verdict.WRONG and not grade.correct
    assert grade.other_term == "élevé"
    assert grade.message_key == "grade.wrong_other_term"


def test_an_answer_without_accents_is_forgiven_but_warned_when_it_is_another_word():
    grade = grade_answer("arme", ["armé"], ["l'arme", "armé"])
    assert grade.verdict is Verdict.ACCENT_SLIP and grade.correct
    assert grade.other_term == "l'arme"
    assert grade.message_key == "grade.accent_slip_other_term"


# --- typos ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "budget"), [(1, 0), (3, 0), (4, 1), (6, 1), (7, 2), (12, 2), (13, 3), (400, 3)]
)
def test_typo_budget_grows_with_length(length, budget):
    assert typo_budget(length) == budget


def test_typo_reports_the_letter():
    grade = grade_answer("sergant", ["sergent"])
    assert grade.verdict is Verdict.TYPO and grade.correct
    assert grade.details == (Slip(5, "e", "a"),)
    assert grade.diff == (
        DiffSegment("equal", "serg"),
        DiffSegment("replace", "a", "e"),
        DiffSegment("equal", "nt"),
    )


def test_swapped_letters_are_one_slip():
    grade = grade_answer("sergnet", ["sergent"])
    assert grade.verdict is Verdict.TYPO
    assert grade.details == (Slip(5, "en", "ne"),)
    assert grade.diff == (
        DiffSegment("equal", "serg"),
        DiffSegment("replace", "ne", "en"),
        DiffSegment("equal", "t"),
    )


def test_missing_and_extra_letters():
    missing = grade_answer("capitane", ["capitaine"])
    assert missing.details == (Slip(7, "i", ""),)
    assert DiffSegment("insert", "i") in missing.diff
    extra = grade_answer("capitainne", ["capitaine"])
    assert extra.verdict is Verdict.TYPO
    assert [slip.given for slip in extra.details] == ["n"]
    assert any(segment.op == "delete" for segment in extra.diff)


def test_a_short_answer_gets_no_typo():
    assert grade_answer("oiu", ["oui"]).verdict is Verdict.WRONG
    assert grade_answer("UNO", ["ONU"]).verdict is Verdict.WRONG


def test_char_for_chat_depends_on_the_glossary():
    assert grade_answer("chat", ["char"]).verdict is Verdict.TYPO
    grade = grade_answer("chat", ["char"], ["le char", "le chat"])
    assert grade.verdict is Verdict.WRONG and grade.other_term == "le chat"


def test_a_known_word_inside_a_sentence_is_not_a_typo():
    assert grade_answer("Le chat avance", ["Le char avance"]).verdict is Verdict.TYPO
    assert grade_answer("Le chat avance", ["Le char avance"], ["chat"]).verdict is Verdict.WRONG


def test_a_plural_ending_is_not_another_word():
    assert grade_answer("quatre vingt", ["quatre-vingts"], ["vingt"]).verdict is Verdict.TYPO


def test_a_typo_closer_to_another_known_term_is_wrong():
    # «artilleure» is two edits from «artillerie» (allowed for 10 letters) but one from «artilleur».
    assert grade_answer("artilleure", ["artillerie"]).verdict is Verdict.TYPO
    grade = grade_answer("artilleure", ["artillerie"], ["l'artillerie", "l'artilleur"])
    assert grade.verdict is Verdict.WRONG and grade.other_term == "l'artilleur"


def test_the_accepted_term_in_the_glossary_does_not_block_its_own_typos():
    assert grade_answer("sergant", ["sergent"], ["sergent", "le sergent"]).verdict is Verdict.TYPO


def test_a_wrong_word_in_a_sentence_is_not_a_typo_even_within_the_budget():
    assert (
        grade_answer("Je vous reçois six sur cinq", ["Je vous reçois cinq sur cinq"]).verdict is Verdict.WRONG
    )


# --- articles -------------------------------------------------------------------------------------------


def test_wrong_article_names_both_articles():
    grade = grade_answer("le section", ["la section"])
    assert grade.verdict is Verdict.WRONG_ARTICLE and not grade.correct
    assert grade.details == (Slip(1, "la", "le"),)
    assert grade.message_key == "grade.wrong_article"


def test_bare_noun_is_exact_and_the_diff_shows_the_article():
    grade = grade_answer("section", ["la section"])
    assert grade.verdict is Verdict.EXACT and grade.correct
    assert grade.message_key == "grade.exact_no_article"
    assert grade.diff == (DiffSegment("insert", "la "), DiffSegment("equal", "section"))


def test_bare_noun_is_a_wrong_article_when_articles_are_required():
    grade = grade_answer("section", ["la section"], articles=False)
    assert grade.verdict is Verdict.WRONG_ARTICLE
    assert grade.details == (Slip(1, "la", ""),)


def test_an_article_added_to_a_bare_answer_must_agree():
    assert grade_answer("la section", ["section"], ["la section"]).verdict is Verdict.EXACT
    wrong = grade_answer("le section", ["section"], ["la section"])
    assert wrong.verdict is Verdict.WRONG_ARTICLE and wrong.details == (Slip(1, "la", "le"),)
    elided = grade_answer("le adjudant", ["adjudant"])
    assert elided.verdict is Verdict.WRONG_ARTICLE and elided.details == (Slip(1, "l'", "le"),)


def test_an_article_cannot_be_left_out_of_a_sentence():
    # «La patrouille part à six heures.» is a sentence, not a noun: its article is not optional.
    grade = grade_answer("patrouille part à six heures", ["La patrouille part à six heures."])
    assert grade.verdict is Verdict.WRONG_ARTICLE and grade.details == (Slip(1, "La", ""),)


# --- diff and Markdown -----------------------------------------------------------------------------------


def test_exact_answer_diff_is_one_equal_segment_with_the_expected_capitals():
    assert grade_answer("quebec!", ["Québec"]).diff[0] == DiffSegment("equal", "Qu")
    assert grade_answer("québec", ["Québec"]).diff == (DiffSegment("equal", "Québec"),)


def test_diff_segments_read_as_op_and_text():
    op, text = grade_answer("sergant", ["sergent"]).diff[0][:2]
    assert (op, text) == ("equal", "serg")


def test_a_completely_different_answer_is_one_replaced_block():
    assert grade_answer("bonjour", ["sergent"]).diff == (DiffSegment("replace", "bonjour", "sergent"),)


def test_a_huge_answer_is_wrong_and_its_diff_is_cut():
    grade = grade_answer("x" * 10_000, ["sergent"])
    assert grade.verdict is Verdict.WRONG
    assert len(grade.diff) == 1 and len(grade.diff[0].text) <= 121


def test_diff_markdown_marks_missing_extra_and_replaced_text():
    diff = (
        DiffSegment("equal", "serg"),
        DiffSegment("replace", "a", "e"),
        DiffSegment("equal", "n"),
        DiffSegment("delete", "n"),
        DiffSegment("insert", "t"),
    )
    assert diff_markdown(diff) == "serg:red[~~a~~]:green[**e**]n:red[~~n~~]:green[**t**]"


def test_diff_markdown_keeps_spaces_outside_the_markup_and_shows_a_missing_space():
    assert diff_markdown([DiffSegment("insert", "la "), DiffSegment("equal", "section")]) == (
        ":green[**la**] section"
    )
    assert diff_markdown([DiffSegment("replace", " ", "-")]) == ":red[~~\u2423~~]:green[**\\-**]"


def test_diff_markdown_accepts_plain_pairs():
    assert diff_markdown([("equal", "ok"), ("insert", "!")]) == "ok:green[**\\!**]"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("*gras*", "\\*gras\\*"),
        ("_souligné_", "\\_souligné\\_"),
        ("[lien](http://x)", "\\[lien\\]\\(http\\:\\/\\/x\\)"),
        ("<script>alert(1)</script>", "\\<script\\>alert\\(1\\)\\<\\/script\\>"),
        (":smile: :red[x]", "\\:smile\\: \\:red\\[x\\]"),
        ("$x^2$", "\\$x\\^2\\$"),
        ("# titre", "\\# titre"),
        ("a\nb", "a b"),
        ("a\\b", "a\\\\b"),
        ("`code`", "\\`code\\`"),
        ("~~barré~~", "\\~\\~barré\\~\\~"),
    ],
)
def test_diff_markdown_escapes_learner_text(text, escaped):
    assert diff_markdown([("equal", text)]) == escaped
    assert diff_markdown([("delete", text)]) == f":red[~~{escaped.strip()}~~]"


def test_markdown_of_a_hostile_answer_is_inert():
    grade = grade_answer("<script>alert('x')</script> *[a](b)*", ["char"])
    markdown = diff_markdown(grade.diff)
    assert "<script>" not in markdown
    assert "\\<script\\>" in markdown
    # Once escaped characters and our own markup are taken out, no Markdown syntax is left.
    bare = re.sub(r"\\.", "", markdown)
    for markup in (":red[~~", "~~]", ":green[**", "**]"):
        bare = bare.replace(markup, "")
    assert not set(bare) & set("*_[]()<>`~:$#!|\\"), bare


def test_diff_markdown_refuses_an_unknown_operation():
    with pytest.raises(ValueError):
        diff_markdown([("swap", "x")])


# --- the Grade and ratings --------------------------------------------------------------------------------


def test_grade_is_frozen_and_its_message_key_is_known():
    grade = grade_answer("Zulu", ["Zoulou", "Zulu"])
    assert grade.verdict is Verdict.ALTERNATIVE and grade.matched == "Zulu" and grade.expected == "Zoulou"
    assert grade.message_key in MESSAGE_KEYS
    with pytest.raises(dataclasses.FrozenInstanceError):
        grade.verdict = Verdict.WRONG  # type: ignore[misc]


@pytest.mark.parametrize(
    ("given", "accepted", "known"),
    [
        ("", ["char"], ()),
        ("char", ["char"], ()),
        ("section", ["la section"], ()),
        ("Zulu", ["Zoulou", "Zulu"], ()),
        ("eleve", ["élève"], ()),
        ("arme", ["armé"], ["arme"]),
        ("sergant", ["sergent"], ()),
        ("le section", ["la section"], ()),
        ("chat", ["char"], ["chat"]),
        ("bonjour", ["char"], ()),
    ],
)
def test_every_message_key_is_declared(given, accepted, known):
    grade = grade_answer(given, accepted, known)
    assert grade.message_key in MESSAGE_KEYS
    assert set(grade.message_params()) >= {
        "expected",
        "position",
        "expected_text",
        "given_text",
        "other_term",
    }


def _grade(verdict: Verdict) -> Grade:
    correct = verdict in {Verdict.EXACT, Verdict.ALTERNATIVE, Verdict.ACCENT_SLIP, Verdict.TYPO}
    return Grade(verdict, correct, "char", "char", f"grade.{verdict.value}")


@pytest.mark.parametrize(
    ("verdict", "elapsed", "rating"),
    [
        (Verdict.WRONG, None, AGAIN),
        (Verdict.WRONG, 1.0, AGAIN),
        (Verdict.EMPTY, 1.0, AGAIN),
        (Verdict.WRONG_ARTICLE, 1.0, AGAIN),
        (Verdict.ACCENT_SLIP, 1.0, HARD),
        (Verdict.TYPO, None, HARD),
        (Verdict.EXACT, None, GOOD),
        (Verdict.EXACT, 20.0, GOOD),
        (Verdict.EXACT, 8.0, EASY),
        (Verdict.ALTERNATIVE, 2.5, EASY),
        (Verdict.EXACT, -1.0, GOOD),
        (Verdict.EXACT, float("nan"), GOOD),
    ],
)
def test_rating_for(verdict, elapsed, rating):
    assert rating_for(_grade(verdict), elapsed) == rating


def test_rating_for_custom_quick_threshold():
    assert rating_for(_grade(Verdict.EXACT), 10.0, quick_s=12.0) == EASY
    assert rating_for(_grade(Verdict.EXACT), 10.0) == GOOD
    assert rating_for(grade_answer("Reçu", ["Reçu"]), 3) == EASY


# --- TermIndex and inputs ---------------------------------------------------------------------------------


def test_term_index():
    index = TermIndex(["la section", "le char", "  ", "le char", "Québec"])
    assert len(index) == 3
    assert "Quebec" in index and "section" in index and "LA SECTION !" in index and "chat" not in index
    assert index.articles_for("Section") == {"la"}
    assert index.articles_for("québec") == frozenset()
    assert list(index) == ["la section", "le char", "Québec"]


def test_accepted_may_be_a_single_string_but_not_blank():
    assert grade_answer("char", "char").verdict is Verdict.EXACT
    for accepted in ([], [""], ["  ", "char"]):
        with pytest.raises(ValueError):
            grade_answer("char", accepted)


def test_blank_alternatives_are_ignored():
    assert grade_answer("char", ["char", "", "  "]).verdict is Verdict.EXACT


def test_none_given_is_empty():
    assert grade_answer(None, ["char"]).verdict is Verdict.EMPTY  # type: ignore[arg-type]


HOSTILE = [
    "x" * 10_000,
    "é" * 10_000,
    "sergent " * 1_250,
    " " * 9_999 + "a",
    "\x00\x01\x1b[31m" * 2_000,
    "🙂👨\u200d👩\u200d👧" * 2_000,
    "\u0301" * 10_000,
    "l' " * 3_000,
    "«»" * 5_000,
    '".' * 5_000,
    "\ud800" * 1_000,
    "a\u202e" * 5_000,
    "x" * 1_000_000,
]


@pytest.mark.parametrize("given", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_graded_quickly(given):
    index = TermIndex(["sergent", "sergent-chef", "le char", "chat"] + [f"terme{i}" for i in range(1_500)])
    start = time.perf_counter()
    grade = grade_answer(given, ["sergent-chef", "sergent chef"], index)
    diff_markdown(grade.diff)
    assert time.perf_counter() - start < 0.5
    assert grade.verdict in {Verdict.WRONG, Verdict.EMPTY}
    assert len(grade.given) <= 20_000
