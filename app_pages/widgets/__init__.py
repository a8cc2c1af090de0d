"""Reusable interface pieces shared by several pages (the only other place besides pages using streamlit)."""

from app_pages.widgets.audio_control import audio_control

__all__ = ["audio_control"]
