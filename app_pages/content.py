"""The course content for pages: loaded once per process, reloaded when a content file changes.

Labels call ``library()`` for every option of a select box; checking the files' signature (and hashing it
for the cache) each time cost tens of milliseconds per rerun. The library is therefore re-checked at most
once every ``RECHECK_S`` seconds: an edited unit shows within a second."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import streamlit as st

from config import settings
from library.content import ContentLibrary, content_signature, load_library

RECHECK_S = 1.0
_recent: dict[str, tuple[float, ContentLibrary]] = {}
_lock = threading.Lock()


@st.cache_resource(show_spinner=False, max_entries=2)
def _library(content_dir: str, signature: tuple) -> ContentLibrary:
    return load_library(Path(content_dir))


def library() -> ContentLibrary:
    content_dir = str(settings().content_dir)
    now = time.monotonic()
    with _lock:
        checked = _recent.get(content_dir)
    if checked is not None and now - checked[0] < RECHECK_S:
        return checked[1]
    loaded = _library(content_dir, content_signature(Path(content_dir)))
    with _lock:
        _recent[content_dir] = (now, loaded)
    return loaded
