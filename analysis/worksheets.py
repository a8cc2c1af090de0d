"""A learner's answers to a worksheet: empty answers, validation, the weighted totals, and exports.

Answers are a plain JSON-serialisable dict whose shape depends on the worksheet's kind:

- ``sections`` and ``swot``: ``{key: text}`` for every field key;
- ``table``: ``{"rows": [{column key: text}, …]}`` (as many rows as the learner adds);
- ``grid``: ``{"row.x|col.y": text}`` for every cell;
- ``weighted``: ``{"criteria": [{"id", "label", "weight"}], "options": [{"id", "label",
  "scores": {criterion id: 1–5}}]}``.

Everything the learner writes is kept as plain text: HTML, Markdown and any other markup are stored and
exported as the characters typed, never interpreted. Exports escape it (Markdown) or write it as text runs
(Word, PDF). The interface words the exports need ("Worksheet", "Total", "Rank"…) come from the caller in
a ``labels`` mapping (keys :data:`EXPORT_LABELS`); the worksheet's own labels come from the content.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from analysis.model import MAX_SCORE, MAX_WEIGHT, MIN_SCORE, MIN_WEIGHT, AnalysisCorpus, WorksheetDefinition

__all__ = [
    "DEFAULT_FONT",
    "EXPORT_LABELS",
    "MAX_FIELD_BYTES",
    "MAX_WORKSHEET_BYTES",
    "OWN_SITUATION",
    "OptionTotal",
    "WorksheetInputError",
    "analysis_docx",
    "analysis_markdown",
    "analysis_pdf",
    "empty_answers",
    "escape_markdown_text",
    "validate_answers",
    "weighted_totals",
    "worksheet_docx",
    "worksheet_markdown",
    "worksheet_pdf",
    "worksheet_situations",
]

LARGE_FIELD_BYTES = 100_000  # allowed (and stored as text)
MAX_FIELD_BYTES = 200_000  # refused above
MAX_WORKSHEET_BYTES = 2_000_000
MAX_TABLE_ROWS = 200
MAX_CRITERIA = 20
MAX_OPTIONS = 30
MAX_LABEL_CHARS = 300
_ITEM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")

# A worksheet is filled for a situation: one of the case studies (its id), or the learner's own.
OWN_SITUATION = "own"

# The interface words of the exports, in the caller's language; English stands in for a missing key.
EXPORT_LABELS: dict[str, str] = {
    "worksheet": "Worksheet",
    "analysis": "Analysis",
    "row": "Row",
    "option": "Option",
    "criterion": "Criterion",
    "weight": "Weight",
    "score": "Score",
    "total": "Total",
    "rank": "Rank",
    "missing": "Missing scores",
    "empty": "—",
}

DEFAULT_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEFAULT_BOLD_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

# Characters XML 1.0 (hence Word) cannot hold, and NUL: removed from every answer.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class WorksheetInputError(ValueError):
    """The answers cannot be stored: the message says what is wrong, in plain words."""


class OptionTotal(NamedTuple):
    """A course of action's weighted total: Σ weight × score, its rank (ties share one), and the ids of
    the criteria it has no score for (counted as 0)."""

    option_id: str
    label: str
    total: int
    rank: int
    missing: tuple[str, ...] = ()


def worksheet_situations(corpus: AnalysisCorpus) -> tuple[str, ...]:
    """The situations a worksheet can be filled for: every case study's id, then :data:`OWN_SITUATION`."""
    return (*(case.id for case in corpus.cases), OWN_SITUATION)


# --- answers ------------------------------------------------------------------------------------------------


def empty_answers(defn: WorksheetDefinition, lang: str = "fr") -> dict[str, Any]:
    """The answers of a worksheet nobody has filled (a table starts with one empty row; the default
    criteria of a weighted worksheet are labelled in ``lang``)."""
    if defn.kind in ("sections", "swot"):
        return {key: "" for key in defn.keys}
    if defn.kind == "table":
        return {"rows": [{key: "" for key in defn.keys}]}
    if defn.kind == "grid":
        return {cell: "" for cell in defn.cells}
    if defn.kind == "weighted":
        criteria = [
            {
                "id": _criterion_id(field.key),
                "label": field.label.get(lang),
                "weight": field.weight or MIN_WEIGHT,
            }
            for field in defn.criteria
        ]
        return {"criteria": criteria, "options": []}
    raise WorksheetInputError(f"unknown worksheet kind {defn.kind!r}")


def _criterion_id(key: str) -> str:
    return key.removeprefix("crit.")


class _Budget:
    def __init__(self) -> None:
        self.total = 0

    def text(self, value: Any, where: str) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise WorksheetInputError(f"{where}: a text is expected, not {type(value).__name__}")
        value = _NOT_XML.sub("", value)
        size = len(value.encode("utf-8", "surrogatepass"))
        if size > MAX_FIELD_BYTES:
            raise WorksheetInputError(
                f"{where}: {size // 1000} kB is too long (at most {MAX_FIELD_BYTES // 1000} kB per field)"
            )
        self.total += size
        if self.total > MAX_WORKSHEET_BYTES:
            raise WorksheetInputError(
                f"the worksheet is too long (at most {MAX_WORKSHEET_BYTES // 1_000_000} MB)"
            )
        return value

    def label(self, value: Any, where: str) -> str:
        text = self.text(value, where)
        if len(text) > MAX_LABEL_CHARS:
            raise WorksheetInputError(f"{where}: a label has at most {MAX_LABEL_CHARS} characters")
        return text


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise WorksheetInputError(f"{where}: an object is expected, not {type(value).__name__}")
    return value


def _list(value: Any, where: str, limit: int) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise WorksheetInputError(f"{where}: a list is expected, not {type(value).__name__}")
    if len(value) > limit:
        raise WorksheetInputError(f"{where}: at most {limit} items")
    return list(value)


def _only_keys(value: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    unknown = [str(key) for key in value if key not in allowed]
    if unknown:
        shown = ", ".join(sorted(unknown)[:5])
        raise WorksheetInputError(f"{where}: unknown field(s) {shown}")


def _integer(value: Any, low: int, high: int, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise WorksheetInputError(f"{where}: an integer from {low} to {high} is expected, not {value!r}")
    return value


def _item_id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _ITEM_ID.fullmatch(value):
        raise WorksheetInputError(f"{where}: an id of letters, digits, '-', '_' or '.' is expected")
    return value


def validate_answers(defn: WorksheetDefinition, answers: Any) -> dict[str, Any]:
    """The answers cleaned and complete (missing fields become empty; NUL and other characters a text
    file cannot hold are removed; markup is kept as typed), or :class:`WorksheetInputError`.

    Limits: a field may hold up to 200 kB (100 kB answers are ordinary), the whole worksheet 2 MB;
    a table up to 200 rows; a weighted worksheet up to 20 criteria and 30 options, weights and scores
    integers from 1 to 5 (a score may be missing)."""
    answers = _mapping(answers, defn.id)
    budget = _Budget()
    if defn.kind in ("sections", "swot", "grid"):
        keys = defn.cells if defn.kind == "grid" else defn.keys
        _only_keys(answers, keys, defn.id)
        return {key: budget.text(answers.get(key), key) for key in keys}
    if defn.kind == "table":
        _only_keys(answers, ("rows",), defn.id)
        rows = []
        for number, row in enumerate(_list(answers.get("rows"), f"{defn.id} rows", MAX_TABLE_ROWS), start=1):
            row = _mapping(row, f"row {number}")
            _only_keys(row, defn.keys, f"row {number}")
            rows.append({key: budget.text(row.get(key), f"row {number}, {key}") for key in defn.keys})
        return {"rows": rows}
    if defn.kind == "weighted":
        return _validate_weighted(defn, answers, budget)
    raise WorksheetInputError(f"unknown worksheet kind {defn.kind!r}")


def _validate_weighted(
    defn: WorksheetDefinition, answers: Mapping[str, Any], budget: _Budget
) -> dict[str, Any]:
    _only_keys(answers, ("criteria", "options"), defn.id)
    criteria = []
    seen: set[str] = set()
    for number, item in enumerate(_list(answers.get("criteria"), "criteria", MAX_CRITERIA), start=1):
        where = f"criterion {number}"
        item = _mapping(item, where)
        _only_keys(item, ("id", "label", "weight"), where)
        criterion_id = _item_id(item.get("id"), where)
        if criterion_id in seen:
            raise WorksheetInputError(f"{where}: the id {criterion_id} is used twice")
        seen.add(criterion_id)
        criteria.append(
            {
                "id": criterion_id,
                "label": budget.label(item.get("label"), where),
                "weight": _integer(item.get("weight"), MIN_WEIGHT, MAX_WEIGHT, f"{where} weight"),
            }
        )
    options = []
    option_ids: set[str] = set()
    for number, item in enumerate(_list(answers.get("options"), "options", MAX_OPTIONS), start=1):
        where = f"option {number}"
        item = _mapping(item, where)
        _only_keys(item, ("id", "label", "scores"), where)
        option_id = _item_id(item.get("id"), where)
        if option_id in option_ids:
            raise WorksheetInputError(f"{where}: the id {option_id} is used twice")
        option_ids.add(option_id)
        scores_in = _mapping(item.get("scores") or {}, f"{where} scores")
        _only_keys(scores_in, sorted(seen), f"{where} scores")
        scores = {
            criterion: _integer(score, MIN_SCORE, MAX_SCORE, f"{where} score for {criterion}")
            for criterion, score in scores_in.items()
            if score is not None
        }
        options.append({"id": option_id, "label": budget.label(item.get("label"), where), "scores": scores})
    return {"criteria": criteria, "options": options}


def weighted_totals(defn: WorksheetDefinition, answers: Any) -> list[OptionTotal]:
    """Every option's Σ weight × score, best first; equal totals share a rank (1, 1, 3…); a missing score
    counts 0 and its criterion is listed in ``missing``. The answers are validated first."""
    if defn.kind != "weighted":
        raise WorksheetInputError(f"{defn.id} is a {defn.kind} worksheet, not a weighted one")
    cleaned = validate_answers(defn, answers)
    totals = []
    for option in cleaned["options"]:
        total = 0
        missing = []
        for criterion in cleaned["criteria"]:
            score = option["scores"].get(criterion["id"])
            if score is None:
                missing.append(criterion["id"])
            else:
                total += criterion["weight"] * score
        totals.append((option["id"], option["label"], total, tuple(missing)))
    ordered = sorted(totals, key=lambda item: -item[2])  # stable: equal totals keep the learner's order
    result: list[OptionTotal] = []
    for position, (option_id, label, total, missing) in enumerate(ordered, start=1):
        rank = result[-1].rank if result and result[-1].total == total else position
        result.append(OptionTotal(option_id, label, total, rank, missing))
    return result


# --- exports: the content of a worksheet, whatever the format -----------------------------------------------


@dataclass(frozen=True, slots=True)
class _Item:
    """One piece of an export: a heading (``level`` 1–3), a labelled text, or a table."""

    kind: str  # "heading" | "text" | "table"
    label: str = ""
    text: str = ""
    level: int = 2
    rows: tuple[tuple[str, ...], ...] = ()


def _labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    return {**EXPORT_LABELS, **(labels or {})}


def _items(defn: WorksheetDefinition, answers: Any, lang: str, labels: Mapping[str, str]) -> list[_Item]:
    cleaned = validate_answers(defn, answers)
    items = [_Item("heading", text=f"{labels['worksheet']} · {defn.title.get(lang)}", level=1)]
    if defn.kind in ("sections", "swot"):
        for field in defn.fields:
            items.append(_Item("text", label=field.label.get(lang), text=cleaned[field.key]))
    elif defn.kind == "table":
        for number, row in enumerate(cleaned["rows"], start=1):
            items.append(_Item("heading", text=f"{labels['row']} {number}", level=2))
            for field in defn.fields:
                items.append(_Item("text", label=field.label.get(lang), text=row[field.key]))
    elif defn.kind == "grid":
        for row in defn.rows:
            items.append(_Item("heading", text=row.label.get(lang), level=2))
            for col in defn.cols:
                items.append(_Item("text", label=col.label.get(lang), text=cleaned[f"{row.key}|{col.key}"]))
    elif defn.kind == "weighted":
        criteria = cleaned["criteria"]
        header = (labels["criterion"], labels["weight"])
        items.append(
            _Item("table", rows=(header, *((item["label"], str(item["weight"])) for item in criteria)))
        )
        scores_header = (
            labels["option"],
            *(item["label"] for item in criteria),
            labels["total"],
            labels["rank"],
        )
        totals = {total.option_id: total for total in weighted_totals(defn, cleaned)}
        body = []
        for option in sorted(cleaned["options"], key=lambda option: totals[option["id"]].rank):
            total = totals[option["id"]]
            scores = tuple(str(option["scores"].get(item["id"], labels["empty"])) for item in criteria)
            body.append((option["label"], *scores, str(total.total), str(total.rank)))
        items.append(_Item("table", rows=(scores_header, *body)))
        for total in totals.values():
            if total.missing:
                names = {item["id"]: item["label"] for item in criteria}
                missing = ", ".join(names.get(key, key) for key in total.missing)
                items.append(_Item("text", label=f"{labels['missing']} · {total.label}", text=missing))
    return items


# --- Markdown ---

# Escaped wherever they are: what opens emphasis, code, links, images, HTML, entities, tables, headings,
# strikethrough, maths. Escaped at the start of a line only: list, block-quote and setext markers.
_ALWAYS_ESCAPED = frozenset("\\`*_[]<>|#~$&^{}!")
_LINE_START_ESCAPED = frozenset("-+=")
_ORDERED_MARKER = re.compile(r"(\d{1,9})([.)])")


def escape_markdown_text(text: str) -> str:
    """``text`` as inert Markdown that still reads well as plain text: ``\\ ` * _ [ ] < > | # ~ $ & ^ { } !``
    backslash-escaped everywhere, ``- + =`` and ordered-list markers (``1.``) at the start of a line, leading
    spaces made non-breaking (no indented code block), and each line break kept as a hard line break. So
    no heading, list, quote, table, emphasis, link, image, HTML, entity or code can start from it (a bare
    ``https://`` address may still be shown as a link by GFM viewers). For text shown with Streamlit's
    ``st.markdown`` (``:emoji:`` and colour directives), use ``app_pages.markdown.escape_markdown``."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    for line in lines:
        stripped = line.lstrip(" \t")
        indent = "\u00a0" * (len(line) - len(stripped))
        escaped = "".join(f"\\{c}" if c in _ALWAYS_ESCAPED else c for c in stripped)
        if escaped[:1] in _LINE_START_ESCAPED:
            escaped = "\\" + escaped
        escaped = (
            _ORDERED_MARKER.sub(r"\1\\\2", escaped, count=1) if _ORDERED_MARKER.match(escaped) else escaped
        )
        out.append(indent + escaped)
    # A non-empty line followed by another non-empty line ends with a backslash: CommonMark's hard line break.
    joined = []
    for index, line in enumerate(out):
        last = index == len(out) - 1
        joined.append(line if last or not line or not out[index + 1] else line + "\\")
    return "\n".join(joined)


def _markdown(items: list[_Item], labels: Mapping[str, str]) -> str:
    parts: list[str] = []
    for item in items:
        if item.kind == "heading":
            parts.append(f"{'#' * item.level} {escape_markdown_text(item.text)}")
        elif item.kind == "text":
            body = (
                escape_markdown_text(item.text)
                if item.text.strip()
                else escape_markdown_text(labels["empty"])
            )
            parts.append(f"**{escape_markdown_text(item.label)}**\n\n{body}")
        else:
            header, *rows = item.rows
            cell = _markdown_cell
            lines = ["| " + " | ".join(cell(value) for value in header) + " |", "|" + "---|" * len(header)]
            lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _markdown_cell(value: str) -> str:
    return escape_markdown_text(" ".join(value.split())) or " "


def worksheet_markdown(
    defn: WorksheetDefinition, answers: Any, lang: str, labels: Mapping[str, str] | None = None
) -> str:
    """The worksheet and its answers as Markdown; the learner's text can never become Markdown structure."""
    shown = _labels(labels)
    return _markdown(_items(defn, answers, lang, shown), shown)


def analysis_markdown(
    sheets: Sequence[tuple[WorksheetDefinition, Any]],
    lang: str,
    labels: Mapping[str, str] | None = None,
    title: str = "",
) -> str:
    """Several worksheets (a whole analysis) in one Markdown document, in the order given."""
    shown = _labels(labels)
    parts = [f"# {escape_markdown_text(title or shown['analysis'])}\n"]
    for defn, answers in sheets:
        parts.append(_markdown(_demoted(_items(defn, answers, lang, shown)), shown))
    return "\n".join(parts)


def _demoted(items: list[_Item]) -> list[_Item]:
    return [
        _Item(item.kind, item.label, item.text, min(item.level + 1, 3), item.rows)
        if item.kind == "heading"
        else item
        for item in items
    ]


# --- Word ---


def _docx(items: list[_Item], labels: Mapping[str, str], title: str | None) -> bytes:
    from docx import Document

    document = Document()
    if title is not None:
        document.add_heading(_clean(title), level=0)
    for item in items:
        if item.kind == "heading":
            document.add_heading(_clean(item.text), level=item.level)
        elif item.kind == "text":
            paragraph = document.add_paragraph()
            paragraph.add_run(_clean(item.label)).bold = True
            for line in (_clean(item.text) or labels["empty"]).split("\n"):
                document.add_paragraph(line)
        else:
            header, *rows = item.rows
            table = document.add_table(rows=1 + len(rows), cols=len(header))
            table.style = "Table Grid"
            for row_index, row in enumerate((header, *rows)):
                for col_index, value in enumerate(row):
                    cell = table.cell(row_index, col_index)
                    cell.text = _clean(value)
                    if row_index == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


def worksheet_docx(
    defn: WorksheetDefinition, answers: Any, lang: str, labels: Mapping[str, str] | None = None
) -> bytes:
    """The worksheet and its answers as a Word document (.docx bytes); every answer is plain text runs."""
    shown = _labels(labels)
    return _docx(_items(defn, answers, lang, shown), shown, None)


def analysis_docx(
    sheets: Sequence[tuple[WorksheetDefinition, Any]],
    lang: str,
    labels: Mapping[str, str] | None = None,
    title: str = "",
) -> bytes:
    """Several worksheets in one Word document."""
    shown = _labels(labels)
    items = [item for defn, answers in sheets for item in _items(defn, answers, lang, shown)]
    return _docx(items, shown, title or shown["analysis"])


# --- PDF ---


class _PdfWriter:
    def __init__(self, font: Path | None) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.add_page()
        font = font or DEFAULT_FONT
        self.unicode = font.is_file()
        if self.unicode:
            self.pdf.add_font("Body", "", str(font))
            bold = font.with_name(font.stem + "-Bold" + font.suffix)
            self.pdf.add_font("Body", "B", str(bold if bold.is_file() else font))
            self.family = "Body"
        else:
            warnings.warn(
                f"{font} not found (Debian package fonts-dejavu-core): the PDF uses Helvetica and shows "
                "characters outside Latin-1 as '?'",
                RuntimeWarning,
                stacklevel=3,
            )
            self.family = "Helvetica"

    def text(self, value: str) -> str:
        value = _clean(value)
        if self.unicode:
            return value
        return value.encode("latin-1", "replace").decode("latin-1")

    def write(self, value: str, size: float, bold: bool = False, gap: float = 1.5) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.multi_cell(0, size * 0.5, self.text(value), new_x="LMARGIN", new_y="NEXT", wrapmode="CHAR")
        self.pdf.ln(gap)

    def table(self, rows: tuple[tuple[str, ...], ...]) -> None:
        header, *body = rows
        self.pdf.set_font(self.family, "", 9)
        with self.pdf.table(first_row_as_headings=True, text_align="LEFT", wrapmode="CHAR") as table:
            for row in (header, *body):
                line = table.row()
                for value in row:
                    line.cell(self.text(value))
        self.pdf.ln(2)


def _pdf(items: list[_Item], labels: Mapping[str, str], title: str | None, font: Path | None) -> bytes:
    writer = _PdfWriter(font)
    if title is not None:
        writer.write(title, 18, bold=True, gap=4)
    sizes = {1: 15, 2: 13, 3: 12}
    for item in items:
        if item.kind == "heading":
            writer.write(item.text, sizes.get(item.level, 12), bold=True, gap=2)
        elif item.kind == "text":
            writer.write(item.label, 10.5, bold=True, gap=0.5)
            writer.write(item.text if item.text.strip() else labels["empty"], 10.5, gap=2.5)
        else:
            writer.table(item.rows)
    return bytes(writer.pdf.output())


def worksheet_pdf(
    defn: WorksheetDefinition,
    answers: Any,
    lang: str,
    labels: Mapping[str, str] | None = None,
    font: Path | None = None,
) -> bytes:
    """The worksheet and its answers as a PDF (bytes), in DejaVu Sans (any script); when ``font`` (default
    :data:`DEFAULT_FONT`) is missing, Helvetica with a :class:`RuntimeWarning` and '?' for what it lacks."""
    shown = _labels(labels)
    return _pdf(_items(defn, answers, lang, shown), shown, None, font)


def analysis_pdf(
    sheets: Sequence[tuple[WorksheetDefinition, Any]],
    lang: str,
    labels: Mapping[str, str] | None = None,
    title: str = "",
    font: Path | None = None,
) -> bytes:
    """Several worksheets in one PDF."""
    shown = _labels(labels)
    items = [item for defn, answers in sheets for item in _items(defn, answers, lang, shown)]
    return _pdf(items, shown, title or shown["analysis"], font)
