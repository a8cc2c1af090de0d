"""Drill questions from glossary entries, numbers and call signs — and how each kind is graded."""

from __future__ import annotations

import dataclasses
import functools
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises.drills import (
    CHOICE_OPTIONS,
    DIRECTIONS,
    ENTRY_KINDS,
    GENERATED_KINDS,
    MATCH_PAIR_COUNT,
    DrillKind,
    NumberVariant,
    Question,
    check_answer,
    distractors,
    make_callsign_question,
    make_number_question,
    make_question,
    meaning_forms,
)
from exercises.grading import Verdict
from exercises.terms import TermIndex
from glossary.model import GlossaryEntry
from library.content import load_library
from text.french_numbers import digits_to_words, number_to_words, spell_nato, time_to_words
from text.normalise import normalise, search_key

CONTENT = Path(__file__).resolve().parents[2] / "content"


def entry(
    entry_id: str,
    french: str,
    pos: str,
    english: str,
    spanish: str,
    theme: str,
    **extra,
) -> GlossaryEntry:
    return GlossaryEntry(
        id=entry_id,
        french=french,
        pos=pos,
        english=tuple(english.split("; ")),
        spanish=tuple(spanish.split("; ")),
        theme=theme,
        level="A1",
        **extra,
    )


CAPORAL = entry("rank-caporal", "le caporal", "m", "corporal", "cabo", "ranks")
CAPORAL_CHEF = entry("rank-caporal-chef", "le caporal-chef", "m", "senior corporal", "cabo primero", "ranks")
SERGENT = entry("rank-sergent", "le sergent", "m", "sergeant", "sargento", "ranks")
SERGENT_CHEF = entry(
    "rank-sergent-chef", "le sergent-chef", "m", "staff sergeant", "sargento primero", "ranks"
)
GENERAL = entry("rank-general", "le général", "m", "general", "general", "ranks")
SOLDAT = entry("rank-soldat", "le soldat", "m", "private; soldier", "soldado", "ranks")
MILITAIRE = entry("rank-militaire", "le militaire", "m", "soldier; service member", "militar", "ranks")
ADJUDANTE = entry("rank-adjudante", "l'adjudante", "f", "warrant officer (woman)", "suboficial", "ranks")
SECTION = entry("org-section", "la section", "f", "platoon", "sección", "organisation")
SECTION_TEXT = entry("gen-section", "La Section", "f", "section (of a text)", "apartado", "general")
PELOTON = entry("org-peloton", "le peloton", "m", "platoon (cavalry)", "pelotón", "organisation")
COMPAGNIE = entry("org-compagnie", "la compagnie", "f", "company", "compañía", "organisation")
GROUPE = entry("org-groupe", "le groupe", "m", "squad", "escuadra", "organisation")
SALUER = entry("ord-saluer", "saluer", "v", "to salute; to greet", "saludar", "orders")
OBEIR = entry("ord-obeir", "obéir", "v", "to obey", "obedecer", "orders")
PROTEGER = entry("civ-proteger", "protéger", "v", "to protect", "proteger", "civilians")
FOUILLER = entry("chk-fouiller", "fouiller", "v", "to search", "registrar", "checkpoint")
CAMP = entry("camp-camp", "le camp", "m", "camp", "campamento", "camp")
CASERNE = entry("camp-caserne", "la caserne", "f", "barracks", "cuartel", "camp", example="La caserne ferme.")
QUARTIER = entry("camp-quartier", "le quartier", "m", "barracks (of a regiment)", "acuartelamiento", "camp")
CHAMP = entry("map-champ", "le champ", "m", "field", "campo", "map")
MINE = entry("mine-mine", "la mine", "f", "mine", "mina", "mines")
MILLE = entry("map-mille", "le mille", "m", "mile", "milla", "map")
POSTE = entry(
    "chk-poste",
    "le poste de contrôle",
    "m",
    "checkpoint",
    "puesto de control",
    "checkpoint",
    alternatives=("le check-point",),
)
CHECK_POINT = entry("chk-check-point", "le check-point", "m", "CP", "control", "checkpoint")
COMPTE_RENDU = entry(
    "rep-cr", "le compte rendu", "m", "report (account of events)", "informe; parte", "reports",
    alternatives=("le CR", "le compte-rendu"),
)  # fmt: skip
ONU = entry("un-onu", "l'ONU", "f", "the UN", "la ONU", "un", expansion="Organisation des Nations unies")
ONU_LONG = entry(
    "un-organisation", "l'Organisation des Nations unies", "f", "United Nations Organization",
    "Organización de las Naciones Unidas", "un",
)  # fmt: skip
UA = entry("un-ua", "l'UA", "f", "the AU", "la UA", "un", expansion="Union africaine")
CEDEAO = entry("un-cedeao", "la CEDEAO", "f", "ECOWAS", "CEDEAO", "un", expansion="Communauté économique")

POOL: tuple[GlossaryEntry, ...] = (
    CAPORAL, CAPORAL_CHEF, SERGENT, SERGENT_CHEF, GENERAL, SOLDAT, MILITAIRE, ADJUDANTE, SECTION,
    SECTION_TEXT, PELOTON, COMPAGNIE, GROUPE, SALUER, OBEIR, PROTEGER, FOUILLER, CAMP, CASERNE, QUARTIER,
    CHAMP, MINE, MILLE, POSTE, CHECK_POINT, COMPTE_RENDU, ONU, ONU_LONG, UA, CEDEAO,
)  # fmt: skip


def rng(seed: int = 0) -> random.Random:
    return random.Random(seed)


# --- kinds and directions ------------------------------------------------------------------------------


def test_every_kind_has_a_direction_and_a_maker():
    assert set(DIRECTIONS) == set(DrillKind)
    assert set(DrillKind) == ENTRY_KINDS | GENERATED_KINDS
    assert not ENTRY_KINDS & GENERATED_KINDS
    assert DIRECTIONS[DrillKind.TYPE_FRENCH] == "meaning>fr"
    assert DIRECTIONS[DrillKind.TYPE_MEANING] == "fr>meaning"
    assert DIRECTIONS[DrillKind.MULTIPLE_CHOICE] == "fr>meaning"
    assert DIRECTIONS[DrillKind.LISTEN_TYPE] == "listen"
    assert DIRECTIONS[DrillKind.SPELL_CALLSIGN] == "callsign"
    assert DIRECTIONS[DrillKind.NUMBERS_HEARD] == "numbers"


@pytest.mark.parametrize("kind", sorted(ENTRY_KINDS))
def test_question_ids_are_stable_per_item_and_kind(kind):
    first = make_question(CAPORAL, kind, "en", rng(1), POOL)
    again = make_question(CAPORAL, kind, "es", rng(2), POOL)
    assert first.id == again.id == f"{kind}:rank-caporal"
    assert first.item_id == "rank-caporal"
    assert first.kind is DrillKind(kind)
    assert first.direction == DIRECTIONS[kind]


@pytest.mark.parametrize("kind", sorted(ENTRY_KINDS))
def test_same_seed_same_question(kind):
    first, again = (make_question(SECTION, kind, "en", rng(5), POOL) for _ in range(2))
    assert first == again
    # without a generator, the question is seeded by its id: still the same each time
    assert make_question(SECTION, kind, "en", None, POOL) == make_question(SECTION, kind, "en", None, POOL)


def test_questions_are_frozen():
    question = make_question(CAPORAL, DrillKind.TYPE_FRENCH, "en", rng(), POOL)
    with pytest.raises(dataclasses.FrozenInstanceError):
        question.prompt = "x"  # type: ignore[misc]


@pytest.mark.parametrize("kind", sorted(GENERATED_KINDS))
def test_generated_kinds_are_not_made_from_entries(kind):
    with pytest.raises(ValueError, match="generated"):
        make_question(CAPORAL, kind, "en", rng(), POOL)


@pytest.mark.parametrize("kind", [DrillKind.MULTIPLE_CHOICE, DrillKind.MATCH_PAIRS])
def test_choice_kinds_need_a_distractor(kind):
    with pytest.raises(ValueError, match="distractor"):
        make_question(CAPORAL, kind, "en", rng(), (CAPORAL,))


# --- distractors ---------------------------------------------------------------------------------------


@functools.cache
def _senses(item: GlossaryEntry) -> frozenset[str]:
    return frozenset(search_key(form) for form in meaning_forms(item.english, "en")) | {
        search_key(form) for form in meaning_forms(item.spanish, "es")
    }


@functools.cache
def _frenches(item: GlossaryEntry) -> frozenset[str]:
    keys = {search_key(text) for text in (item.french, *item.alternatives, item.expansion) if text}
    return frozenset(keys | {re.sub(r"^(l'|le |la |les )", "", key) for key in keys})


def assert_not_synonyms(first: GlossaryEntry, second: GlossaryEntry) -> None:
    assert first.id != second.id
    assert not _senses(first) & _senses(second), (first.id, second.id)
    assert not _frenches(first) & _frenches(second), (first.id, second.id)


def test_distractors_come_from_the_same_theme_and_part_of_speech():
    for seed in range(20):
        chosen = distractors(CAPORAL, POOL, 3, rng(seed))
        assert len(chosen) == 3
        assert all(item.theme == "ranks" and item.pos == "m" for item in chosen)


def test_distractors_are_never_synonyms_of_the_answer_or_of_each_other():
    # SOLDAT and MILITAIRE share "soldier": never both, and never with each other as the answer.
    for seed in range(30):
        for answer in POOL:
            chosen = distractors(answer, POOL, 3, rng(seed))
            assert len({item.id for item in chosen}) == len(chosen)
            for item in chosen:
                assert_not_synonyms(answer, item)
            for index, item in enumerate(chosen):
                for other in chosen[index + 1 :]:
                    assert_not_synonyms(item, other)


@pytest.mark.parametrize(
    ("answer", "synonym", "why"),
    [
        (SOLDAT, MILITAIRE, "shared English sense «soldier»"),
        (SECTION, PELOTON, "«platoon (cavalry)» is «platoon» once the qualifier is dropped"),
        (CASERNE, QUARTIER, "«barracks (of a regiment)»"),
        (SECTION, SECTION_TEXT, "the same French after normalising"),
        (POSTE, CHECK_POINT, "one of its alternatives"),
        (ONU, ONU_LONG, "its expansion"),
    ],
)
def test_each_kind_of_synonym_is_refused(answer, synonym, why):
    for seed in range(30):
        chosen = distractors(answer, POOL, len(POOL), rng(seed))
        assert synonym not in chosen, why
        chosen = distractors(synonym, POOL, len(POOL), rng(seed))
        assert answer not in chosen, why


def test_same_theme_other_gender_before_other_themes_then_same_pos_anywhere():
    # A verb of «orders» (one other there) takes verbs of other themes before any noun.
    chosen = distractors(SALUER, POOL, 3, rng(3))
    assert chosen[0] is OBEIR
    assert {item.id for item in chosen[1:]} <= {PROTEGER.id, FOUILLER.id}
    # la section: the feminine «la compagnie» first, then the masculine nouns of «organisation».
    chosen = distractors(SECTION, POOL, 2, rng(4))
    assert chosen[0] is COMPAGNIE
    assert chosen[1] is GROUPE  # PELOTON is a synonym


def test_distractors_fall_back_to_anything_and_stop_when_the_pool_runs_out():
    small = (CAPORAL, SERGENT, SALUER)
    assert distractors(CAPORAL, small, 3, rng()) == [SERGENT, SALUER]
    assert distractors(CAPORAL, small, 0, rng()) == []
    assert distractors(CAPORAL, (CAPORAL,), 3, rng()) == []


def test_distractors_vary_with_the_seed_and_need_no_generator():
    seen = {tuple(item.id for item in distractors(CAPORAL, POOL, 2, rng(seed))) for seed in range(20)}
    assert len(seen) > 1
    assert distractors(CAPORAL, POOL, 2) == distractors(CAPORAL, POOL, 2)


@pytest.fixture(scope="module")
def library():
    return load_library(CONTENT)


def test_real_glossary_distractors(library):
    pool = library.glossary.entries
    generator = rng(2024)
    for answer in pool:
        chosen = distractors(answer, pool, 3, generator)
        assert len(chosen) == 3, answer.id
        for item in chosen:
            assert_not_synonyms(answer, item)
        for index, item in enumerate(chosen):
            for other in chosen[index + 1 :]:
                assert_not_synonyms(item, other)
        if answer.theme == "ranks" and answer.pos == "m":
            assert all(item.theme == "ranks" and item.pos == "m" for item in chosen), answer.id


def test_real_glossary_choice_questions(library):
    pool = library.glossary.entries
    generator = rng(7)
    for answer in pool[::7]:
        for lang in ("en", "es"):
            question = make_question(answer, DrillKind.MULTIPLE_CHOICE, lang, generator, pool)
            assert len(question.options) == CHOICE_OPTIONS
            assert len({normalise(option) for option in question.options}) == CHOICE_OPTIONS
            assert check_answer(question, answer.gloss(lang)).verdict is Verdict.EXACT
            wrong = next(option for option in question.options if option != answer.gloss(lang))
            assert not check_answer(question, wrong).correct


def test_real_glossary_caporal_is_not_caporal_chef(library):
    glossary = library.glossary
    caporal = next(item for item in glossary.entries if item.french == "le caporal")
    question = make_question(caporal, DrillKind.TYPE_FRENCH, "en", rng(), glossary.entries)
    assert check_answer(question, "le caporal", library.terms).verdict is Verdict.EXACT
    assert check_answer(question, "le caporal-chef", library.terms).verdict is Verdict.WRONG
    assert check_answer(question, "le caporal-chef").verdict is Verdict.WRONG  # the question's own terms


# --- FLASHCARD -----------------------------------------------------------------------------------------


def test_flashcard():
    question = make_question(CASERNE, DrillKind.FLASHCARD, "en", rng(), POOL)
    assert (question.prompt, question.audio_text) == ("la caserne", "la caserne")
    assert question.accepted == ("barracks",)
    assert question.hint == "La caserne ferme."
    assert check_answer(question, "barracks").verdict is Verdict.EXACT
    assert check_answer(question, "baracks").verdict is Verdict.TYPO
    assert check_answer(question, "camp").verdict is Verdict.WRONG


# --- TYPE_FRENCH ---------------------------------------------------------------------------------------


def test_type_french_question():
    question = make_question(POSTE, DrillKind.TYPE_FRENCH, "es", rng(), POOL)
    assert question.prompt == "puesto de control"
    assert question.audio_text == ""
    assert question.accepted == ("le poste de contrôle", "le check-point")
    assert question.hint == "le p… d… c…"
    assert question.lang == "es"
    assert make_question(POSTE, DrillKind.TYPE_FRENCH, "en", rng(), POOL).prompt == "checkpoint"
    # a French interface glosses in English
    assert make_question(POSTE, DrillKind.TYPE_FRENCH, "fr", rng(), POOL).prompt == "checkpoint"


def test_type_french_answers():
    question = make_question(GENERAL, DrillKind.TYPE_FRENCH, "en", rng(), POOL)
    assert check_answer(question, "le général").verdict is Verdict.EXACT
    assert check_answer(question, "Le General").verdict is Verdict.ACCENT_SLIP
    assert check_answer(question, "le génral").verdict is Verdict.TYPO
    assert check_answer(question, "le sergent").verdict is Verdict.WRONG
    assert check_answer(question, "").verdict is Verdict.EMPTY
    question = make_question(POSTE, DrillKind.TYPE_FRENCH, "en", rng(), POOL)
    assert check_answer(question, "le check-point").verdict is Verdict.ALTERNATIVE


def test_type_french_refuses_another_term():
    caporal = make_question(CAPORAL, DrillKind.TYPE_FRENCH, "en", rng(), POOL)
    chef = make_question(CAPORAL_CHEF, DrillKind.TYPE_FRENCH, "en", rng(), POOL)
    assert check_answer(caporal, "le caporal-chef").verdict is Verdict.WRONG
    assert check_answer(chef, "le caporal").verdict is Verdict.WRONG
    assert check_answer(chef, "le caporal chef").correct  # a space for the hyphen is only a typo
    # «champ» is one letter from «camp»: a typo, unless the grader knows it is another word.
    camp = make_question(CAMP, DrillKind.TYPE_FRENCH, "en", rng(), POOL)
    assert "le champ" in camp.known_terms
    refused = check_answer(camp, "le champ")
    assert (refused.verdict, refused.other_term) == (Verdict.WRONG, "le champ")
    alone = make_question(CAMP, DrillKind.TYPE_FRENCH, "en", rng(), ())
    assert check_answer(alone, "le champ").verdict is Verdict.TYPO
    assert check_answer(alone, "le champ", TermIndex(["le champ"])).verdict is Verdict.WRONG


# --- TYPE_MEANING --------------------------------------------------------------------------------------


def test_type_meaning_question():
    question = make_question(SALUER, DrillKind.TYPE_MEANING, "en", rng(), POOL)
    assert (question.prompt, question.audio_text) == ("saluer", "saluer")
    assert question.accepted == ("to salute", "to greet")
    assert make_question(SALUER, DrillKind.TYPE_MEANING, "es", rng(), POOL).accepted == ("saludar",)


def test_type_meaning_accepts_every_sense_in_the_learner_language():
    english = make_question(SALUER, DrillKind.TYPE_MEANING, "en", rng(), POOL)
    spanish = make_question(SALUER, DrillKind.TYPE_MEANING, "es", rng(), POOL)
    assert check_answer(english, "to salute").verdict is Verdict.EXACT
    assert check_answer(english, "to greet").verdict is Verdict.ALTERNATIVE
    assert check_answer(english, "salute").correct
    assert check_answer(english, "to salut").verdict is Verdict.TYPO
    assert check_answer(english, "saludar").verdict is Verdict.WRONG  # Spanish for an English question
    assert check_answer(spanish, "saludar").verdict is Verdict.EXACT
    assert check_answer(spanish, "to salute").verdict is Verdict.WRONG


def test_type_meaning_accent_slips_and_bare_forms():
    section = make_question(SECTION, DrillKind.TYPE_MEANING, "es", rng(), POOL)
    assert check_answer(section, "sección").verdict is Verdict.EXACT
    assert check_answer(section, "seccion").verdict is Verdict.ACCENT_SLIP
    quartier = make_question(QUARTIER, DrillKind.TYPE_MEANING, "en", rng(), POOL)
    assert check_answer(quartier, "barracks").correct  # the qualifier in brackets is optional
    assert check_answer(quartier, "barracks (of a regiment)").verdict is Verdict.EXACT
    caserne = make_question(CASERNE, DrillKind.TYPE_MEANING, "en", rng(), POOL)
    assert check_answer(caserne, "the barracks").correct
    assert check_answer(caserne, "The baracks").verdict is Verdict.TYPO
    onu = make_question(ONU, DrillKind.TYPE_MEANING, "es", rng(), POOL)
    assert check_answer(onu, "ONU").correct
    assert check_answer(onu, "la ONU").verdict is Verdict.EXACT


def test_type_meaning_refuses_another_entrys_sense():
    mine = make_question(MINE, DrillKind.TYPE_MEANING, "en", rng(), POOL)
    assert "mile" in mine.known_terms
    assert check_answer(mine, "mines").correct  # a plural is a typo
    refused = check_answer(mine, "mile")
    assert (refused.verdict, refused.other_term) == (Verdict.WRONG, "mile")
    alone = make_question(MINE, DrillKind.TYPE_MEANING, "en", rng(), ())
    assert check_answer(alone, "mile").verdict is Verdict.TYPO  # what the known terms prevent


@pytest.mark.parametrize(
    ("senses", "lang", "forms"),
    [
        (("to protect",), "en", ("to protect", "protect")),
        (("barracks (of a regiment)",), "en", ("barracks (of a regiment)", "barracks")),
        (("the UN", "the United Nations"), "en", ("the UN", "the United Nations", "UN", "United Nations")),
        (("la ONU",), "es", ("la ONU", "ONU")),
        (("¿Qué hora es?",), "es", ("¿Qué hora es?", "Qué hora es?")),
        (("a tiempo",), "es", ("a tiempo",)),  # Spanish «a» is no article
        (("A (Alfa)",), "en", ("A (Alfa)", "A")),
    ],
)
def test_meaning_forms(senses, lang, forms):
    assert meaning_forms(senses, lang) == forms


# --- LISTEN_TYPE ---------------------------------------------------------------------------------------


def test_listen_type_question():
    question = make_question(POSTE, DrillKind.LISTEN_TYPE, "en", rng(), POOL)
    assert (question.prompt, question.audio_text, question.hint) == ("", "le poste de contrôle", "checkpoint")
    assert question.accepted == ("le poste de contrôle",)  # the synonym was not heard
    spelled = make_question(COMPTE_RENDU, DrillKind.LISTEN_TYPE, "en", rng(), POOL)
    assert spelled.accepted == ("le compte rendu", "le compte-rendu")  # another spelling of what was heard


def test_listen_type_answers():
    question = make_question(POSTE, DrillKind.LISTEN_TYPE, "en", rng(), POOL)
    assert check_answer(question, "le poste de contrôle").verdict is Verdict.EXACT
    assert check_answer(question, "le poste de controle").verdict is Verdict.ACCENT_SLIP
    assert check_answer(question, "le poste de contrle").verdict is Verdict.TYPO
    assert check_answer(question, "le check-point").verdict is Verdict.WRONG
    sergent = make_question(SERGENT, DrillKind.LISTEN_TYPE, "en", rng(), POOL)
    assert check_answer(sergent, "le sergent-chef").verdict is Verdict.WRONG


# --- MULTIPLE_CHOICE -----------------------------------------------------------------------------------


def test_multiple_choice_question():
    question = make_question(CAPORAL, DrillKind.MULTIPLE_CHOICE, "en", rng(), POOL)
    assert (question.prompt, question.audio_text) == ("le caporal", "le caporal")
    assert len(question.options) == CHOICE_OPTIONS
    assert "corporal" in question.options
    assert question.accepted == ("corporal",)
    assert set(question.known_terms) == set(question.options) - {"corporal"}
    spanish = make_question(CAPORAL, DrillKind.MULTIPLE_CHOICE, "es", rng(), POOL)
    assert "cabo" in spanish.options and spanish.accepted == ("cabo",)


def test_multiple_choice_answer_moves_between_seeds():
    positions = {
        make_question(CAPORAL, DrillKind.MULTIPLE_CHOICE, "en", rng(seed), POOL).options.index("corporal")
        for seed in range(30)
    }
    assert len(positions) > 1


def test_multiple_choice_answers():
    question = make_question(CAPORAL, DrillKind.MULTIPLE_CHOICE, "en", rng(), POOL)
    assert check_answer(question, "corporal").verdict is Verdict.EXACT
    for option in question.options:
        if option != "corporal":
            grade = check_answer(question, option)
            assert (grade.verdict, grade.other_term) == (Verdict.WRONG, option)
    assert check_answer(question, "").verdict is Verdict.EMPTY


# --- MATCH_PAIRS ---------------------------------------------------------------------------------------


def test_match_pairs_question():
    question = make_question(CAPORAL, DrillKind.MATCH_PAIRS, "en", rng(), POOL)
    assert len(question.pairs) == MATCH_PAIR_COUNT
    assert ("le caporal", "corporal") in question.pairs
    glosses = [gloss for _french, gloss in question.pairs]
    assert sorted(question.options) == sorted(glosses)
    assert question.accepted == ("|".join(glosses),)
    assert set(question.pairs) <= {(item.french, item.gloss("en")) for item in POOL}  # each gloss by its term
    assert question.options != tuple(glosses)  # the meanings are not already in the French order


def test_match_pairs_answers():
    question = make_question(CAPORAL, DrillKind.MATCH_PAIRS, "en", rng(), POOL)
    glosses = [gloss for _french, gloss in question.pairs]
    assert check_answer(question, "|".join(glosses)).verdict is Verdict.EXACT
    assert check_answer(question, " | ".join(gloss.upper() for gloss in glosses)).correct
    swapped = [glosses[1], glosses[0], *glosses[2:]]
    grade = check_answer(question, "|".join(swapped))
    assert grade.verdict is Verdict.WRONG
    assert [segment.op for segment in grade.diff[:3]] == ["replace", "equal", "replace"]
    assert check_answer(question, "|".join(glosses[:-1])).verdict is Verdict.WRONG
    assert check_answer(question, "|".join([*glosses, "extra"])).verdict is Verdict.WRONG
    assert check_answer(question, "corporal").verdict is Verdict.WRONG
    assert check_answer(question, " | ").verdict is Verdict.EMPTY


# --- SPELL_CALLSIGN ------------------------------------------------------------------------------------


def callsign_question(callsign: str) -> Question:
    """A call-sign question for a chosen call sign, as make_callsign_question builds them."""
    made = make_callsign_question(rng())
    item_id = f"call:{callsign}"
    return dataclasses.replace(
        made,
        id=f"spell_callsign:{item_id}",
        item_id=item_id,
        prompt=callsign,
        accepted=(spell_nato(callsign),),
    )


def test_make_callsign_question():
    for seed in range(50):
        question = make_callsign_question(rng(seed))
        assert re.fullmatch(r"[A-Z]{1,3}[0-9]{1,2}", question.prompt)
        assert question.accepted == (spell_nato(question.prompt),)
        assert question.item_id == f"call:{question.prompt}"
        assert question.id == f"spell_callsign:call:{question.prompt}"
        assert question.direction == "callsign"
        assert question.audio_text == ""  # hearing it would give the answer
        assert check_answer(question, question.accepted[0]).verdict is Verdict.EXACT


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        ("Mike Romeo Quatre", Verdict.EXACT),
        ("mike romeo quatre", Verdict.EXACT),
        ("Mike, Romeo, Quatre.", Verdict.EXACT),
        ("Mike-Romeo-Quatre", Verdict.EXACT),
        ("Mike Roméo Quatre", Verdict.ALTERNATIVE),  # the form many French texts use
        ("Mike Roméo Quatr", Verdict.TYPO),
        ("Mike Rommeo Quatre", Verdict.TYPO),
        ("Mike Romeo Quatr", Verdict.TYPO),
        ("MikeRomeo Quatre", Verdict.TYPO),  # a missing space
        ("Mike Romeo Cinq", Verdict.WRONG),  # another digit
        ("Mike Sierra Quatre", Verdict.WRONG),  # another letter
        ("Mike Romeo 4", Verdict.WRONG),  # digits are said in French
        ("Mike Romeo", Verdict.WRONG),
        ("MR4", Verdict.WRONG),
        ("", Verdict.EMPTY),
    ],
)
def test_callsign_answers(answer, verdict):
    assert check_answer(callsign_question("MR4"), answer).verdict is verdict


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        ("Zulu X-ray Quebec Juliett Alfa Whiskey Écho Un", Verdict.ACCENT_SLIP),
        ("Zoulou Xray Québec Juliet Alpha Whisky Echo Un", Verdict.ALTERNATIVE),
        ("zulu x ray québec juliett alfa whiskey echo un", Verdict.ALTERNATIVE),
        ("Zulu X-ray Quebec Juliett Alfa Whiskey Echo Un", Verdict.EXACT),
        ("Zulu X-ray Quebec Juliett Alfa Whiskey Echo Une", Verdict.WRONG),
        ("Zulu Yankee Quebec Juliett Alfa Whiskey Echo Un", Verdict.WRONG),
    ],
)
def test_callsign_alternatives(answer, verdict):
    assert check_answer(callsign_question("ZXQJAWE1"), answer).verdict is verdict


def test_callsign_slip_is_located_in_the_whole_answer():
    grade = check_answer(callsign_question("ZXQ9"), "Zulu X-ray Qebec Neuf")
    assert grade.verdict is Verdict.TYPO
    assert [(slip.position, slip.expected, slip.given) for slip in grade.details] == [(13, "u", "")]
    assert grade.matched == "Zulu X-ray Quebec Neuf"
    wrong = check_answer(callsign_question("ZXQ9"), "Zulu X-ray Quebec Cinq")
    assert (wrong.verdict, wrong.other_term) == (Verdict.WRONG, "Cinq")


# --- NUMBERS_HEARD -------------------------------------------------------------------------------------


def test_number_questions_say_the_french_and_want_digits():
    for seed in range(40):
        for variant in NumberVariant:
            question = make_number_question(rng(seed), variant)
            prefix, _, value = question.item_id.partition(":")
            assert question.kind is DrillKind.NUMBERS_HEARD and question.direction == "numbers"
            assert question.id == f"numbers_heard:{question.item_id}"
            assert question.hint == question.audio_text
            if variant is NumberVariant.TIME:
                assert prefix == "time"
                hour, minute = int(value[:2]), int(value[2:])
                assert question.audio_text == time_to_words(hour, minute)
                assert question.accepted[0] == f"{hour} h {minute:02d}"
            elif variant is NumberVariant.GRID:
                assert prefix == "grid" and re.fullmatch(r"\d{6}", value)
                assert question.audio_text == digits_to_words(value)
                assert question.accepted[0] == value
            else:
                assert prefix == "num"
                assert question.audio_text == number_to_words(int(value))
                assert question.accepted[0] == value
            for accepted in question.accepted:
                assert check_answer(question, accepted).verdict is Verdict.EXACT


def test_random_variant_covers_all_three():
    variants = {make_number_question(rng(seed)).item_id.partition(":")[0] for seed in range(60)}
    assert variants == {"num", "time", "grid"}


def _numbers_question(item_id: str, *accepted: str) -> Question:
    return dataclasses.replace(
        make_number_question(rng(), NumberVariant.NUMBER),
        id=f"numbers_heard:{item_id}",
        item_id=item_id,
        accepted=accepted,
    )


@pytest.mark.parametrize(
    ("answer", "correct"),
    [
        ("14 h 30", True),
        ("14h30", True),
        ("1430", True),
        ("14:30", True),
        ("14.30", True),
        ("\u0661\u0664:\u0663\u0660", True),
        ("14 h 31", False),  # one digit off is wrong, never a typo
        ("2 h 30", False),
        ("quatorze heures trente", False),
        ("30", False),
    ],
)
def test_time_answers(answer, correct):
    question = _numbers_question("time:1430", "14 h 30", "1430", "14:30")
    assert check_answer(question, answer).correct is correct


def test_a_whole_hour_may_be_written_without_minutes():
    question = _numbers_question("time:0900", "9 h 00", "0900", "9:00")
    for answer in ("9 h", "9h00", "09:00", "0900", "900"):
        assert check_answer(question, answer).correct, answer


@pytest.mark.parametrize(
    ("answer", "correct"),
    [("308715", True), ("308 715", True), ("3 0 8 7 1 5", True), ("308716", False), ("38715", False)],
)
def test_grid_answers(answer, correct):
    question = _numbers_question("grid:308715", "308715", "308 715")
    grade = check_answer(question, answer)
    assert grade.correct is correct
    if not correct:
        assert grade.verdict is Verdict.WRONG and grade.expected == "308715"


def test_grid_keeps_leading_zeros():
    question = _numbers_question("grid:030871", "030871")
    assert check_answer(question, "030871").correct
    assert not check_answer(question, "30871").correct


@pytest.mark.parametrize(
    ("answer", "correct"),
    [("1980", True), ("1 980", True), ("1.980", True), ("1,980", True), ("1981", False), ("19 80", False)],
)
def test_number_answers(answer, correct):
    assert check_answer(_numbers_question("num:1980", "1980", "1 980"), answer).correct is correct


def test_empty_number_answer():
    assert check_answer(_numbers_question("num:7", "7"), "  ").verdict is Verdict.EMPTY


# --- robustness ----------------------------------------------------------------------------------------


def _sample_questions() -> list[Question]:
    questions = [make_question(CAPORAL, kind, "en", rng(), POOL) for kind in sorted(ENTRY_KINDS)]
    questions += [make_question(SALUER, DrillKind.TYPE_MEANING, "es", rng(), POOL)]
    questions += [make_number_question(rng(), variant) for variant in NumberVariant]
    questions += [make_callsign_question(rng()), callsign_question("XZ09")]
    return questions


SAMPLE_QUESTIONS = _sample_questions()


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=60) | st.sampled_from(["|||", "x ray", "1" * 5000, "٣٠٨", "²", "14 h", "-"]))
def test_check_answer_never_raises(text):
    for question in SAMPLE_QUESTIONS:
        grade = check_answer(question, text)
        assert grade.correct in (True, False)
        assert grade.expected == question.accepted[0]


def test_check_answer_takes_none():
    for question in SAMPLE_QUESTIONS:
        assert check_answer(question, None).verdict is Verdict.EMPTY  # type: ignore[arg-type]
