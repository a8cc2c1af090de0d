"""The audio service: cached clips first, then the engine chain; never an exception for a TTS outage.

    service = from_settings(settings())
    clip = service.clip("Halte ! Qui va là ?", slow=True)   # Clip or None
    if clip: st.audio(clip.read_bytes(), format=clip.mime)

A lookup tries the cache for each engine in chain order (the best clip wins) without starting any engine;
only on a miss are engines tried in order, skipping those not available (gTTS cooling down after a failure,
espeak-ng not installed). Two requests for the same clip in one process make it once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from audio.cache import ClipCache, ClipSpec
from audio.engines import ENGINE_NAMES, Cooldown, Engine, EspeakEngine, GttsEngine, engine_name
from audio.normalise import speakable_text

log = logging.getLogger(__name__)

Status = Literal["made", "cached", "upgraded", "failed"]


@dataclass(frozen=True)
class Clip:
    """A clip on disk: ``path``, ``mime`` (``audio/mpeg`` or ``audio/wav``), the ``engine`` that made it."""

    path: Path
    mime: str
    engine: str
    text: str
    slow: bool

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


@dataclass(frozen=True)
class BuildOutcome:
    """What :meth:`AudioService.build` did for one clip; ``error`` says why nothing (better) was made."""

    status: Status
    clip: Clip | None
    error: str | None = None


class _KeyedLocks:
    """One lock per key, created on demand and dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[Hashable, list[Any]] = {}

    @contextmanager
    def hold(self, key: Hashable) -> Iterator[None]:
        with self._guard:
            entry = self._locks.setdefault(key, [threading.Lock(), 0])
            entry[1] += 1
        try:
            with entry[0]:
                yield
        finally:
            with self._guard:
                entry[1] -= 1
                if entry[1] == 0:
                    del self._locks[key]


def tidy_ipa(ipa: str) -> str:
    """espeak-ng's IPA made readable for learners: its clitic hyphens and stress marks dropped (French has
    no word stress to learn), one space between words, clauses separated by « | »."""
    clauses = [
        " ".join(line.replace("-", " ").replace("ˈ", "").replace("ˌ", "").split())
        for line in ipa.splitlines()
    ]
    return " | ".join(clause for clause in clauses if clause)


class AudioService:
    """Clips of French text from a cache in ``cache_dir``, made on a miss by ``engines`` (in order)."""

    def __init__(
        self,
        cache_dir: Path,
        engines: Sequence[Engine],
        ipa_engine: EspeakEngine | None = None,
        lookup_only: Sequence[Engine] = (),
    ):
        """``engines`` synthesise, in order; ``lookup_only`` engines are never started, but their cached
        clips are still served after those of the chain (e.g. espeak-ng clips from an imported pack when
        the chain is ``none``)."""
        self.cache = ClipCache(Path(cache_dir))
        self.engines: list[Engine] = list(engines)
        names = [engine.name for engine in self.engines]
        if len(set(names)) != len(names):
            raise ValueError(f"an engine appears twice in the chain: {names}")
        self.lookup_only: list[Engine] = [e for e in lookup_only if e.name not in names]
        if ipa_engine is None:
            ipa_engine = next((e for e in self.engines if isinstance(e, EspeakEngine)), None)
        self.ipa_engine = ipa_engine
        self._locks = _KeyedLocks()

    @property
    def cache_dir(self) -> Path:
        return self.cache.root

    def available_engines(self) -> list[str]:
        """Names of the engines that would be tried now for a missing clip, in chain order."""
        return [engine.name for engine in self.engines if engine.available()]

    def cached_clip(self, text: str, slow: bool = False) -> Clip | None:
        """The best cached clip (chain order, then lookup-only engines); never starts an engine."""
        return self._lookup(speakable_text(text), slow)

    def clip(self, text: str, slow: bool = False) -> Clip | None:
        """The clip for ``text``: cached, else made by the first engine that succeeds; None if all fail.

        Engine and disk errors are logged, never raised, so a TTS outage leaves a lesson readable.
        Raises :class:`audio.normalise.UnspeakableText` (a ValueError) for empty or over-long text.
        """
        text = speakable_text(text)
        try:
            return self.build(text, slow).clip
        except Exception:
            log.exception("audio for %r could not be produced", text[:80])
            return None

    def build(
        self, text: str, slow: bool = False, *, engine: str | None = None, upgrade: bool = False
    ) -> BuildOutcome:
        """Make sure a clip exists and say what happened (used by the prebuild command).

        ``engine`` restricts synthesis to that engine (cached clips of any engine still count).
        ``upgrade`` replaces a cached clip by one of an engine earlier in the chain when that one works,
        then deletes the worse clip (espeak-ng → gTTS once online).
        """
        text = speakable_text(text)
        if engine is not None and engine not in {e.name for e in self.engines}:
            raise ValueError(f"engine {engine!r} is not in this service's chain {self.available_names()}")
        cached = self._lookup(text, slow)
        if cached is not None and not upgrade:
            return BuildOutcome("cached", cached)
        with self._locks.hold((text, slow)):
            cached = self._lookup(text, slow)
            candidates = [e for e in self.engines if engine is None or e.name == engine]
            if cached is not None:
                if not upgrade:
                    return BuildOutcome("cached", cached)
                order = [e.name for e in self._lookup_order()]
                rank = order.index(cached.engine)
                candidates = [e for e in candidates if order.index(e.name) < rank]
                if not candidates:
                    return BuildOutcome("cached", cached)
            errors: list[str] = []
            for candidate in candidates:
                if not candidate.available():
                    errors.append(f"{candidate.name}: not available")
                    continue
                spec = self._spec(candidate, text, slow)
                try:
                    path = self.cache.store(
                        spec, lambda destination, e=candidate: e.synthesise(text, slow, destination)
                    )
                except Exception as error:
                    log.warning("%s could not speak %r: %s", candidate.name, text[:80], error)
                    errors.append(f"{candidate.name}: {error}")
                    continue
                made = Clip(path=path, mime=spec.mime, engine=candidate.name, text=text, slow=slow)
                if cached is None:
                    return BuildOutcome("made", made)
                self.cache.remove(self._spec(self._engine(cached.engine), text, slow))
                return BuildOutcome("upgraded", made)
            reason = "; ".join(errors) or "no engine configured"
            if cached is not None:
                return BuildOutcome("cached", cached, error=reason)
            log.error("no audio for %r: %s", text[:80], reason)
            return BuildOutcome("failed", None, error=reason)

    def ipa(self, text: str) -> str | None:
        """IPA transcription from espeak-ng, cached on disk; None when espeak-ng is unavailable or fails."""
        text = speakable_text(text)
        if self.ipa_engine is None:
            return None
        voice = self.ipa_engine.voice
        try:
            cached = self.cache.ipa_lookup(voice, text)
            if cached is not None:
                return tidy_ipa(cached)
            if not self.ipa_engine.available():
                return None
            ipa = self.ipa_engine.ipa(text)
            if ipa:
                self.cache.ipa_store(voice, text, ipa)
            return tidy_ipa(ipa) if ipa else None
        except Exception:
            log.exception("no IPA for %r", text[:80])
            return None

    def available_names(self) -> list[str]:
        """Names of all engines of the chain, in order (available or not)."""
        return [engine.name for engine in self.engines]

    def _engine(self, name: str) -> Engine:
        return next(engine for engine in self._lookup_order() if engine.name == name)

    def _lookup_order(self) -> list[Engine]:
        return [*self.engines, *self.lookup_only]

    def spec_for(self, engine: Engine, text: str, slow: bool) -> ClipSpec:
        """What identifies the clip of (already normalised) ``text`` made by ``engine`` (used by the radio
        effect to find its source clip)."""
        return self._spec(engine, text, slow)

    @staticmethod
    def _spec(engine: Engine, text: str, slow: bool) -> ClipSpec:
        return ClipSpec(
            engine=engine.name,
            voice=engine.voice,
            speed=engine.speed_id(slow),
            slow=slow,
            mime=engine.mime,
            text=text,
        )

    def _lookup(self, text: str, slow: bool) -> Clip | None:
        for engine in self._lookup_order():
            spec = self._spec(engine, text, slow)
            path = self.cache.lookup(spec)
            if path is not None:
                return Clip(path=path, mime=spec.mime, engine=engine.name, text=text, slow=slow)
        return None


def build_engines(
    chain: Sequence[str],
    *,
    gtts_timeout_s: float = 5.0,
    gtts_cooldown_s: float = 300.0,
    espeak_binary: str | None = None,
) -> list[Engine]:
    """Engines for configured names such as ``("gtts", "espeak")``; ``none`` adds nothing."""
    engines: list[Engine] = []
    for configured in chain:
        name = engine_name(configured)
        if name is None or name in {e.name for e in engines}:
            continue
        if name == "gtts":
            engines.append(GttsEngine(timeout_s=gtts_timeout_s, cooldown=Cooldown(gtts_cooldown_s)))
        else:
            engines.append(EspeakEngine(binary=espeak_binary))
    return engines


def build_service(
    cache_dir: Path,
    chain: Sequence[str],
    *,
    gtts_timeout_s: float = 5.0,
    gtts_cooldown_s: float = 300.0,
    espeak_binary: str | None = None,
) -> AudioService:
    """A service for a cache directory and a chain of engine names.

    Engines left out of the chain are still used to find cached clips (never to make them); IPA always
    comes from espeak-ng when it is installed.
    """
    engines = build_engines(
        chain, gtts_timeout_s=gtts_timeout_s, gtts_cooldown_s=gtts_cooldown_s, espeak_binary=espeak_binary
    )
    configured = {engine.name for engine in engines}
    others = build_engines(
        [name for name in ENGINE_NAMES if name not in configured],
        gtts_timeout_s=gtts_timeout_s,
        gtts_cooldown_s=gtts_cooldown_s,
        espeak_binary=espeak_binary,
    )
    ipa_engine = next((e for e in [*engines, *others] if isinstance(e, EspeakEngine)), None)
    return AudioService(Path(cache_dir), engines, ipa_engine=ipa_engine, lookup_only=others)


def from_settings(settings: Any) -> AudioService:
    """The service described by :func:`config.settings` (audio_dir, tts_chain, gTTS timeout and cooldown)."""
    return build_service(
        settings.audio_dir,
        settings.tts_chain,
        gtts_timeout_s=settings.gtts_timeout_s,
        gtts_cooldown_s=settings.gtts_cooldown_s,
    )
