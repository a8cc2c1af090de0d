"""prebuild(): both speeds of every text, a thread pool, a progress bar, a summary by engine."""

import io
import threading
import wave
from pathlib import Path

from audio.engines import Engine, SynthesisError
from audio.formats import MP3, WAV
from audio.prebuild import ProgressBar, prebuild
from audio.service import AudioService

TEXTS = [f"Phrase numéro {n}." for n in range(25)]


class Fake(Engine):
    def __init__(self, name, mime, fail=False):
        self.name, self.mime, self.fail = name, mime, fail
        self.calls = 0
        self.threads = set()
        self._lock = threading.Lock()

    voice = "fr"

    def speed_id(self, slow):
        return "slow" if slow else "normal"

    def synthesise(self, text, slow, destination):
        with self._lock:
            self.calls += 1
            self.threads.add(threading.current_thread().name)
        if self.fail:
            raise SynthesisError("offline")
        if self.mime == MP3:
            Path(destination).write_bytes((bytes([0xFF, 0xF3, 0x44, 0xC0]) + b"\x00" * 92) * 30)
            return
        with wave.open(str(destination), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(22050)
            out.writeframes(b"\x00\x01" * 500)


def test_makes_both_speeds_then_finds_them_cached(tmp_path):
    espeak = Fake("espeak", WAV)
    service = AudioService(tmp_path, [espeak])
    progress = io.StringIO()
    summary = prebuild(service, TEXTS, workers=4, progress=progress)
    assert summary.clips == 50 and summary.made == {"espeak": 50} and summary.failed == 0
    assert espeak.calls == 50 and len(list(tmp_path.rglob("*.wav"))) == 50
    assert len(espeak.threads) > 1 and all(name.startswith("audio-prebuild") for name in espeak.threads)
    lines = progress.getvalue().splitlines()
    assert lines[-1].startswith("[" + "#" * 30 + "] 50/50 100%")
    assert 5 <= len(lines) <= 12  # not a terminal: a line per tenth
    assert summary.line().startswith("clips=50 made=50 (espeak=50) cached=0 failed=0")

    again = prebuild(service, TEXTS, workers=4, progress=io.StringIO())
    assert again.made == {} and again.cached == {"espeak": 50} and espeak.calls == 50


def test_dry_run_counts_and_makes_nothing(tmp_path):
    espeak = Fake("espeak", WAV)
    service = AudioService(tmp_path, [espeak])
    prebuild(service, TEXTS[:5], workers=2, progress=io.StringIO())
    summary = prebuild(service, TEXTS, workers=2, dry_run=True, progress=io.StringIO())
    assert summary.cached == {"espeak": 10} and summary.missing == 40 and espeak.calls == 10
    assert summary.line() == "dry run: clips=50 cached=10 (espeak=10) missing=40 unspeakable=0"


def test_failures_are_counted_with_reasons_never_raised(tmp_path):
    service = AudioService(tmp_path, [Fake("gtts", MP3, fail=True)])
    summary = prebuild(service, [*TEXTS[:3], "x" * 5000, "  "], workers=3, progress=io.StringIO())
    assert summary.clips == 10 and summary.failed == 10 and summary.made == {}
    assert any("too long" in failure for failure in summary.failures)
    assert any("nothing to speak" in failure for failure in summary.failures)
    assert any("gtts: offline" in failure for failure in summary.failures)


def test_upgrade_and_engine_choice_are_reported_by_engine(tmp_path):
    espeak, google = Fake("espeak", WAV), Fake("gtts", MP3)
    service = AudioService(tmp_path, [google, espeak])
    first = prebuild(service, TEXTS[:4], engine="espeak", progress=io.StringIO())
    assert first.made == {"espeak": 8} and google.calls == 0
    upgraded = prebuild(service, TEXTS[:4], upgrade=True, progress=io.StringIO())
    assert upgraded.upgraded == {"gtts": 8} and not list(tmp_path.rglob("*.wav"))
    assert "upgraded=8 (gtts=8) not_upgraded=0" in upgraded.line()


def test_failed_upgrade_is_counted_as_not_upgraded(tmp_path):
    espeak = Fake("espeak", WAV)
    prebuild(AudioService(tmp_path, [espeak]), TEXTS[:2], progress=io.StringIO())
    service = AudioService(tmp_path, [Fake("gtts", MP3, fail=True), espeak])
    summary = prebuild(service, TEXTS[:2], upgrade=True, progress=io.StringIO())
    assert summary.cached == {"espeak": 4} and summary.not_upgraded == 4 and summary.failed == 0


def test_progress_bar_redraws_in_place_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    bar = ProgressBar(3, stream, width=10)
    for _ in range(3):
        bar.advance("made=1")
    output = stream.getvalue()
    assert output.startswith("\r[###-------] 1/3  33% made=1")
    assert output.endswith("\r[##########] 3/3 100% made=1\n")
