"""The course content for pages: loaded once per process, reloaded when a content file changes."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from config import settings
from library.content import ContentLibrary, content_signature, load_library


@st.cache_resource(show_spinner=False, max_entries=2)
def _library(content_dir: str, signature: tuple) -> ContentLibrary:
    return load_library(Path(content_dir))


def library() -> ContentLibrary:
    content_dir = settings().content_dir
    return _library(str(content_dir), content_signature(content_dir))
