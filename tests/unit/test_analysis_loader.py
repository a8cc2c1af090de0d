"""The strategic-analysis loader: a valid corpus, every malformed file named with its line, the rest loads."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis.check import analysis_summary, check_analysis, glossary_french_terms
from analysis.loader import AnalysisFileError, load_analysis, parse_document
from text.content import Text3

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "analysis"
VALID = FIXTURES / "valid"
MALFORMED = FIXTURES / "malformed"
VALID_CHAPTER = VALID / "analysis" / "chapters" / "01-framing.md"
FIXTURE_TERMS = (
    "l'évaluation stratégique",
    "la question stratégique",
    "le commanditaire",
    "le périmètre",
    "l'horizon",
    "la présupposition",
    "la contrainte",
    "le mandat",
)


def test_valid_fixture_loads_every_part():
    corpus = load_analysis(VALID, FIXTURE_TERMS)
    assert corpus.errors == ()
    assert [doc.id for doc in corpus.chapters] == ["a01-test"]
    assert [doc.id for doc in corpus.cases] == ["practice"]
    chapter = corpus.chapter("a01-test")
    assert chapter.kind == "chapter" and chapter.number == 1 and chapter.level == "B1"
    assert chapter.title == Text3("Framing the question", "Cadrer la question", "Enmarcar la pregunta")
    assert [p.id for p in chapter.paragraphs] == ["p1", "p2", "p3", "p4", "p5"]
    assert [p.id for p in chapter.worked_example] == ["x1", "x2"]
    assert chapter.paragraph("p1").heading == "Pourquoi une question ?"
    assert chapter.paragraph("p3").heading == ""
    assert chapter.paragraph("p2").text.es == "El solicitante pide el análisis y fija el plazo."
    assert chapter.paragraph("x1").section == "example"
    assert chapter.key_terms == FIXTURE_TERMS
    assert [exercise.id for exercise in chapter.quiz] == [
        "a01-test#q1",
        "a01-test#q2",
        "a01-test#q3",
        "a01-test#q4",
    ]
    assert corpus.exercise("a01-test#q2").answer == "horizon"
    sheet = corpus.worksheet("w01-test")
    assert sheet.kind == "weighted" and sheet.document_id == "a01-test"
    assert [(field.key, field.weight) for field in sheet.criteria] == [
        ("crit.feasibility", 3),
        ("crit.acceptability", 2),
    ]
    assert sheet.title.get("es") == "Comparar los modos de acción"
    case = corpus.case("practice")
    assert case.number == 0 and len(case.paragraphs) == 6 and case.worksheet is None and case.quiz == ()
    assert analysis_summary(corpus) == {"analysis_chapters": 1, "analysis_terms": 8, "worksheets": 1}


# (file, line, part of the message): every problem of the malformed fixtures, nothing else.
MALFORMED_ERRORS = [
    ("02-missing-es.md", 20, "paragraph p2: missing `- es:`"),
    ("03-bad-weight.md", 65, 'weight must be an integer from 1 to 5, not "7"'),
    ("04-duplicate.md", 13, "## Text has 4 paragraphs; at least 5 are expected"),
    ("04-duplicate.md", 25, "duplicate paragraph id p2 (first at line 20)"),
    ("04-duplicate.md", 50, 'paragraph id "p9" in ## Worked example: use x1, x2…'),
    ("05-front-matter.md", 3, 'unknown kind "lesson"'),
    ("05-front-matter.md", 8, "empty title_es"),
    ("06-typography.md", 36, 'paragraph p5 fr: missing space before "?"'),
    ("06-typography.md", 91, 'exercise q3: the answer "le risque" is not one of the options'),
    ("07-short-quiz.md", 55, "worksheet w07-test: missing `- help_es:`"),
    ("07-short-quiz.md", 67, "## Quiz has 2 exercises; at least 4 are expected"),
    ("08-grid.md", 55, "a grid needs at least one `row.…` and one `col.…` row"),
    ("08-grid.md", 66, 'a grid key starts with "row." or "col.", not "zones"'),
    ("09-no-worksheet.md", 1, "missing section `## Worksheet: <id> · <kind>`"),
    ("09-no-worksheet.md", 55, "unknown section `## Notes`"),
    ("10-duplicate-id.md", 2, "duplicate document id a01-test (already used by 01-valid.md)"),
    ("11-swot.md", 55, "missing SWOT rows threats, so, st, wo, wt"),
    ("11-swot.md", 68, 'unknown SWOT key "dangers"'),
    ("12-latin1.md", 1, "not valid UTF-8"),
    ("wrong-kind.md", 3, 'kind "chapter" in the cases/ folder (expected "case")'),
]


def test_malformed_files_are_named_with_their_lines_and_the_others_still_load():
    corpus = load_analysis(MALFORMED)
    found = [(Path(error.path).name, error.line, error.message) for error in corpus.errors]
    assert len(found) == len(MALFORMED_ERRORS), "\n".join(map(str, found))
    for (name, line, part), (found_name, found_line, message) in zip(MALFORMED_ERRORS, found, strict=True):
        assert (found_name, found_line) == (name, line), message
        assert part in message
    assert all(str(error).startswith(f"{error.path}:{error.line}: ") for error in corpus.errors)
    # The valid chapter and the valid case still serve.
    assert [doc.id for doc in corpus.documents] == ["a01-test", "practice"]


def test_key_terms_are_checked_against_the_glossary_when_given():
    text = VALID_CHAPTER.read_text(encoding="utf-8")
    terms = set(FIXTURE_TERMS) - {"le mandat"} | {"Le Mandat"}
    with pytest.raises(AnalysisFileError) as caught:
        parse_document(text, "01.md", expected_kind="chapter", glossary_terms=terms)
    [error] = caught.value.errors
    assert error.line == 41
    assert error.message == 'key term "le mandat" is not in the glossary (the glossary writes "Le Mandat")'
    # Without a glossary, nothing is checked.
    assert parse_document(text, "01.md", glossary_terms=None).key_terms[-1] == "le mandat"


@pytest.mark.parametrize(
    ("old", "new", "line", "part"),
    [
        ("| crit.feasibility | La faisabilité | Feasibility | La factibilidad | 3 |", "", 55, "no rows"),
        ("w01-test · weighted", "w01-test · matrix", 55, "unknown kind `matrix`"),
        ("| La factibilidad | 3 |", "| La factibilidad | 0 |", 65, "weight must be an integer from 1 to 5"),
        ("| La factibilidad | 3 |", "| La factibilidad | trois |", 65, 'not "trois"'),
        ("- terms: l'évaluation stratégique | ", "- terms: le mandat | ", 41, '"le mandat" is listed twice'),
        ("### p4 · L'horizon", "### p4 · L'horizon!", 30, "missing space"),
        ("number: 1", "number: un", 4, 'number must be an integer, not "un"'),
        ("level: B1", "level: C2", 5, 'unknown level "C2"'),
        ("id: a01-test", "id: A01 test", 2, 'bad id "A01 test"'),
        ("- fr: Le commanditaire demande", "Le commanditaire demande", 21, "unexpected text in paragraph p2"),
        ("## Key terms\n", "## Key terms\n\n## Key terms\n", 42, "section `## Key terms` appears twice"),
    ],
)
def test_one_mistake_in_the_valid_chapter_is_reported_at_its_line(old, new, line, part):
    text = VALID_CHAPTER.read_text(encoding="utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    if part == "no rows":
        broken = broken.replace(
            "| crit.acceptability | L'acceptabilité | Acceptability | La aceptabilidad | 2 |\n", ""
        )
        part = "a weighted worksheet needs at least one `crit.…` row"
    with pytest.raises(AnalysisFileError) as caught:
        parse_document(broken, "broken.md", expected_kind="chapter")
    assert any(error.line == line and part in error.message for error in caught.value.errors), (
        caught.value.errors
    )


def test_a_case_needs_only_its_text_and_six_paragraphs():
    text = (VALID / "analysis" / "cases" / "practice.md").read_text(encoding="utf-8")
    assert parse_document(text, "practice.md", expected_kind="case").kind == "case"
    short = text[: text.index("### c6")]
    with pytest.raises(AnalysisFileError) as caught:
        parse_document(short, "practice.md", expected_kind="case")
    assert [error.message for error in caught.value.errors] == [
        "## Text has 5 paragraphs; at least 6 are expected"
    ]


def test_check_analysis_returns_corpus_errors_and_summary(tmp_path):
    corpus, errors, summary = check_analysis(MALFORMED, None)
    assert len(errors) == len(MALFORMED_ERRORS)
    assert summary == {"analysis_chapters": 1, "analysis_terms": 8, "worksheets": 1}
    assert corpus.chapter("a01-test") is not None
    _, errors, summary = check_analysis(tmp_path, None)
    assert summary == {"analysis_chapters": 0, "analysis_terms": 0, "worksheets": 0}
    assert [error.message for error in errors] == ["no chapters folder"]


def test_glossary_french_terms_reads_the_french_column(tmp_path):
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "analysis.csv").write_text(
        "id,french,pos\nan-effet,l'effet majeur,m\nan-ffom,la FFOM,f\n", encoding="utf-8"
    )
    assert glossary_french_terms(tmp_path) == {"l'effet majeur", "la FFOM"}


ALLOWED_IMPORTS = {"analysis", "lessons", "text", "config", "rapidfuzz", "docx", "fpdf", "__future__"}


def test_the_analysis_package_imports_only_text_lessons_and_libraries():
    import sys

    offenders = []
    for path in (ROOT / "analysis").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in ALLOWED_IMPORTS and top not in sys.stdlib_module_names:
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []
