"""Load the strategic-analysis chapters and cases (``content/analysis/``) into an :class:`AnalysisCorpus`.

The format is described in ``content/analysis/README.md``.
Like the unit parser, it never stops at the first problem: every problem found in a file is a
:class:`~text.content.ContentError` naming the file and the line. A file with problems is left out and
its errors kept; the other files load. Nothing here raises for a bad file.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from analysis.model import (
    DOCUMENT_KINDS,
    MAX_WEIGHT,
    MIN_WEIGHT,
    SECTION_EXAMPLE,
    SECTION_TEXT,
    SWOT_KEYS,
    WORKSHEET_KINDS,
    AnalysisCorpus,
    AnalysisDocument,
    Paragraph,
    WorksheetDefinition,
    WorksheetField,
)
from lessons.model import Exercise
from lessons.parser import COMMENT, Block, ContentParser, clip, parse_heading, scan_lines, split_blocks
from text.content import LANGS, LEVELS, ContentError, Text3
from text.markdown_cells import split_list
from text.normalise import normalise

__all__ = ["FRONT_MATTER_KEYS", "AnalysisFileError", "load_analysis", "parse_document"]

FRONT_MATTER_KEYS: tuple[str, ...] = ("id", "kind", "number", "level", "title_fr", "title_en", "title_es")
OPTIONAL_FOR_CASES: tuple[str, ...] = ("number",)
WORKSHEET_KEYS: tuple[str, ...] = ("title_fr", "title_en", "title_es", "help_fr", "help_en", "help_es")
FIELD_HEADER: tuple[str, ...] = ("key", "fr", "en", "es")
WEIGHTED_HEADER: tuple[str, ...] = ("key", "fr", "en", "es", "weight")
SECTIONS = ("Text", "Key terms", "Worked example", "Worksheet", "Quiz")
SECTION_NAMES = "Text, Key terms, Worked example, Worksheet: <id> · <kind>, Quiz"
CHAPTER_REQUIRED = SECTIONS
CASE_REQUIRED = ("Text",)

MIN_CHAPTER_PARAGRAPHS = 5
MIN_CASE_PARAGRAPHS = 6
MIN_KEY_TERMS = 8
MIN_EXAMPLE_PARAGRAPHS = 2
MIN_QUIZ = 4
MIN_CHAPTER_QUIZ_KINDS = 2
MIN_TABLE_COLUMNS = 2

# Paragraph ids: p1… in a chapter's text, x1… in its worked example, c1… in a case's text.
_PARAGRAPH_PREFIX = {
    ("chapter", SECTION_TEXT): "p",
    ("chapter", SECTION_EXAMPLE): "x",
    ("case", SECTION_TEXT): "c",
}
_PARAGRAPH_HEADING = re.compile(r"(?P<id>[A-Za-z][A-Za-z0-9_-]*)(?:\s*·\s*(?P<heading>.*))?")
_DOCUMENT_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_WORKSHEET_HEADING = re.compile(r"Worksheet\s*:\s*(?P<id>[^·\s]+)\s*·\s*(?P<kind>\S+)\s*")
_WORKSHEET_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_FIELD_KEY = re.compile(r"[a-z][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)?")


class AnalysisFileError(Exception):
    """An analysis file has problems; ``errors`` lists every one of them, sorted by line."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(errors, key=lambda error: error.line)
        super().__init__("\n".join(str(error) for error in self.errors))


class _DocumentParser(ContentParser):
    def __init__(self, text: str, path: str, expected_kind: str | None, glossary: Collection[str] | None):
        super().__init__(text, path)
        self.expected_kind = expected_kind
        self.glossary = glossary
        self.kind = expected_kind or "chapter"
        self.document_id = ""

    def parse(self) -> AnalysisDocument:
        values, rest = self.front_matter()
        before, blocks = split_blocks(rest, 2)
        for number, text in before:
            stripped = text.strip()
            heading = parse_heading(stripped)
            if stripped and not (heading and heading[0] == 1) and not COMMENT.fullmatch(stripped):
                self.error(number, f"text outside any ## section: {clip(stripped)}")

        paragraphs: tuple[Paragraph, ...] = ()
        example: tuple[Paragraph, ...] = ()
        key_terms: tuple[str, ...] = ()
        worksheet: WorksheetDefinition | None = None
        quiz: tuple[Exercise, ...] = ()
        seen: dict[str, int] = {}
        paragraph_ids: dict[str, int] = {}
        for block in blocks:
            name = block.heading.strip()
            sheet = _WORKSHEET_HEADING.fullmatch(name)
            key = "Worksheet" if sheet or name.startswith("Worksheet") else name
            if key not in SECTIONS:
                self.error(block.line, f"unknown section `## {name}` (expected {SECTION_NAMES})")
                continue
            if key in seen:
                self.error(block.line, f"section `## {key}` appears twice (first at line {seen[key]})")
                continue
            seen[key] = block.line
            if key == "Text":
                paragraphs = self.paragraphs(block, SECTION_TEXT, "## Text", paragraph_ids)
            elif key == "Worked example":
                example = self.paragraphs(block, SECTION_EXAMPLE, "## Worked example", paragraph_ids)
            elif key == "Key terms":
                key_terms = self.key_terms(block)
            elif key == "Worksheet":
                if not sheet:
                    self.error(
                        block.line, f"a worksheet heading is `## Worksheet: <id> · <kind>`, not `## {name}`"
                    )
                    continue
                worksheet = self.worksheet(block, sheet.group("id"), sheet.group("kind"))
            else:
                minimum_kinds = MIN_CHAPTER_QUIZ_KINDS if self.kind == "chapter" else 1
                quiz = self.exercise_blocks(block, "## Quiz", MIN_QUIZ, minimum_kinds)

        required = CHAPTER_REQUIRED if self.kind == "chapter" else CASE_REQUIRED
        for key in required:
            if key not in seen:
                shown = "`## Worksheet: <id> · <kind>`" if key == "Worksheet" else f"`## {key}`"
                self.error(1, f"missing section {shown} (a {self.kind} needs {', '.join(required)})")
        minimum = MIN_CHAPTER_PARAGRAPHS if self.kind == "chapter" else MIN_CASE_PARAGRAPHS
        if "Text" in seen and len(paragraphs) < minimum:
            self.error(
                seen["Text"], f"## Text has {len(paragraphs)} paragraphs; at least {minimum} are expected"
            )
        if "Worked example" in seen and len(example) < MIN_EXAMPLE_PARAGRAPHS:
            self.error(
                seen["Worked example"],
                f"## Worked example has {len(example)} paragraphs; "
                f"at least {MIN_EXAMPLE_PARAGRAPHS} are expected",
            )
        if "Key terms" in seen and self.kind == "chapter" and len(key_terms) < MIN_KEY_TERMS:
            self.error(
                seen["Key terms"],
                f"## Key terms has {len(key_terms)} terms; at least {MIN_KEY_TERMS} are expected",
            )

        if self.errors:
            raise AnalysisFileError(self.errors)
        number = values.get("number", ("0", 0))[0]
        return AnalysisDocument(
            id=self.document_id,
            kind=self.kind,
            number=int(number),
            level=values["level"][0],
            title=Text3(values["title_en"][0], values["title_fr"][0], values["title_es"][0]),
            paragraphs=paragraphs,
            worked_example=example,
            key_terms=key_terms,
            worksheet=worksheet,
            quiz=quiz,
            path=self.path,
        )

    # --- front matter ---

    def front_matter(self) -> tuple[dict[str, tuple[str, int]], list[tuple[int, str]]]:
        """The front-matter values with their lines (checked), and the lines after it."""
        found, rest = self.front_matter_values(FRONT_MATTER_KEYS)
        kind = found.get("kind", ("", 0))[0]
        if "kind" in found:
            if kind not in DOCUMENT_KINDS:
                self.error(found["kind"][1], f'unknown kind "{kind}" (expected {", ".join(DOCUMENT_KINDS)})')
            elif self.expected_kind and kind != self.expected_kind:
                folder = "chapters" if self.expected_kind == "chapter" else "cases"
                self.error(
                    found["kind"][1],
                    f'kind "{kind}" in the {folder}/ folder (expected "{self.expected_kind}")',
                )
            else:
                self.kind = kind
        if self.kind == "case":  # a case may leave its number out: drop the "missing" error
            self.errors = [
                error
                for error in self.errors
                if not (error.line == 1 and error.message == "missing front-matter key `number`")
            ]
        document_id = found.get("id", ("", 0))[0]
        if "id" in found:
            if _DOCUMENT_ID.fullmatch(document_id):
                self.document_id = self.id_prefix = document_id
            else:
                self.error(
                    found["id"][1], f'bad id "{document_id}": use lowercase letters, digits and - only'
                )
        if "number" in found:
            number = found["number"][0]
            if not (number.isascii() and number.isdigit()):
                self.error(found["number"][1], f'number must be an integer, not "{number}"')
        if "level" in found and found["level"][0] not in LEVELS:
            self.error(
                found["level"][1], f'unknown level "{found["level"][0]}" (expected {", ".join(LEVELS)})'
            )
        for key in ("title_fr", "title_en", "title_es"):
            if key in found and not found[key][0]:
                self.error(found[key][1], f"empty {key}")
        if found.get("title_fr", ("", 0))[0]:
            self.french(found["title_fr"][1], found["title_fr"][0], "title_fr")
        return found, rest

    # --- sections ---

    def paragraphs(
        self, block: Block, section: str, where: str, ids: dict[str, int]
    ) -> tuple[Paragraph, ...]:
        before, subsections = split_blocks(block.body, 3)
        scan = scan_lines(before)
        self.unexpected(
            [table[0] for table in scan.tables]
            + [(number, f"- {key}: {value}") for number, key, value in scan.keys]
            + scan.other,
            f"{where} (text must be in `### <id> · <heading>` paragraph blocks)",
        )
        prefix = _PARAGRAPH_PREFIX.get((self.kind, section))
        paragraphs: list[Paragraph] = []
        for sub in subsections:
            heading = _PARAGRAPH_HEADING.fullmatch(sub.heading.strip())
            if not heading:
                self.error(
                    sub.line, f"a paragraph heading is `### <id> · <French heading>`, not `### {sub.heading}`"
                )
                continue
            paragraph_id, title = heading.group("id"), (heading.group("heading") or "").strip()
            if prefix and not re.fullmatch(rf"{prefix}\d+", paragraph_id):
                self.error(sub.line, f'paragraph id "{paragraph_id}" in {where}: use {prefix}1, {prefix}2…')
            if paragraph_id in ids:
                self.error(
                    sub.line, f"duplicate paragraph id {paragraph_id} (first at line {ids[paragraph_id]})"
                )
                continue
            ids[paragraph_id] = sub.line
            if title:
                self.french(sub.line, title, f"paragraph {paragraph_id} heading")
            where_paragraph = f"paragraph {paragraph_id}"
            sub_scan = scan_lines(sub.body)
            self.unexpected([table[0] for table in sub_scan.tables] + sub_scan.other, where_paragraph)
            values = self.keys(sub_scan, ("fr", "en", "es"), where_paragraph)
            for lang in ("fr", "en", "es"):
                if not values.get(lang, ("", 0))[0]:
                    self.error(sub.line, f"{where_paragraph}: missing `- {lang}:` (one line, not empty)")
            if "fr" in values:
                self.french(values["fr"][1], values["fr"][0], f"{where_paragraph} fr")
            text = Text3(*(values.get(lang, ("", 0))[0] for lang in LANGS))
            paragraphs.append(Paragraph(paragraph_id, title, text, sub.line, section))
        return tuple(paragraphs)

    def key_terms(self, block: Block) -> tuple[str, ...]:
        where = "## Key terms"
        scan = scan_lines(block.body)
        self.unexpected([table[0] for table in scan.tables] + scan.other, where)
        values = self.keys(scan, ("terms",), where)
        if "terms" not in values:
            self.error(block.line, f"{where}: missing `- terms: term | term | …`")
            return ()
        value, line = values["terms"]
        terms: list[str] = []
        for term in split_list(value):
            if term in terms:
                self.error(line, f'key term "{term}" is listed twice')
                continue
            self.french(line, term, "key term")
            terms.append(term)
        if self.glossary is not None:
            known = set(self.glossary)
            by_key = {normalise(known_term): known_term for known_term in known}
            for term in terms:
                if term in known:
                    continue
                near = by_key.get(normalise(term))
                hint = f' (the glossary writes "{near}")' if near else ""
                self.error(line, f'key term "{term}" is not in the glossary{hint}')
        return tuple(terms)

    def worksheet(self, block: Block, sheet_id: str, kind: str) -> WorksheetDefinition:
        where = f"worksheet {sheet_id}"
        if not _WORKSHEET_ID.fullmatch(sheet_id):
            self.error(block.line, f'bad worksheet id "{sheet_id}": use lowercase letters, digits and - only')
        if kind not in WORKSHEET_KINDS:
            self.error(
                block.line, f"{where}: unknown kind `{kind}` (expected one of {', '.join(WORKSHEET_KINDS)})"
            )
        scan = scan_lines(block.body)
        self.unexpected(scan.other, where)
        values = self.keys(scan, WORKSHEET_KEYS, where)
        for key in WORKSHEET_KEYS:
            if not values.get(key, ("", 0))[0]:
                self.error(block.line, f"{where}: missing `- {key}:`")
        for key in ("title_fr", "help_fr"):
            if key in values:
                self.french(values[key][1], values[key][0], f"{where} {key}")
        header = WEIGHTED_HEADER if kind == "weighted" else FIELD_HEADER
        rows = self.single_table(block, scan, header, where)
        fields: list[WorksheetField] = []
        seen: dict[str, int] = {}
        for number, row in rows.rows if rows else ():
            key = row["key"]
            self.require(number, row, ("key", "fr", "en", "es"), where)
            if not key:
                continue
            if not _FIELD_KEY.fullmatch(key):
                self.error(number, f'{where}: bad key "{key}" (lowercase letters, digits, _ - and one dot)')
            if key in seen:
                self.error(number, f"{where}: duplicate key {key} (first at line {seen[key]})")
                continue
            seen[key] = number
            self.french(number, row["fr"], f"{where} fr")
            weight = None
            if kind == "weighted":
                weight = self.weight(number, row["weight"], where)
            fields.append(WorksheetField(key, Text3(row["en"], row["fr"], row["es"]), number, weight))
        if rows is not None:
            self.worksheet_rows(block.line, kind, fields, where)
        title = Text3(*(values.get(f"title_{lang}", ("", 0))[0] for lang in LANGS))
        help_text = Text3(*(values.get(f"help_{lang}", ("", 0))[0] for lang in LANGS))
        return WorksheetDefinition(
            sheet_id, kind, title, help_text, tuple(fields), self.document_id, block.line
        )

    def weight(self, number: int, value: str, where: str) -> int | None:
        if not (value.isascii() and value.isdigit()) or not MIN_WEIGHT <= int(value) <= MAX_WEIGHT:
            self.error(
                number, f'{where}: weight must be an integer from {MIN_WEIGHT} to {MAX_WEIGHT}, not "{value}"'
            )
            return None
        return int(value)

    def worksheet_rows(self, line: int, kind: str, fields: list[WorksheetField], where: str) -> None:
        """What each kind needs of its rows."""
        keys = [field.key for field in fields]
        if kind == "sections" and not keys:
            self.error(line, f"{where}: a sections worksheet needs at least one row (one per section)")
        elif kind == "table" and len(keys) < MIN_TABLE_COLUMNS:
            self.error(
                line, f"{where}: a table worksheet needs at least {MIN_TABLE_COLUMNS} rows (its columns)"
            )
        elif kind == "grid":
            for field in fields:
                if not field.key.startswith(("row.", "col.")):
                    self.error(
                        field.line, f'{where}: a grid key starts with "row." or "col.", not "{field.key}"'
                    )
            if not any(key.startswith("row.") for key in keys) or not any(
                key.startswith("col.") for key in keys
            ):
                self.error(line, f"{where}: a grid needs at least one `row.…` and one `col.…` row")
        elif kind == "swot":
            for field in fields:
                if field.key not in SWOT_KEYS:
                    self.error(
                        field.line,
                        f'{where}: unknown SWOT key "{field.key}" (expected {", ".join(SWOT_KEYS)})',
                    )
            missing = [key for key in SWOT_KEYS if key not in keys]
            if missing:
                self.error(line, f"{where}: missing SWOT rows {', '.join(missing)}")
        elif kind == "weighted":
            for field in fields:
                if not field.key.startswith("crit."):
                    self.error(
                        field.line,
                        f'{where}: a weighted worksheet\'s keys are `crit.<id>`, not "{field.key}"',
                    )
            if not keys:
                self.error(line, f"{where}: a weighted worksheet needs at least one `crit.…` row")


# --- public entry points ------------------------------------------------------------------------------------


def parse_document(
    text: str,
    path: str,
    *,
    expected_kind: str | None = None,
    glossary_terms: Collection[str] | None = None,
) -> AnalysisDocument:
    """Parse one chapter or case file; raise :class:`AnalysisFileError` listing every problem.

    ``expected_kind`` (``"chapter"``/``"case"``) is the kind the file's folder implies; ``glossary_terms``
    (the French terms of the glossary) turns on the key-term check (None: not checked)."""
    return _DocumentParser(text, path, expected_kind, glossary_terms).parse()


def _read(file: Path, errors: list[ContentError]) -> str | None:
    try:
        return file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        errors.append(ContentError(str(file), 1, f"not valid UTF-8 ({error.reason} at byte {error.start})"))
    except OSError as error:
        errors.append(ContentError(str(file), 1, f"cannot read the file: {error.strerror or error}"))
    return None


def _front_matter_line(text: str, key: str) -> int:
    for number, line in enumerate(text.split("\n")[:40], start=1):
        if re.match(rf"\s*{key}\s*:", line):
            return number
    return 1


def _worksheet_line(text: str, sheet_id: str) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("## Worksheet") and sheet_id in line:
            return number
    return 1


def load_analysis(content_dir: Path, glossary_terms: Collection[str] | None = None) -> AnalysisCorpus:
    """Load ``content_dir/analysis/chapters/*.md`` and ``content_dir/analysis/cases/*.md`` (name order).

    A broken file is left out with its errors; the others load. A document whose id (or, for chapters,
    number) is already used by an earlier file, or whose worksheet id is already used, is left out too.
    ``glossary_terms``: the glossary's French terms, to check the key terms (None: not checked).
    """
    errors: list[ContentError] = []
    loaded: dict[str, list[AnalysisDocument]] = {"chapter": [], "case": []}
    ids: dict[str, str] = {}
    numbers: dict[int, str] = {}
    sheets: dict[str, str] = {}
    for kind, folder in (("chapter", "chapters"), ("case", "cases")):
        for file in sorted((Path(content_dir) / "analysis" / folder).glob("*.md")):
            text = _read(file, errors)
            if text is None:
                continue
            try:
                document = parse_document(text, str(file), expected_kind=kind, glossary_terms=glossary_terms)
            except AnalysisFileError as error:
                errors.extend(error.errors)
                continue
            if document.id in ids:
                message = (
                    f"duplicate document id {document.id} (already used by {Path(ids[document.id]).name})"
                )
                errors.append(ContentError(str(file), _front_matter_line(text, "id"), message))
                continue
            if kind == "chapter" and document.number in numbers:
                name = Path(numbers[document.number]).name
                message = f"duplicate chapter number {document.number} (already used by {name})"
                errors.append(ContentError(str(file), _front_matter_line(text, "number"), message))
                continue
            sheet = document.worksheet
            if sheet is not None and sheet.id in sheets:
                message = f"duplicate worksheet id {sheet.id} (already used by {Path(sheets[sheet.id]).name})"
                errors.append(ContentError(str(file), _worksheet_line(text, sheet.id), message))
                continue
            ids[document.id] = str(file)
            if kind == "chapter":
                numbers[document.number] = str(file)
            if sheet is not None:
                sheets[sheet.id] = str(file)
            loaded[kind].append(document)
    chapters = sorted(loaded["chapter"], key=lambda doc: (doc.number, doc.id))
    cases = sorted(loaded["case"], key=lambda doc: (doc.number, doc.id))
    return AnalysisCorpus(tuple(chapters), tuple(cases), tuple(errors))
