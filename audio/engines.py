"""Text-to-speech engines: Google's gTTS (online, MP3) and espeak-ng (offline, WAV).

An engine turns already normalised French text into an audio file at a path it is given; it knows its
name, voice, speed settings and output type, which make up the cache key. Engines never run a shell: the
text is the last item of an argument list, after ``--``, so it can never be read as an option.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from audio.formats import MP3, WAV
from audio.normalise import speakable_text

log = logging.getLogger(__name__)

ESPEAK_BINARY = "/usr/bin/espeak-ng"


class SynthesisError(RuntimeError):
    """An engine could not produce a clip (network down, throttled, engine crashed, bad output…)."""


class Engine(ABC):
    """One way to speak French. Subclasses set ``name``, ``mime`` and implement the abstract methods."""

    name: ClassVar[str]
    mime: ClassVar[str]

    @property
    @abstractmethod
    def voice(self) -> str:
        """Voice identity that changes the sound (language, accent); part of the cache key."""

    @abstractmethod
    def speed_id(self, slow: bool) -> str:
        """Speed identity (e.g. ``normal``/``slow`` or a words-per-minute rate); part of the cache key."""

    def available(self) -> bool:
        """Whether it is worth trying this engine now (installed, not cooling down after a failure)."""
        return True

    @abstractmethod
    def synthesise(self, text: str, slow: bool, destination: Path) -> None:
        """Write the clip for ``text`` to ``destination`` (an existing empty file), or raise."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} voice={self.voice}>"


class Cooldown:
    """Skips a flaky engine for ``seconds`` after a failure; ``clock`` is injectable for tests."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = max(0.0, float(seconds))
        self._clock = clock
        self._failed_at: float | None = None
        self._lock = threading.Lock()

    def ready(self) -> bool:
        return self.remaining() == 0.0

    def remaining(self) -> float:
        """Seconds left before the engine may be tried again (0 when it may)."""
        with self._lock:
            if self._failed_at is None:
                return 0.0
            left = self._failed_at + self.seconds - self._clock()
            if left <= 0:
                self._failed_at = None
                return 0.0
            return left

    def record_failure(self) -> None:
        with self._lock:
            self._failed_at = self._clock()

    def record_success(self) -> None:
        with self._lock:
            self._failed_at = None


class GttsEngine(Engine):
    """Google Translate's voice through gTTS: natural French (``lang="fr"``, ``tld="fr"``), needs internet.

    Every request has ``timeout_s``; after a failure the engine reports itself unavailable for the cooldown,
    so an offline camp pays for one failed attempt every few minutes, not one per clip.
    """

    name = "gtts"
    mime = MP3

    def __init__(
        self,
        timeout_s: float = 5.0,
        cooldown: Cooldown | None = None,
        lang: str = "fr",
        tld: str = "fr",
    ) -> None:
        self.timeout_s = timeout_s
        self.cooldown = cooldown if cooldown is not None else Cooldown(300.0)
        self.lang = lang
        self.tld = tld

    @property
    def voice(self) -> str:
        return f"{self.lang}@{self.tld}"

    def speed_id(self, slow: bool) -> str:
        return "slow" if slow else "normal"

    def available(self) -> bool:
        return self.cooldown.ready()

    def synthesise(self, text: str, slow: bool, destination: Path) -> None:
        text = speakable_text(text)
        try:
            from gtts import gTTS, gTTSError
        except ImportError as error:
            raise SynthesisError(f"gTTS is not installed: {error}") from error
        try:
            speech = gTTS(text, lang=self.lang, tld=self.tld, slow=slow, timeout=self.timeout_s)
            with open(destination, "wb") as file:
                speech.write_to_fp(file)
        except (gTTSError, OSError) as error:  # offline, timeout, throttled (429), Google-side error
            self.cooldown.record_failure()
            log.info("gTTS failed (%s); not trying it again for %.0f s", error, self.cooldown.seconds)
            raise SynthesisError(f"gTTS failed: {error}") from error
        except Exception as error:  # this text only (e.g. nothing left to say after gTTS's own cleaning)
            raise SynthesisError(f"gTTS refused the text: {error!r}") from error
        self.cooldown.record_success()


class EspeakEngine(Engine):
    """espeak-ng, installed locally (apt ``espeak-ng``): robotic but always there, WAV output.

    Runs ``espeak-ng -v fr-fr -s RATE -w FILE -- TEXT`` (a temporary file, not ``--stdout``, whose WAV
    header sizes are bogus). Also gives the IPA transcription (``--ipa -q``).
    """

    name = "espeak"
    mime = WAV

    def __init__(
        self,
        binary: str | os.PathLike[str] | None = None,
        voice: str = "fr-fr",
        rate_wpm: int = 150,
        slow_rate_wpm: int = 110,
        timeout_s: float = 30.0,
    ) -> None:
        found = binary if binary is not None else (shutil.which("espeak-ng") or ESPEAK_BINARY)
        self.binary = str(found)
        self._voice = voice
        self.rate_wpm = rate_wpm
        self.slow_rate_wpm = slow_rate_wpm
        self.timeout_s = timeout_s

    @property
    def voice(self) -> str:
        return self._voice

    def speed_id(self, slow: bool) -> str:
        return f"{self.slow_rate_wpm if slow else self.rate_wpm}wpm"

    def available(self) -> bool:
        return os.path.isfile(self.binary) and os.access(self.binary, os.X_OK)

    def synthesis_command(self, text: str, slow: bool, destination: Path) -> list[str]:
        """The argument list run for a clip: options first, then ``--``, then the text alone."""
        rate = self.slow_rate_wpm if slow else self.rate_wpm
        return [self.binary, "-v", self._voice, "-s", str(rate), "-w", str(destination), "--", text]

    def ipa_command(self, text: str) -> list[str]:
        return [self.binary, "-v", self._voice, "--ipa", "-q", "--", text]

    def synthesise(self, text: str, slow: bool, destination: Path) -> None:
        self._run(self.synthesis_command(speakable_text(text), slow, destination))

    def ipa(self, text: str) -> str:
        """The IPA transcription of ``text`` (clauses joined by spaces)."""
        output = self._run(self.ipa_command(speakable_text(text)))
        return " ".join(output.decode("utf-8", errors="replace").split())

    def _run(self, command: list[str]) -> bytes:
        try:
            done = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=self.timeout_s,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise SynthesisError(f"espeak-ng could not run: {error}") from error
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", errors="replace").strip()[:300]
            raise SynthesisError(f"espeak-ng exited with {done.returncode}: {message}")
        return done.stdout


ENGINE_NAMES = ("gtts", "espeak")
_ALIASES = {"gtts": "gtts", "google": "gtts", "espeak": "espeak", "espeak-ng": "espeak"}


def engine_name(configured: str) -> str | None:
    """Canonical engine name for a configured one (``espeak-ng`` → ``espeak``); None for ``none``."""
    name = configured.strip().lower()
    if name in ("none", ""):
        return None
    if name not in _ALIASES:
        raise ValueError(f"unknown text-to-speech engine {configured!r}: expected gtts, espeak or none")
    return _ALIASES[name]
