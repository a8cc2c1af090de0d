"""Full-text search over the analysis corpus: ranking tiers, accents, typos, gloss languages, highlights."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.loader import load_analysis
from analysis.model import AnalysisCorpus, AnalysisDocument, Paragraph
from analysis.search import AnalysisSearchIndex, highlight_parts
from text.content import Text3

ROOT = Path(__file__).resolve().parents[2]


def _document(doc_id: str, number: int, title: str, paragraphs: list[tuple[str, str, str, str, str]]):
    return AnalysisDocument(
        id=doc_id,
        kind="chapter",
        number=number,
        level="B1",
        title=Text3(title, title, title),
        paragraphs=tuple(
            Paragraph(pid, heading, Text3(en, fr, es), line)
            for line, (pid, heading, fr, en, es) in enumerate(paragraphs)
        ),
        worked_example=(),
        key_terms=(),
        worksheet=None,
        quiz=(),
        path=f"{doc_id}.md",
    )


SMALL = AnalysisCorpus(
    chapters=(
        _document(
            "d1",
            1,
            "Chapitre un",
            [
                (
                    "p1",
                    "",
                    "Les causes profondes du conflit sont anciennes.",
                    "Root causes are old.",
                    "Son antiguas.",
                ),
                (
                    "p2",
                    "",
                    "De profondes rivalités ont des causes multiples.",
                    "Deep rivalries.",
                    "Rivalidades.",
                ),
                ("p3", "", "Une cause profonde reste cachée.", "A hidden cause.", "Una causa oculta."),
                ("p4", "", "Rien à voir ici.", "Nothing here.", "Nada aquí."),
            ],
        ),
        _document(
            "d2",
            2,
            "Chapitre deux",
            [
                (
                    "p1",
                    "",
                    "Les déclencheurs sont des événements.",
                    "Triggers are events.",
                    "Desencadenantes.",
                ),
                (
                    "p2",
                    "Les déclencheurs",
                    "Un événement peut tout changer.",
                    "An event.",
                    "Un acontecimiento.",
                ),
                (
                    "p3",
                    "",
                    "L'Élection présidentielle a lieu en 2027.",
                    "The presidential election.",
                    "La elección.",
                ),
            ],
        ),
        _document(
            "d3",
            3,
            "Les déclencheurs",
            [("p1", "", "On parle encore des déclencheurs.", "Triggers again.", "Otra vez.")],
        ),
    )
)


@pytest.fixture(scope="module")
def small_index() -> AnalysisSearchIndex:
    return AnalysisSearchIndex(SMALL)


def _ids(hits):
    return [(hit.document_id, hit.paragraph_id, hit.match) for hit in hits]


def test_exact_phrase_beats_all_words_beats_fuzzy(small_index):
    hits = small_index.search("causes profondes")
    assert _ids(hits) == [("d1", "p1", "phrase"), ("d1", "p2", "words"), ("d1", "p3", "fuzzy")]
    assert hits[0].score > hits[1].score > hits[2].score


def test_a_heading_hit_weighs_more_than_a_text_hit_and_a_title_more_than_nothing(small_index):
    hits = small_index.search("declencheurs")  # typed without accents
    assert [(hit.document_id, hit.paragraph_id) for hit in hits] == [("d2", "p2"), ("d3", "p1"), ("d2", "p1")]
    first = hits[0]
    assert first.spans == () and first.heading == "Les déclencheurs"
    assert [first.heading[a:b] for a, b in first.heading_spans] == ["déclencheurs"]


def test_spans_point_into_the_original_text(small_index):
    [hit] = small_index.search("election presidentielle")
    assert hit.text == "L'Élection présidentielle a lieu en 2027."
    assert [hit.text[a:b] for a, b in hit.spans] == ["Élection présidentielle"]
    parts = highlight_parts(hit.text, hit.spans)
    assert parts == [("L'", False), ("Élection présidentielle", True), (" a lieu en 2027.", False)]
    assert "".join(piece for piece, _ in parts) == hit.text


def test_words_spans_mark_every_occurrence(small_index):
    [hit] = small_index.search("rivalites multiples")
    assert [hit.text[a:b] for a, b in hit.spans] == ["rivalités", "multiples"]
    assert hit.match == "words"


@pytest.mark.parametrize(
    "query", ["", "   ", "de la", "zzzzzz", "\x00<script>alert(1)</script>", "é" * 10_000]
)
def test_queries_that_match_nothing_return_no_hit(small_index, query):
    assert small_index.search(query) == []


def test_small_words_alone_are_still_searched():
    assert _ids(AnalysisSearchIndex(SMALL).search("des"))[:1] == [("d1", "p2", "words")]


def test_language_and_document_filters_and_one_hit_per_paragraph(small_index):
    assert {hit.lang for hit in small_index.search("triggers", langs=["en"])} == {"en"}
    assert small_index.search("triggers", langs=["fr"]) == []
    assert {hit.document_id for hit in small_index.search("déclencheurs", document_ids=["d3"])} == {"d3"}
    per_language = small_index.search("2027", one_per_paragraph=False)
    assert [(hit.paragraph_id, hit.lang) for hit in per_language] == [("p3", "fr")]
    assert len(small_index.search("causes", limit=1)) == 1


def test_an_acronym_in_capitals_is_never_matched_fuzzily():
    corpus = AnalysisCorpus(
        chapters=(
            _document("d", 1, "T", [("p1", "", "Une analyse FFOM.", "It comes from far.", "Un DAFO.")]),
        )
    )
    index = AnalysisSearchIndex(corpus)
    assert [hit.lang for hit in index.search("FFOM")] == ["fr"]
    assert [hit.lang for hit in index.search("ffom", one_per_paragraph=False)] == ["fr", "en"]


# --- the real chapters ---


@pytest.fixture(scope="module")
def real():
    corpus = load_analysis(ROOT / "content")
    return AnalysisSearchIndex(corpus), [chapter.id for chapter in corpus.chapters]


REAL_QUERIES = [
    # (query, expected first hit: document, paragraph, language)
    ("effet majeur", ("a07-courses", "p2", "fr")),
    ("presuppositions", ("a01-question", "p7", "fr")),  # no accents
    ("scenraio le plus dangereux", ("a05-scenarios", "p2", "fr")),  # a typo
    ("efet majeur", ("a07-courses", "p2", "fr")),  # a typo
    ("desired end state", ("a07-courses", "p1", "en")),  # English
    ("stakeholders", ("a03-actors", "p1", "en")),
    ("self-defence", ("a07-courses", "p6", "en")),
    ("alerta temprana", ("a05-scenarios", "p6", "es")),  # Spanish
    ("apropiacion nacional", ("a03-actors", "p6", "es")),
    ("PMESII", ("a02-environment", "p2", "fr")),
    ("liberte d'action", ("a06-synthesis", "p6", "fr")),
    ("causes profondes", ("a04-causes", "p2", "fr")),
    ("capacités de paix", ("a04-causes", "p5", "fr")),
    ("légitime défense", ("a07-courses", "p6", "fr")),
    ("commanditaire", ("a01-question", "p3", "fr")),
    ("BLUF", ("a08-note", "p2", "fr")),
    ("FFOM", ("a06-synthesis", "p2", "fr")),
    ("indicateur", ("a05-scenarios", "p5", "fr")),
]


@pytest.mark.parametrize(("query", "expected"), REAL_QUERIES)
def test_first_hit_in_the_real_chapters(real, query, expected):
    index, chapter_ids = real
    hits = index.search(query, document_ids=chapter_ids)
    assert hits, query
    assert (hits[0].document_id, hits[0].paragraph_id, hits[0].lang) == expected
    for hit in hits:
        assert all(0 <= a < b <= len(hit.text) for a, b in hit.spans)
