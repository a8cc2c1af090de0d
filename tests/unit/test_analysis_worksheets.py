"""Worksheet answers: empty answers, validation limits and hostile input, weighted totals, exports."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document

from analysis import worksheets as ws
from analysis.loader import load_analysis
from analysis.model import WorksheetDefinition, WorksheetField
from analysis.worksheets import OptionTotal, WorksheetInputError

ROOT = Path(__file__).resolve().parents[2]


def _field(key: str, fr: str, en: str = "", es: str = "", weight: int | None = None) -> WorksheetField:
    from text.content import Text3

    return WorksheetField(key, Text3(en or fr, fr, es or fr), 1, weight)


def _sheet(kind: str, fields: list[WorksheetField], sheet_id: str = "w-test") -> WorksheetDefinition:
    from text.content import Text3

    return WorksheetDefinition(
        sheet_id,
        kind,
        Text3("Test sheet", "Fiche d'essai", "Ficha de prueba"),
        Text3("", "", ""),
        tuple(fields),
        "a",
        1,
    )


SECTIONS = _sheet(
    "sections", [_field("question", "La question", "The question"), _field("answer", "La réponse")]
)
TABLE = _sheet("table", [_field("actor", "L'acteur", "Actor"), _field("interest", "L'intérêt", "Interest")])
GRID = _sheet(
    "grid",
    [
        _field("row.pol", "Politique"),
        _field("row.eco", "Économique"),
        _field("col.zones", "Zones"),
        _field("col.p", "Pop"),
    ],
)
SWOT = _sheet(
    "swot",
    [
        _field(key, key.upper())
        for key in ("strengths", "weaknesses", "opportunities", "threats", "so", "st", "wo", "wt")
    ],
)
WEIGHTED = _sheet(
    "weighted",
    [
        _field("crit.f", "La faisabilité", "Feasibility", weight=3),
        _field("crit.a", "L'acceptabilité", weight=2),
    ],
)


def test_empty_answers_have_the_shape_of_each_kind():
    assert ws.empty_answers(SECTIONS) == {"question": "", "answer": ""}
    assert ws.empty_answers(TABLE) == {"rows": [{"actor": "", "interest": ""}]}
    assert ws.empty_answers(GRID) == {
        "row.pol|col.zones": "",
        "row.pol|col.p": "",
        "row.eco|col.zones": "",
        "row.eco|col.p": "",
    }
    assert list(ws.empty_answers(SWOT)) == [
        "strengths",
        "weaknesses",
        "opportunities",
        "threats",
        "so",
        "st",
        "wo",
        "wt",
    ]
    assert ws.empty_answers(WEIGHTED, "en") == {
        "criteria": [
            {"id": "f", "label": "Feasibility", "weight": 3},
            {"id": "a", "label": "L'acceptabilité", "weight": 2},
        ],
        "options": [],
    }
    for sheet in (SECTIONS, TABLE, GRID, SWOT, WEIGHTED):
        assert ws.validate_answers(sheet, ws.empty_answers(sheet)) == ws.empty_answers(sheet)


def _weighted(criteria: list[tuple[str, int]], options: list[tuple[str, dict]]) -> dict:
    return {
        "criteria": [{"id": cid, "label": cid.upper(), "weight": weight} for cid, weight in criteria],
        "options": [{"id": oid, "label": f"Option {oid}", "scores": scores} for oid, scores in options],
    }


@pytest.mark.parametrize(
    ("criteria", "options", "expected"),
    [
        # one criterion
        ([("f", 3)], [("m1", {"f": 4})], [("m1", 12, 1, ())]),
        # Σ weight × score, best first
        (
            [("f", 3), ("a", 2)],
            [("m1", {"f": 2, "a": 5}), ("m2", {"f": 5, "a": 1})],
            [("m2", 17, 1, ()), ("m1", 16, 2, ())],
        ),
        # ties share a rank; the next rank skips (1, 1, 3); equal totals keep the learner's order
        (
            [("f", 1)],
            [("m1", {"f": 3}), ("m2", {"f": 5}), ("m3", {"f": 5}), ("m4", {"f": 3})],
            [("m2", 5, 1, ()), ("m3", 5, 1, ()), ("m1", 3, 3, ()), ("m4", 3, 3, ())],
        ),
        # a missing score counts 0 and is reported; None is the same as missing
        (
            [("f", 5), ("a", 4), ("c", 1)],
            [("m1", {"f": 5}), ("m2", {"f": 1, "a": 1, "c": None})],
            [("m1", 25, 1, ("a", "c")), ("m2", 9, 2, ("c",))],
        ),
        # no option, no criterion
        ([], [("m1", {})], [("m1", 0, 1, ())]),
        ([("f", 2)], [], []),
    ],
)
def test_weighted_totals(criteria, options, expected):
    totals = ws.weighted_totals(WEIGHTED, _weighted(criteria, options))
    assert [(t.option_id, t.total, t.rank, t.missing) for t in totals] == expected
    assert all(t.label == f"Option {t.option_id}" for t in totals)


def test_the_real_courses_worksheet_gives_the_worked_examples_totals():
    corpus = load_analysis(ROOT / "content")
    sheet = corpus.worksheet("w07-courses")
    answers = ws.empty_answers(sheet)
    answers["options"] = [
        {
            "id": "m1",
            "label": "Escortes",
            "scores": dict(faisabilite=5, acceptabilite=4, protection=3, risques=4, cout=3),
        },
        {
            "id": "m2",
            "label": "Postes",
            "scores": dict(faisabilite=3, acceptabilite=5, protection=5, risques=4, cout=3),
        },
    ]
    assert ws.weighted_totals(sheet, answers) == [
        OptionTotal("m2", "Postes", 75, 1),
        OptionTotal("m1", "Escortes", 69, 2),
    ]
    example = corpus.chapter("a07-courses").paragraph("x2").text.fr
    assert "69 points" in example and "75" in example


HOSTILE = (
    "<script>alert('x')</script> <img src=x onerror=alert(1)> "
    "**gras** [lien](javascript:alert(1)) # titre | a |"
)


def test_validation_keeps_markup_as_text_and_strips_nul():
    cleaned = ws.validate_answers(SECTIONS, {"question": HOSTILE, "answer": "a\x00b\x01c\n\td\ufffe"})
    assert cleaned == {"question": HOSTILE, "answer": "abc\n\td"}
    assert ws.validate_answers(SECTIONS, {"question": None}) == {"question": "", "answer": ""}


def test_a_100_kb_field_is_kept_and_a_field_over_200_kb_refused():
    big = "é" * 50_000  # 100 kB in UTF-8
    assert ws.validate_answers(SECTIONS, {"question": big})["question"] == big
    assert ws.validate_answers(SECTIONS, {"question": "x" * 200_000})["question"] == "x" * 200_000
    with pytest.raises(WorksheetInputError, match="at most 200 kB per field"):
        ws.validate_answers(SECTIONS, {"question": "x" * 200_001})
    with pytest.raises(WorksheetInputError, match="row 2, actor"):
        ws.validate_answers(TABLE, {"rows": [{"actor": "a"}, {"actor": "x" * 300_000}]})


def test_a_worksheet_over_2_mb_is_refused():
    rows = [{"actor": "x" * 150_000, "interest": ""} for _ in range(13)]
    assert len(ws.validate_answers(TABLE, {"rows": rows})["rows"]) == 13  # 1.95 MB
    with pytest.raises(WorksheetInputError, match="at most 2 MB"):
        ws.validate_answers(TABLE, {"rows": [*rows, {"actor": "x" * 60_000}]})


@pytest.mark.parametrize(
    ("sheet", "answers", "message"),
    [
        (SECTIONS, "not a dict", "an object is expected"),
        (SECTIONS, {"question": 12}, "a text is expected, not int"),
        (SECTIONS, {"question": ["a"]}, "a text is expected, not list"),
        (SECTIONS, {"unknown": "a"}, "unknown field"),
        (GRID, {"row.pol|col.nope": "a"}, "unknown field"),
        (SWOT, {"menaces": "a"}, "unknown field"),
        (TABLE, {"rows": "a"}, "a list is expected"),
        (TABLE, {"rows": [{"actor": "a", "other": "b"}]}, "row 1: unknown field"),
        (TABLE, {"rows": [{}] * 201}, "at most 200 items"),
        (WEIGHTED, {"criteria": [{"id": "f", "label": "F", "weight": 6}]}, "5 is expected, not 6"),
        (WEIGHTED, {"criteria": [{"id": "f", "label": "F", "weight": 0}]}, "5 is expected, not 0"),
        (WEIGHTED, {"criteria": [{"id": "f", "label": "F", "weight": True}]}, "5 is expected, not True"),
        (WEIGHTED, {"criteria": [{"id": "f", "label": "F", "weight": "3"}]}, "5 is expected, not '3'"),
        (WEIGHTED, {"criteria": [{"id": "f", "label": "F", "weight": 2}] * 2}, "used twice"),
        (WEIGHTED, {"criteria": [{"id": "<b>", "label": "F", "weight": 2}]}, "an id of letters"),
        (WEIGHTED, {"criteria": [{"id": "f", "label": "x" * 301, "weight": 2}]}, "at most 300 characters"),
        (
            WEIGHTED,
            {
                "criteria": [{"id": "f", "label": "F", "weight": 2}],
                "options": [{"id": "m", "label": "M", "scores": {"f": 9}}],
            },
            "score for f: an integer from 1 to 5",
        ),
        (
            WEIGHTED,
            {
                "criteria": [{"id": "f", "label": "F", "weight": 2}],
                "options": [{"id": "m", "label": "M", "scores": {"g": 1}}],
            },
            "unknown field",
        ),
        (WEIGHTED, {"options": [{"id": "m", "label": "M"}] * 2}, "used twice"),
        (WEIGHTED, {"options": [{"id": f"m{i}", "label": "M"} for i in range(31)]}, "at most 30 items"),
    ],
)
def test_bad_answers_are_refused_with_a_clear_message(sheet, answers, message):
    with pytest.raises(WorksheetInputError, match=re.escape(message)):
        ws.validate_answers(sheet, answers)
    assert issubclass(WorksheetInputError, ValueError)


def test_weighted_totals_refuse_another_kind():
    with pytest.raises(WorksheetInputError, match="not a weighted one"):
        ws.weighted_totals(SECTIONS, {})


# --- exports ---


MARKDOWN_HOSTILE = (
    "# Titre\n| a | b |\n* puce\n- tiret\n1. liste\n> cite\n    code\n"
    "<b>gras</b> **x** _y_ `z` ![i](u) [l](u) &amp;"
)
LABELS = {"worksheet": "Fiche", "total": "Total", "rank": "Rang", "option": "Mode d'action", "row": "Ligne"}


def test_markdown_export_escapes_the_learners_text_into_plain_lines():
    answers = {"question": MARKDOWN_HOSTILE, "answer": ""}
    text = ws.worksheet_markdown(SECTIONS, answers, "fr", LABELS)
    lines = text.splitlines()
    assert lines[0] == "# Fiche · Fiche d'essai"
    body = lines[lines.index("**La question**") + 2 :]
    # Each line of the learner's text starts with an escape, a digit or a no-break space: never a marker.
    for line in body[:7]:
        assert line[0] in "\\\u00a01", line
    assert body[:7] == [
        "\\# Titre\\",
        "\\| a \\| b \\|\\",
        "\\* puce\\",
        "\\- tiret\\",
        "1\\. liste\\",
        "\\> cite\\",
        "\u00a0" * 4 + "code\\",
    ]
    assert body[7] == "\\<b\\>gras\\</b\\> \\*\\*x\\*\\* \\_y\\_ \\`z\\` \\!\\[i\\](u) \\[l\\](u) \\&amp;"
    # No unescaped structural character is left in the learner's part.
    learner = "\n".join(body[:8])
    assert not re.search(r"(?<!\\)[<>*_`\[\]|#&!]", learner)
    assert "**La réponse**\n\n—" in text  # an empty answer shows a dash


def test_markdown_escape_round_trips_to_the_typed_text():
    typed = "a*b_c [d] <e> #f |g| 1. h\n- i"
    escaped = ws.escape_markdown_text(typed)
    unescaped = re.sub(r"\\(.)", r"\1", escaped.replace("\\\n", "\n"))
    assert unescaped == typed


def test_weighted_markdown_has_the_totals_table_with_escaped_labels():
    answers = _weighted([("f", 3), ("a", 2)], [("m1", {"f": 2}), ("m2", {"f": 5, "a": 1})])
    answers["options"][0]["label"] = "A | B"
    text = ws.worksheet_markdown(WEIGHTED, answers, "fr", LABELS)
    assert "| Mode d'action | F | A | Total | Rang |" in text
    assert "| Option m2 | 5 | 1 | 17 | 1 |" in text
    assert "| A \\| B | 2 | — | 6 | 2 |" in text
    assert "Missing scores · A | B" not in text and "Missing scores · A \\| B" in text


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_docx_export_reopens_with_the_answers_as_plain_text():
    answers = {"question": HOSTILE + "\nligne 2\x00", "answer": "é" * 50_000}
    data = ws.worksheet_docx(SECTIONS, answers, "en", {"worksheet": "Worksheet"})
    text = _docx_text(data)
    assert "Worksheet · Test sheet" in text
    assert "The question" in text
    assert HOSTILE in text and "ligne 2" in text and "\x00" not in text
    assert "é" * 50_000 in text


def test_docx_export_of_a_table_grid_and_weighted_worksheet():
    table = _docx_text(
        ws.worksheet_docx(TABLE, {"rows": [{"actor": "FAT", "interest": "Dassa"}, {}]}, "fr", LABELS)
    )
    assert "Ligne 1" in table and "Ligne 2" in table and "FAT" in table and "Dassa" in table
    grid = _docx_text(ws.worksheet_docx(GRID, {"row.eco|col.p": "éleveurs"}, "fr"))
    assert "Économique" in grid and "éleveurs" in grid
    answers = _weighted([("f", 3)], [("m1", {"f": 4})])
    weighted = _docx_text(ws.worksheet_docx(WEIGHTED, answers, "fr", LABELS))
    assert "Rang" in weighted and "12" in weighted and "Option m1" in weighted


def test_pdf_export_is_a_pdf_with_the_unicode_font():
    answers = {"question": HOSTILE + " Ελληνικά « guillemets » ŒÆ", "answer": "x" * 20_000}
    data = ws.worksheet_pdf(SECTIONS, answers, "fr", LABELS)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    if ws.DEFAULT_FONT.is_file():
        assert b"DejaVu" in data
    weighted = ws.worksheet_pdf(WEIGHTED, _weighted([("f", 3)], [("m1", {"f": 4})]), "es")
    assert weighted.startswith(b"%PDF-") and len(weighted) > 1000


def test_pdf_export_falls_back_to_helvetica_with_a_warning(tmp_path):
    with pytest.warns(RuntimeWarning, match="fonts-dejavu-core"):
        data = ws.worksheet_pdf(SECTIONS, {"question": "Ελληνικά é"}, "fr", font=tmp_path / "missing.ttf")
    assert data.startswith(b"%PDF-") and b"Helvetica" in data


def test_whole_analysis_exports_hold_every_worksheet():
    sheets = [
        (SECTIONS, {"question": "Que faire à Dassa ?"}),
        (TABLE, {"rows": [{"actor": "FLN-T"}]}),
        (_sheet("swot", SWOT.fields, "w-swot"), {"threats": "trafic d'or"}),
    ]
    markdown = ws.analysis_markdown(sheets, "fr", LABELS, title="Analyse # Tassandie")
    assert markdown.startswith("# Analyse \\# Tassandie\n")
    assert markdown.count("## Fiche · Fiche d'essai") == 3
    assert "Que faire à Dassa ?" in markdown and "FLN\\-T" not in markdown and "FLN-T" in markdown
    docx_text = _docx_text(ws.analysis_docx(sheets, "fr", LABELS, title="Tassandie"))
    assert docx_text.startswith("Tassandie") and "trafic d'or" in docx_text and "FLN-T" in docx_text
    assert ws.analysis_pdf(sheets, "fr", LABELS).startswith(b"%PDF-")


def test_exports_validate_first():
    with pytest.raises(WorksheetInputError):
        ws.worksheet_markdown(SECTIONS, {"question": "x" * 300_000}, "fr")
    with pytest.raises(WorksheetInputError):
        ws.worksheet_docx(SECTIONS, {"nope": ""}, "fr")
