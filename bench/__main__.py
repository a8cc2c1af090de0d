"""Run every ``bench/bench_*.py`` module's ``run()`` and print its figures as ``name: value unit``."""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from pathlib import Path

os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")


def unit_of(name: str) -> str:
    name = name.removesuffix("_pg")
    if name.endswith("_ms"):
        return "ms"
    if name.endswith("_s"):
        return "s"
    if name.endswith("_mb"):
        return "MB"
    return "count"


def main(argv: list[str]) -> int:
    from streamlit import logger as streamlit_logger

    streamlit_logger.set_log_level("error")  # AppTest-driven figures: no "bare mode" warnings
    wanted = set(argv)
    failures = 0
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        name = path.stem
        if wanted and name not in wanted and name.removeprefix("bench_") not in wanted:
            continue
        try:
            figures = importlib.import_module(f"bench.{name}").run()
        except Exception:  # noqa: BLE001 - report and go on with the other benchmarks
            failures += 1
            print(f"# {name} failed:\n{traceback.format_exc()}", file=sys.stderr)
            continue
        for figure, value in figures.items():
            shown = f"{value:.2f}" if isinstance(value, float) else str(value)
            print(f"{figure}: {shown} {unit_of(figure)}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
