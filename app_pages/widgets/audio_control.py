"""The one audio control of the interface: listen, listen slowly, show the pronunciation (IPA).

    audio_control("Halte ! Qui va là ?", key="u01-d1-l3", lang=lang)

Clips come from :class:`audio.service.AudioService`, shared by every session through ``st.cache_resource``
(keyed by the cache directory and the engine chain). Nothing here raises: with no engine and no cached clip
the control is one caption, and the French text next to it stays usable.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from audio.normalise import TextTooLong, UnspeakableText
from audio.service import AudioService, build_service
from config import settings
from i18n import t

log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def _shared_service(
    cache_dir: str, chain: tuple[str, ...], gtts_timeout_s: float, gtts_cooldown_s: float
) -> AudioService:
    return build_service(
        Path(cache_dir), chain, gtts_timeout_s=gtts_timeout_s, gtts_cooldown_s=gtts_cooldown_s
    )


def audio_service() -> AudioService:
    """The process-wide audio service for the current settings."""
    config = settings()
    return _shared_service(
        str(config.audio_dir), tuple(config.tts_chain), config.gtts_timeout_s, config.gtts_cooldown_s
    )


def audio_control(text: str, key: str, lang: str, *, ipa: bool = True) -> None:
    """Buttons to hear ``text`` at normal or slow speed and to show its IPA (widget keys start with key);
    ``ipa=False`` leaves out the pronunciation (a dictation: it would give the answer away)."""
    speed_key, ipa_key, autoplay_key = f"{key}_audio_speed", f"{key}_audio_ipa", f"{key}_audio_autoplay"
    try:
        service = audio_service()
        playable = (
            service.cached_clip(text) is not None
            or service.cached_clip(text, slow=True) is not None
            or bool(service.available_engines())
        )
    except TextTooLong:
        st.caption(t("audio.too_long", lang))
        return
    except UnspeakableText:
        return  # nothing to say (empty text): no control at all
    except Exception:
        log.exception("audio control %s: the audio service is unusable", key)
        st.caption(t("audio.unavailable", lang))
        return
    if not playable:
        st.caption(t("audio.unavailable", lang))
        return

    with st.container(horizontal=True, gap="small", key=f"{key}_audio_controls"):
        st.button(
            t("audio.play", lang),
            key=f"{key}_audio_play",
            help=t("audio.play_help", lang),
            icon=":material/volume_up:",
            on_click=_choose_speed,
            args=(speed_key, autoplay_key, "normal"),
        )
        st.button(
            t("audio.slow", lang),
            key=f"{key}_audio_slow",
            help=t("audio.slow_help", lang),
            icon=":material/slow_motion_video:",
            on_click=_choose_speed,
            args=(speed_key, autoplay_key, "slow"),
        )
        if ipa:
            st.button(
                t("audio.ipa", lang),
                key=f"{key}_audio_ipa_button",
                help=t("audio.ipa_help", lang),
                icon=":material/record_voice_over:",
                on_click=_toggle,
                args=(ipa_key,),
            )

    speed = st.session_state.get(speed_key)
    if speed in ("normal", "slow"):
        autoplay = bool(st.session_state.pop(autoplay_key, False))
        _player(service, text, slow=speed == "slow", autoplay=autoplay, lang=lang)
    if ipa and st.session_state.get(ipa_key):
        transcription = service.ipa(text)
        if transcription:
            st.text(f"/{transcription}/")
        else:
            st.caption(t("audio.ipa_unavailable", lang))


def _player(service: AudioService, text: str, *, slow: bool, autoplay: bool, lang: str) -> None:
    clip, data = None, None
    try:
        clip = service.clip(text, slow=slow)
        data = clip.read_bytes() if clip is not None else None
    except Exception:
        log.exception("audio for %r could not be read", text[:80])
    if clip is None or data is None:
        st.caption(t("audio.failed", lang))
        return
    st.audio(data, format=clip.mime, autoplay=autoplay)


def _choose_speed(speed_key: str, autoplay_key: str, speed: str) -> None:
    st.session_state[speed_key] = speed
    st.session_state[autoplay_key] = True


def _toggle(state_key: str) -> None:
    st.session_state[state_key] = not st.session_state.get(state_key, False)
