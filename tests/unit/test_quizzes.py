"""Quizzes: assembled deterministically from the manual, always answerable, graded like the lessons."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import i18n
from exercises.grading import Verdict
from exercises.quizzes import (
    CHOICE_KINDS,
    QUESTION_KINDS,
    VOCAB_CHOICE_INSTRUCTION,
    VOCAB_CHOICE_PHRASE_INSTRUCTION,
    VOCAB_TYPE_INSTRUCTION,
    Quiz,
    QuizQuestion,
    final_assessment,
    grade_question,
    passed,
    placement_test,
    question_unit_id,
    score,
    suggest_start,
    unit_quiz,
)
from lessons.model import Exercise, Manual, Note, Unit, VocabEntry
from library.content import ContentLibrary, load_library
from text.content import LANGS, Text3
from text.french import slug
from text.normalise import search_key

CONTENT = Path(__file__).resolve().parents[2] / "content"
VOCAB_KINDS = {"vocab_choice", "vocab_type"}
EXERCISE_KINDS = set(QUESTION_KINDS) - VOCAB_KINDS


@cache
def library() -> ContentLibrary:
    return load_library(CONTENT)


def real_manual() -> Manual:
    return library().manual


def unit_ids() -> list[str]:
    return [unit.id for unit in real_manual().units]


# --- fabricated content ---------------------------------------------------------------------------------

T = Text3("x", "x", "x")


def vocab(unit_id: str, french: str, pos: str, english: str, spanish: str = "") -> VocabEntry:
    return VocabEntry(f"{unit_id}/{slug(french)}", french, pos, english, spanish or english, "", unit_id, 1)


def exercise(unit_id: str, local_id: str, kind: str, answer: str, **fields) -> Exercise:
    return Exercise(
        id=f"{unit_id}#{local_id}",
        local_id=local_id,
        kind=kind,
        instruction=Text3(f"do {local_id}", f"faites {local_id}", f"haga {local_id}"),
        prompt=fields.get("prompt", ""),
        options=tuple(fields.get("options", ())),
        answer=answer,
        accept=tuple(fields.get("accept", ())),
        line=1,
    )


def make_unit(
    unit_id: str,
    number: int = 1,
    level: str = "A1",
    vocabulary: tuple[VocabEntry, ...] = (),
    exercises: tuple[Exercise, ...] = (),
) -> Unit:
    return Unit(
        id=unit_id,
        number=number,
        level=level,
        title=Text3(unit_id, unit_id, unit_id),
        goals=(),
        dialogues=(),
        vocabulary=vocabulary,
        grammar=Note(T, T),
        culture=Note(T, T),
        exercises=exercises,
        path=f"course/{unit_id}.md",
    )


def small_manual() -> Manual:
    """Three units, A1 → B1, two exercises and four words each."""
    units = []
    for number, level in enumerate(("A1", "A2", "B1")):
        uid = f"u{number}-test"
        words = tuple(
            vocab(uid, f"le mot{number}{i}", "m", f"word {number}{i}", f"palabra {number}{i}")
            for i in range(4)
        )
        exercises = (
            exercise(uid, "e1", "gap", f"réponse{number}", prompt="Voici ___."),
            exercise(uid, "e2", "choice", "oui", options=("oui", "non", "peut-être")),
        )
        units.append(make_unit(uid, number, level, words, exercises))
    return Manual(units=tuple(units))


# --- every quiz over the real manual ----------------------------------------------------------------------


def all_real_quizzes() -> list[Quiz]:
    manual = real_manual()
    quizzes = [unit_quiz(unit, seed=seed) for unit in manual.units for seed in (1, 2)]
    quizzes += [unit_quiz(unit, length=1000, seed=7) for unit in manual.units]  # every question of the unit
    quizzes += [placement_test(manual, seed=seed) for seed in (1, 2)]
    quizzes += [final_assessment(manual, seed=seed) for seed in (1, 2)]
    return quizzes


@cache
def real_quizzes() -> tuple[Quiz, ...]:
    return tuple(all_real_quizzes())


def test_the_real_manual_loads_without_errors():
    assert real_manual().units
    assert not real_manual().errors


@pytest.mark.parametrize("lang", LANGS)
def test_every_question_of_every_real_quiz_is_answerable_with_its_canonical_answer(lang):
    terms = library().terms
    checked = 0
    for quiz in real_quizzes():
        for question in quiz.questions:
            assert question.accepted and question.accepted[0].strip(), question.id
            grade = grade_question(question, question.accepted[0], terms)
            assert grade.correct, (question.id, grade.verdict)
            shown = question.accepted_for(lang)[0]
            grade = grade_question(question, shown, terms, lang=lang)
            assert grade.correct and grade.verdict is Verdict.EXACT, (question.id, lang, grade.verdict)
            assert grade.expected == shown
            checked += 1
    assert checked > 500


@pytest.mark.parametrize("lang", LANGS)
def test_in_every_real_choice_exactly_one_shown_option_is_right(lang):
    terms = library().terms
    for quiz in real_quizzes():
        for question in quiz.questions:
            if question.kind not in CHOICE_KINDS:
                continue
            options = question.options_for(lang)
            assert len(set(options)) == len(options) >= 2, question.id
            verdicts = [grade_question(question, option, terms, lang=lang) for option in options]
            assert sum(grade.correct for grade in verdicts) == 1, (question.id, options)
            wrong = {grade.verdict for grade in verdicts if not grade.correct}
            assert wrong <= {Verdict.WRONG, Verdict.WRONG_ARTICLE}, (question.id, wrong)


def test_every_real_question_is_well_formed():
    for quiz in real_quizzes():
        ids = [question.id for question in quiz.questions]
        assert len(ids) == len(set(ids)), quiz.id
        for question in quiz.questions:
            assert question.kind in QUESTION_KINDS
            assert question_unit_id(question.id) == question.unit_id
            for lang in LANGS:
                assert question.instruction_for(lang, i18n.t).strip(), (question.id, lang)
            if question.kind == "order":
                assert sorted(question.options) == sorted(question.accepted[0].split())
            if question.kind in VOCAB_KINDS:
                assert question.prompt_for("en").strip() and question.prompt_for("es").strip()


def test_a_quiz_never_asks_the_same_french_term_twice():
    for quiz in real_quizzes():
        terms = [
            search_key(question.prompt if question.kind == "vocab_choice" else question.accepted[0])
            for question in quiz.questions
            if question.kind in VOCAB_KINDS
        ]
        assert len(terms) == len(set(terms)), quiz.id


# --- unit quizzes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("unit_id", unit_ids())
def test_unit_quiz_is_deterministic_by_seed(unit_id):
    unit = real_manual().unit(unit_id)
    assert unit_quiz(unit, seed=42) == unit_quiz(unit, seed=42)
    assert unit_quiz(unit, seed="abc") == unit_quiz(unit, seed="abc")
    different = {unit_quiz(unit, seed=seed).questions for seed in range(5)}
    assert len(different) > 1


_FINGERPRINT = """
from pathlib import Path
from exercises.quizzes import final_assessment, placement_test, unit_quiz
from library.content import load_library
manual = load_library(Path({content!r})).manual
quizzes = [unit_quiz(unit, seed=5) for unit in manual.units]
quizzes += [placement_test(manual, seed=5), final_assessment(manual, seed=5)]
print(repr(quizzes))
"""


def test_quizzes_are_the_same_in_another_process_whatever_the_hash_seed():
    script = _FINGERPRINT.format(content=str(CONTENT))
    root = str(CONTENT.parent)
    outputs = set()
    for hash_seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": root}
        result = subprocess.run(
            [sys.executable, "-c", script], env=env, cwd=root, capture_output=True, text=True, check=True
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


@pytest.mark.parametrize("unit_id", unit_ids())
def test_unit_quiz_has_the_asked_length_and_mixed_kinds(unit_id):
    unit = real_manual().unit(unit_id)
    for seed in range(4):
        quiz = unit_quiz(unit, seed=seed, time_limit_s=300)
        assert (quiz.id, quiz.kind, quiz.time_limit_s, quiz.pass_mark) == (
            f"unit:{unit_id}",
            "unit",
            300,
            0.7,
        )
        assert len(quiz) == 10
        assert {question.unit_id for question in quiz.questions} == {unit_id}
        kinds = Counter(question.kind for question in quiz.questions)
        assert set(kinds) >= VOCAB_KINDS, kinds
        assert len(set(kinds) & EXERCISE_KINDS) >= 3, kinds
        assert sum(kinds[kind] for kind in EXERCISE_KINDS) == 5
    assert len(unit_quiz(unit, length=4, seed=1)) == 4
    assert len(unit_quiz(unit, length=1, seed=1)) == 1


def test_unit_quiz_is_shuffled_not_exercises_then_vocabulary():
    unit = real_manual().units[1]
    orders = {tuple(q.kind in VOCAB_KINDS for q in unit_quiz(unit, seed=seed).questions) for seed in range(6)}
    assert len(orders) > 1


def test_a_unit_with_fewer_items_than_the_length_gives_all_it_has_once():
    uid = "u09-tiny"
    unit = make_unit(
        uid,
        vocabulary=(vocab(uid, "le char", "m", "tank", "carro"), vocab(uid, "la jeep", "f", "jeep", "jeep")),
        exercises=(
            exercise(uid, "e1", "gap", "char", prompt="Le ___ avance."),
            exercise(uid, "e2", "translate", "Le char avance."),
            exercise(uid, "e3", "gap", "   "),  # blank answer: never a question
            exercise(uid, "e4", "choice", "oui", options=("non", "peut-être")),  # answer not offered
        ),
    )
    quiz = unit_quiz(unit, length=10, seed=3)
    ids = [question.id for question in quiz.questions]
    assert len(ids) == len(set(ids)) == 4
    assert {f"{uid}#e1", f"{uid}#e2"} <= set(ids)
    assert not {f"{uid}#e3", f"{uid}#e4"} & set(ids)
    assert sum(question.kind in VOCAB_KINDS for question in quiz.questions) == 2  # one per word, not both


def test_an_empty_unit_gives_an_empty_quiz():
    quiz = unit_quiz(make_unit("u09-empty"), seed=1)
    assert quiz.questions == ()
    assert score([]) == 0.0


@pytest.mark.parametrize("bad", [0, -1, True, 2.5])
def test_lengths_must_be_positive_ints(bad):
    unit = real_manual().units[0]
    with pytest.raises(ValueError):
        unit_quiz(unit, length=bad, seed=1)
    with pytest.raises(ValueError):
        final_assessment(real_manual(), length=bad, seed=1)
    with pytest.raises(ValueError):
        placement_test(real_manual(), per_unit=bad, seed=1)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=-(2**40), max_value=2**40), length=st.integers(min_value=1, max_value=25))
def test_any_seed_and_length_give_a_valid_answerable_unit_quiz(seed, length):
    unit = real_manual().units[seed % len(real_manual().units)]
    quiz = unit_quiz(unit, length=length, seed=seed)
    assert len(quiz) == length
    assert len({question.id for question in quiz.questions}) == length
    for question in quiz.questions:
        assert grade_question(question, question.accepted[0], library().terms).correct


# --- vocabulary questions ---------------------------------------------------------------------------------


def test_vocabulary_instructions_exist_in_the_three_languages():
    for instruction in (VOCAB_CHOICE_INSTRUCTION, VOCAB_CHOICE_PHRASE_INSTRUCTION, VOCAB_TYPE_INSTRUCTION):
        texts = [i18n.t(instruction, lang) for lang in LANGS]
        assert all(text.strip() for text in texts)
        assert len(set(texts)) == 3
    assert i18n.t(VOCAB_CHOICE_INSTRUCTION, "fr") == "Que signifie ce mot ?"
    assert i18n.t(VOCAB_TYPE_INSTRUCTION, "es") == "Escríbalo en francés."


def real_vocab_choices() -> list[tuple[QuizQuestion, VocabEntry]]:
    manual = real_manual()
    found = []
    for unit in manual.units:
        entries = {f"{entry.id}:fr>gloss": entry for entry in unit.vocabulary}
        for seed in range(3):
            for question in unit_quiz(unit, length=1000, seed=seed).questions:
                if question.kind == "vocab_choice":
                    found.append((question, entries[question.id]))
    return found


def senses(entry: VocabEntry) -> set[str]:
    return {search_key(sense) for text in (entry.english, entry.spanish) for sense in text.split(";")}


def test_vocab_choice_distractors_never_carry_the_answers_gloss():
    by_gloss = {}
    for unit in real_manual().units:
        for entry in unit.vocabulary:
            by_gloss.setdefault((unit.id, entry.english, entry.spanish), entry)
    choices = real_vocab_choices()
    assert len(choices) > 100
    for question, entry in choices:
        assert question.prompt == entry.french and question.audio_text == entry.french
        assert 2 <= len(question.options) <= 4
        for lang in LANGS:
            options = question.options_for(lang)
            assert options.count(entry.gloss(lang)) == 1, (question.id, lang)
        right = [gloss for gloss in question.option_glosses if gloss.en == entry.english]
        assert len(right) == 1
        for gloss in question.option_glosses:
            if gloss is right[0]:
                continue
            assert gloss.en != entry.english and gloss.es != entry.spanish, question.id
            distractor = by_gloss[(question.unit_id, gloss.en, gloss.es)]
            assert distractor.french != entry.french
            assert not senses(distractor) & senses(entry), (question.id, distractor.french)


def test_real_noun_questions_get_noun_distractors():
    """Unit 1 has 28 nouns: a noun's distractors are nouns of the same gender (``m``) when it is ``m``."""
    unit = real_manual().unit("u01-ranks")
    pos_by_gloss = {entry.english: entry.pos for entry in unit.vocabulary}
    for question in unit_quiz(unit, length=1000, seed=5).questions:
        if question.kind != "vocab_choice":
            continue
        entry_pos = next(e.pos for e in unit.vocabulary if question.id.startswith(e.id + ":"))
        if entry_pos == "m":
            assert {pos_by_gloss[gloss.en] for gloss in question.option_glosses} == {"m"}


def test_distractors_prefer_the_same_part_of_speech_then_fall_back():
    uid = "u09-pos"
    words = (
        vocab(uid, "courir", "v", "to run", "correr"),
        vocab(uid, "marcher", "v", "to walk", "caminar"),
        vocab(uid, "sauter", "v", "to jump", "saltar"),
        vocab(uid, "ramper", "v", "to crawl", "arrastrarse"),
        vocab(uid, "la tente", "f", "tent", "tienda"),
        vocab(uid, "le sac", "m", "bag", "mochila"),
        vocab(uid, "rapide", "adj", "fast", "rápido"),
        vocab(uid, "galoper", "v", "to run; to gallop", "galopar"),  # shares "to run" with «courir»
        vocab(uid, "filer", "v", "to run", "correr"),  # the very same gloss as «courir»
    )
    unit = make_unit(uid, vocabulary=words)
    pos_of = {word.english: word.pos for word in words}
    for seed in range(10):
        for question in unit_quiz(unit, length=100, seed=seed).questions:
            if question.id == f"{uid}/courir:fr>gloss":
                glosses = {gloss.en for gloss in question.option_glosses}
                assert glosses - {"to run"} <= {"to walk", "to jump", "to crawl"}
                assert len(glosses) == 4
            if question.id == f"{uid}/le-sac:fr>gloss":
                others = [pos_of[g.en] for g in question.option_glosses if g.en != "bag"]
                assert others.count("f") == 1  # the other noun first, then anything
                assert len(others) == 3


def test_distractors_do_not_mean_the_same_as_each_other():
    uid = "u09-same"
    words = (
        vocab(uid, "le soldat", "m", "soldier", "soldado"),
        vocab(uid, "le militaire", "m", "soldier; serviceman", "militar"),
        vocab(uid, "le troufion", "m", "soldier", "soldado raso"),
        vocab(uid, "le char", "m", "tank", "carro"),
    )
    unit = make_unit(uid, vocabulary=words)
    for seed in range(10):
        for question in unit_quiz(unit, length=100, seed=seed).questions:
            if question.id == f"{uid}/le-char:fr>gloss":
                soldiers = [gloss for gloss in question.option_glosses if "soldier" in gloss.en]
                assert len(soldiers) == 1
            if question.kind == "vocab_choice" and question.prompt != "le char":
                assert [gloss.en for gloss in question.option_glosses if gloss.en != "tank"] == [
                    gloss.en for gloss in question.option_glosses if "soldier" in gloss.en
                ]


def test_a_word_without_possible_distractor_is_asked_as_vocab_type():
    uid = "u09-alone"
    unit = make_unit(uid, vocabulary=(vocab(uid, "le char", "m", "tank", "carro"),))
    kinds = {unit_quiz(unit, seed=seed).questions[0].kind for seed in range(8)}
    assert kinds == {"vocab_type"}


def test_vocab_type_shows_the_gloss_of_the_interface_language_and_accepts_same_gloss_synonyms():
    uid = "u09-syn"
    words = (
        vocab(uid, "le chauffeur", "m", "driver", "chófer"),
        vocab(uid, "le conducteur", "m", "driver", "conductor"),
        vocab(uid, "le char", "m", "tank", "carro"),
    )
    unit = make_unit(uid, vocabulary=words)
    questions = [
        q for seed in range(8) for q in unit_quiz(unit, seed=seed).questions if q.kind == "vocab_type"
    ]
    chauffeur = next(q for q in questions if q.id == f"{uid}/le-chauffeur:gloss>fr")
    assert (chauffeur.prompt_for("en"), chauffeur.prompt_for("fr"), chauffeur.prompt_for("es")) == (
        "driver",
        "driver",
        "chófer",
    )
    assert chauffeur.accepted == ("le chauffeur", "le conducteur")
    assert chauffeur.audio_text == ""
    assert chauffeur.instruction == VOCAB_TYPE_INSTRUCTION
    assert grade_question(chauffeur, "conducteur", ["le char"]).correct
    assert grade_question(chauffeur, "chaufeur", ["le char"]).verdict is Verdict.TYPO
    assert not grade_question(chauffeur, "le char", ["le char"]).correct


def test_the_final_accepts_a_synonym_from_another_unit():
    """«driver» is «le chauffeur» in unit 5 and «le conducteur» in unit 7: the final does not say the unit."""
    manual = real_manual()
    for make in (
        lambda seed: final_assessment(manual, seed=seed, length=1000),
        lambda seed: placement_test(manual, seed=seed, per_unit=100),
    ):
        found = [
            question
            for seed in range(10)
            for question in make(seed).questions
            if question.kind == "vocab_type" and question.prompt == "driver"
        ]
        assert found
        assert all({"le chauffeur", "le conducteur"} <= set(question.accepted) for question in found)


# --- grading ----------------------------------------------------------------------------------------------


def choice_question() -> QuizQuestion:
    return QuizQuestion(
        id="u00-first-contact#e3",
        unit_id="u00-first-contact",
        kind="choice",
        instruction=Text3("Say 78", "Dites 78", "Diga 78"),
        prompt="Chambre 78",
        options=("soixante-huit", "soixante-dix-huit", "quatre-vingt-huit"),
        accepted=("soixante-dix-huit",),
    )


def test_a_wrong_option_is_never_a_typo():
    question = choice_question()
    assert grade_question(question, "soixante-dix-huit", ()).verdict is Verdict.EXACT
    for wrong in ("soixante-huit", "quatre-vingt-huit"):
        grade = grade_question(question, wrong, ())
        assert grade.verdict is Verdict.WRONG and not grade.correct
    assert grade_question(question, None, ()).verdict is Verdict.EMPTY
    assert grade_question(question, "", ()).verdict is Verdict.EMPTY


def test_a_bare_noun_option_is_not_forgiven_as_a_left_out_article():
    """Unit 3, e8: «le dimanche» (every Sunday) is right, «dimanche» (this Sunday) is another option."""
    question = next(
        question
        for question in unit_quiz(real_manual().unit("u03-camp-life"), length=1000, seed=1).questions
        if question.id == "u03-camp-life#e8"
    )
    assert set(question.options) == {"le dimanche", "dimanche", "un dimanche"}
    assert grade_question(question, "le dimanche", library().terms).correct
    assert not grade_question(question, "dimanche", library().terms).correct
    assert not grade_question(question, "un dimanche", library().terms).correct


def test_an_accented_wrong_option_is_not_an_accent_slip():
    question = QuizQuestion(
        id="u09-x#e1",
        unit_id="u09-x",
        kind="choice",
        instruction=T,
        prompt="",
        options=("élève", "élevé"),
        accepted=("élève",),
    )
    assert not grade_question(question, "élevé", ()).correct


def test_typed_answers_are_graded_with_the_course_terms():
    question = QuizQuestion(
        id="u09-x#e2",
        unit_id="u09-x",
        kind="gap",
        instruction=T,
        prompt="Le ___ avance.",
        options=(),
        accepted=("char",),
    )
    assert grade_question(question, "char", library().terms).correct
    assert not grade_question(question, "chat", ["le chat", "le char"]).correct
    assert grade_question(question, "char", None).verdict is Verdict.EXACT


def test_a_vocabulary_option_clicked_in_another_language_counts_and_expected_follows_the_language():
    question = next(question for question, _ in real_vocab_choices())
    right = next(gloss for gloss in question.option_glosses if gloss.en == question.accepted[0])
    assert grade_question(question, right.es, (), lang="en").correct
    assert grade_question(question, right.en, (), lang="es").expected == right.es
    assert question.accepted_for("fr")[0] == right.en


def test_a_question_without_an_accepted_answer_cannot_exist():
    for accepted in ((), ("",), ("  ",)):
        with pytest.raises(ValueError):
            QuizQuestion("u09-x#e1", "u09-x", "gap", T, "", (), accepted)
    with pytest.raises(ValueError):
        QuizQuestion("u09-x#e1", "u09-x", "riddle", T, "", (), ("a",))
    with pytest.raises(ValueError):
        QuizQuestion("u09-x#e1", "u09-x", "choice", T, "", ("a",), ("a",))


def test_exercise_audio_never_gives_the_answer_away():
    for quiz in real_quizzes():
        for question in quiz.questions:
            if question.kind in ("choice", "gap", "order", "translate", "vocab_type"):
                assert question.audio_text == "", question.id
            if question.kind == "reply":
                assert question.audio_text == question.prompt
            if question.audio_text:
                assert search_key(question.audio_text) not in {search_key(a) for a in question.accepted}


# --- placement --------------------------------------------------------------------------------------------


def test_placement_test_covers_every_unit_in_course_order():
    manual = real_manual()
    quiz = placement_test(manual, seed=9)
    assert (quiz.id, quiz.kind) == ("placement", "placement")
    order = [unit.id for unit in manual.units]
    positions = [order.index(question.unit_id) for question in quiz.questions]
    assert positions == sorted(positions)
    assert Counter(question.unit_id for question in quiz.questions) == dict.fromkeys(order, 2)
    assert placement_test(manual, seed=9) == quiz
    assert placement_test(manual, seed=10) != quiz
    assert Counter(q.unit_id for q in placement_test(manual, per_unit=3, seed=1).questions) == dict.fromkeys(
        order, 3
    )


def test_placement_follows_the_unit_numbers_not_the_tuple_order():
    units = small_manual().units
    shuffled = Manual(units=(units[2], units[0], units[1]))
    quiz = placement_test(shuffled, seed=1)
    assert [q.unit_id for q in quiz.questions][::2] == ["u0-test", "u1-test", "u2-test"]


def answers_for(manual: Manual, right_per_unit: dict[str, tuple[bool, ...]]) -> dict[str, bool]:
    answers = {}
    for unit in manual.units:
        for index, correct in enumerate(right_per_unit.get(unit.id, ())):
            answers[f"{unit.id}#q{index}"] = correct
    return answers


def test_suggest_start_is_the_first_unit_with_less_than_half_right():
    manual = small_manual()
    all_right = {unit.id: (True, True) for unit in manual.units}
    assert suggest_start(manual, answers_for(manual, all_right)) == "u2-test"  # all passed: the last unit
    assert suggest_start(manual, answers_for(manual, {**all_right, "u1-test": (False, False)})) == "u1-test"
    assert suggest_start(manual, answers_for(manual, {**all_right, "u0-test": (False, False)})) == "u0-test"
    half = {**all_right, "u1-test": (True, False)}
    assert suggest_start(manual, answers_for(manual, half)) == "u2-test"  # exactly half is enough
    third = {**all_right, "u1-test": (True, False, False)}
    assert suggest_start(manual, answers_for(manual, third)) == "u1-test"
    later_fail = {**all_right, "u0-test": (False, True), "u2-test": (False, False)}
    assert suggest_start(manual, answers_for(manual, later_fail)) == "u2-test"


def test_suggest_start_stops_at_a_unit_left_unanswered():
    manual = small_manual()
    assert suggest_start(manual, answers_for(manual, {"u0-test": (True, True)})) == "u1-test"
    assert suggest_start(manual, {}) == "u0-test"


def test_suggest_start_takes_questions_vocabulary_ids_and_pairs():
    manual = small_manual()
    quiz = placement_test(manual, seed=4)
    results = {question: question.unit_id != "u1-test" for question in quiz.questions}
    assert suggest_start(manual, results) == "u1-test"
    assert suggest_start(manual, [(q.id, ok) for q, ok in results.items()]) == "u1-test"
    assert all(question_unit_id(question.id) == question.unit_id for question in quiz.questions)
    assert question_unit_id("u01-ranks/le-caporal:fr>gloss") == "u01-ranks"
    assert question_unit_id("u01-ranks#e3") == "u01-ranks"


def test_suggest_start_needs_a_unit():
    with pytest.raises(ValueError):
        suggest_start(Manual(), {})


def test_placement_answers_from_the_real_course_give_the_expected_start():
    manual = real_manual()
    quiz = placement_test(manual, seed=2)
    fail_from = manual.units[4].id
    order = [unit.id for unit in manual.units]
    answers = {q.id: order.index(q.unit_id) < 4 for q in quiz.questions}
    assert suggest_start(manual, answers) == fail_from
    assert suggest_start(manual, dict.fromkeys(answers, True)) == manual.units[-1].id


# --- final assessment -------------------------------------------------------------------------------------


def test_final_assessment_has_its_length_is_deterministic_and_leans_to_b1():
    manual = real_manual()
    level_of = {unit.id: unit.level for unit in manual.units}
    units_per_level = Counter(unit.level for unit in manual.units)
    quiz = final_assessment(manual, seed=11, time_limit_s=1800, pass_mark=0.8)
    assert (quiz.id, quiz.kind, len(quiz), quiz.time_limit_s, quiz.pass_mark) == (
        "final",
        "final",
        30,
        1800,
        0.8,
    )
    assert final_assessment(manual, seed=11, time_limit_s=1800, pass_mark=0.8) == quiz
    assert final_assessment(manual, seed=12) != final_assessment(manual, seed=11)
    per_level = Counter(level_of[question.unit_id] for question in quiz.questions)
    per_unit = {level: per_level[level] / units_per_level[level] for level in units_per_level}
    assert per_unit["A1"] < per_unit["A2"] < per_unit["B1"]
    assert per_level["B1"] / len(quiz) > units_per_level["B1"] / len(manual.units)
    # 30 questions cannot reach all 25 units (the A1 ones weigh least); a longer assessment reaches every unit
    wide = final_assessment(manual, seed=11, length=3 * len(manual.units))
    assert len({question.unit_id for question in wide.questions}) == len(manual.units)
    kinds = {question.kind for question in wide.questions}
    assert kinds <= set(QUESTION_KINDS)
    assert set(QUESTION_KINDS) - kinds <= {"dictation", "spot", "form_field"}  # if the course has none


def test_final_assessment_shares_out_what_a_small_course_has():
    manual = small_manual()
    quiz = final_assessment(manual, length=8, seed=1)
    assert len(quiz) == 8
    per_unit = Counter(question.unit_id for question in quiz.questions)
    assert per_unit["u2-test"] >= per_unit["u1-test"] >= per_unit["u0-test"] >= 1
    everything = final_assessment(manual, length=100, seed=1)
    assert len(everything) == 3 * (2 + 4)  # every exercise and one question per word, no repeat
    assert len({question.id for question in everything.questions}) == len(everything)


def test_final_assessment_is_shuffled_across_units():
    quiz = final_assessment(real_manual(), seed=3)
    numbers = [real_manual().unit(question.unit_id).number for question in quiz.questions]
    assert numbers != sorted(numbers)


# --- score and pass ---------------------------------------------------------------------------------------


def test_score():
    assert score([]) == 0.0
    assert score([True, False, True, True]) == 0.75
    assert score([True] * 10) == 1.0
    assert score((False, False)) == 0.0


@pytest.mark.parametrize(
    ("right", "total", "expected"),
    [(7, 10, True), (21, 30, True), (14, 20, True), (69, 100, False), (6, 10, False), (0, 1, False)],
)
def test_passed_at_the_default_mark_of_seventy_percent(right, total, expected):
    assert passed(score([True] * right + [False] * (total - right))) is expected
    assert passed(right / total, 0.7) is expected


def test_passed_edges():
    assert passed(1.0, 1.0) and passed(0.0, 0.0)
    assert not passed(0.5, 0.8) and passed(0.8, 0.8)
    assert not passed(math.nan)
    for bad in (-0.1, 1.5, math.nan):
        with pytest.raises(ValueError):
            passed(0.5, bad)


def test_quiz_validates_its_settings():
    with pytest.raises(ValueError):
        Quiz("final", "final", (), time_limit_s=0)
    with pytest.raises(ValueError):
        Quiz("final", "final", (), time_limit_s=True)
    with pytest.raises(ValueError):
        Quiz("final", "final", (), pass_mark=1.2)
    quiz = Quiz("final", "final", (choice_question(),), time_limit_s=60)
    assert quiz.question("u00-first-contact#e3") == choice_question()
    assert quiz.question("nope") is None


def test_a_term_glossed_by_itself_is_never_a_listening_choice():
    uid = "u16-acronyms"
    words = (
        vocab(uid, "la CEDEAO", "f", "ECOWAS", "la CEDEAO"),
        vocab(uid, "le char", "m", "tank", "carro"),
        vocab(uid, "la jeep", "f", "jeep", "jeep"),
        vocab(uid, "le camion", "m", "truck", "camión"),
    )
    unit = make_unit(uid, vocabulary=words)
    for seed in range(12):
        for question in unit_quiz(unit, seed=seed).questions:
            if question.id.startswith(f"{uid}/la-cedeao"):
                assert question.kind == "vocab_type" and question.audio_text == ""
