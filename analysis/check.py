"""Validate the strategic-analysis content (``content/analysis/``) for ``make check-content``.

:func:`check_analysis` loads the chapters and cases with the key-term check against the glossary's French
terms and returns the corpus, every problem (file:line) and the figures of the summary line
(``analysis_chapters=… analysis_terms=… worksheets=…``). ``python -m analysis.check`` runs it alone
(reading the glossary's French terms from ``content/glossary/*.csv``).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Collection
from pathlib import Path

from analysis.loader import load_analysis
from analysis.model import AnalysisCorpus
from text.content import ContentError

__all__ = ["analysis_summary", "check_analysis", "glossary_french_terms"]

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


def analysis_summary(corpus: AnalysisCorpus) -> dict[str, int]:
    """``analysis_chapters`` (chapters that loaded), ``analysis_terms`` (distinct key terms),
    ``worksheets`` (worksheet definitions)."""
    return {
        "analysis_chapters": len(corpus.chapters),
        "analysis_terms": len(corpus.key_terms),
        "worksheets": len(corpus.worksheets),
    }


def check_analysis(
    content_dir: Path, glossary_terms: Collection[str] | None
) -> tuple[AnalysisCorpus, list[ContentError], dict[str, int]]:
    """Load ``content_dir/analysis`` and check it; ``glossary_terms`` are the glossary's French terms
    (None skips the key-term check). Returns the corpus, the errors and the summary figures."""
    corpus = load_analysis(content_dir, glossary_terms)
    errors = list(corpus.errors)
    if not (Path(content_dir) / "analysis" / "chapters").is_dir():
        errors.append(ContentError(str(Path(content_dir) / "analysis" / "chapters"), 1, "no chapters folder"))
    return corpus, errors, analysis_summary(corpus)


def glossary_french_terms(content_dir: Path) -> set[str]:
    """The ``french`` column of every ``content_dir/glossary/*.csv`` (for running this check alone; the
    lead's ``make check-content`` passes the loaded glossary's terms instead)."""
    terms: set[str] = set()
    for file in sorted((Path(content_dir) / "glossary").glob("*.csv")):
        with file.open(encoding="utf-8-sig", newline="") as handle:
            terms.update(row["french"].strip() for row in csv.DictReader(handle) if row.get("french"))
    return terms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.check", description=__doc__.split("\n")[0])
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT_DIR, metavar="DIR")
    parser.add_argument(
        "--no-terms", action="store_true", help="do not check the key terms against the glossary"
    )
    args = parser.parse_args(argv)
    terms = None if args.no_terms else glossary_french_terms(args.content)
    _, errors, summary = check_analysis(args.content, terms)
    for error in errors:
        print(error)
    print(" ".join(f"{name}={count}" for name, count in summary.items()))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
