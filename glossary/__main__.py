"""Command line: ``python -m glossary export``.

    python -m glossary export --format csv|apkg -o FILE [--theme THEME …] [--level LEVEL …] [--unit UNIT …]
                              [--content DIR] [--no-audio]

Loads the course and the glossary (``--content``, default ``PARLEZ_CONTENT_DIR``), keeps the entries of the
given themes, levels and units (any of the values of one option, all of the options), writes them, and
prints one line: ``exported 1234 entries to FILE``. ``--format`` defaults to the extension of ``FILE``.
An Anki export includes the clips already in the audio cache (``PARLEZ_AUDIO_DIR``) unless ``--no-audio``;
nothing is synthesised. Rows with content errors are left out (``make check-content`` lists them).

Exit status: 0 on success, 1 when no entry matches or the file cannot be written, 2 for bad arguments
(an unknown theme, level or unit is named and the valid ones are listed).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from glossary.export import export_apkg, export_csv
from glossary.model import THEMES, GlossaryEntry
from text.content import LEVELS

FORMATS = ("csv", "apkg")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        return args.run(args.command_parser, args)
    except SystemExit as exit_:  # argparse and parser.error(): usage problems (or --help)
        return exit_.code if isinstance(exit_.code, int) else 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m glossary", description="Parlez glossary tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser(
        "export",
        help="write glossary entries as CSV or as an Anki deck",
        description="Write glossary entries as CSV or as an Anki deck (.apkg).",
    )
    export.add_argument("--format", choices=FORMATS, help="csv or apkg (default: the extension of FILE)")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="file to write")
    export.add_argument(
        "--theme",
        nargs="+",
        action="extend",
        default=[],
        metavar="THEME",
        help=f"keep these themes ({', '.join(THEMES)})",
    )
    export.add_argument(
        "--level",
        nargs="+",
        action="extend",
        default=[],
        metavar="LEVEL",
        help=f"keep these levels ({', '.join(LEVELS)})",
    )
    export.add_argument(
        "--unit", nargs="+", action="extend", default=[], metavar="UNIT", help="keep the terms of these units"
    )
    export.add_argument(
        "--content", type=Path, metavar="DIR", help="content directory (default: PARLEZ_CONTENT_DIR)"
    )
    export.add_argument("--no-audio", action="store_true", help="Anki: leave out the cached audio clips")
    export.set_defaults(run=_export, command_parser=export)
    return parser


def _unknown(kind: str, values: Sequence[str], valid: Sequence[str]) -> str | None:
    unknown = [value for value in values if value not in valid]
    if not unknown:
        return None
    names = ", ".join(f'"{value}"' for value in unknown)
    plural = "s" if len(unknown) > 1 else ""
    return f"unknown {kind}{plural} {names}; valid {kind}s: {', '.join(valid) or '(none)'}"


def _export(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    output: Path = args.output
    file_format = args.format or output.suffix.lower().lstrip(".")
    if file_format not in FORMATS:
        parser.error(f"cannot tell the format from {output.name!r}: add --format csv or --format apkg")
    for kind, values, valid in (("theme", args.theme, THEMES), ("level", args.level, LEVELS)):
        problem = _unknown(kind, values, valid)
        if problem:
            parser.error(problem)
    if output.is_dir():
        parser.error(f"{output} is a directory: give a file name")
    if not output.parent.is_dir():
        parser.error(f"{output.parent}: no such directory")

    from config import settings  # here, so that argument errors never depend on the environment

    content_dir: Path = args.content or settings().content_dir
    if not content_dir.is_dir():
        parser.error(f"{content_dir}: no such content directory")
    from library.content import load_course_and_glossary  # an entry point: it may load the whole library

    manual, glossary = load_course_and_glossary(content_dir)
    problem = _unknown("unit", args.unit, [unit.id for unit in manual.units])
    if problem:
        parser.error(problem)
    errors = len(manual.errors) + len(glossary.errors)
    if errors:
        print(f"warning: {errors} content problem(s) left out; run `make check-content`", file=sys.stderr)

    entries = _filtered(glossary.entries, args.theme, args.level, args.unit)
    if not entries:
        print("no glossary entry matches these filters: nothing written", file=sys.stderr)
        return 1
    try:
        if file_format == "csv":
            summary = export_csv(entries, output)
            suffix = ""
        else:
            audio = None
            if not args.no_audio:
                from audio.service import from_settings

                audio = from_settings(settings())
            summary = export_apkg(entries, output, audio=audio)
            suffix = f" ({summary.audio_clips} with audio)"
    except OSError as error:
        print(f"cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"exported {summary.entries} entries to {output}{suffix}")
    return 0


def _filtered(
    entries: Sequence[GlossaryEntry], themes: Sequence[str], levels: Sequence[str], units: Sequence[str]
) -> list[GlossaryEntry]:
    return [
        entry
        for entry in entries
        if (not themes or entry.theme in themes)
        and (not levels or entry.level in levels)
        and (not units or any(unit in units for unit in entry.units))
    ]


if __name__ == "__main__":
    sys.exit(main())
