"""Load ``content/glossary/*.csv``, validate every row, and merge the units' vocabulary into it.

Rows with a problem are left out (each problem becomes a :class:`~lessons.model.ContentError` with the file
and the row's first line); the other rows are kept. Then each unit's vocabulary is merged: a unit term with
the same French and category as a glossary entry is that entry (the unit id is added to its ``units``);
any other unit term becomes a new entry whose id is the vocabulary id (``u01-ranks/le-caporal``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from glossary.model import THEMES, Glossary, GlossaryEntry
from lessons.model import Manual, VocabEntry
from text.content import LEVELS, ContentError
from text.french import category_problems, normalize_pos

__all__ = ["COLUMNS", "DEFAULT_THEME", "UNIT_THEMES", "load_glossary", "merge_manual", "unit_theme"]

COLUMNS: tuple[str, ...] = (
    "id",
    "french",
    "pos",
    "english",
    "spanish",
    "theme",
    "level",
    "expansion",
    "alternatives",
    "example",
    "example_en",
    "example_es",
    "notes",
    "related",
)
DEFAULT_THEME = "general"
UNIT_THEMES: dict[str, str] = {
    "u00-first-contact": "general",
    "u01-ranks": "ranks",
    "u02-organisation": "organisation",
    "u03-camp-life": "camp",
    "u04-orders-drill": "orders",
    "u05-radio": "radio",
    "u06-maps": "map",
    "u07-checkpoint": "checkpoint",
    "u08-patrol": "patrol",
    "u09-convoy": "vehicles",
    "u10-medevac": "medical",
    "u11-mines": "mines",
    "u12-rules-of-engagement": "law",
    "u13-civilians": "civilians",
    "u14-reports": "reports",
    "u15-media-authorities": "media",
    "u16-un-au-missions": "un",
    "u17-false-friends": "general",
    "u18-physical-training": "camp",
    "u19-becoming-a-soldier": "weapons",
    "u20-guard-duty": "camp",
    "u21-orders": "orders",
    "u22-casevac-medevac": "medical",
    "u23-police-gendarmerie": "police",
    "u24-buffer-zones": "patrol",
}

# No spaces, no ";" (the list separator of `related`), no "/" or "#" (unit vocabulary and exercise ids).
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def unit_theme(unit_id: str) -> str:
    """The glossary theme of the terms a unit introduces (``general`` for units not in UNIT_THEMES)."""
    return UNIT_THEMES.get(unit_id, DEFAULT_THEME)


def _senses(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(";") if item.strip())


def _same_french(french: str) -> str:
    """The key under which two spellings of a French term are the same term."""
    return re.sub(r"\s+", " ", french.replace("’", "'")).strip().casefold()


def _sense_key(french: str, pos: str, english: tuple[str, ...]) -> tuple[str, str, frozenset[str]]:
    return (_same_french(french), pos, frozenset(sense.casefold() for sense in english))


@dataclass
class _Row:
    path: str
    line: int
    entry: GlossaryEntry
    problems: list[str] = field(default_factory=list)


def _row(cells: dict[str, str], path: str, line: int) -> _Row:
    """A row turned into an entry, with the problems that concern this row alone."""
    pos = normalize_pos(cells["pos"])
    entry = GlossaryEntry(
        id=cells["id"],
        french=cells["french"],
        pos=pos,
        english=_senses(cells["english"]),
        spanish=_senses(cells["spanish"]),
        theme=cells["theme"],
        level=cells["level"],
        expansion=cells["expansion"],
        alternatives=_senses(cells["alternatives"]),
        example=cells["example"],
        example_en=cells["example_en"],
        example_es=cells["example_es"],
        notes=cells["notes"],
        related=_senses(cells["related"]),
        path=path,
        line=line,
    )
    row = _Row(path, line, entry)
    problems = row.problems
    if not entry.id:
        problems.append("empty id")
    elif not _ID.fullmatch(entry.id):
        problems.append(f'bad id "{entry.id}": use letters, digits, "-", "_" or "." only')
    if not entry.french:
        problems.append("empty french")
    else:
        problems.extend(category_problems(entry.french, pos, abbreviation=entry.is_abbreviation))
    if not entry.english:
        problems.append("empty english")
    if not entry.spanish:
        problems.append("empty spanish")
    if entry.theme not in THEMES:
        problems.append(f'unknown theme "{entry.theme}" (expected one of {", ".join(THEMES)})')
    if entry.level not in LEVELS:
        problems.append(f'unknown level "{entry.level}" (expected {", ".join(LEVELS)})')
    return row


def _read_file(file: Path, errors: list[ContentError]) -> list[_Row]:
    path = str(file)
    try:
        with file.open(encoding="utf-8-sig", newline="") as stream:
            records = []
            reader = csv.reader(stream)
            start = 1
            for record in reader:
                records.append((start, record))
                start = reader.line_num + 1
    except UnicodeDecodeError as error:
        errors.append(ContentError(path, 1, f"not valid UTF-8 ({error.reason} at byte {error.start})"))
        return []
    except csv.Error as error:
        errors.append(ContentError(path, start, f"unreadable CSV: {error}"))
        return []
    except OSError as error:
        errors.append(ContentError(path, 1, f"cannot read the file: {error.strerror or error}"))
        return []

    records = [(line, record) for line, record in records if any(cell.strip() for cell in record)]
    if not records:
        message = f"empty file: the first line must be the header {','.join(COLUMNS)}"
        errors.append(ContentError(path, 1, message))
        return []
    header_line, header = records[0]
    if tuple(cell.strip().lower() for cell in header) != COLUMNS:
        errors.append(ContentError(path, header_line, f"the header must be {','.join(COLUMNS)}"))
        return []
    rows = []
    for line, record in records[1:]:
        if len(record) != len(COLUMNS):
            message = f"row has {len(record)} cells, the header has {len(COLUMNS)}"
            errors.append(ContentError(path, line, message))
            continue
        rows.append(_row(dict(zip(COLUMNS, (cell.strip() for cell in record), strict=True)), path, line))
    return rows


def _where(row: _Row) -> str:
    return f"{Path(row.path).name}:{row.line}"


def _check_across_rows(rows: list[_Row]) -> None:
    """Duplicate ids, duplicate senses and unknown ``related`` ids (reported on the later row)."""
    by_id: dict[str, _Row] = {}
    by_sense: dict[tuple[str, str, frozenset[str]], _Row] = {}
    for row in rows:
        entry = row.entry
        if entry.id:
            if entry.id in by_id:
                first = by_id[entry.id]
                row.problems.append(f'duplicate id "{entry.id}" (first at {_where(first)})')
            else:
                by_id[entry.id] = row
        if entry.french and entry.english:
            key = _sense_key(entry.french, entry.pos, entry.english)
            if key in by_sense:
                first = by_sense[key]
                row.problems.append(
                    f'duplicate of "{first.entry.id}" ({_where(first)}): '
                    "same French, pos and English; write one row per sense"
                )
            else:
                by_sense[key] = row
    for row in rows:
        for related in row.entry.related:
            if related not in by_id:
                row.problems.append(f'related id "{related}" does not exist')


def _from_unit(vocab: VocabEntry, level: str, path: str) -> GlossaryEntry:
    return GlossaryEntry(
        id=vocab.id,
        french=vocab.french,
        pos=vocab.pos,
        english=_senses(vocab.english),
        spanish=_senses(vocab.spanish),
        theme=unit_theme(vocab.unit_id),
        level=level,
        notes=vocab.note,
        units=(vocab.unit_id,),
        path=path,
        line=vocab.line,
    )


def merge_manual(entries: list[GlossaryEntry], manual: Manual) -> list[GlossaryEntry]:
    """The entries with every unit's vocabulary merged in (see the module docstring).

    When several senses share the unit term's French and category, the unit joins the first one that shares
    an English translation with it, or else the first one.
    """
    merged = list(entries)
    index: dict[tuple[str, str], list[int]] = {}
    for position, entry in enumerate(merged):
        index.setdefault((_same_french(entry.french), entry.pos), []).append(position)
    for unit in manual.units:
        for vocab in unit.vocabulary:
            key = (_same_french(vocab.french), vocab.pos)
            candidates = index.get(key)
            if not candidates:
                index[key] = [len(merged)]
                merged.append(_from_unit(vocab, unit.level, unit.path))
                continue
            english = {sense.casefold() for sense in _senses(vocab.english)}
            target = next(
                (i for i in candidates if english & {sense.casefold() for sense in merged[i].english}),
                candidates[0],
            )
            if unit.id not in merged[target].units:
                merged[target] = replace(merged[target], units=(*merged[target].units, unit.id))
    return merged


def load_glossary(content_dir: Path, manual: Manual | None = None) -> Glossary:
    """Load and validate ``content_dir/glossary/*.csv`` (sorted by name), then merge ``manual``'s units."""
    errors: list[ContentError] = []
    rows: list[_Row] = []
    files = sorted((Path(content_dir) / "glossary").glob("*.csv"))
    for file in files:
        rows.extend(_read_file(file, errors))
    _check_across_rows(rows)
    for row in rows:
        errors.extend(ContentError(row.path, row.line, problem) for problem in row.problems)
    file_order = {str(file): position for position, file in enumerate(files)}
    errors.sort(key=lambda error: (file_order[error.path], error.line))

    kept = [row.entry for row in rows if not row.problems]
    kept_ids = {entry.id for entry in kept}
    # A related id pointing to a row left out for its own errors (already reported) is dropped.
    kept = [
        entry
        if all(related in kept_ids for related in entry.related)
        else replace(entry, related=tuple(related for related in entry.related if related in kept_ids))
        for entry in kept
    ]
    if manual is not None:
        kept = merge_manual(kept, manual)
    return Glossary(tuple(kept), tuple(errors))
