"""Parse the Markdown manual (``content/course/*.md``) into :class:`~lessons.model.Unit` values.

The format is specified in ``content/README.md``. The parser never stops at the first problem: it collects
every one it finds in a file, each with its line, and raises :class:`UnitError` with the whole list.

Anything in a unit file that the app would not show (stray text, a second table, an unknown key) is an
error too, so that nothing an author writes is silently lost. Free Markdown is allowed only in the
``### en|fr|es`` explanations of ``## Grammar`` and ``## Culture``. Single-line HTML comments
(``<!-- … -->``) are allowed anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lessons.exercise_kinds import KEY_LINE as NEW_KIND_KEY_LINE
from lessons.exercise_kinds import NewKindsParser
from lessons.model import (
    KINDS,
    NEW_KINDS,
    Dialogue,
    DialogueLine,
    Example,
    Exercise,
    Manual,
    Note,
    Unit,
    VocabEntry,
)
from text.content import LANGS, LEVELS, ContentError, Text3
from text.french import category_problems, missing_spaces, normalize_pos, slug
from text.markdown_cells import split_cells, split_list

__all__ = [
    "EXERCISE_KEYS",
    "FRONT_MATTER_KEYS",
    "Block",
    "ContentParser",
    "COMMENT",
    "Scan",
    "clip",
    "file_lines",
    "parse_heading",
    "UnitError",
    "load_manual",
    "parse_unit",
    "scan_lines",
    "split_blocks",
]

FRONT_MATTER_KEYS: tuple[str, ...] = ("id", "number", "level", "title_en", "title_fr", "title_es")
# Optional: the glossary theme of the terms the unit introduces (checked against the glossary's themes
# by the content checker); a unit without one files its new terms under DEFAULT_UNIT_THEME.
OPTIONAL_FRONT_MATTER_KEYS: tuple[str, ...] = ("theme",)
DEFAULT_UNIT_THEME = "general"
GOALS_HEADER: tuple[str, ...] = ("en", "fr", "es")
DIALOGUE_HEADER: tuple[str, ...] = ("speaker", "fr", "en", "es")
VOCABULARY_HEADER: tuple[str, ...] = ("fr", "gender", "en", "es", "note")
EXAMPLES_HEADER: tuple[str, ...] = ("fr", "en", "es")
NOTE_TITLE_KEYS: tuple[str, ...] = ("title_en", "title_fr", "title_es")
EXERCISE_KEYS: tuple[str, ...] = ("en", "fr", "es", "prompt", "options", "answer", "accept")
SECTION_NAMES = "Goals, Dialogue: <title>, Vocabulary, Grammar, Culture, Exercises"
MIN_GOALS, MAX_GOALS = 3, 6
MIN_DIALOGUE_LINES = 10
MIN_VOCABULARY = 25
MIN_EXERCISES = 6
MIN_EXERCISE_KINDS = 3

_UNIT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")
_HEADING = re.compile(r"(#{1,6})(?:[ \t]+(.*?))?[ \t]*")
_FENCE = re.compile(r" {0,3}(```|~~~)")
_COMMENT = re.compile(r"<!--.*-->")
_KEY_LINE = re.compile(r"[-*+][ \t]+([A-Za-z_]+)[ \t]*:(.*)")
_SEPARATOR = re.compile(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?")
_DIALOGUE = re.compile(r"Dialogue\s*:\s*(.*)")
_EXERCISE_HEADING = re.compile(r"(?P<id>[A-Za-z0-9_-]+)\s*·\s*(?P<kind>\S+)")
_GAP = re.compile(r"_{3,}")
_CLOCK = re.compile(r"\d:\d")


class UnitError(Exception):
    """A unit file has problems; ``errors`` lists every one of them, sorted by line."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


# --- internal structure of a file ---------------------------------------------------------------------------

_Line = tuple[int, str]


@dataclass
class _Block:
    """A heading and the lines under it, up to the next heading of the same level."""

    heading: str
    line: int
    body: list[_Line] = field(default_factory=list)


@dataclass
class _Scan:
    """The lines of a block sorted into ``- key: value`` lines, tables (runs of ``|`` lines) and the rest."""

    keys: list[tuple[int, str, str]] = field(default_factory=list)
    tables: list[list[_Line]] = field(default_factory=list)
    other: list[_Line] = field(default_factory=list)


def _heading(text: str) -> tuple[int, str] | None:
    match = _HEADING.fullmatch(text)
    return (len(match.group(1)), match.group(2) or "") if match else None


def _split(lines: list[_Line], level: int) -> tuple[list[_Line], list[_Block]]:
    """Split lines at headings of ``level`` (not in fenced code): the lines before, and the blocks."""
    before: list[_Line] = []
    blocks: list[_Block] = []
    in_fence = False
    for number, text in lines:
        if _FENCE.match(text):
            in_fence = not in_fence
        heading = None if in_fence else _heading(text)
        if heading and heading[0] == level:
            blocks.append(_Block(heading[1], number))
        elif blocks:
            blocks[-1].body.append((number, text))
        else:
            before.append((number, text))
    return before, blocks


def _scan(lines: list[_Line], *, keys: bool = True, key_line: re.Pattern[str] = _KEY_LINE) -> _Scan:
    scan = _Scan()
    table: list[_Line] | None = None
    for number, text in lines:
        stripped = text.strip()
        if stripped.startswith("|"):
            if table is None:
                table = []
                scan.tables.append(table)
            table.append((number, stripped))
            continue
        table = None
        if not stripped or _COMMENT.fullmatch(stripped):
            continue
        match = key_line.fullmatch(stripped) if keys else None
        if match:
            scan.keys.append((number, match.group(1), match.group(2).strip()))
        else:
            scan.other.append((number, stripped))
    return scan


def _markdown(lines: list[_Line]) -> str:
    return "\n".join(text.rstrip() for _, text in lines).strip()


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass
class _Rows:
    """The rows of a table whose header was right: the well-formed ones as dicts, and how many there were."""

    rows: list[tuple[int, dict[str, str]]]
    count: int


def file_lines(text: str) -> list[_Line]:
    """``(line number, text)`` pairs as editors number them: only \\n, \\r\\n and \\r end a line (not
    str.splitlines' extra breaks); a leading BOM is dropped."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return list(enumerate(lines, start=1))


# Public names of the pieces other content formats (the strategic-analysis chapters) reuse.
Block = _Block
Scan = _Scan
split_blocks = _split
scan_lines = _scan
parse_heading = _heading
clip = _clip
COMMENT = _COMMENT


class ContentParser(NewKindsParser):
    """What every Markdown content parser shares: the collected errors (each with its line), ``- key:``
    lines, tables, French typography, and exercise blocks (``### <id> · <kind>``) in the unit format (the
    kinds of issue #13 are parsed by :class:`lessons.exercise_kinds.NewKindsParser`).

    ``id_prefix`` is the id of the document the exercises belong to (``u01-ranks`` → ``u01-ranks#e1``)."""

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.lines: list[_Line] = file_lines(text)
        self.errors: list[ContentError] = []
        self.id_prefix = ""

    def error(self, line: int, message: str) -> None:
        self.errors.append(ContentError(self.path, line, message))

    # --- pieces shared by sections ---

    def unexpected(self, lines: list[_Line], where: str) -> None:
        for number, text in lines:
            self.error(number, f"unexpected text in {where}: {_clip(text)}")

    def keys(self, scan: _Scan, allowed: tuple[str, ...], where: str) -> dict[str, tuple[str, int]]:
        values: dict[str, tuple[str, int]] = {}
        for number, key, value in scan.keys:
            if key not in allowed:
                self.error(number, f"unknown key `{key}` in {where} (expected {', '.join(allowed)})")
            elif key in values:
                self.error(number, f"`{key}` is given twice in {where} (first at line {values[key][1]})")
            else:
                values[key] = (value, number)
        return values

    def single_table(self, block: _Block, scan: _Scan, header: tuple[str, ...], where: str) -> _Rows | None:
        """The one table a section must hold, checked against its header."""
        if not scan.tables:
            self.error(block.line, f"{where} needs a table `{' | '.join(header)}`")
            return None
        for extra in scan.tables[1:]:
            self.error(extra[0][0], f"{where} has a second table; only one is expected")
        return self.table(scan.tables[0], header, where)

    def table(self, lines: list[_Line], header: tuple[str, ...], where: str) -> _Rows | None:
        header_line, header_text = lines[0]
        found = tuple(cell.lower() for cell in split_cells(header_text))
        if found != header:
            self.error(
                header_line,
                f"the table header of {where} must be `{' | '.join(header)}`, not `{' | '.join(found)}`",
            )
            return None
        body = lines[1:]
        if body and _SEPARATOR.fullmatch(body[0][1]):
            body = body[1:]
        else:
            self.error(header_line, f"the table of {where} needs a `|---|` line under its header")
        rows: list[tuple[int, dict[str, str]]] = []
        for number, text in body:
            cells = split_cells(text)
            if len(cells) != len(header):
                self.error(number, f"row has {len(cells)} cells, the header has {len(header)}")
            else:
                rows.append((number, dict(zip(header, cells, strict=True))))
        return _Rows(rows, len(body))

    def require(self, number: int, row: dict[str, str], columns: tuple[str, ...], where: str) -> None:
        """Report the empty cells among ``columns`` (French is the term, en/es are its glosses)."""
        for column in columns:
            if row[column]:
                continue
            if column == "fr":
                self.error(number, f"{where}: empty French cell")
            elif column in ("en", "es"):
                self.error(number, f"{where}: empty {column} gloss")
            else:
                self.error(number, f"{where}: empty {column} cell")

    def french(self, number: int, text: str, where: str) -> None:
        """Report ``? ! : ;`` written without the space French typography puts before them."""
        signs = missing_spaces(text)
        if not signs:
            return
        quoted = " and ".join(f'"{sign}"' for sign in signs)
        hint = " (French writes times as 14 h 30)" if _CLOCK.search(text) else ""
        self.error(number, f'{where}: missing space before {quoted} in "{_clip(text)}"{hint}')

    def front_matter_values(
        self, allowed: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> tuple[dict[str, tuple[str, int]], list[_Line]]:
        """The ``key: value`` pairs between the ``---`` lines (each with its line), and the lines after
        them; a key neither in ``allowed`` nor ``optional``, a key given twice or a missing ``allowed`` key
        is an error."""
        lines = self.lines
        if not lines or lines[0][1].strip() != "---":
            self.error(
                1,
                f"the file must start with front matter between `---` lines ({', '.join(allowed)})",
            )
            return {}, lines
        found: dict[str, tuple[str, int]] = {}
        end = len(lines)
        for index in range(1, len(lines)):
            number, text = lines[index]
            stripped = text.strip()
            if stripped == "---":
                end = index + 1
                break
            if stripped.startswith("#"):
                self.error(1, "the front matter is not closed by a `---` line")
                end = index
                break
            if not stripped or _COMMENT.fullmatch(stripped):
                continue
            key, colon, value = stripped.partition(":")
            key, value = key.strip(), _unquote(value.strip())
            if not colon or not key:
                self.error(number, f"front matter lines are `key: value`, not: {_clip(stripped)}")
            elif key not in allowed and key not in optional:
                self.error(number, f"unknown front-matter key `{key}` (expected {', '.join(allowed)})")
            elif key in found:
                self.error(number, f"front-matter key `{key}` is given twice (first at line {found[key][1]})")
            else:
                found[key] = (value, number)
        else:
            self.error(1, "the front matter is not closed by a `---` line")

        for key in allowed:
            if key not in found:
                self.error(1, f"missing front-matter key `{key}`")
        return found, lines[end:]

    def exercise_blocks(
        self, block: _Block, where: str, min_count: int, min_kinds: int
    ) -> tuple[Exercise, ...]:
        """The exercises of a section (``### <id> · <kind>`` blocks); at least ``min_count`` of them,
        of at least ``min_kinds`` kinds."""
        before, subsections = _split(block.body, 3)
        before_scan = _scan(before, keys=False)
        self.unexpected([table[0] for table in before_scan.tables] + before_scan.other, where)
        exercises: list[Exercise] = []
        seen: dict[str, int] = {}
        kinds: set[str] = set()
        count = 0
        for sub in subsections:
            heading = _EXERCISE_HEADING.fullmatch(sub.heading.strip())
            if not heading:
                self.error(sub.line, f"an exercise heading is `### <id> · <kind>`, not `### {sub.heading}`")
                continue
            count += 1
            local_id, kind = heading.group("id"), heading.group("kind")
            exercise = self.exercise(sub, local_id, kind)
            if local_id in seen:
                self.error(sub.line, f"duplicate exercise id {local_id} (first at line {seen[local_id]})")
                continue
            seen[local_id] = sub.line
            if kind in KINDS:
                kinds.add(kind)
            if exercise is not None:
                exercises.append(exercise)
        if count < min_count:
            expected = f"at least {min_count} are expected"
            self.error(block.line, f"{where} has {count} exercises; {expected}")
        if len(kinds) < min_kinds:
            used = ", ".join(sorted(kinds)) or "none"
            self.error(
                block.line,
                f"{where} uses {len(kinds)} kinds ({used}); at least {min_kinds} are expected",
            )
        return tuple(exercises)

    def exercise(self, sub: _Block, local_id: str, kind: str) -> Exercise | None:
        where = f"exercise {local_id}"
        if kind in NEW_KINDS:
            scan = _scan(sub.body, key_line=NEW_KIND_KEY_LINE)
            self.unexpected([table[0] for table in scan.tables] + scan.other, where)
            return self.new_kind_exercise(sub.line, local_id, kind, scan.keys)
        if kind not in KINDS:
            self.error(sub.line, f"{where}: unknown kind `{kind}` (expected one of {', '.join(KINDS)})")
        scan = _scan(sub.body)
        self.unexpected([table[0] for table in scan.tables] + scan.other, where)
        values = self.keys(scan, EXERCISE_KEYS, where)

        def value(key: str) -> str:
            return values.get(key, ("", 0))[0]

        def line(key: str) -> int:
            return values.get(key, ("", sub.line))[1]

        for lang in LANGS:
            if not value(lang):
                self.error(sub.line, f"{where}: missing `- {lang}:`")
        self.french(line("fr"), value("fr"), f"{where} fr")
        if not value("answer"):
            self.error(sub.line, f"{where}: missing `- answer:`")
        prompt, answer = value("prompt"), value("answer")
        options, accept = split_list(value("options")), split_list(value("accept"))
        self.french(line("prompt"), prompt, f"{where} prompt")
        self.french(line("answer"), answer, f"{where} answer")
        for item in accept:
            self.french(line("accept"), item, f"{where} accept")
        for item in options:
            self.french(line("options"), item, f"{where} options")
        if kind == "choice":
            if not options:
                self.error(sub.line, f"{where}: a choice exercise needs `- options: a | b | c`")
            elif len(options) < 2:
                self.error(line("options"), f"{where}: a choice exercise needs at least 2 options")
            if options and answer and answer not in options:
                self.error(line("answer"), f'{where}: the answer "{answer}" is not one of the options')
        if kind == "gap":
            gaps = len(_GAP.findall(prompt))
            if gaps != 1:
                message = f"{where}: a gap prompt must contain `___` exactly once (found {gaps})"
                self.error(line("prompt"), message)
        return Exercise(
            id=f"{self.id_prefix}#{local_id}",
            local_id=local_id,
            kind=kind,
            instruction=Text3(value("en"), value("fr"), value("es")),
            prompt=prompt,
            options=options,
            answer=answer,
            accept=accept,
            line=sub.line,
        )


class _UnitParser(ContentParser):
    def __init__(self, text: str, path: str) -> None:
        super().__init__(text, path)
        self.unit_id = ""

    # --- whole file ---

    def parse(self) -> Unit:
        meta, body = self.front_matter()
        before, blocks = _split(body, 2)
        for number, text in before:
            stripped = text.strip()
            heading = _heading(stripped)
            if stripped and not (heading and heading[0] == 1) and not _COMMENT.fullmatch(stripped):
                self.error(number, f"text outside any ## section: {_clip(stripped)}")

        goals: tuple[Text3, ...] = ()
        dialogues: list[Dialogue] = []
        vocabulary: tuple[VocabEntry, ...] = ()
        grammar = culture = Note(Text3("", "", ""), Text3("", "", ""))
        exercises: tuple[Exercise, ...] = ()
        seen: dict[str, int] = {}
        for block in blocks:
            name = block.heading
            dialogue = _DIALOGUE.fullmatch(name)
            key = "Dialogue" if dialogue or name == "Dialogue" else name
            if key not in ("Goals", "Dialogue", "Vocabulary", "Grammar", "Culture", "Exercises"):
                self.error(block.line, f"unknown section `## {name}` (expected {SECTION_NAMES})")
                continue
            if key != "Dialogue" and key in seen:
                self.error(block.line, f"section `## {name}` appears twice (first at line {seen[key]})")
                continue
            seen.setdefault(key, block.line)
            if key == "Goals":
                goals = self.goals(block)
            elif key == "Dialogue":
                dialogues.append(self.dialogue(block, dialogue.group(1).strip() if dialogue else ""))
            elif key == "Vocabulary":
                vocabulary = self.vocabulary(block)
            elif key == "Grammar":
                grammar = self.note(block, "Grammar", examples_required=True)
            elif key == "Culture":
                culture = self.note(block, "Culture", examples_required=False)
            else:
                exercises = self.exercises(block)
        for key in ("Goals", "Dialogue", "Vocabulary", "Grammar", "Culture", "Exercises"):
            if key not in seen:
                shown = "`## Dialogue: <title>` (at least one)" if key == "Dialogue" else f"`## {key}`"
                self.error(1, f"missing section {shown}")

        if self.errors:
            raise UnitError(sorted(self.errors, key=lambda error: error.line))
        return Unit(
            id=meta["id"],
            number=int(meta["number"]),
            level=meta["level"],
            theme=meta.get("theme") or DEFAULT_UNIT_THEME,
            title=Text3(meta["title_en"], meta["title_fr"], meta["title_es"]),
            goals=goals,
            dialogues=tuple(dialogues),
            vocabulary=vocabulary,
            grammar=grammar,
            culture=culture,
            exercises=exercises,
            path=self.path,
        )

    def front_matter(self) -> tuple[dict[str, str], list[_Line]]:
        """The ``key: value`` pairs between the ``---`` lines, and the lines after them."""
        found, rest = self.front_matter_values(FRONT_MATTER_KEYS, OPTIONAL_FRONT_MATTER_KEYS)
        meta = {key: value for key, (value, _) in found.items()}
        if "id" in found and not _UNIT_ID.fullmatch(meta["id"]):
            self.error(found["id"][1], f'bad unit id "{meta["id"]}": use letters, digits and - only')
        if "number" in found and not (meta["number"].isascii() and meta["number"].isdigit()):
            self.error(found["number"][1], f'number must be an integer, not "{meta["number"]}"')
        if "level" in found and meta["level"] not in LEVELS:
            self.error(found["level"][1], f'unknown level "{meta["level"]}" (expected {", ".join(LEVELS)})')
        for key in ("title_en", "title_fr", "title_es"):
            if key in found and not meta[key]:
                self.error(found[key][1], f"empty {key}")
        if meta.get("title_fr"):
            self.french(found["title_fr"][1], meta["title_fr"], "title_fr")
        self.unit_id = self.id_prefix = meta.get("id", "")
        return meta, rest

    # --- sections ---

    def goals(self, block: _Block) -> tuple[Text3, ...]:
        scan = _scan(block.body, keys=False)
        self.unexpected(scan.other, "## Goals")
        rows = self.single_table(block, scan, GOALS_HEADER, "## Goals")
        if rows is None:
            return ()
        if not MIN_GOALS <= rows.count <= MAX_GOALS:
            expected = f"{MIN_GOALS} to {MAX_GOALS} are expected"
            self.error(block.line, f"## Goals has {rows.count} goals; {expected}")
        goals = []
        for number, row in rows.rows:
            for lang in LANGS:
                if not row[lang]:
                    self.error(number, f"goal: empty {lang} cell")
            self.french(number, row["fr"], "goal fr")
            goals.append(Text3(row["en"], row["fr"], row["es"]))
        return tuple(goals)

    def dialogue(self, block: _Block, title: str) -> Dialogue:
        where = f'dialogue "{title}"' if title else "dialogue"
        if not title:
            self.error(block.line, "a dialogue needs a French title: `## Dialogue: <title>`")
        scan = _scan(block.body)
        self.unexpected(scan.other, where)
        situation = self.keys(scan, LANGS, where)
        for lang in LANGS:
            if not situation.get(lang, ("", 0))[0]:
                self.error(block.line, f"{where}: missing `- {lang}:` (the situation in {lang})")
        if "fr" in situation:
            self.french(situation["fr"][1], situation["fr"][0], f"{where} situation fr")
        rows = self.single_table(block, scan, DIALOGUE_HEADER, where)
        lines: list[DialogueLine] = []
        if rows is not None:
            if rows.count < MIN_DIALOGUE_LINES:
                self.error(
                    block.line, f"{where} has {rows.count} lines; at least {MIN_DIALOGUE_LINES} are expected"
                )
            for number, row in rows.rows:
                self.require(number, row, DIALOGUE_HEADER, "dialogue")
                self.french(number, row["fr"], "dialogue fr")
                lines.append(DialogueLine(row["speaker"], row["fr"], row["en"], row["es"], number))
        text = {lang: situation.get(lang, ("", 0))[0] for lang in LANGS}
        return Dialogue(title, Text3(**text), tuple(lines))

    def vocabulary(self, block: _Block) -> tuple[VocabEntry, ...]:
        scan = _scan(block.body, keys=False)
        self.unexpected(scan.other, "## Vocabulary")
        rows = self.single_table(block, scan, VOCABULARY_HEADER, "## Vocabulary")
        if rows is None:
            return ()
        if rows.count < MIN_VOCABULARY:
            self.error(
                block.line, f"## Vocabulary has {rows.count} rows; at least {MIN_VOCABULARY} are expected"
            )
        entries: list[VocabEntry] = []
        seen: dict[str, tuple[str, int]] = {}
        for number, row in rows.rows:
            french, pos = row["fr"], normalize_pos(row["gender"])
            self.require(number, row, ("fr", "en", "es"), "vocabulary")
            for problem in category_problems(french, pos):
                self.error(number, problem)
            self.french(number, french, "vocabulary fr")
            entry_slug = slug(french)
            if french and entry_slug in seen:
                first, first_line = seen[entry_slug]
                same = "" if first == french else f' (same id as "{first}")'
                self.error(number, f'duplicate vocabulary term "{french}"{same}, first at line {first_line}')
                continue
            if french:
                seen[entry_slug] = (french, number)
            entries.append(
                VocabEntry(
                    id=f"{self.unit_id}/{entry_slug}",
                    french=french,
                    pos=pos,
                    english=row["en"],
                    spanish=row["es"],
                    note=row["note"],
                    unit_id=self.unit_id,
                    line=number,
                )
            )
        return tuple(entries)

    def note(self, block: _Block, name: str, *, examples_required: bool) -> Note:
        where = f"## {name}"
        before, subsections = _split(block.body, 3)
        scan = _scan(before)
        self.unexpected([line for table in scan.tables for line in table[:1]] + scan.other, where)
        titles = self.keys(scan, NOTE_TITLE_KEYS, where)
        for key in NOTE_TITLE_KEYS:
            if not titles.get(key, ("", 0))[0]:
                self.error(block.line, f"{where}: missing `- {key}:`")
        if "title_fr" in titles:
            self.french(titles["title_fr"][1], titles["title_fr"][0], f"{where} title_fr")
        bodies: dict[str, str] = {}
        examples: tuple[Example, ...] = ()
        seen: dict[str, int] = {}
        for sub in subsections:
            key = sub.heading.strip().lower()
            if key in seen:
                self.error(sub.line, f"`### {key}` appears twice in {where} (first at line {seen[key]})")
                continue
            seen[key] = sub.line
            if key in LANGS:
                bodies[key] = _markdown(sub.body)
                if not bodies[key]:
                    self.error(sub.line, f"`### {key}` of {where} is empty")
            elif key == "examples":
                examples = self.examples(sub, f"{where} examples")
            else:
                expected = "expected en, fr, es, examples"
                self.error(sub.line, f"unknown subsection `### {sub.heading}` in {where} ({expected})")
        for lang in LANGS:
            if lang not in seen:
                self.error(block.line, f"{where}: missing `### {lang}`")
        if examples_required and "examples" not in seen:
            self.error(block.line, f"{where}: missing `### examples` (a table `fr | en | es`)")
        title = Text3(*(titles.get(key, ("", 0))[0] for key in NOTE_TITLE_KEYS))
        body = Text3(*(bodies.get(lang, "") for lang in LANGS))
        return Note(title, body, examples)

    def examples(self, sub: _Block, where: str) -> tuple[Example, ...]:
        scan = _scan(sub.body, keys=False)
        self.unexpected(scan.other, where)
        rows = self.single_table(sub, scan, EXAMPLES_HEADER, where)
        if rows is None:
            return ()
        if rows.count == 0:
            self.error(sub.line, f"{where}: the table has no rows")
        examples = []
        for number, row in rows.rows:
            self.require(number, row, EXAMPLES_HEADER, "example")
            self.french(number, row["fr"], "example fr")
            examples.append(Example(row["fr"], row["en"], row["es"]))
        return tuple(examples)

    def exercises(self, block: _Block) -> tuple[Exercise, ...]:
        return self.exercise_blocks(block, "## Exercises", MIN_EXERCISES, MIN_EXERCISE_KINDS)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value


# --- public entry points ------------------------------------------------------------------------------------


def parse_unit(text: str, path: str) -> Unit:
    """Parse one unit file; raise :class:`UnitError` listing every problem (``path`` names the file)."""
    return _UnitParser(text, path).parse()


def _front_matter_line(text: str, key: str) -> int:
    """The line of ``key:`` in the front matter (1 when not found)."""
    for number, line in enumerate(text.split("\n")[:40], start=1):
        if re.match(rf"\s*{key}\s*:", line):
            return number
    return 1


def load_manual(content_dir: Path) -> Manual:
    """Load ``content_dir/course/*.md`` (sorted by name).

    A broken file is left out and its errors kept; the other units load. A unit whose id or number is
    already used by an earlier file (in name order) is left out too, with an error. Units come sorted by
    number.
    """
    units: list[Unit] = []
    errors: list[ContentError] = []
    ids: dict[str, str] = {}
    numbers: dict[int, str] = {}
    for file in sorted((Path(content_dir) / "course").glob("*.md")):
        path = str(file)
        try:
            text = file.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            errors.append(ContentError(path, 1, f"not valid UTF-8 ({error.reason} at byte {error.start})"))
            continue
        except OSError as error:
            errors.append(ContentError(path, 1, f"cannot read the file: {error.strerror or error}"))
            continue
        try:
            unit = parse_unit(text, path)
        except UnitError as error:
            errors.extend(error.errors)
            continue
        if unit.id in ids:
            line = _front_matter_line(text, "id")
            message = f"duplicate unit id {unit.id} (already used by {Path(ids[unit.id]).name})"
            errors.append(ContentError(path, line, message))
            continue
        if unit.number in numbers:
            line = _front_matter_line(text, "number")
            message = (
                f"duplicate unit number {unit.number} (already used by {Path(numbers[unit.number]).name})"
            )
            errors.append(ContentError(path, line, message))
            continue
        ids[unit.id] = path
        numbers[unit.number] = path
        units.append(unit)
    units.sort(key=lambda unit: (unit.number, unit.id))
    return Manual(tuple(units), tuple(errors))
