"""A French line as heard on a military radio: band-passed, saturated, with noise, crackle and squelch.

    clip = radio_clip(service, "Tango Zéro ici Tango Deux. Parlez.", "medium")   # Clip or None

The effect works on 16-bit mono WAV (what espeak-ng makes), with numpy only, offline. It is deterministic:
the same text, noise level and seed give the same bytes (the default seed comes from the text and the
level), so a radio clip is cached like any other clip, under engine ``radio`` with the source clip's
engine and voice, speed, noise level, seed and the effect's version in its key. Deleting the cache loses
nothing: the clip is made again from the cached (or newly spoken) espeak-ng clip.

Noise levels (signal-to-noise ratio of the hiss, crackle, fading):

========  =====  =========  ==========================
level     SNR    crackle    fading
========  =====  =========  ==========================
low       24 dB  rare       none
medium    12 dB  some       slight
high       5 dB  frequent   deep, slow
========  =====  =========  ==========================
"""

from __future__ import annotations

import hashlib
import io
import logging
import wave
from dataclasses import dataclass

import numpy as np

from audio.cache import ClipSpec
from audio.formats import WAV
from audio.normalise import speakable_text
from audio.service import AudioService, Clip

log = logging.getLogger(__name__)

__all__ = [
    "NOISE_LEVELS",
    "RADIO_ENGINE",
    "RADIO_VERSION",
    "RadioSettings",
    "apply_radio_effect",
    "radio_clip",
    "radio_seed",
    "radio_wav",
    "read_wav",
    "write_wav",
]

NOISE_LEVELS: tuple[str, ...] = ("low", "medium", "high")  # the same as lessons.model.NOISE_LEVELS
RADIO_ENGINE = "radio"
RADIO_VERSION = 1  # change it when the effect changes: cached radio clips are then made again

LOW_CUT_HZ, HIGH_CUT_HZ = 300.0, 3000.0
_MAX_SECONDS = 120  # a radio message is a few sentences; longer input is refused


@dataclass(frozen=True, slots=True)
class RadioSettings:
    snr_db: float  # speech to hiss
    crackles_per_s: float
    fading_depth: float  # 0: none; 0.5: the voice drops to half at the trough of the fading
    drive: float  # saturation of the transmitter


SETTINGS: dict[str, RadioSettings] = {
    "low": RadioSettings(snr_db=24.0, crackles_per_s=0.5, fading_depth=0.0, drive=1.5),
    "medium": RadioSettings(snr_db=12.0, crackles_per_s=3.0, fading_depth=0.2, drive=2.0),
    "high": RadioSettings(snr_db=5.0, crackles_per_s=8.0, fading_depth=0.45, drive=3.0),
}


def radio_seed(text: str, noise: str) -> int:
    """The default seed of a message at a noise level: stable across processes (no ``hash()``)."""
    digest = hashlib.sha256(f"{speakable_text(text)}|{noise}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def read_wav(data: bytes) -> tuple[np.ndarray, int]:
    """The samples of a 16-bit PCM WAV as floats in [-1, 1] (channels mixed down) and the sample rate."""
    with wave.open(io.BytesIO(data), "rb") as reader:
        if reader.getsampwidth() != 2:
            raise ValueError(f"the radio effect reads 16-bit WAV, not {8 * reader.getsampwidth()}-bit")
        channels, rate, frames = reader.getnchannels(), reader.getframerate(), reader.getnframes()
        if frames > rate * _MAX_SECONDS:
            raise ValueError(f"a radio message is at most {_MAX_SECONDS} s long")
        raw = reader.readframes(frames)
    samples = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return samples, rate


def write_wav(samples: np.ndarray, rate: int) -> bytes:
    """16-bit mono PCM WAV bytes of float samples (clipped to [-1, 1])."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(pcm.tobytes())
    return buffer.getvalue()


def _fast_length(size: int) -> int:
    """The smallest length ≥ ``size`` whose only prime factors are 2, 3 and 5 (an FFT of a length with a
    large prime factor is many times slower)."""
    best = 1 << max(0, (size - 1).bit_length())
    power5 = 1
    while power5 < best:
        power35 = power5
        while power35 < best:
            candidate = power35
            while candidate < size:
                candidate *= 2
            best = min(best, candidate)
            power35 *= 3
        power5 *= 5
    return best


def _band_pass(
    samples: np.ndarray, rate: int, low: float = LOW_CUT_HZ, high: float = HIGH_CUT_HZ
) -> np.ndarray:
    """A band-pass filter in the frequency domain, with raised-cosine edges (no ringing to speak of)."""
    if samples.size == 0:
        return samples
    length = _fast_length(samples.size)
    spectrum = np.fft.rfft(samples, n=length)
    frequencies = np.fft.rfftfreq(length, 1.0 / rate)
    gain = np.zeros_like(frequencies)
    edge = 0.25  # each edge rolls off over a quarter of its cut frequency
    inside = (frequencies >= low) & (frequencies <= high)
    gain[inside] = 1.0
    rise = (frequencies >= low * (1 - edge)) & (frequencies < low)
    gain[rise] = 0.5 - 0.5 * np.cos(np.pi * (frequencies[rise] - low * (1 - edge)) / (low * edge))
    fall = (frequencies > high) & (frequencies <= high * (1 + edge))
    gain[fall] = 0.5 + 0.5 * np.cos(np.pi * (frequencies[fall] - high) / (high * edge))
    return np.fft.irfft(spectrum * gain, n=length)[: samples.size].astype(np.float32)


def _rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if samples.size else 0.0


def _squelch(rng: np.random.Generator, rate: int, seconds: float, level: float) -> np.ndarray:
    """The burst of hiss when the squelch opens or closes, falling off quickly."""
    length = int(rate * seconds)
    burst = rng.standard_normal(length).astype(np.float32)
    envelope = np.exp(-np.linspace(0.0, 4.0, length, dtype=np.float32))
    return _band_pass(burst * envelope, rate, 500.0, 4000.0) * level


def apply_radio_effect(samples: np.ndarray, rate: int, noise: str, seed: int) -> np.ndarray:
    """``samples`` (floats in [-1, 1]) as heard through a radio at the ``noise`` level; deterministic."""
    if noise not in SETTINGS:
        raise ValueError(f"unknown noise level {noise!r} (expected {', '.join(NOISE_LEVELS)})")
    settings = SETTINGS[noise]
    rng = np.random.default_rng(seed)
    voice = _band_pass(samples.astype(np.float32), rate)
    peak = float(np.max(np.abs(voice))) if voice.size else 0.0
    if peak > 0:
        voice = voice / peak
    voice = np.tanh(settings.drive * voice) / np.tanh(settings.drive)  # the transmitter's saturation
    if settings.fading_depth and voice.size:
        time = np.arange(voice.size, dtype=np.float32) / rate
        rate_hz, phase = rng.uniform(0.15, 0.4), rng.uniform(0, 2 * np.pi)
        fading = 1.0 - settings.fading_depth * 0.5 * (1 + np.sin(2 * np.pi * rate_hz * time + phase))
        voice = voice * fading.astype(np.float32)

    lead, tail = int(0.25 * rate), int(0.35 * rate)  # key-up before the words, squelch tail after
    total = lead + voice.size + tail
    signal = np.zeros(total, dtype=np.float32)
    signal[lead : lead + voice.size] = voice
    speech_rms = _rms(voice) or 0.1
    hiss = _band_pass(rng.standard_normal(total).astype(np.float32), rate, 200.0, 4500.0)
    hiss *= speech_rms / (_rms(hiss) or 1.0) / (10 ** (settings.snr_db / 20))
    signal += hiss
    crackles = rng.poisson(settings.crackles_per_s * total / rate)
    for position in rng.integers(0, max(1, total - 64), size=crackles):
        width = int(rng.integers(8, 64))
        signal[position : position + width] += rng.uniform(-0.6, 0.6) * np.hanning(width).astype(np.float32)
    opening = _squelch(rng, rate, 0.12, 0.5)
    signal[: opening.size] += opening
    closing = _squelch(rng, rate, 0.3, 0.7)
    signal[total - closing.size :] += closing
    top = float(np.max(np.abs(signal)))
    return (signal / top * 0.9) if top > 0 else signal


def radio_wav(source: bytes, noise: str, seed: int) -> bytes:
    """The radio version of a 16-bit WAV clip, as WAV bytes."""
    samples, rate = read_wav(source)
    return write_wav(apply_radio_effect(samples, rate, noise, seed), rate)


def _wav_source(service: AudioService, text: str, slow: bool) -> Clip | None:
    """A WAV clip of ``text``: cached from any WAV engine, else spoken by the first WAV engine that works
    (espeak-ng, in the chain or not: a radio clip is made offline even when gTTS reads the rest)."""
    engines = [engine for engine in (*service.engines, *service.lookup_only) if engine.mime == WAV]
    for engine in engines:
        path = service.cache.lookup(service.spec_for(engine, text, slow))
        if path is not None:
            return Clip(path=path, mime=WAV, engine=engine.name, text=text, slow=slow)
    for engine in engines:
        if not engine.available():
            continue
        spec = service.spec_for(engine, text, slow)
        try:
            path = service.cache.store(
                spec, lambda destination, e=engine: e.synthesise(text, slow, destination)
            )
        except Exception as error:
            log.warning("%s could not speak %r for the radio: %s", engine.name, text[:80], error)
            continue
        return Clip(path=path, mime=WAV, engine=engine.name, text=text, slow=slow)
    return None


def radio_spec(source: Clip, voice: str, speed: str, noise: str, seed: int) -> ClipSpec:
    return ClipSpec(
        engine=RADIO_ENGINE,
        voice=f"{source.engine}:{voice}"[:64],
        speed=f"{speed}|{noise}|s{seed}|r{RADIO_VERSION}"[:64],
        slow=source.slow,
        mime=WAV,
        text=source.text,
    )


def radio_clip(
    service: AudioService, text: str, noise: str, *, slow: bool = False, seed: int | None = None
) -> Clip | None:
    """The radio clip of ``text`` at the ``noise`` level: cached, else made from a WAV clip of the text
    (cached, else spoken by espeak-ng). None when no WAV clip can be had; never raises for an engine or
    disk failure (logged). Raises ``ValueError`` for an unknown noise level or unspeakable text."""
    if noise not in SETTINGS:
        raise ValueError(f"unknown noise level {noise!r} (expected {', '.join(NOISE_LEVELS)})")
    text = speakable_text(text)
    seed = radio_seed(text, noise) if seed is None else seed
    try:
        source = _wav_source(service, text, slow)
        if source is None:
            return None
        engine = next(e for e in [*service.engines, *service.lookup_only] if e.name == source.engine)
        spec = radio_spec(source, engine.voice, engine.speed_id(slow), noise, seed)
        cached = service.cache.lookup(spec)
        if cached is None:
            data = radio_wav(source.read_bytes(), noise, seed)
            cached = service.cache.store(spec, lambda destination: destination.write_bytes(data))
        return Clip(path=cached, mime=WAV, engine=RADIO_ENGINE, text=text, slow=slow)
    except Exception:
        log.exception("no radio clip for %r at %s noise", text[:80], noise)
        return None
