"""The graders of the new exercise kinds, each with a table of answers a learner might give."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from exercises.compte_rendu import MAX_REPORT_CHARS, grade_report
from exercises.grading import Verdict
from exercises.open_exercises import (
    InvalidAnswer,
    check_open,
    error_token_indexes,
    grade_spot,
    spot_tokens,
)
from exercises.roleplay import walk_roleplay
from exercises.terms import TermIndex
from exercises.unit_exercises import check_exercise
from lessons.model import Exercise, Unit
from lessons.parser import parse_unit

KINDS_UNIT = (
    Path(__file__).resolve().parent.parent / "fixtures" / "content" / "kinds" / "course" / "05-kinds.md"
)
TERMS = TermIndex(["Tango Zéro", "Tango Deux", "Bravo", "Charlie", "parlez", "terminé", "reçu", "le camion"])


@cache
def unit() -> Unit:
    return parse_unit(KINDS_UNIT.read_text(encoding="utf-8"), str(KINDS_UNIT))


def exercise(local_id: str) -> Exercise:
    found = unit().exercise(local_id)
    assert found is not None
    return found


# --- dictation: one typed answer, the usual grader -----------------------------------------------------


@pytest.mark.parametrize(
    ("given", "verdict"),
    [
        ("Rendez-vous au point Bravo à quatorze heures trente.", Verdict.EXACT),
        ("rendez-vous au point bravo a quatorze heures trente", Verdict.ACCENT_SLIP),
        ("rendez vous au point bravo a quatorze heures trente", Verdict.TYPO),  # the hyphen is shown
        ("Rendez-vous au point Bravo à 14 h 30", Verdict.ALTERNATIVE),
        ("Rendez-vous au point Bravo à quatorze heures trnete", Verdict.TYPO),
        ("Rendez-vous au point Charlie à quatorze heures trente", Verdict.WRONG),
        ("Rendez-vous au point Bravo à quinze heures trente", Verdict.WRONG),
        ("", Verdict.EMPTY),
    ],
)
def test_dictation(given, verdict):
    assert check_exercise(exercise("e2"), given, TERMS).verdict is verdict


# --- radio and form: each question or line graded -------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "verdicts", "correct", "score", "stored"),
    [
        (["Tango Deux", "au point Bravo"], ["exact", "exact"], True, 1.0, "right"),
        (["tango deux", "Bravo"], ["exact", "alternative"], True, 1.0, "right"),
        (["Tango Deu", "point Bravo"], ["typo", "alternative"], True, 1.0, "right"),
        (["Tango Zéro", "au point Bravo"], ["wrong", "exact"], False, 0.5, "partly"),
        (["Tango Deux"], ["exact", "empty"], False, 0.5, "partly"),
        (["Tango Zéro", "Charlie"], ["wrong", "wrong"], False, 0.0, "wrong"),
        ([], ["empty", "empty"], False, 0.0, "empty"),
        ({2: "Bravo"}, ["empty", "alternative"], False, 0.5, "partly"),
    ],
)
def test_radio_questions(answers, verdicts, correct, score, stored):
    check = check_open(exercise("e3"), answers, TERMS)
    assert [part.grade.verdict.value for part in check.parts] == verdicts
    assert (check.correct, check.score, check.verdict) == (correct, score, stored)
    assert check.parts[0].label.en == "Who is calling?"


@pytest.mark.parametrize(
    ("answers", "verdicts"),
    [
        (["34T CM 508 914", "45,500 Tango Deux"], ["exact", "exact"]),
        (["34TCM508914", "45,500, Tango Deux"], ["alternative", "alternative"]),
        (["34t cm 508 914", "45,500 tango deux"], ["exact", "exact"]),
        (["34T CM 508 915", "45,500 Tango Deux"], ["wrong", "exact"]),  # a digit is never a typo
        (["34T CM 508 914", "45,500 Tango Zéro"], ["exact", "wrong"]),
        (["34T CM 508 914", "45,50 Tango Deux"], ["exact", "wrong"]),  # a typo, but a digit is lost
        (["34T CM 508 914", "45,500 Tango Deu"], ["exact", "typo"]),
    ],
)
def test_form_lines(answers, verdicts):
    check = check_open(exercise("e5"), answers, TERMS)
    assert [part.grade.verdict.value for part in check.parts] == verdicts
    assert check.correct == all(v in ("exact", "alternative", "typo") for v in verdicts)


def test_a_wrong_line_carries_the_graders_explanation():
    [first, _] = check_open(exercise("e5"), ["34T CM 508 915", ""], TERMS).parts
    assert first.grade.message_key == "grade.wrong" and first.grade.expected == "34T CM 508 914"
    assert first.given == "34T CM 508 915"


@pytest.mark.parametrize("bad", ["Tango Deux", 3, None, ["a", "b", "c"]])
def test_radio_refuses_what_is_not_one_answer_per_question(bad):
    with pytest.raises(InvalidAnswer):
        check_open(exercise("e3"), bad, TERMS)


def test_hostile_part_answers_are_cut_and_graded():
    check = check_open(exercise("e3"), ["x" * 100_000, "\u202e<script>Bravo"], TERMS)
    assert len(check.parts[0].given) == 300 and not check.correct


# --- compte rendu: the elements it must contain --------------------------------------------------------

MODEL = (
    "Ici Tango Deux. À 14 h 30, au point Bravo, nous avons observé un pick-up armé qui part vers le nord. "
    "Je demande des instructions."
)


@pytest.mark.parametrize(
    ("text", "found", "missing"),
    [
        (MODEL, {"who", "what", "where", "when", "done", "request"}, set()),
        # accents, case and punctuation never matter; spaces may be missing in times and compounds
        ("ici tango deux. a 14h30 au POINT BRAVO nous avons observe un pickup. je demande des renforts",
         {"who", "what", "where", "when", "done", "request"}, set()),
        # small typos forgiven in long words
        ("Ma patrouille a obsrevé un camoin au carrefour à quatorze heures trente. Demande instructions.",
         {"who", "what", "where", "when", "done", "request"}, set()),
        # another time is not the time; «vous» is not «nous»
        ("Vous avez vu un camion au point Bravo à 14 h 20. Je demande des instructions.",
         {"what", "where", "request"}, {"who", "when", "done"}),
        ("", set(), {"who", "what", "where", "when", "done", "request"}),
    ],
)  # fmt: skip
def test_compte_rendu_elements(text, found, missing):
    grade = grade_report(exercise("e6"), text)
    assert {e.name for e in grade.elements if e.found} == found
    assert {e.name for e in grade.elements if not e.found} == missing
    assert grade.correct == (not missing)
    assert grade.score == pytest.approx(len(found) / 6)


def test_compte_rendu_feedback_names_the_phrase_and_the_words_written():
    grade = grade_report(exercise("e6"), "Ma patrouille a obsrevé un camion.")
    by_name = {element.name: element for element in grade.elements}
    assert (by_name["who"].phrase, by_name["who"].written, by_name["who"].exact) == (
        "ma patrouille", "Ma patrouille", True,
    )  # fmt: skip
    assert (by_name["done"].phrase, by_name["done"].written, by_name["done"].exact) == (
        "observé", "obsrevé", False,
    )  # fmt: skip
    assert by_name["when"].expected == ("14 h 30", "quatorze heures trente") and not by_name["when"].found


def test_compte_rendu_stored_verdicts():
    assert check_open(exercise("e6"), MODEL).verdict == "right"
    assert check_open(exercise("e6"), "Tango Deux.").verdict == "partly"
    assert check_open(exercise("e6"), "Rien à signaler.").verdict == "wrong"
    assert check_open(exercise("e6"), "  ").verdict == "empty"


def test_compte_rendu_reads_only_the_first_characters():
    text = "x " * MAX_REPORT_CHARS + MODEL
    assert grade_report(exercise("e6"), text).found == 0


# --- role-play: the path and the outcome ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("choices", "path", "outcome", "score"),
    [
        ([0, 0], ("a", "b", "d"), "success", 1.0),
        ([0, 1], ("a", "b", "c"), "fail", 0.0),
        ([1], ("a", "c"), "fail", 0.0),
        ([0], ("a", "b"), "", 0.0),
        ([], ("a",), "", 0.0),
    ],
)
def test_roleplay_walk(choices, path, outcome, score):
    walk = walk_roleplay(exercise("e7"), choices)
    assert (walk.path, walk.outcome, walk.finished, walk.score) == (path, outcome, bool(outcome), score)
    assert len(walk.replies) == len(choices)


@pytest.mark.parametrize("choices", [[2], [0, 0, 0], [-1], ["0"], [True], [0.0]])
def test_roleplay_refuses_a_reply_that_is_not_offered(choices):
    with pytest.raises(ValueError):
        walk_roleplay(exercise("e7"), choices)


def test_roleplay_is_checked_only_once_it_has_ended():
    check = check_open(exercise("e7"), [0, 0])
    assert (check.correct, check.verdict, check.walk.path) == (True, "success", ("a", "b", "d"))
    assert check_open(exercise("e7"), [1]).verdict == "fail"
    with pytest.raises(InvalidAnswer):
        check_open(exercise("e7"), [0])
    with pytest.raises(InvalidAnswer):
        check_open(exercise("e7"), "0,0")


# --- spot the error -------------------------------------------------------------------------------------


def test_spot_tokens_and_the_error_words():
    spot = exercise("e8")
    tokens = spot_tokens(spot)
    assert tokens[-2:] == ("Terminé,", "parlez.")
    assert error_token_indexes(spot) == {len(tokens) - 2}


@pytest.mark.parametrize(
    ("picked", "correction", "found", "right", "verdict"),
    [
        ([11], "", True, True, "right"),
        ([11], " , ", True, True, "right"),  # only punctuation: nothing typed
        ([11], "Parlez", True, False, "wrong_fix"),
        ([12], "", False, True, "wrong_part"),
        ([11, 12], "", False, True, "wrong_part"),
        ([], "", False, True, "wrong_part"),
    ],
)
def test_spot_a_part_that_must_go(picked, correction, found, right, verdict):
    check = check_open(exercise("e8"), {"picked": picked, "correction": correction}, TERMS)
    assert (check.spot.found, check.spot.correction_right, check.verdict) == (found, right, verdict)
    assert check.correct == (found and right)


def test_spot_with_a_correction_uses_the_grader():
    base = exercise("e8")
    from dataclasses import replace

    spot = replace(base, prompt="Tango Zéro ici Tango Deux. Je vous reçois cinq sur cinq. Terminé.",
                   error="Terminé.", answer="Parlez.")  # fmt: skip
    index = len(spot_tokens(spot)) - 1
    table = [("Parlez", True), ("parlez.", True), ("Parelz", True), ("Reçu", False), ("", False)]
    results = [grade_spot(spot, [index], text, TERMS).correction_right for text, _ in table]
    assert results == [expected for _, expected in table]
    assert grade_spot(spot, [index], "Parlz", TERMS).grade.verdict is Verdict.TYPO


@pytest.mark.parametrize("bad", ["Terminé", [0], {"picked": [99]}, {"picked": "10"}, {"picked": [True]}])
def test_spot_refuses_malformed_input(bad):
    with pytest.raises(InvalidAnswer):
        check_open(exercise("e8"), bad, TERMS)


# --- speaking: a self-rating ----------------------------------------------------------------------------


@pytest.mark.parametrize(("rating", "correct", "score"), [(1, False, 0.0), (2, False, 0.5), (3, True, 1.0)])
def test_speaking_self_rating(rating, correct, score):
    check = check_open(exercise("e4"), rating)
    assert (check.correct, check.score, check.verdict, check.rating) == (
        correct,
        score,
        f"rated_{rating}",
        rating,
    )


@pytest.mark.parametrize("bad", [0, 4, "3", True, None, 2.5])
def test_speaking_refuses_other_ratings(bad):
    with pytest.raises(InvalidAnswer):
        check_open(exercise("e4"), bad)


def test_other_kinds_are_not_checked_here():
    with pytest.raises(InvalidAnswer):
        check_open(exercise("e1"), "Parlez")


# --- in quizzes: dictation, spot and form lines ----------------------------------------------------------


def test_a_unit_quiz_draws_the_kinds_a_quiz_can_ask():
    from exercises.quizzes import CHOICE_KINDS, grade_question, unit_quiz

    quiz = unit_quiz(unit(), length=60, seed=3)
    asked = {question.id: question for question in quiz.questions if "#" in question.id}
    assert sorted(asked) == [
        "u05-kinds#e1", "u05-kinds#e2", "u05-kinds#e5:f1", "u05-kinds#e5:f2", "u05-kinds#e8",
    ]  # fmt: skip
    dictation = asked["u05-kinds#e2"]
    assert (dictation.kind, dictation.prompt, dictation.audio_text) == ("dictation", "", exercise("e2").say)
    spot = asked["u05-kinds#e8"]
    assert spot.kind in CHOICE_KINDS and spot.instruction == "quiz.instruction.spot"
    assert spot.options == (  # each word once, in the message's order («cinq.» is «cinq»)
        "Tango", "Zéro", "ici", "Deux.", "Je", "vous", "reçois", "cinq", "sur", "Terminé,", "parlez.",
    )  # fmt: skip
    assert [grade_question(spot, option, TERMS).correct for option in spot.options].count(True) == 1
    assert grade_question(spot, "Terminé,", TERMS).correct
    line = asked["u05-kinds#e5:f1"]
    assert line.kind == "form_field" and line.prompt == exercise("e5").scenario.fr
    assert (
        line.instruction.en
        == "Read the situation and fill in the MEDEVAC request. — Line 1: pick-up site location"
    )
    assert grade_question(line, "34TCM508914", TERMS).correct
    assert not grade_question(asked["u05-kinds#e5:f2"], "45,50 Tango Deux", TERMS).correct


def test_a_spot_whose_error_is_several_words_or_repeated_is_not_a_quiz_question():
    from dataclasses import replace

    from exercises.quizzes import unit_quiz

    two_words = replace(exercise("e8"), error="Terminé, parlez.")
    repeated = replace(exercise("e8"), local_id="e9", id="u05-kinds#e9", prompt="Parlez. Reçu, parlez.",
                       error="parlez.")  # fmt: skip
    changed = replace(unit(), exercises=(two_words, repeated))
    assert [q.kind for q in unit_quiz(changed, length=60, seed=1).questions if "#" in q.id] == []
