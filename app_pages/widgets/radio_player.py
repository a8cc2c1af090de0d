"""A radio message to listen to: one button, then the player (the clip goes through the radio effect of
:mod:`audio.radio`, made once and cached). Nothing here raises: without a clip, one caption."""

from __future__ import annotations

import logging

import streamlit as st

from app_pages.widgets.audio_control import audio_service
from audio.radio import radio_clip
from i18n import t

log = logging.getLogger(__name__)


def radio_player(text: str, noise: str, key: str, lang: str) -> None:
    """A button that plays ``text`` through the radio at the ``noise`` level (widget keys start with key)."""
    shown_key = f"{key}_radio_shown"
    clicked = st.button(t("exercise.radio.play", lang), key=f"{key}_radio_play", icon=":material/radio:")
    if clicked:
        st.session_state[shown_key] = True
    if not st.session_state.get(shown_key):
        return
    try:
        clip = radio_clip(audio_service(), text, noise)
        data = clip.read_bytes() if clip is not None else None
    except Exception:
        log.exception("radio message %s could not be played", key)
        data = None
    if data is None:
        st.caption(t("audio.unavailable", lang))
        return
    st.audio(data, format="audio/wav", autoplay=clicked)
