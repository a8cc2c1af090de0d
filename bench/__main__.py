"""Run every ``bench/bench_*.py`` module's ``run()`` and print its figures as ``name: value unit``."""

from __future__ import annotations

import importlib
import logging
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


class _BareModeNoise(logging.Filter):
    """Drops Streamlit's warnings about running without a script context (AppTest and cache calls made by
    the benchmarks themselves): the output is ``name: value unit`` lines only. A filter, not a level,
    because each AppTest run resets Streamlit's log levels from its configuration."""

    NOISE = ("missing ScriptRunContext", "No runtime found", "Session state does not function")

    def filter(self, record: logging.LogRecord) -> bool:
        return not any(text in record.getMessage() for text in self.NOISE)


def main(argv: list[str]) -> int:
    from streamlit import logger as streamlit_logger

    streamlit_logger.set_log_level("error")
    for name in (
        "streamlit.runtime.scriptrunner_utils.script_run_context",
        "streamlit.runtime.caching.cache_data_api",
        "streamlit.runtime.caching.cache_resource_api",
        "streamlit.runtime.state.session_state_proxy",
    ):
        logging.getLogger(name).addFilter(_BareModeNoise())
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
