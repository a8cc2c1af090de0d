"""What several benchmarks share: timing, synthetic typos, an AppTest page rerun."""

from __future__ import annotations

import os
import random
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_ms(action, repeat: int) -> float:
    """Median wall time of ``action()`` over ``repeat`` calls, in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def make_typo(text: str, rng: random.Random) -> str:
    """``text`` with one slip of the fingers: two letters swapped, one dropped, doubled or replaced."""
    if len(text) < 5:
        return text
    position = rng.randrange(1, len(text) - 2)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        return text[:position] + text[position + 1] + text[position] + text[position + 2 :]
    if kind == "drop":
        return text[:position] + text[position + 1 :]
    if kind == "double":
        return text[:position] + text[position] + text[position:]
    return text[:position] + rng.choice("aeinrst") + text[position + 1 :]


def page_rerun_ms(
    database_url: str, user_id: int, page: str | None = None, repeat: int = 20, query: dict | None = None
) -> float:
    """Median AppTest rerun of ``page`` (the home page when None) for a logged-in user, with ``query`` as the
    page's query parameters."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["PARLEZ_DATABASE_URL"] = database_url
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    from tests.helpers import signed_in_session

    at.session_state["auth_session"] = signed_in_session(user_id, database_url)
    at.session_state["lang"] = "en"
    at.run()
    if page:
        at.switch_page(page)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
    assert not at.exception, at.exception
    return median_ms(at.run, repeat)
