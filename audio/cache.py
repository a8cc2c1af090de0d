"""The clip cache on disk: one audio file per (engine, voice, speed, normalised text), plus a JSON sidecar.

Layout under the cache directory (``settings().audio_dir``; replicas may share it)::

    clips/ab/<sha256>.wav     the audio (``.mp3`` for gTTS)
    clips/ab/<sha256>.json    its sidecar: engine, voice, speed, text, type, size, sha256 of the bytes
    ipa/ab/<sha256>.json      IPA transcriptions

Every file is written to a temporary file in its final directory, then moved into place with
``os.replace``, so readers see a whole file or none. The sidecar is written last and is the commit mark: a
clip counts as cached only if its sidecar exists, the sizes agree and the audio passes the format check.
Deleting the cache loses nothing a prebuild cannot remake.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from audio.formats import HEAD_BYTES, SUFFIX_BY_MIME, audio_problem

log = logging.getLogger(__name__)

KEY_SCHEME = "parlez-audio-1"
SIDECAR_VERSION = 1


def clip_key(engine: str, voice: str, speed: str, text: str) -> str:
    """sha256 (hex) identifying a clip; ``text`` must already be normalised."""
    material = json.dumps([KEY_SCHEME, engine, voice, speed, text], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def ipa_key(voice: str, text: str) -> str:
    material = json.dumps([KEY_SCHEME, "ipa", voice, text], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ClipSpec:
    """Everything that identifies one clip."""

    engine: str
    voice: str
    speed: str
    slow: bool
    mime: str
    text: str

    @property
    def key(self) -> str:
        return clip_key(self.engine, self.voice, self.speed, self.text)

    @property
    def suffix(self) -> str:
        return SUFFIX_BY_MIME[self.mime]

    @classmethod
    def from_metadata(cls, meta: dict[str, Any]) -> ClipSpec:
        return cls(
            engine=meta["engine"],
            voice=meta["voice"],
            speed=meta["speed"],
            slow=meta["slow"],
            mime=meta["mime"],
            text=meta["text"],
        )


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class ClipCache:
    """Content-keyed audio files with sidecars, under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.clips_dir = self.root / "clips"
        self.ipa_dir = self.root / "ipa"

    # -- paths ---------------------------------------------------------------------------------------
    def audio_path(self, spec: ClipSpec) -> Path:
        key = spec.key
        return self.clips_dir / key[:2] / f"{key}{spec.suffix}"

    def sidecar_path(self, spec: ClipSpec) -> Path:
        key = spec.key
        return self.clips_dir / key[:2] / f"{key}.json"

    # -- clips ---------------------------------------------------------------------------------------
    def lookup(self, spec: ClipSpec) -> Path | None:
        """The path of a sound cached clip for ``spec``, or None (missing, partial, truncated, corrupt)."""
        sidecar = self.sidecar_path(spec)
        try:
            meta = json.loads(sidecar.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            log.warning("unreadable audio sidecar %s (%s): clip will be remade", sidecar, error)
            return None
        audio = self.audio_path(spec)
        try:
            with open(audio, "rb") as file:
                size = os.fstat(file.fileno()).st_size
                head = file.read(HEAD_BYTES)
        except FileNotFoundError:
            return None
        except OSError as error:
            log.warning("unreadable audio clip %s (%s): clip will be remade", audio, error)
            return None
        if not isinstance(meta, dict) or meta.get("size") != size or meta.get("key") != spec.key:
            log.warning(
                "audio clip %s does not match its sidecar (size %s): clip will be remade", audio, size
            )
            return None
        problem = audio_problem(head, size, spec.mime)
        if problem:
            log.warning("corrupt audio clip %s (%s): clip will be remade", audio, problem)
            return None
        return audio

    def store(self, spec: ClipSpec, produce: Callable[[Path], None]) -> Path:
        """Make the clip with ``produce(temporary_path)``, check it, move it into place, write its sidecar.

        Raises :class:`ValueError` when the produced file is not sound audio of ``spec.mime`` (nothing is
        left behind), and whatever ``produce`` raises.
        """
        final = self.audio_path(spec)
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary_name = tempfile.mkstemp(prefix=".tmp-", suffix=spec.suffix, dir=final.parent)
        os.close(fd)
        temporary = Path(temporary_name)
        try:
            produce(temporary)
            data = temporary.read_bytes()
            problem = audio_problem(data[:HEAD_BYTES], len(data), spec.mime)
            if problem:
                raise ValueError(f"{spec.engine} produced unusable {spec.mime} audio: {problem}")
            os.chmod(temporary, 0o644)
            os.replace(temporary, final)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        self._write_sidecar(spec, len(data), hashlib.sha256(data).hexdigest())
        return final

    def install(self, spec: ClipSpec, source: Path, size: int, sha256: str) -> Path:
        """Move an already checked file ``source`` (same filesystem) into place for ``spec``."""
        final = self.audio_path(spec)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(source, 0o644)
        os.replace(source, final)
        self._write_sidecar(spec, size, sha256)
        return final

    def remove(self, spec: ClipSpec) -> None:
        """Forget a clip (sidecar first, so no reader ever sees a sidecar without its audio)."""
        self.sidecar_path(spec).unlink(missing_ok=True)
        self.audio_path(spec).unlink(missing_ok=True)

    def entries(self) -> Iterator[dict[str, Any]]:
        """The sidecar of every clip in the cache whose audio is present and sound, in a stable order."""
        if not self.clips_dir.is_dir():
            return
        for sidecar in sorted(self.clips_dir.glob("*/*.json")):
            try:
                meta = json.loads(sidecar.read_bytes())
                spec = ClipSpec.from_metadata(meta)
            except (OSError, ValueError, KeyError, TypeError) as error:
                log.warning("skipping unreadable audio sidecar %s (%s)", sidecar, error)
                continue
            if spec.key == sidecar.stem and self.lookup(spec) is not None:
                yield meta

    def _write_sidecar(self, spec: ClipSpec, size: int, sha256: str) -> None:
        meta = {
            "version": SIDECAR_VERSION,
            "key": spec.key,
            "engine": spec.engine,
            "voice": spec.voice,
            "speed": spec.speed,
            "slow": spec.slow,
            "mime": spec.mime,
            "text": spec.text,
            "size": size,
            "sha256": sha256,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        write_atomic(self.sidecar_path(spec), json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))

    # -- IPA -----------------------------------------------------------------------------------------
    def _ipa_path(self, voice: str, text: str) -> Path:
        key = ipa_key(voice, text)
        return self.ipa_dir / key[:2] / f"{key}.json"

    def ipa_lookup(self, voice: str, text: str) -> str | None:
        path = self._ipa_path(voice, text)
        try:
            meta = json.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            log.warning("unreadable IPA cache file %s (%s)", path, error)
            return None
        ipa = meta.get("ipa") if isinstance(meta, dict) else None
        if not isinstance(ipa, str) or meta.get("text") != text or meta.get("voice") != voice:
            return None
        return ipa

    def ipa_store(self, voice: str, text: str, ipa: str) -> None:
        payload = {"version": SIDECAR_VERSION, "voice": voice, "text": text, "ipa": ipa}
        write_atomic(self._ipa_path(voice, text), json.dumps(payload, ensure_ascii=False).encode("utf-8"))
