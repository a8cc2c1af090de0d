"""Validate the whole content directory: ``python -m library.check [--content DIR]``.

Prints every problem as ``path:line: message`` (paths relative to the content directory's parent when
possible, e.g. ``content/course/01-ranks.md:12: …``), then, last, one summary line::

    units=12 dialogue_lines=160 vocabulary=330 exercises=80 glossary=1250 examples=600 exercises_choice=20 …
    open_exercises=12 analysis_chapters=8 …

``vocabulary`` counts the units' vocabulary rows, ``glossary`` the glossary entries after the units'
vocabulary is merged in, ``examples`` the French example sentences (grammar and culture example rows of
the units, plus glossary entries with an example), ``exercises_<kind>`` the exercises of each kind (every
kind, in :data:`lessons.model.KINDS` order) and ``open_exercises`` those of the open kinds (dictation,
radio, speaking, form, report, roleplay). Exits 1 when there is any problem, else 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.check import check_analysis
from glossary.model import THEMES, Glossary
from lessons import house_rules
from lessons.model import KINDS, OPEN_KINDS, Manual
from library.content import load_course_and_glossary
from text.content import ContentError

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


def content_summary(manual: Manual, glossary: Glossary) -> dict[str, int]:
    """The figures of the summary line, in order."""
    unit_examples = sum(len(unit.grammar.examples) + len(unit.culture.examples) for unit in manual.units)
    exercises = [exercise for unit in manual.units for exercise in unit.exercises]
    by_kind = {f"exercises_{kind}": sum(1 for e in exercises if e.kind == kind) for kind in KINDS}
    return {
        "units": len(manual.units),
        "dialogue_lines": sum(len(unit.dialogue_lines) for unit in manual.units),
        "vocabulary": sum(len(unit.vocabulary) for unit in manual.units),
        "exercises": sum(len(unit.exercises) for unit in manual.units),
        "glossary": len(glossary.entries),
        "examples": unit_examples + sum(1 for entry in glossary.entries if entry.example),
        **by_kind,
        "open_exercises": sum(1 for exercise in exercises if exercise.kind in OPEN_KINDS),
    }


def theme_problems(manual: Manual) -> list[ContentError]:
    """A unit's ``theme`` must be one of the glossary's themes (its new terms are filed there)."""
    return [
        ContentError(unit.path, 1, f'unknown theme "{unit.theme}" (expected one of {", ".join(THEMES)})')
        for unit in manual.units
        if unit.theme not in THEMES
    ]


def format_summary(summary: dict[str, int]) -> str:
    return " ".join(f"{name}={count}" for name, count in summary.items())


def _shown_path(path: str, base: Path) -> str:
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except (ValueError, OSError):
        return path


def format_error(error: ContentError, base: Path) -> str:
    """``path:line: message`` with the path relative to ``base`` when it lies under it."""
    return f"{_shown_path(error.path, base)}:{error.line}: {error.message}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m library.check",
        description="Validate the course units and the glossary; print each problem with its file and line.",
    )
    parser.add_argument(
        "--content",
        type=Path,
        default=DEFAULT_CONTENT_DIR,
        metavar="DIR",
        help="the content directory, holding course/ and glossary/ (default: the repository's content/)",
    )
    args = parser.parse_args(argv)
    content_dir: Path = args.content
    if not content_dir.is_dir():
        print(f"{content_dir}: no such directory", file=sys.stderr)
        return 2

    manual, glossary = load_course_and_glossary(content_dir)
    sources = {unit.path: Path(unit.path).read_text(encoding="utf-8") for unit in manual.units}
    errors = [
        *manual.errors,
        *glossary.errors,
        *theme_problems(manual),
        *house_rules.check_content(manual, glossary.entries, sources),
    ]
    summary = content_summary(manual, glossary)
    if (content_dir / "analysis").is_dir():  # the strategic-analysis chapters and cases
        _, analysis_errors, analysis_figures = check_analysis(
            content_dir, {entry.french for entry in glossary.entries}
        )
        errors.extend(analysis_errors)
        summary.update(analysis_figures)
        summary["analysis_terms"] = len(glossary.by_theme("analysis"))  # the analysis glossary theme
    base = content_dir.resolve().parent
    for error in errors:
        print(format_error(error, base))
    print(format_summary(summary))
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
