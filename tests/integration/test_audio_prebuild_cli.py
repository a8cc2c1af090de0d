"""``python -m audio prebuild`` offline with the real espeak-ng, through stand-in course loaders."""

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace as NS

import pytest

from audio.__main__ import main
from audio.formats import MP3, WAV, file_audio_problem

ROOT = Path(__file__).resolve().parents[2]
LINES = ["Bonjour, sergent.", "Caporal Silva, à vos ordres.", "Repos.", "Halte ! Qui va là ?"]
FAKE_MP3 = (bytes([0xFF, 0xF3, 0x44, 0xC0]) + b"\x00" * 92) * 40


pytestmark = pytest.mark.usefixtures("espeak_installed")


@pytest.fixture
def course(monkeypatch, tmp_path):
    """Stand-in loaders (3 unit texts + 2 glossary texts, one duplicate) and an isolated cache."""
    seen = {}
    unit = NS(
        dialogues=[NS(lines=[NS(fr=line) for line in LINES[:3]])],
        vocabulary=[NS(french="la sentinelle")],
        grammar=NS(examples=[]),
        exercises=[NS(answer="Repos.")],
    )

    def load_library(content_dir):
        seen["content_dir"] = content_dir
        return NS(
            manual=NS(units=[unit]), glossary=NS(entries=[NS(french="la sentinelle", example=LINES[3])])
        )

    monkeypatch.setattr("library.content.load_library", load_library)
    cache = tmp_path / "audio"
    monkeypatch.setenv("PARLEZ_AUDIO_DIR", str(cache))
    monkeypatch.setenv("PARLEZ_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("PARLEZ_TTS", "gtts,espeak")
    monkeypatch.setenv("PARLEZ_GTTS_TIMEOUT", "0.5")
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # Google unreachable even with internet
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    seen["cache"] = cache
    return seen


def clips(cache: Path, suffix: str) -> list[Path]:
    return sorted((cache / "clips").rglob(f"*{suffix}"))


def test_prebuild_offline_makes_every_clip_with_espeak(course, capsys):
    assert main(["prebuild", "--workers", "3"]) == 0
    out, err = capsys.readouterr()
    assert out.strip().startswith("clips=10 made=10 (espeak=10) cached=0 failed=0")
    assert "5 texts, 10 clips" in err and "[" + "#" * 30 + "] 10/10 100%" in err
    wavs = clips(course["cache"], ".wav")
    assert len(wavs) == 10 and all(file_audio_problem(path, WAV) is None for path in wavs)
    assert course["content_dir"] == course["cache"].parent / "content"

    assert main(["prebuild"]) == 0
    assert capsys.readouterr().out.startswith("clips=10 made=0 cached=10 (espeak=10) failed=0")


def test_dry_run_makes_nothing(course, capsys):
    assert main(["prebuild", "--dry-run"]) == 0
    assert capsys.readouterr().out.strip() == "dry run: clips=10 cached=0 missing=10 unspeakable=0"
    assert not clips(course["cache"], ".wav")


def test_content_option_is_passed_to_the_loader(course, tmp_path):
    assert main(["prebuild", "--content", str(tmp_path / "elsewhere"), "--engine", "espeak"]) == 0
    assert course["content_dir"] == tmp_path / "elsewhere"


def test_engine_gtts_offline_fails_cleanly_with_status_1(course, capsys):
    assert main(["prebuild", "--engine", "gtts", "--workers", "2"]) == 1
    out, err = capsys.readouterr()
    assert "failed=10" in out and "failed: normal 'Bonjour, sergent.': gtts:" in err
    assert not clips(course["cache"], ".mp3")


def test_upgrade_replaces_espeak_clips_once_gtts_answers(course, capsys, monkeypatch):
    assert main(["prebuild", "--engine", "espeak"]) == 0
    monkeypatch.setattr("gtts.gTTS.write_to_fp", lambda self, fp: fp.write(FAKE_MP3))  # Google is back
    assert main(["prebuild", "--upgrade"]) == 0
    assert "upgraded=10 (gtts=10) not_upgraded=0 failed=0" in capsys.readouterr().out
    assert not clips(course["cache"], ".wav")
    assert all(file_audio_problem(path, MP3) is None for path in clips(course["cache"], ".mp3"))


def test_upgrade_offline_keeps_espeak_clips(course, capsys):
    assert main(["prebuild", "--engine", "espeak"]) == 0
    assert main(["prebuild", "--upgrade"]) == 0
    assert "upgraded=0 not_upgraded=10 failed=0" in capsys.readouterr().out
    assert len(clips(course["cache"], ".wav")) == 10


def test_missing_course_loaders_give_a_clear_error(course, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "library.content", None)
    assert main(["prebuild"]) == 2
    assert "the course loaders are not available" in capsys.readouterr().err


def test_module_help_lists_the_commands():
    result = subprocess.run(
        [sys.executable, "-m", "audio", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    for command in ("prebuild", "export-pack", "import-pack"):
        assert command in result.stdout
    prebuild_help = subprocess.run(
        [sys.executable, "-m", "audio", "prebuild", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    for option in ("--dry-run", "--engine {gtts,espeak}", "--upgrade", "--workers", "--content"):
        assert option in prebuild_help
