"""Exports as bytes: JSON (UTF-8, indented) and CSV (UTF-8 with a byte-order mark so spreadsheets read the
accents; a cell that starts like a formula — ``=``, ``+``, ``-``, ``@``, tab, carriage return — is
prefixed with an apostrophe so a spreadsheet shows it as text and never runs it)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        value = value.value
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream, dialect="excel", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return stream.getvalue().encode("utf-8-sig")


def _plain(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def json_bytes(value: object) -> bytes:
    return json.dumps(_plain(value), ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def flatten(value: object, prefix: str = "") -> list[tuple[str, object]]:
    """(path, value) pairs of a nested record (``missions.0.country``), for a two-column CSV."""
    value = _plain(value)
    if isinstance(value, dict):
        pairs: list[tuple[str, object]] = []
        for key in sorted(value):
            pairs.extend(flatten(value[key], f"{prefix}.{key}" if prefix else key))
        return pairs
    if isinstance(value, list):
        if not value:
            return [(prefix, "")]
        pairs = []
        for index, item in enumerate(value):
            pairs.extend(flatten(item, f"{prefix}.{index}"))
        return pairs
    return [(prefix, value)]
