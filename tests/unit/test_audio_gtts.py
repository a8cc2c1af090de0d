"""The gTTS engine against a stand-in for Google's endpoint, and its cooldown with an injected clock."""

import io
import wave

import pytest
from gtts import gTTS
from gtts.tts import gTTSError

from audio.engines import Cooldown, Engine, GttsEngine, SynthesisError
from audio.formats import MP3, WAV, audio_problem
from audio.service import AudioService

FAKE_MP3 = (bytes([0xFF, 0xF3, 0x44, 0xC0]) + b"\x00" * 92) * 40


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def endpoint(monkeypatch):
    """Replaces the network part of gTTS; records what each request asked for."""
    state = {"calls": [], "fail": False}

    def write_to_fp(self, fp):
        state["calls"].append(
            {
                "text": self.text,
                "lang": self.lang,
                "tld": self.tld,
                "speed": self.speed,
                "timeout": self.timeout,
            }
        )
        if state["fail"]:
            raise gTTSError(
                "Failed to connect. Probable cause: Host 'https://translate.google.fr/' is not reachable"
            )
        fp.write(FAKE_MP3)

    monkeypatch.setattr(gTTS, "write_to_fp", write_to_fp)
    return state


def test_cooldown_blocks_for_its_duration_then_lets_through():
    clock = Clock()
    cooldown = Cooldown(300, clock=clock)
    assert cooldown.ready() and cooldown.remaining() == 0
    cooldown.record_failure()
    assert not cooldown.ready() and cooldown.remaining() == pytest.approx(300)
    clock.now += 299.5
    assert not cooldown.ready() and cooldown.remaining() == pytest.approx(0.5)
    clock.now += 0.5
    assert cooldown.ready()


def test_success_clears_the_cooldown_and_a_new_failure_restarts_it():
    clock = Clock()
    cooldown = Cooldown(60, clock=clock)
    cooldown.record_failure()
    cooldown.record_success()
    assert cooldown.ready()
    cooldown.record_failure()
    clock.now += 30
    cooldown.record_failure()
    clock.now += 45
    assert not cooldown.ready()  # counted from the latest failure
    clock.now += 15
    assert cooldown.ready()


def test_zero_cooldown_never_blocks():
    cooldown = Cooldown(0, clock=Clock())
    cooldown.record_failure()
    assert cooldown.ready()


def test_gtts_engine_asks_for_french_from_france_with_timeout_and_slow(tmp_path, endpoint):
    engine = GttsEngine(timeout_s=1.5, cooldown=Cooldown(300, clock=Clock()))
    service = AudioService(tmp_path, [engine])
    normal = service.clip("Bonjour, mon lieutenant.")
    slow = service.clip("Bonjour, mon lieutenant.", slow=True)
    assert normal.mime == slow.mime == MP3 and normal.engine == "gtts"
    assert normal.path != slow.path
    assert audio_problem(FAKE_MP3, len(FAKE_MP3), MP3) is None and normal.read_bytes() == FAKE_MP3
    first, second = endpoint["calls"]
    assert (first["lang"], first["tld"], first["timeout"]) == ("fr", "fr", 1.5)
    assert first["speed"] != second["speed"]  # gTTS Speed.NORMAL vs Speed.SLOW
    assert second["speed"] == gTTS("x", lang="fr", slow=True).speed


def test_gtts_failure_starts_the_cooldown_and_raises_synthesis_error(tmp_path, endpoint):
    clock = Clock()
    engine = GttsEngine(timeout_s=1, cooldown=Cooldown(300, clock=clock))
    endpoint["fail"] = True
    with pytest.raises(SynthesisError, match="not reachable"):
        engine.synthesise("Allô ?", False, tmp_path / "out.mp3")
    assert not engine.available()
    clock.now += 300
    assert engine.available()


class WavEngine(Engine):
    """Offline stand-in for espeak-ng."""

    name = "espeak"
    mime = WAV
    voice = "fr-fr"

    def __init__(self):
        self.calls = 0

    def speed_id(self, slow):
        return "slow" if slow else "normal"

    def synthesise(self, text, slow, destination):
        self.calls += 1
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(22050)
            out.writeframes(b"\x00\x01" * 1000)
        destination.write_bytes(buffer.getvalue())


def test_service_skips_gtts_while_cooling_down_then_retries(tmp_path, endpoint):
    clock = Clock()
    google, offline = GttsEngine(timeout_s=1, cooldown=Cooldown(300, clock=clock)), WavEngine()
    service = AudioService(tmp_path, [google, offline])
    endpoint["fail"] = True
    assert service.clip("Un").engine == "espeak"
    assert service.available_engines() == ["espeak"]
    for text in ("Deux", "Trois", "Quatre"):
        assert service.clip(text).engine == "espeak"
    assert len(endpoint["calls"]) == 1  # one failed request, then skipped during the cooldown
    clock.now += 301
    endpoint["fail"] = False
    assert service.available_engines() == ["gtts", "espeak"]
    assert service.clip("Cinq").engine == "gtts"
    assert service.build("Un", upgrade=True).status == "upgraded"
    assert len(endpoint["calls"]) == 3 and offline.calls == 4


def test_text_gtts_refuses_does_not_start_the_cooldown(tmp_path):
    """Punctuation only: gTTS has nothing to send (AssertionError) before any network access."""
    engine = GttsEngine(timeout_s=0.5, cooldown=Cooldown(300, clock=Clock()))
    with pytest.raises(SynthesisError, match="refused the text"):
        engine.synthesise("?!", False, tmp_path / "out.mp3")
    assert engine.available()
    service = AudioService(tmp_path, [engine, WavEngine()])
    assert service.clip("…").engine == "espeak" and engine.available()
