"""The audio control under Streamlit's AppTest: buttons, player, IPA, and the one notice without audio."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from audio.engines import EspeakEngine
from audio.service import AudioService


def page(text: str, key: str, lang: str) -> None:
    import streamlit as st

    from app_pages.widgets import audio_control

    st.write(text)
    audio_control(text, key=key, lang=lang)


@pytest.fixture(autouse=True)
def isolated(espeak_installed, monkeypatch, tmp_path):
    monkeypatch.setenv("PARLEZ_AUDIO_DIR", str(tmp_path / "audio"))
    monkeypatch.setenv("PARLEZ_TTS", "espeak")
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()


def run(text="Halte ! Qui va là ?", key="u01-l3", lang="en") -> AppTest:
    app = AppTest.from_function(page, args=(text, key, lang), default_timeout=30)
    return app.run()


def audio_elements(app: AppTest):
    return list(app.get("audio"))


def test_shows_three_keyed_buttons_and_no_player_until_asked():
    app = run()
    assert not app.exception
    keys = {button.key for button in app.button}
    assert keys == {"u01-l3_audio_play", "u01-l3_audio_slow", "u01-l3_audio_ipa_button"}
    assert [button.label for button in app.button] == ["Listen", "Slowly", "IPA"]
    assert audio_elements(app) == [] and not app.caption


def test_listen_plays_a_wav_clip_and_slow_switches_to_the_slow_one(tmp_path):
    app = run()
    app.button(key="u01-l3_audio_play").click().run()
    assert not app.exception and not app.caption
    (player,) = audio_elements(app)
    assert player.proto.url.endswith(".wav") and player.proto.autoplay
    service = AudioService(tmp_path / "audio", [EspeakEngine()])
    assert service.cached_clip("Halte ! Qui va là ?") is not None
    assert service.cached_clip("Halte ! Qui va là ?", slow=True) is None
    app.button(key="u01-l3_audio_slow").click().run()
    assert len(audio_elements(app)) == 1
    assert service.cached_clip("Halte ! Qui va là ?", slow=True) is not None
    assert app.session_state["u01-l3_audio_speed"] == "slow"


def test_ipa_toggles_the_transcription():
    app = run(lang="fr")
    assert app.button(key="u01-l3_audio_play").label == "Écouter"
    app.button(key="u01-l3_audio_ipa_button").click().run()
    assert len(app.text) == 1 and app.text[0].value.startswith("/") and "alt ki va" in app.text[0].value
    app.button(key="u01-l3_audio_ipa_button").click().run()
    assert len(app.text) == 0


def test_no_engine_and_no_clip_shows_one_notice_and_the_text(monkeypatch):
    monkeypatch.setenv("PARLEZ_TTS", "none")
    app = run(lang="es")
    assert not app.exception
    assert [caption.value for caption in app.caption] == [
        "El audio todavía no está disponible aquí (ni motor de voz ni grabación). El texto basta para seguir."
    ]
    assert len(app.button) == 0
    assert app.markdown[0].value == "Halte ! Qui va là ?"


def test_no_engine_but_a_cached_clip_still_plays(monkeypatch, tmp_path):
    AudioService(tmp_path / "audio", [EspeakEngine()]).clip("Repos.")
    monkeypatch.setenv("PARLEZ_TTS", "none")
    app = run(text="Repos.")
    app.button(key="u01-l3_audio_play").click().run()
    assert len(audio_elements(app)) == 1 and not app.caption
    app.button(key="u01-l3_audio_slow").click().run()  # the slow clip was never made: a notice, no error
    assert not app.exception and audio_elements(app) == []
    assert [caption.value for caption in app.caption] == [
        "This recording could not be made right now. Try again later; the text stays here."
    ]


def test_too_long_and_empty_texts_never_raise():
    app = run(text="Mot " * 5000)
    assert not app.exception
    assert [caption.value for caption in app.caption] == ["This text is too long to be read aloud."]
    app = run(text="   ")
    assert not app.exception and len(app.button) == 0 and not app.caption


def test_two_controls_on_one_page_keep_their_own_state():
    def two(lang: str) -> None:
        from app_pages.widgets import audio_control

        audio_control("Oui.", key="a", lang=lang)
        audio_control("Non.", key="b", lang=lang)

    app = AppTest.from_function(two, args=("en",), default_timeout=30).run()
    app.button(key="b_audio_play").click().run()
    assert len(audio_elements(app)) == 1
    assert "a_audio_speed" not in app.session_state and app.session_state["b_audio_speed"] == "normal"
