"""Sessions as CSV, for a centre manager's spreadsheet: the export, and the import's reading of a file into
rows with their line numbers (each row is then checked by :func:`directory.sessions.clean_session`).

Columns: ``id`` (empty for a new session; a session's id to update it) then :data:`directory.sessions.FIELDS`;
lists are ``;``-separated, dates ``YYYY-MM-DD``. Only the required columns must be there; unknown columns
refuse the whole file (a misspelt header would silently drop a field). A cell that a spreadsheet would run
as a formula is exported with a leading apostrophe, which the import takes off again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from directory.model import TrainingSession
from directory.sessions import FIELDS, REQUIRED

__all__ = ["COLUMNS", "MAX_BYTES", "MAX_ROWS", "CsvRows", "read_sessions_csv", "session_row", "sessions_csv"]

COLUMNS: tuple[str, ...] = ("id", *FIELDS)
MAX_BYTES = 2_000_000
MAX_ROWS = 5_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class CsvRows:
    """The rows of a file (line of the row's first line, cells by column), or why the file as a whole is
    refused (``file_problem`` is an i18n key, with ``params``)."""

    rows: tuple[tuple[int, dict[str, str]], ...] = ()
    file_problem: str = ""
    params: tuple[tuple[str, object], ...] = ()


def _unprotect(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and cell[1:2] in _FORMULA_START else cell


def read_sessions_csv(data: bytes | str) -> CsvRows:
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            return CsvRows(file_problem="directory.import.too_big", params=(("max", MAX_BYTES // 1000),))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return CsvRows(file_problem="directory.import.not_utf8")
    else:
        text = data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        return CsvRows(file_problem="directory.import.empty")
    except csv.Error:
        return CsvRows(file_problem="directory.import.unreadable", params=(("line", 1),))
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in header]
    if unknown or len(set(header)) != len(header):
        return CsvRows(
            file_problem="directory.import.unknown_columns", params=(("columns", ", ".join(unknown)[:200]),)
        )
    if missing:
        return CsvRows(
            file_problem="directory.import.missing_columns", params=(("columns", ", ".join(missing)),)
        )
    rows = []
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            return CsvRows(file_problem="directory.import.unreadable", params=(("line", line),))
        if any(cell.strip() for cell in row):
            if len(rows) >= MAX_ROWS:
                return CsvRows(file_problem="directory.import.too_many", params=(("max", MAX_ROWS),))
            cells = {
                name: _unprotect(row[i].strip()) if i < len(row) else "" for i, name in enumerate(header)
            }
            if len(row) > len(header):
                cells["__extra__"] = "1"
            rows.append((line, cells))
        line = reader.line_num + 1
    return CsvRows(tuple(rows))


def _safe(text: str) -> str:
    return f"'{text}" if text[:1] in _FORMULA_START else text


def session_row(session: TrainingSession, centre_id: str | None = None) -> dict[str, str]:
    """One session as CSV cells (text made spreadsheet-safe)."""

    def day(value) -> str:
        return value.isoformat() if value else ""

    return {
        "id": str(session.id),
        "centre": centre_id or session.centre_id,
        "code": _safe(session.code),
        "title_fr": _safe(session.title.fr),
        "title_en": _safe(session.title.en),
        "title_es": _safe(session.title.es),
        "start": day(session.start),
        "end": day(session.end),
        "delivery": session.delivery.value,
        "place": _safe(session.place),
        "languages": ";".join(session.languages),
        "cefr_level": session.cefr_level,
        "audiences": ";".join(a.value for a in session.audiences),
        "rank_band": _safe(session.rank_band),
        "level": session.level.value,
        "phase": session.phase.value if session.phase else "",
        "themes": _safe(";".join(session.themes)),
        "prerequisites": _safe(session.prerequisites),
        "admission": session.admission.value if session.admission else "",
        "deadline": day(session.deadline),
        "capacity": "" if session.capacity is None else str(session.capacity),
        "women_target": "" if session.women_target is None else str(session.women_target),
        "un_recognised_until": day(session.un_recognised_until),
        "funder": _safe(session.funder),
        "status": session.status.value,
        "contact": _safe(session.contact),
        "link": _safe(session.link),
        "source": _safe(session.source),
    }


def sessions_csv(sessions: Iterable[TrainingSession]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for session in sessions:
        writer.writerow(session_row(session))
    return out.getvalue()
