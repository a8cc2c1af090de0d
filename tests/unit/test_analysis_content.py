"""The real strategic-analysis chapters load with no error and meet the plan of the method.

The key-term check against the glossary is left out here (``content/glossary/analysis.csv`` is written
separately); instead every key term must be one of the terms agreed for that file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.check import check_analysis
from analysis.loader import load_analysis

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"

# The French forms agreed with the author of content/glossary/analysis.csv.
AGREED_TERMS = frozenset(
    """l'évaluation stratégique|l'analyse de conflit|les causes profondes|la cause immédiate|le déclencheur|
    les parties prenantes|la présupposition|la contrainte|la limitation|l'impératif|le risque|l'opportunité|
    la liberté d'action|le mode d'action|l'effet majeur|l'état final recherché|l'appropriation nationale|
    la protection des civils|le DDR|la RSS|la FFOM|le PMESII|l'ASCOPE|l'alerte précoce|le scénario|
    l'indicateur|le commanditaire|la question stratégique|l'enjeu|le critère|la faisabilité|l'acceptabilité|
    la recommandation|la note d'analyse|le mandat|l'acteur|l'intérêt|la position|la capacité|
    les capacités de paix|le facteur|la dynamique|la synthèse|la force|la faiblesse|la menace|
    le consentement des parties|l'impartialité|la légitime défense|le périmètre|l'horizon|la source|
    le degré de confiance""".replace("\n", "").split("|")
)
AGREED_TERMS = frozenset(term.strip() for term in AGREED_TERMS)

# The chapter plan: id and worksheet (id, kind).
PLAN = [
    ("a01-question", "w01-presuppositions", "table"),
    ("a02-environment", "w02-pmesii-ascope", "grid"),
    ("a03-actors", "w03-stakeholders", "table"),
    ("a04-causes", "w04-causes", "table"),
    ("a05-scenarios", "w05-scenarios", "table"),
    ("a06-synthesis", "w06-ffom", "swot"),
    ("a07-courses", "w07-courses", "weighted"),
    ("a08-note", "w08-note", "sections"),
]


@pytest.fixture(scope="module")
def corpus():
    return load_analysis(CONTENT)


def test_the_chapters_load_without_errors(corpus):
    chapter_errors = [error for error in corpus.errors if "/chapters/" in error.path]
    assert chapter_errors == []
    assert [(c.id, c.worksheet.id, c.worksheet.kind) for c in corpus.chapters] == PLAN
    assert [c.number for c in corpus.chapters] == list(range(1, 9))


def test_every_chapter_has_the_parts_the_plan_asks_for(corpus):
    for chapter in corpus.chapters:
        assert chapter.level == "B1"
        assert len(chapter.paragraphs) >= 6, chapter.id
        assert len(chapter.worked_example) >= 2, chapter.id
        assert len(chapter.key_terms) >= 8, chapter.id
        assert len(chapter.quiz) >= 5, chapter.id
        assert len({exercise.kind for exercise in chapter.quiz}) >= 2, chapter.id


def test_key_terms_are_the_agreed_ones(corpus):
    assert len(AGREED_TERMS) == 53
    used = {term for chapter in corpus.chapters for term in chapter.key_terms}
    assert used - AGREED_TERMS == set()
    assert used == AGREED_TERMS  # every agreed term is taught in some chapter


def test_every_key_term_of_chapters_and_cases_is_a_glossary_entry(corpus):
    from library.content import load_course_and_glossary

    _, glossary = load_course_and_glossary(CONTENT)
    french = {entry.french for entry in glossary.entries}
    assert set(corpus.key_terms) - french == set()
    assert corpus.cases and all(case.key_terms for case in corpus.cases)


def test_the_check_passes_with_the_agreed_terms_as_glossary():
    corpus, errors, summary = check_analysis(CONTENT, AGREED_TERMS)
    assert [error for error in errors if "/chapters/" in error.path] == []
    assert summary["analysis_chapters"] == 8
    assert summary["worksheets"] >= 8
    assert summary["analysis_terms"] >= 53


_SENTENCE_END = re.compile(r"[.!?](?:\s*»)?(?:\s|$)")


def test_french_paragraphs_are_short_and_the_translations_exist(corpus):
    for chapter in corpus.chapters:
        for paragraph in chapter.all_paragraphs:
            french = paragraph.text.fr
            sentences = len(_SENTENCE_END.findall(french))
            assert 2 <= sentences <= 5, (chapter.id, paragraph.id, sentences)
            assert len(french.split()) <= 110, (chapter.id, paragraph.id)
            for gloss in (paragraph.text.en, paragraph.text.es):
                assert gloss and gloss != french
                assert 0.6 <= len(gloss) / len(french) <= 1.6, (chapter.id, paragraph.id)


def test_the_case_bible_names_are_spelled_consistently(corpus):
    text = "\n".join(p.text.fr for chapter in corpus.chapters for p in chapter.all_paragraphs)
    assert "résolution fictive 2801 (2023)" in text
    for wrong in ("Tassandia ", "Koule ", "Oubirá", "FLN-T/Resistencia", "FLN-T/Diálogo", "MINUTASS"):
        assert wrong not in text
    everything = "\n".join(
        getattr(p.text, lang)
        for chapter in corpus.chapters
        for p in chapter.all_paragraphs
        for lang in ("en", "es")
    )
    assert "FLN-T/Resistencia" not in everything and "FLN-T/Diálogo" not in everything
