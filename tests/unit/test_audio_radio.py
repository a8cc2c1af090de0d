"""The radio effect: band-pass, noise at three levels, squelch; deterministic; cached like other clips."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest

from audio.formats import WAV, audio_problem
from audio.radio import (
    NOISE_LEVELS,
    RADIO_ENGINE,
    _band_pass,
    apply_radio_effect,
    radio_clip,
    radio_seed,
    radio_wav,
    read_wav,
    write_wav,
)
from audio.service import AudioService
from lessons.model import NOISE_LEVELS as CONTENT_NOISE_LEVELS
from tests.unit.test_audio_service import FakeEngine

RATE = 22050


def tone(*frequencies: float, seconds: float = 1.0) -> np.ndarray:
    time = np.arange(int(RATE * seconds)) / RATE
    return sum(0.3 * np.sin(2 * np.pi * f * time) for f in frequencies).astype(np.float32)


def amplitude(samples: np.ndarray, frequency: float) -> float:
    spectrum = np.abs(np.fft.rfft(samples)) / samples.size
    bins = np.fft.rfftfreq(samples.size, 1 / RATE)
    return float(spectrum[np.argmin(np.abs(bins - frequency))])


def speech_like(seconds: float = 2.0) -> bytes:
    """A WAV of voice-band tones with pauses, standing in for espeak-ng's output."""
    signal = tone(220, 700, 1400, seconds=seconds)
    signal[: RATE // 5] = 0
    return write_wav(signal, RATE)


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples))))


def test_the_levels_are_the_manuals():
    assert NOISE_LEVELS == CONTENT_NOISE_LEVELS == ("low", "medium", "high")


def test_band_pass_keeps_the_voice_band_and_cuts_the_rest():
    filtered = _band_pass(tone(100, 1000, 6000), RATE)
    kept = amplitude(filtered, 1000)
    assert kept == pytest.approx(amplitude(tone(1000), 1000), rel=0.05)
    assert amplitude(filtered, 100) < kept / 100  # more than 40 dB down
    assert amplitude(filtered, 6000) < kept / 100


def test_same_seed_same_bytes_other_seed_other_noise():
    source = speech_like()
    first = radio_wav(source, "medium", 7)
    assert radio_wav(source, "medium", 7) == first
    assert radio_wav(source, "medium", 8) != first
    assert radio_wav(source, "high", 7) != first
    assert radio_seed("Parlez.", "low") == radio_seed(" Parlez. ", "low") != radio_seed("Parlez.", "high")


def test_the_output_is_a_sound_wav_with_key_up_and_squelch_tail():
    source = speech_like(2.0)
    output = radio_wav(source, "low", 1)
    assert audio_problem(output[:4096], len(output), WAV) is None
    with wave.open(io.BytesIO(output)) as reader:
        assert (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (1, 2, RATE)
        assert reader.getnframes() == int(2.0 * RATE) + int(0.25 * RATE) + int(0.35 * RATE)
    samples, _ = read_wav(output)
    assert np.max(np.abs(samples)) == pytest.approx(0.9, abs=0.01)
    # the squelch opens with a burst and closes with a louder tail than the hiss around it
    hiss = rms(samples[int(0.15 * RATE) : int(0.25 * RATE)])
    assert rms(samples[: int(0.05 * RATE)]) > 2 * hiss
    assert rms(samples[-int(0.3 * RATE) : -int(0.2 * RATE)]) > 2 * hiss


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_more_noise_at_each_level(seed):
    signal, _ = read_wav(speech_like())
    noise_to_voice = []
    for level in NOISE_LEVELS:
        out = apply_radio_effect(signal, RATE, level, seed)
        lead = out[int(0.13 * RATE) : int(0.25 * RATE)]  # after the opening burst, before the words
        words = out[int(0.25 * RATE) + RATE // 5 : int(0.25 * RATE) + RATE]
        noise_to_voice.append(rms(lead) / rms(words))
    assert noise_to_voice == sorted(noise_to_voice)
    assert noise_to_voice[2] > 3 * noise_to_voice[0]


def test_unknown_level_and_unusable_input_are_refused():
    with pytest.raises(ValueError, match="unknown noise level"):
        radio_wav(speech_like(), "deafening", 1)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(1)
        writer.setframerate(8000)
        writer.writeframes(b"\x80" * 800)
    with pytest.raises(ValueError, match="16-bit"):
        radio_wav(buffer.getvalue(), "low", 1)


def test_stereo_is_mixed_down():
    left = (tone(700) * 32767).astype("<i2")
    stereo = np.stack([left, left], axis=1).reshape(-1)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(stereo.tobytes())
    samples, rate = read_wav(buffer.getvalue())
    assert rate == RATE and samples.size == RATE


class SpeechEngine(FakeEngine):
    def synthesise(self, text, slow, destination):
        super().synthesise(text, slow, destination)
        destination.write_bytes(speech_like(1.0))


def test_radio_clips_are_made_from_a_wav_clip_and_cached(tmp_path):
    espeak = SpeechEngine("espeak", WAV)
    service = AudioService(tmp_path, [espeak])
    clip = radio_clip(service, "Tango Zéro ici Tango Deux. Parlez.", "medium")
    assert clip is not None and clip.engine == RADIO_ENGINE and clip.mime == WAV
    assert espeak.calls == [("Tango Zéro ici Tango Deux. Parlez.", False)]
    again = radio_clip(service, "Tango Zéro ici Tango Deux.  Parlez.", "medium")
    assert again.path == clip.path and espeak.calls == [("Tango Zéro ici Tango Deux. Parlez.", False)]
    assert radio_clip(service, "Tango Zéro ici Tango Deux. Parlez.", "high").path != clip.path
    assert len(espeak.calls) == 1  # the spoken clip was cached too
    engines = sorted(meta["engine"] for meta in service.cache.entries())
    assert engines == ["espeak", "radio", "radio"]


def test_radio_uses_espeak_outside_the_chain_and_nothing_without_a_wav_engine(tmp_path):
    google, espeak = FakeEngine("gtts", "audio/mpeg"), SpeechEngine("espeak", WAV)
    online = AudioService(tmp_path / "a", [google], lookup_only=[espeak])
    assert radio_clip(online, "Reçu.", "low") is not None
    assert google.calls == [] and espeak.calls == [("Reçu.", False)]
    assert radio_clip(AudioService(tmp_path / "b", [google]), "Reçu.", "low") is None
    broken = AudioService(tmp_path / "c", [FakeEngine("espeak", WAV, fail=True)])
    assert radio_clip(broken, "Reçu.", "low") is None
