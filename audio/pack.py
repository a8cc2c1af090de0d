"""Audio packs: the whole clip cache in one zip with a manifest, to carry audio to a camp with no internet.

A pack holds ``manifest.json`` and ``clips/<sha256>.mp3|.wav``. Importing checks everything before writing
anything: member names and types (no ``..``, absolute paths, links, directories or other names), sizes
(declared and actually read, so a zip bomb stops at the limit), the manifest (each key recomputed from its
engine, voice, speed and text), and every clip's bytes (size, sha256, WAV/MP3 structure). Clips are staged
in a temporary folder inside the cache, then moved into place; a refused pack leaves the cache unchanged.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import stat
import tarfile
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from audio.cache import ClipCache, ClipSpec
from audio.formats import SUFFIX_BY_MIME, WAV, audio_problem
from audio.normalise import UnspeakableText, speakable_text

log = logging.getLogger(__name__)

PACK_FORMAT = "parlez-audio-pack"
PACK_VERSION = 1
MANIFEST = "manifest.json"
_CLIP_MEMBER = re.compile(r"clips/([0-9a-f]{64})(\.mp3|\.wav)")
_ENGINE_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class PackError(Exception):
    """The archive is refused; the message says why (and names the member when there is one)."""


@dataclass(frozen=True)
class PackLimits:
    max_clip_bytes: int = 20 * 1024 * 1024
    max_manifest_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 4 * 1024 * 1024 * 1024
    max_members: int = 200_000


@dataclass(frozen=True)
class ImportReport:
    imported: int
    already_cached: int


def export_pack(cache_dir: Path, output: Path) -> int:
    """Write every sound clip of the cache to the zip ``output`` (atomically); returns the clip count."""
    cache = ClipCache(Path(cache_dir))
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".zip", dir=output.parent)
    os.close(fd)
    entries: list[dict[str, Any]] = []
    try:
        with zipfile.ZipFile(temporary, "w") as archive:
            for meta in cache.entries():
                spec = ClipSpec.from_metadata(meta)
                data = cache.audio_path(spec).read_bytes()
                digest = hashlib.sha256(data).hexdigest()
                if len(data) != meta.get("size") or digest != meta.get("sha256"):
                    log.warning("skipping clip %s: its bytes changed since it was recorded", spec.key)
                    continue
                name = f"clips/{spec.key}{spec.suffix}"
                compression = zipfile.ZIP_DEFLATED if spec.mime == WAV else zipfile.ZIP_STORED
                archive.writestr(_member_info(name, compression), data)
                entries.append(_manifest_entry(spec, name, len(data), digest))
            manifest = {
                "format": PACK_FORMAT,
                "version": PACK_VERSION,
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "clips": entries,
            }
            payload = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            archive.writestr(_member_info(MANIFEST, zipfile.ZIP_DEFLATED), payload)
        os.chmod(temporary, 0o644)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(entries)


def import_pack(cache_dir: Path, archive_path: Path, limits: PackLimits | None = None) -> ImportReport:
    """Load a pack into the cache, or raise :class:`PackError` having written nothing."""
    limits = limits or PackLimits()
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise PackError(f"{archive_path}: no such file")
    if not zipfile.is_zipfile(archive_path):
        if tarfile.is_tarfile(archive_path):
            raise PackError(f"{archive_path}: a tar archive; audio packs are zip files made by export-pack")
        raise PackError(f"{archive_path}: not a zip archive")
    try:
        with zipfile.ZipFile(archive_path) as archive:
            return _import(ClipCache(Path(cache_dir)), archive, limits, archive_path.name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise PackError(f"{archive_path.name}: damaged or unsupported zip archive ({error})") from error


def _import(cache: ClipCache, archive: zipfile.ZipFile, limits: PackLimits, label: str) -> ImportReport:
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise PackError(f"{label}: {len(members)} members, more than the {limits.max_members} allowed")
    clip_members: dict[str, zipfile.ZipInfo] = {}
    manifest_info: zipfile.ZipInfo | None = None
    total = 0
    for info in members:
        kind = _member_kind(info, label)
        if kind == "directory":
            continue
        limit = limits.max_manifest_bytes if kind == "manifest" else limits.max_clip_bytes
        if info.file_size > limit:
            raise PackError(
                f"{label}: member {info.filename!r} is too large ({info.file_size} > {limit} bytes)"
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise PackError(f"{label}: more than {limits.max_total_bytes} bytes once unpacked")
        if kind == "manifest":
            if manifest_info is not None:
                raise PackError(f"{label}: duplicate member {MANIFEST!r}")
            manifest_info = info
        else:
            if info.filename in clip_members:
                raise PackError(f"{label}: duplicate member {info.filename!r}")
            clip_members[info.filename] = info
    if manifest_info is None:
        raise PackError(f"{label}: no {MANIFEST}; not a Parlez audio pack")

    entries = _read_manifest(archive, manifest_info, limits, label)
    listed = {entry["file"] for entry in entries}
    unlisted = sorted(set(clip_members) - listed)
    if unlisted:
        raise PackError(f"{label}: member {unlisted[0]!r} is not in the manifest")
    absent = sorted(listed - set(clip_members))
    if absent:
        raise PackError(f"{label}: the manifest lists {absent[0]!r}, which is not in the archive")

    cache.root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=cache.root))
    try:
        staged: list[tuple[ClipSpec, Path, dict[str, Any]]] = []
        for entry in entries:
            info = clip_members[entry["file"]]
            data = _read_member(archive, info, limits.max_clip_bytes, label)
            if len(data) != entry["size"]:
                raise PackError(
                    f"{label}: {info.filename!r} has {len(data)} bytes, the manifest says {entry['size']}"
                )
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                raise PackError(f"{label}: {info.filename!r} does not match its sha256 in the manifest")
            problem = audio_problem(data, len(data), entry["mime"])
            if problem:
                raise PackError(f"{label}: {info.filename!r} is not valid {entry['mime']} audio ({problem})")
            spec = ClipSpec.from_metadata(entry)
            path = staging / f"{spec.key}{spec.suffix}"
            path.write_bytes(data)
            staged.append((spec, path, entry))
        imported = already = 0
        for spec, path, entry in staged:
            if cache.lookup(spec) is not None:
                already += 1
                continue
            cache.install(spec, path, entry["size"], entry["sha256"])
            imported += 1
        return ImportReport(imported=imported, already_cached=already)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _member_kind(info: zipfile.ZipInfo, label: str) -> str:
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        raise PackError(f"{label}: member {name!r} has an absolute path")
    if ".." in parts:
        raise PackError(f"{label}: member {name!r} points outside the cache (path traversal)")
    if "\\" in name or "\x00" in name:
        raise PackError(f"{label}: member {name!r} has an invalid name")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise PackError(f"{label}: member {name!r} is a symbolic link")
    if info.flag_bits & 0x1:
        raise PackError(f"{label}: member {name!r} is encrypted")
    if info.is_dir():
        if name == "clips/":
            return "directory"
        raise PackError(f"{label}: unexpected directory {name!r}")
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
        raise PackError(f"{label}: member {name!r} is not a regular file")
    if name == MANIFEST:
        return "manifest"
    if _CLIP_MEMBER.fullmatch(name):
        return "clip"
    raise PackError(
        f"{label}: unexpected member {name!r} (a pack holds {MANIFEST} and clips/<sha256>.mp3|.wav)"
    )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, label: str) -> bytes:
    """At most ``limit`` bytes of a member, whatever its header claims (zip bombs stop here)."""
    try:
        with archive.open(info) as member:
            data = member.read(limit + 1)
    except (RuntimeError, OSError) as error:  # encrypted, unreadable
        raise PackError(f"{label}: cannot read {info.filename!r} ({error})") from error
    if len(data) > limit:
        raise PackError(f"{label}: member {info.filename!r} is too large (more than {limit} bytes)")
    return data


def _read_manifest(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: PackLimits, label: str
) -> list[dict[str, Any]]:
    raw = _read_member(archive, info, limits.max_manifest_bytes, label)
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise PackError(f"{label}: {MANIFEST} is not valid JSON ({error})") from error
    if not isinstance(manifest, dict) or manifest.get("format") != PACK_FORMAT:
        raise PackError(f"{label}: {MANIFEST} is not a Parlez audio pack manifest")
    if manifest.get("version") != PACK_VERSION:
        raise PackError(
            f"{label}: unsupported pack version {manifest.get('version')!r} (expected {PACK_VERSION})"
        )
    clips = manifest.get("clips")
    if not isinstance(clips, list):
        raise PackError(f"{label}: {MANIFEST} has no list of clips")
    entries: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, entry in enumerate(clips):
        problem = _entry_problem(entry, limits)
        if problem:
            raise PackError(f"{label}: {MANIFEST} clip #{index + 1}: {problem}")
        if entry["file"] in seen:
            raise PackError(f"{label}: {MANIFEST} lists {entry['file']!r} twice")
        seen.add(entry["file"])
        entries.append(entry)
    return entries


def _entry_problem(entry: Any, limits: PackLimits) -> str | None:
    if not isinstance(entry, dict):
        return "not an object"
    expected = {
        "engine": str,
        "voice": str,
        "speed": str,
        "slow": bool,
        "mime": str,
        "text": str,
        "file": str,
    }
    for name, kind in expected.items():
        if not isinstance(entry.get(name), kind):
            return f"missing or invalid {name!r}"
    size = entry.get("size")
    if not isinstance(size, int) or isinstance(size, bool) or not 0 < size <= limits.max_clip_bytes:
        return "missing or invalid 'size'"
    if not isinstance(entry.get("sha256"), str) or not _SHA256.fullmatch(entry["sha256"]):
        return "missing or invalid 'sha256'"
    if not _ENGINE_NAME.fullmatch(entry["engine"]) or len(entry["voice"]) > 64 or len(entry["speed"]) > 64:
        return "invalid engine, voice or speed"
    if entry["mime"] not in SUFFIX_BY_MIME:
        return f"unsupported audio type {entry['mime']!r}"
    try:
        if speakable_text(entry["text"]) != entry["text"]:
            return "text is not normalised"
    except UnspeakableText as error:
        return f"text refused ({error})"
    spec = ClipSpec.from_metadata(entry)
    if entry["file"] != f"clips/{spec.key}{spec.suffix}":
        return f"file name {entry['file']!r} does not match its engine, voice, speed, text and type"
    return None


def _manifest_entry(spec: ClipSpec, name: str, size: int, digest: str) -> dict[str, Any]:
    return {
        "key": spec.key,
        "engine": spec.engine,
        "voice": spec.voice,
        "speed": spec.speed,
        "slow": spec.slow,
        "mime": spec.mime,
        "text": spec.text,
        "file": name,
        "size": size,
        "sha256": digest,
    }


def _member_info(name: str, compression: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.gmtime()[:6])
    info.compress_type = compression
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info
