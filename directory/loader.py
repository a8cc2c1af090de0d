"""Load and validate ``content/directory/centres.csv`` into a :class:`~directory.model.Directory`.

Like the glossary loader it never stops at the first problem: every problem of a row is a
:class:`~text.content.ContentError` naming the file and the row's first line, the row is left out, and the
other rows serve. The format is described in ``content/directory/README.md``.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from directory.countries import is_country, is_language
from directory.model import Category, Centre, CentreStatus, Directory, Label, Reffop, Tag
from lessons.house_rules import FrenchText, check_text
from text.content import ContentError, Text3
from text.french import missing_spaces

__all__ = ["COLUMNS", "CENTRES_FILE", "load_directory", "parse_centres", "split_list", "split_sources"]

CENTRES_FILE = Path("directory") / "centres.csv"
COLUMNS: tuple[str, ...] = (
    "id", "name", "acronym", "categories", "tags", "city", "country_code", "latitude", "longitude",
    "coordinates_note", "languages", "labels", "reffop", "status", "website", "description_en",
    "description_fr", "description_es", "notes", "sources", "verified",
)  # fmt: skip
SOURCE_SEPARATOR = " ; "
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_URL = re.compile(r"https?://[^\s<>\"]+")
_UNCERTAIN = "?"  # "fr?": the centre may teach in French, no source confirms it


def split_list(value: str) -> tuple[str, ...]:
    """``a;b; c`` → ``("a", "b", "c")``."""
    return tuple(item.strip() for item in value.split(";") if item.strip())


def split_sources(value: str) -> tuple[str, ...]:
    """The source URLs of a row, separated by `` ; `` (a URL may itself hold a ``;``)."""
    return tuple(item.strip() for item in value.split(SOURCE_SEPARATOR) if item.strip())


def _enum_values(enum, values: tuple[str, ...], column: str, problems: list[str]) -> tuple:
    found = []
    for value in values:
        try:
            found.append(enum(value))
        except ValueError:
            allowed = ", ".join(member.value for member in enum if member.value)
            problems.append(f'{column}: unknown value "{value}" (expected one of {allowed})')
    return tuple(found)


def _coordinate(value: str, low: float, high: float, column: str, problems: list[str]) -> float | None:
    if not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        problems.append(f'{column}: "{value}" is not a number')
        return None
    if not low <= number <= high:
        problems.append(f"{column}: {number} is outside {low}..{high}")
        return None
    return number


def _centre(cells: dict[str, str], path: str, line: int) -> tuple[Centre | None, list[str]]:
    problems: list[str] = []
    centre_id = cells["id"]
    if not _ID.fullmatch(centre_id):
        problems.append(f'id "{centre_id}": lowercase letters, digits and "-" only (at most 64)')
    for column in ("name", "city", "description_en", "description_fr", "description_es"):
        if not cells[column]:
            problems.append(f"{column}: empty")
    categories = _enum_values(Category, split_list(cells["categories"]), "categories", problems)
    if not split_list(cells["categories"]):
        problems.append("categories: at least one of general, military, police, online")
    tags = _enum_values(Tag, split_list(cells["tags"]), "tags", problems)
    labels = _enum_values(Label, split_list(cells["labels"]), "labels", problems)
    reffop = _enum_values(Reffop, (cells["reffop"],), "reffop", problems)
    status = _enum_values(CentreStatus, (cells["status"] or "active",), "status", problems)
    country = cells["country_code"].upper()
    if not is_country(country):
        problems.append(f'country_code: "{cells["country_code"]}" is not an ISO 3166-1 alpha-2 code')
    latitude = _coordinate(cells["latitude"], -90, 90, "latitude", problems)
    longitude = _coordinate(cells["longitude"], -180, 180, "longitude", problems)
    if (latitude is None) != (longitude is None):
        problems.append("latitude and longitude: give both or neither")
    elif latitude is not None and not cells["coordinates_note"]:
        problems.append("coordinates_note: say where the coordinates come from")
    languages, uncertain = [], []
    for code in split_list(cells["languages"]):
        bare = code.removesuffix(_UNCERTAIN)
        if not is_language(bare):
            problems.append(f'languages: "{code}" is not an ISO 639-1 code (add "?" when uncertain)')
            continue
        languages.append(bare)
        if code.endswith(_UNCERTAIN):
            uncertain.append(bare)
    if not languages:
        problems.append("languages: at least one ISO 639-1 code")
    website = cells["website"]
    if website and not _URL.fullmatch(website):
        problems.append(f'website: "{website}" is not an http(s) URL')
    sources = split_sources(cells["sources"])
    for source in sources:
        if not _URL.fullmatch(source):
            problems.append(f'sources: "{source}" is not an http(s) URL (separate sources with " ; ")')
    verified = None
    if cells["verified"]:
        try:
            verified = date.fromisoformat(cells["verified"])
        except ValueError:
            problems.append(f'verified: "{cells["verified"]}" is not a date (YYYY-MM-DD)')
        if not sources:
            problems.append("sources: a verified row needs at least one source")
    if Reffop.MEMBER in reffop and not sources:
        problems.append("reffop: membership is stated only with a source")
    french = cells["description_fr"]
    signs = missing_spaces(french)
    if signs:
        problems.append(f"description_fr: French puts a space before {' '.join(signs)}")
    problems.extend(
        error.message
        for error in check_text(
            FrenchText(path, line, french, cells["description_en"], cells["description_es"])
        )
    )
    if problems:
        return None, problems
    return (
        Centre(
            id=centre_id, name=cells["name"], acronym=cells["acronym"], categories=categories, tags=tags,
            city=cells["city"], country_code=country, latitude=latitude, longitude=longitude,
            coordinates_note=cells["coordinates_note"], languages=tuple(languages),
            uncertain_languages=tuple(uncertain), labels=labels, reffop=reffop[0], status=status[0],
            website=website,
            description=Text3(cells["description_en"], french, cells["description_es"]),
            notes=cells["notes"], sources=sources, verified=verified, path=path, line=line,
        ),
        [],
    )  # fmt: skip


def parse_centres(text: str, path: str) -> Directory:
    """The centres of one CSV text; each bad row becomes errors at its first line."""
    errors: list[ContentError] = []
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return Directory((), (ContentError(path, 1, "empty file: expected a header row"),))
    except csv.Error as error:
        return Directory((), (ContentError(path, 1, f"unreadable CSV: {error}"),))
    if tuple(cell.strip() for cell in header) != COLUMNS:
        return Directory((), (ContentError(path, 1, f"header must be exactly: {','.join(COLUMNS)}"),))
    centres: list[Centre] = []
    seen: dict[str, int] = {}
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(ContentError(path, line, f"unreadable CSV: {error}"))
            break
        if not any(cell.strip() for cell in row):
            line = reader.line_num + 1
            continue
        if len(row) != len(COLUMNS):
            errors.append(ContentError(path, line, f"{len(row)} cells; {len(COLUMNS)} expected"))
            line = reader.line_num + 1
            continue
        cells = {column: cell.strip() for column, cell in zip(COLUMNS, row, strict=True)}
        centre, problems = _centre(cells, path, line)
        if centre is not None and centre.id in seen:
            problems = [f'id "{centre.id}" is already used at line {seen[centre.id]}']
            centre = None
        errors.extend(ContentError(path, line, problem) for problem in problems)
        if centre is not None:
            seen[centre.id] = line
            centres.append(centre)
        line = reader.line_num + 1
    return Directory(tuple(centres), tuple(errors))


def load_directory(content_dir: Path) -> Directory:
    """``content_dir/directory/centres.csv``; a missing file is one error, never an exception."""
    path = Path(content_dir) / CENTRES_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Directory((), (ContentError(str(path), 1, f"cannot read: {error}"),))
    return parse_centres(text, str(path))
