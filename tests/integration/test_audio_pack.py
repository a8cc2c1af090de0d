"""Audio packs: export/import round trip, and every kind of hostile or broken archive refused cleanly."""

import io
import json
import os
import stat
import struct
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from audio.cache import ClipCache, ClipSpec
from audio.engines import EspeakEngine
from audio.formats import MP3
from audio.pack import PackError, PackLimits, export_pack, import_pack
from audio.service import AudioService

ROOT = Path(__file__).resolve().parents[2]
ESPEAK = Path("/usr/bin/espeak-ng")
TEXTS = ["Bonjour, mon adjudant.", "Reçu, fin.", "-h ; rm -rf /tmp/x"]
FAKE_MP3 = (bytes([0xFF, 0xF3, 0x44, 0xC0]) + b"\x00" * 92) * 40


pytestmark = pytest.mark.usefixtures("espeak_installed")


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def source_cache(tmp_path):
    """A cache with espeak clips at both speeds and one (stand-in) gTTS clip."""
    cache_dir = tmp_path / "source"
    service = AudioService(cache_dir, [EspeakEngine(binary=ESPEAK)])
    for text in TEXTS:
        service.clip(text)
        service.clip(text, slow=True)
    spec = ClipSpec("gtts", "fr@fr", "normal", False, MP3, "Bonjour, mon adjudant.")
    ClipCache(cache_dir).store(spec, lambda path: path.write_bytes(FAKE_MP3))
    return cache_dir


@pytest.fixture
def pack(source_cache, tmp_path):
    path = tmp_path / "packs" / "parlez-audio.zip"
    assert export_pack(source_cache, path) == 7
    return path


def test_round_trip_restores_every_clip_and_sidecar(source_cache, pack, tmp_path):
    target = tmp_path / "camp"
    report = import_pack(target, pack)
    assert (report.imported, report.already_cached) == (7, 0)
    before, after = snapshot(source_cache / "clips"), snapshot(target / "clips")
    assert set(before) == set(after)
    for name, data in before.items():
        if name.endswith(".json"):
            old, new = json.loads(data), json.loads(after[name])
            old.pop("created"), new.pop("created")
            assert old == new
        else:
            assert after[name] == data
    assert [p.name for p in target.iterdir()] == ["clips"]  # no staging folder left


def test_imported_clips_are_served_without_any_engine(pack, tmp_path):
    target = tmp_path / "camp"
    import_pack(target, pack)
    engine = EspeakEngine(binary=tmp_path / "not-installed")
    service = AudioService(target, [engine])
    assert service.available_engines() == []
    for text in TEXTS:
        assert service.clip(text).engine == "espeak"
        assert service.clip(text, slow=True).mime == "audio/wav"


def test_importing_twice_keeps_existing_clips(pack, tmp_path):
    target = tmp_path / "camp"
    import_pack(target, pack)
    assert import_pack(target, pack).already_cached == 7


def test_manifest_lists_each_clip_with_engine_and_checksum(pack):
    with zipfile.ZipFile(pack) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
    assert manifest["format"] == "parlez-audio-pack" and manifest["version"] == 1
    assert {entry["file"] for entry in manifest["clips"]} | {"manifest.json"} == names
    assert {entry["engine"] for entry in manifest["clips"]} == {"espeak", "gtts"}
    assert all(len(entry["sha256"]) == 64 for entry in manifest["clips"])


def test_export_skips_damaged_clips(source_cache, tmp_path):
    wav = next((source_cache / "clips").rglob("*.wav"))
    wav.write_bytes(wav.read_bytes()[:100])
    assert export_pack(source_cache, tmp_path / "p.zip") == 6


# -- hostile archives ------------------------------------------------------------------------------------


def rebuild(pack: Path, out: Path, *, drop=(), replace=None, extra=(), manifest_edit=None) -> Path:
    """Copy ``pack`` to ``out`` with members dropped, replaced, added, or the manifest edited."""
    replace = replace or {}
    with zipfile.ZipFile(pack) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            data = replace.get(info.filename, src.read(info))
            if info.filename == "manifest.json" and manifest_edit:
                manifest = json.loads(data)
                manifest_edit(manifest)
                data = json.dumps(manifest).encode()
            dst.writestr(info, data)
        for info, data in extra:
            dst.writestr(info, data)
    return out


def member(name: str, mode: int = stat.S_IFREG | 0o644) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = mode << 16
    return info


def first_clip(pack: Path, suffix: str = ".wav") -> dict:
    with zipfile.ZipFile(pack) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    return next(entry for entry in manifest["clips"] if entry["file"].endswith(suffix))


def hostile_cases(pack: Path, tmp: Path):
    wav = first_clip(pack)
    mp3 = first_clip(pack, ".mp3")
    html = b"<html><body>not audio</body></html>".ljust(wav["size"], b" ")

    def lie_about_html(manifest):
        for entry in manifest["clips"]:
            if entry["file"] == wav["file"]:
                entry["sha256"] = __import__("hashlib").sha256(html).hexdigest()

    def change_text(manifest):
        manifest["clips"][0]["text"] = "Tirez !"

    def add_escape(manifest):
        manifest["clips"].append({**wav, "file": "../escape.wav"})

    return {
        "traversal": (
            lambda: rebuild(pack, tmp / "a.zip", extra=[(member("../evil.wav"), b"RIFF")]),
            "path traversal",
        ),
        "nested-traversal": (
            lambda: rebuild(pack, tmp / "b.zip", extra=[(member("clips/../../evil.wav"), b"x")]),
            "path traversal",
        ),
        "absolute": (
            lambda: rebuild(pack, tmp / "c.zip", extra=[(member("/tmp/evil.wav"), b"x")]),
            "absolute path",
        ),
        "windows-absolute": (
            lambda: rebuild(pack, tmp / "d.zip", extra=[(member("C:/evil.wav"), b"x")]),
            "absolute path",
        ),
        "symlink": (
            lambda: rebuild(
                pack,
                tmp / "e.zip",
                extra=[(member("clips/" + "a" * 64 + ".wav", stat.S_IFLNK | 0o777), b"/etc")],
            ),
            "symbolic link",
        ),
        "device-type": (
            lambda: rebuild(
                pack, tmp / "f.zip", extra=[(member("clips/" + "b" * 64 + ".wav", stat.S_IFCHR | 0o644), b"")]
            ),
            "not a regular file",
        ),
        "executable-member": (
            lambda: rebuild(pack, tmp / "g.zip", extra=[(member("clips/run.sh"), b"#!/bin/sh")]),
            "unexpected member",
        ),
        "text-member": (
            lambda: rebuild(pack, tmp / "h.zip", extra=[(member("README.txt"), b"hi")]),
            "unexpected member",
        ),
        "directory": (
            lambda: rebuild(pack, tmp / "i.zip", extra=[(member("clips/sub/", stat.S_IFDIR | 0o755), b"")]),
            "unexpected directory",
        ),
        "not-declared-type": (
            lambda: rebuild(pack, tmp / "j.zip", replace={wav["file"]: html}, manifest_edit=lie_about_html),
            "is not valid audio/wav audio",
        ),
        "mp3-that-is-wav": (
            lambda: rebuild(pack, tmp / "k.zip", replace={mp3["file"]: b"RIFF" + b"\x00" * 3000}),
            "bytes, the manifest says",
        ),
        "checksum": (
            lambda: rebuild(
                pack, tmp / "l.zip", replace={wav["file"]: b"RIFF" + b"\x01" * (wav["size"] - 4)}
            ),
            "does not match its sha256",
        ),
        "missing-manifest": (
            lambda: rebuild(pack, tmp / "m.zip", drop=("manifest.json",)),
            "no manifest.json",
        ),
        "unlisted-member": (
            lambda: rebuild(pack, tmp / "n.zip", manifest_edit=lambda m: m["clips"].pop()),
            "is not in the manifest",
        ),
        "missing-member": (
            lambda: rebuild(pack, tmp / "o.zip", drop=(wav["file"],)),
            "which is not in the archive",
        ),
        "key-mismatch": (
            lambda: rebuild(pack, tmp / "p.zip", manifest_edit=change_text),
            "does not match its engine",
        ),
        "manifest-escape": (
            lambda: rebuild(pack, tmp / "q.zip", manifest_edit=add_escape),
            "does not match its engine",
        ),
        "bad-manifest": (
            lambda: rebuild(pack, tmp / "r.zip", replace={"manifest.json": b"{oops"}),
            "not valid JSON",
        ),
        "foreign-manifest": (
            lambda: rebuild(
                pack, tmp / "s.zip", replace={"manifest.json": b'{"format": "other", "clips": []}'}
            ),
            "not a Parlez audio pack",
        ),
    }


CASES = [
    "traversal",
    "nested-traversal",
    "absolute",
    "windows-absolute",
    "symlink",
    "device-type",
    "executable-member",
    "text-member",
    "directory",
    "not-declared-type",
    "mp3-that-is-wav",
    "checksum",
    "missing-manifest",
    "unlisted-member",
    "missing-member",
    "key-mismatch",
    "manifest-escape",
    "bad-manifest",
    "foreign-manifest",
]


@pytest.mark.parametrize("case", CASES)
def test_hostile_archive_is_refused_and_writes_nothing(pack, tmp_path, case):
    hostile_dir = tmp_path / "hostile"
    hostile_dir.mkdir()
    build, reason = hostile_cases(pack, hostile_dir)[case]
    archive = build()
    target = tmp_path / "deep" / "camp" / "cache"
    AudioService(target, [EspeakEngine(binary=ESPEAK)]).clip("Déjà là.")
    before_cache, before_all = snapshot(target), snapshot(tmp_path)
    with pytest.raises(PackError) as refused:
        import_pack(target, archive)
    assert reason in str(refused.value)
    assert archive.name in str(refused.value)
    assert snapshot(target) == before_cache
    assert snapshot(tmp_path) == before_all
    assert not list(target.glob(".import-*"))
    assert not Path("/tmp/evil.wav").exists()


def test_oversized_member_is_refused(pack, tmp_path):
    with pytest.raises(PackError, match="too large"):
        import_pack(tmp_path / "camp", pack, PackLimits(max_clip_bytes=5_000))
    assert not (tmp_path / "camp" / "clips").exists()


def test_oversized_manifest_and_total_and_member_count_are_refused(pack, tmp_path):
    with pytest.raises(PackError, match="too large"):
        import_pack(tmp_path / "c1", pack, PackLimits(max_manifest_bytes=100))
    with pytest.raises(PackError, match="bytes once unpacked"):
        import_pack(tmp_path / "c2", pack, PackLimits(max_total_bytes=50_000))
    with pytest.raises(PackError, match="members, more than"):
        import_pack(tmp_path / "c3", pack, PackLimits(max_members=3))


def test_member_whose_header_understates_its_size_is_refused(pack, tmp_path):
    """Zip-bomb style: the directory claims 100 bytes, the member holds far more."""
    bomb = tmp_path / "bomb.zip"
    wav = first_clip(pack)
    with zipfile.ZipFile(pack) as src:
        data = src.read(wav["file"])
    rebuild(pack, bomb, replace={wav["file"]: data + b"\x00" * 200_000})
    raw = bytearray(bomb.read_bytes())
    name = wav["file"].encode()
    position = raw.find(b"PK\x01\x02")
    while raw[position + 46 : position + 46 + len(name)] != name:
        position = raw.find(b"PK\x01\x02", position + 4)
    struct.pack_into("<I", raw, position + 24, 100)  # uncompressed size in the central directory
    bomb.write_bytes(bytes(raw))
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo(wav["file"]).file_size == 100
    with zipfile.ZipFile(pack) as src:
        largest = max(info.file_size for info in src.infolist())
    assert largest + 1000 < len(data) + 200_000
    with pytest.raises(PackError, match="damaged|bytes, the manifest says"):
        import_pack(tmp_path / "camp", bomb, PackLimits(max_clip_bytes=largest + 1000))
    assert not (tmp_path / "camp" / "clips").exists()


@pytest.mark.parametrize("kind", ["random", "truncated", "tar.gz", "empty", "missing"])
def test_corrupt_or_foreign_archives_are_refused(pack, tmp_path, kind):
    path = tmp_path / f"pack.{kind}"
    if kind == "random":
        path.write_bytes(os.urandom(4096))
    elif kind == "truncated":
        path.write_bytes(pack.read_bytes()[: pack.stat().st_size // 2])
    elif kind == "tar.gz":
        with tarfile.open(path, "w:gz") as archive:
            info = tarfile.TarInfo("manifest.json")
            info.size = 2
            archive.addfile(info, io.BytesIO(b"{}"))
    elif kind == "empty":
        path.write_bytes(b"")
    with pytest.raises(PackError) as refused:
        import_pack(tmp_path / "camp", path)
    assert path.name in str(refused.value)
    assert not (tmp_path / "camp").exists() or not any((tmp_path / "camp").rglob("*.*"))


def run_cli(*args, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PARLEZ_AUDIO_DIR": str(cache), "PARLEZ_TTS": "espeak"}
    return subprocess.run(
        [sys.executable, "-m", "audio", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_command_line_export_and_import(source_cache, tmp_path):
    out = tmp_path / "cli.zip"
    exported = run_cli("export-pack", "-o", str(out), cache=source_cache)
    assert exported.returncode == 0, exported.stderr
    assert "exported 7 clips" in exported.stdout and out.is_file()
    imported = run_cli("import-pack", str(out), cache=tmp_path / "camp")
    assert imported.returncode == 0, imported.stderr
    assert "imported 7 clips" in imported.stdout


def test_command_line_refuses_a_hostile_pack_with_a_clear_message(pack, tmp_path):
    archive = rebuild(pack, tmp_path / "evil.zip", extra=[(member("../evil.wav"), b"RIFF")])
    result = run_cli("import-pack", str(archive), cache=tmp_path / "camp")
    assert result.returncode == 2
    assert result.stderr.startswith("refused: evil.zip: member '../evil.wav' points outside the cache")
    assert not (tmp_path / "evil.wav").exists() and not (tmp_path / "camp").exists()
