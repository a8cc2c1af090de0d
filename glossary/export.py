"""Export glossary entries as CSV (any spreadsheet) or as an Anki deck (``.apkg``).

    export_csv(entries, "glossary.csv")
    export_apkg(entries, "glossary.apkg", audio=from_settings(settings()))
    st.download_button("CSV", csv_bytes(entries), "parlez-glossary.csv", "text/csv")

CSV: the columns of :data:`CSV_COLUMNS`, UTF-8 without byte-order mark, RFC 4180 (comma separator, ``"``
quoting only where needed, doubled quotes, CRLF line ends; a line break inside a cell stays inside its
quoted cell). Translations are joined with ``"; "``.

Anki: one note per entry of the note type :data:`MODEL_NAME` (fields in :data:`ANKI_FIELDS`, two cards:
French → meaning and meaning → French) in the deck :data:`DECK_ID`. Model and deck ids are constants and
each note's GUID is ``genanki.guid_for(entry.id)``, so importing a newer export updates the notes a
learner already has (and their review history) instead of adding duplicates. Field text is HTML-escaped.
New fields are only ever appended (Alternatives and Expansion came after Audio), so the fields of older
exports keep their places (importing into a collection that holds the older note type may need Anki's
option to merge note types).
With an audio service, the clip *already cached* for the French term is added as media and played by
``[sound:…]`` in the Audio field; nothing is synthesised during an export.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import logging
import os
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

import genanki

from glossary.model import GlossaryEntry

log = logging.getLogger(__name__)

__all__ = [
    "ANKI_FIELDS",
    "CSV_COLUMNS",
    "DECK_ID",
    "DECK_NAME",
    "MODEL_ID",
    "MODEL_NAME",
    "ClipSource",
    "ExportSummary",
    "anki_model",
    "apkg_bytes",
    "csv_bytes",
    "csv_row",
    "export_apkg",
    "export_csv",
    "note_fields",
]

CSV_COLUMNS: tuple[str, ...] = (
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
)

# Never change these: Anki recognises the note type and the deck of a later export by them.
MODEL_ID = 1_587_305_143
DECK_ID = 1_964_020_611
MODEL_NAME = "Parlez glossary"
DECK_NAME = "Parlez — military French glossary"
ANKI_FIELDS: tuple[str, ...] = (
    "French",
    "Gender/POS",
    "English",
    "Spanish",
    "Example",
    "ExampleTranslation",
    "Notes",
    "Audio",
    "Alternatives",
    "Expansion",
)

_MEANING = '<div class="meaning">{{English}}</div>\n<div class="meaning spanish">{{Spanish}}</div>'
_ALSO = '{{#Alternatives}}<div class="also">{{Alternatives}}</div>{{/Alternatives}}'
_DETAILS = (
    "{{#Example}}"
    '<div class="example">{{Example}}<div class="translation">{{ExampleTranslation}}</div></div>'
    "{{/Example}}\n"
    '{{#Notes}}<div class="notes">{{Notes}}</div>{{/Notes}}'
)
_TEMPLATES = [
    {
        "name": "French → meaning",
        "qfmt": '<div class="french">{{French}}</div>\n{{Audio}}',
        "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="pos">{{Gender/POS}}</div>\n'
        + f"{_ALSO}\n{_MEANING}\n{_DETAILS}",
    },
    {
        "name": "Meaning → French",
        "qfmt": _MEANING,
        "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="french">{{French}}</div>\n'
        '<div class="pos">{{Gender/POS}}</div>\n' + _ALSO + "\n{{Audio}}\n" + _DETAILS,
    },
]
_CSS = """\
.card { font-family: sans-serif; font-size: 22px; text-align: center; color: #1d1d1f; background: #fff; }
.french { font-size: 30px; font-weight: bold; }
.pos { color: #777; font-size: 16px; font-style: italic; }
.also { color: #555; font-size: 18px; }
.meaning.spanish { color: #555; }
.example { margin-top: 18px; font-size: 18px; }
.translation { color: #777; }
.notes { margin-top: 14px; font-size: 15px; color: #555; }
"""
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


class ClipSource(Protocol):
    """What an export needs of :class:`audio.service.AudioService`: a cached clip with a ``path``, or None."""

    def cached_clip(self, text: str, slow: bool = False) -> Any: ...


@dataclass(frozen=True)
class ExportSummary:
    """How many entries were written, and (Anki) how many of them came with an audio clip."""

    entries: int
    audio_clips: int = 0


# -- CSV ---------------------------------------------------------------------------------------------
def csv_row(entry: GlossaryEntry) -> list[str]:
    """The CSV cells of ``entry`` in the order of :data:`CSV_COLUMNS`."""
    return [
        entry.id,
        entry.french,
        entry.pos,
        "; ".join(entry.english),
        "; ".join(entry.spanish),
        entry.theme,
        entry.level,
        entry.expansion,
        "; ".join(entry.alternatives),
        entry.example,
        entry.example_en,
        entry.example_es,
        entry.notes,
    ]


def _write_csv(entries: Iterable[GlossaryEntry], stream: IO[str]) -> int:
    writer = csv.writer(stream, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for entry in entries:
        writer.writerow(csv_row(entry))
        count += 1
    return count


def _is_binary(stream: Any) -> bool:
    if isinstance(stream, io.TextIOBase):
        return False
    return isinstance(stream, io.RawIOBase | io.BufferedIOBase) or "b" in str(getattr(stream, "mode", ""))


def export_csv(
    entries: Iterable[GlossaryEntry], path_or_file: str | os.PathLike[str] | IO[Any]
) -> ExportSummary:
    """Write ``entries`` as CSV to a path (replaced whole, never left half-written) or an open file.

    A text file should be opened with ``newline=""``; a binary one receives UTF-8 bytes.
    """
    if hasattr(path_or_file, "write"):
        stream: Any = path_or_file
        if not _is_binary(stream):
            return ExportSummary(_write_csv(entries, stream))
        wrapper = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
        try:
            return ExportSummary(_write_csv(entries, wrapper))
        finally:
            wrapper.flush()
            wrapper.detach()  # leave the caller's file open
    with (
        _replacing(Path(path_or_file)) as temporary,
        open(temporary, "w", encoding="utf-8", newline="") as out,
    ):
        return ExportSummary(_write_csv(entries, out))


def csv_bytes(entries: Iterable[GlossaryEntry]) -> bytes:
    """The CSV export as bytes (for a download button)."""
    buffer = io.StringIO(newline="")
    _write_csv(entries, buffer)
    return buffer.getvalue().encode("utf-8")


# -- Anki --------------------------------------------------------------------------------------------
def anki_model() -> genanki.Model:
    """The note type of every export (same id, fields and templates each time)."""
    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in ANKI_FIELDS],
        templates=[dict(template) for template in _TEMPLATES],
        css=_CSS,
    )


def _html(text: str) -> str:
    """Plain glossary text as an Anki field: HTML special characters escaped, line breaks kept."""
    escaped = html.escape(text, quote=False)
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def note_fields(entry: GlossaryEntry, sound: str = "") -> list[str]:
    """The note's fields (see :data:`ANKI_FIELDS`); ``sound`` is the media file name of its clip, if any.

    An abbreviation's expansion opens the Notes field and is also its own field, Expansion; the other
    accepted French forms (« l'EVASAN » for « l'évacuation sanitaire ») are joined by ``"; "`` in
    Alternatives; ExampleTranslation holds the English translation of the example, then the Spanish one on
    a new line.
    """
    translations = [text for text in (entry.example_en, entry.example_es) if text]
    notes = [text for text in (entry.expansion, entry.notes) if text]
    return [
        _html(entry.french),
        _html(entry.pos),
        _html("; ".join(entry.english)),
        _html("; ".join(entry.spanish)),
        _html(entry.example),
        "<br>".join(_html(text) for text in translations),
        "<br>".join(_html(text) for text in notes),
        f"[sound:{sound}]" if sound else "",
        _html("; ".join(entry.alternatives)),
        _html(entry.expansion),
    ]


def _tags(entry: GlossaryEntry) -> list[str]:
    return [
        f"parlez::theme::{_UNSAFE_NAME.sub('_', entry.theme)}",
        f"parlez::level::{_UNSAFE_NAME.sub('_', entry.level)}",
    ]


def _cached_clip_path(audio: ClipSource, text: str) -> Path | None:
    try:
        clip = audio.cached_clip(text)
    except (ValueError, OSError) as error:  # unspeakable text, unreadable cache
        log.warning("no audio for %r in the export: %s", text[:80], error)
        return None
    if clip is None:
        return None
    path = Path(clip.path)
    return path if path.is_file() else None


class _Media:
    """Media files of a package, each under a unique, Anki-safe name; one file for repeated clips."""

    def __init__(self) -> None:
        self.files: list[tuple[Path, str]] = []
        self._names: dict[Path, str] = {}
        self._taken: set[str] = set()

    def name_for(self, path: Path) -> str:
        if path in self._names:
            return self._names[path]
        base = _UNSAFE_NAME.sub("_", path.name).lstrip(".") or "clip"
        stem, dot, suffix = base.rpartition(".")
        if not dot:
            stem, suffix = base, ""
        name = base
        for number in itertools.count(2):
            if name not in self._taken:
                break
            name = f"{stem}-{number}.{suffix}" if dot else f"{stem}-{number}"
        self._names[path] = name
        self._taken.add(name)
        self.files.append((path, name))
        return name


def _package(
    entries: Iterable[GlossaryEntry], audio: ClipSource | None, deck_name: str
) -> tuple[genanki.Package, _Media, ExportSummary]:
    model = anki_model()
    deck = genanki.Deck(DECK_ID, deck_name, description="Military French for peace operations — Parlez.")
    media = _Media()
    count = with_audio = 0
    for entry in entries:
        sound = ""
        if audio is not None:
            path = _cached_clip_path(audio, entry.french)
            if path is not None:
                sound = media.name_for(path)
                with_audio += 1
        deck.add_note(
            genanki.Note(
                model=model,
                fields=note_fields(entry, sound),
                guid=genanki.guid_for(entry.id),
                tags=_tags(entry),
            )
        )
        count += 1
    return genanki.Package(deck), media, ExportSummary(count, with_audio)


def _write_package(
    package: genanki.Package, media: _Media, target: str | os.PathLike[str] | IO[bytes], timestamp: float
) -> None:
    """What ``genanki.Package.write_to_file`` does, but without leaving its temporary database behind,
    with the media names chosen here, compressed, and to a path or a binary file."""
    with tempfile.TemporaryDirectory(prefix="parlez-apkg-") as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", json.dumps({str(i): name for i, (_, name) in enumerate(media.files)}))
            for index, (path, _) in enumerate(media.files):
                archive.write(path, str(index))


def export_apkg(
    entries: Iterable[GlossaryEntry],
    path: str | os.PathLike[str] | IO[bytes],
    *,
    audio: ClipSource | None = None,
    deck_name: str = DECK_NAME,
    timestamp: float | None = None,
) -> ExportSummary:
    """Write ``entries`` as an Anki package to ``path`` (replaced whole) or a binary file.

    ``audio`` (an :class:`audio.service.AudioService`) adds the cached clip of each French term;
    ``timestamp`` (seconds since the epoch, default now) dates the notes — Anki updates a note it already
    has only from a newer export.
    """
    package, media, summary = _package(entries, audio, deck_name)
    moment = time.time() if timestamp is None else timestamp
    if hasattr(path, "write"):
        _write_package(package, media, path, moment)  # type: ignore[arg-type]
    else:
        with _replacing(Path(path)) as temporary:
            _write_package(package, media, temporary, moment)
    return summary


def apkg_bytes(
    entries: Iterable[GlossaryEntry], audio: ClipSource | None = None, *, deck_name: str = DECK_NAME
) -> bytes:
    """The Anki package as bytes (for a download button)."""
    buffer = io.BytesIO()
    export_apkg(entries, buffer, audio=audio, deck_name=deck_name)
    return buffer.getvalue()


# -- files -------------------------------------------------------------------------------------------
@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it when the block succeeds (and is removed if not)."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
