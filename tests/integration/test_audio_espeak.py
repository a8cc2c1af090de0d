"""The real espeak-ng engine: WAV clips at two speeds, IPA, hostile texts, real gTTS falling back offline.

Skipped only when /usr/bin/espeak-ng is missing and PARLEZ_REQUIRE_ESPEAK is not set (set, it fails).
"""

import shutil
import subprocess
import threading
import time
import wave
from pathlib import Path

import pytest

import audio.engines
from audio.engines import Cooldown, EspeakEngine, GttsEngine
from audio.formats import WAV, file_audio_problem
from audio.normalise import TextTooLong
from audio.service import AudioService, build_service

ESPEAK = Path("/usr/bin/espeak-ng")


pytestmark = pytest.mark.usefixtures("espeak_installed")


@pytest.fixture
def runs(monkeypatch):
    """Spy on subprocess.run as used by the engines: records every argument list and keyword arguments."""
    calls = []
    real_run = subprocess.run

    def spy(command, *args, **kwargs):
        calls.append((list(command), kwargs))
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(audio.engines.subprocess, "run", spy)
    return calls


@pytest.fixture
def offline(monkeypatch):
    """Make Google unreachable even on a machine with internet: a proxy on a closed local port."""
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)


def duration(path: Path) -> float:
    with wave.open(str(path)) as clip:
        return clip.getnframes() / clip.getframerate()


def test_normal_and_slow_clips_are_valid_wav_and_slow_is_longer(tmp_path):
    service = AudioService(tmp_path, [EspeakEngine(binary=ESPEAK)])
    normal = service.clip("Bonjour, mon capitaine. Caporal Silva, à vos ordres.")
    slow = service.clip("Bonjour, mon capitaine. Caporal Silva, à vos ordres.", slow=True)
    for clip in (normal, slow):
        assert clip.engine == "espeak" and clip.mime == "audio/wav" and clip.path.suffix == ".wav"
        assert file_audio_problem(clip.path, WAV) is None
        assert clip.read_bytes()[:4] == b"RIFF"
        with wave.open(str(clip.path)) as wav:
            assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
    assert duration(slow.path) > duration(normal.path) * 1.2


def test_the_command_ends_with_double_dash_then_the_text_and_uses_no_shell(tmp_path, runs):
    AudioService(tmp_path, [EspeakEngine(binary=ESPEAK)]).clip("Halte ! Qui va là ?", slow=True)
    ((command, kwargs),) = runs
    assert command[0] == str(ESPEAK)
    assert command[1:5] == ["-v", "fr-fr", "-s", "110"]
    assert command[5] == "-w" and Path(command[6]).parent.parent == tmp_path / "clips"
    assert command[-2:] == ["--", "Halte ! Qui va là ?"]
    assert "--stdout" not in command
    assert not kwargs.get("shell") and kwargs["timeout"] > 0


HOSTILE = [
    "-h",
    "--version",
    "-w /tmp/parlez-hostile.wav",
    "--stdout",
    "-v en -s 999",
    "; touch {canary}",
    "$(touch {canary})",
    "`touch {canary}`",
    "' ; touch {canary} ; '",
    '" && touch {canary} && "',
    "| touch {canary}",
    "\n-rf --ipa",
    "C'est « l'adjudant » qui a dit \"Reçu\".",
    "\x00\x1b[2J\x07-q\x7f",
    "; rm -rf /tmp/x",
]


@pytest.mark.parametrize("template", HOSTILE)
def test_hostile_texts_are_spoken_verbatim_never_run(tmp_path, runs, template):
    canary = tmp_path / "canary"
    text = template.format(canary=canary)
    service = AudioService(tmp_path / "cache", [EspeakEngine(binary=ESPEAK)])
    clip = service.clip(text)
    assert clip is not None and file_audio_problem(clip.path, WAV) is None
    command = runs[-1][0]
    assert command[-2] == "--"
    assert command[-1] == clip.text and "\x00" not in command[-1] and "\x1b" not in command[-1]
    assert not canary.exists()
    assert not Path("/tmp/parlez-hostile.wav").exists()
    assert service.ipa(text)  # the IPA command gets the same protection
    assert runs[-1][0][-2:] == ["--", clip.text]


def test_twenty_thousand_characters_are_refused_before_running_anything(tmp_path, runs):
    service = AudioService(tmp_path, [EspeakEngine(binary=ESPEAK)])
    with pytest.raises(TextTooLong, match="20000 characters"):
        service.clip("a" * 20_000)
    with pytest.raises(TextTooLong):
        service.ipa("a" * 20_000)
    with pytest.raises(TextTooLong):
        EspeakEngine(binary=ESPEAK).synthesise("a" * 20_000, False, tmp_path / "x.wav")
    assert runs == []


def test_ipa_comes_from_espeak_and_is_cached_on_disk(tmp_path, runs, monkeypatch):
    service = AudioService(tmp_path, [EspeakEngine(binary=ESPEAK)])
    ipa = service.ipa("Bonjour, mon capitaine !")
    assert "bɔ̃ʒ" in ipa and "kapit" in ipa and "\n" not in ipa
    assert runs[-1][0][-4:] == ["--ipa", "-q", "--", "Bonjour, mon capitaine !"]
    assert list((tmp_path / "ipa").rglob("*.json"))
    monkeypatch.setattr(audio.engines.subprocess, "run", pytest.fail)
    fresh = AudioService(tmp_path, [EspeakEngine(binary=ESPEAK)])
    assert fresh.ipa("  Bonjour,  mon capitaine !") == ipa


def test_ipa_is_none_without_espeak(tmp_path):
    service = AudioService(tmp_path, [], ipa_engine=EspeakEngine(binary=tmp_path / "no-espeak"))
    assert service.ipa("Bonjour") is None


def test_cache_hits_run_no_process_and_no_network(tmp_path, monkeypatch):
    service = build_service(tmp_path, ["gtts", "espeak"], gtts_timeout_s=0.5)
    service.engines[0].cooldown.record_failure()  # made offline with espeak
    made = service.clip("Reçu, fin.")
    made_slow = service.clip("Reçu, fin.", slow=True)
    monkeypatch.setattr(audio.engines.subprocess, "run", pytest.fail)
    monkeypatch.setattr("gtts.gTTS.write_to_fp", pytest.fail)
    fresh = build_service(tmp_path, ["gtts", "espeak"])  # gTTS ready: it must still not be called
    assert fresh.clip("Reçu, fin.") == made
    assert fresh.clip("Reçu,   fin.", slow=True) == made_slow
    assert fresh.cached_clip("Reçu, fin.").read_bytes() == made.read_bytes()


def test_real_gtts_offline_falls_back_to_espeak_within_a_second(tmp_path, offline, monkeypatch):
    attempts = []
    real_write = __import__("gtts").gTTS.write_to_fp

    def counting_write(self, fp):
        attempts.append(self.text)
        return real_write(self, fp)

    monkeypatch.setattr("gtts.gTTS.write_to_fp", counting_write)
    service = AudioService(
        tmp_path, [GttsEngine(timeout_s=0.5, cooldown=Cooldown(300)), EspeakEngine(ESPEAK)]
    )
    started = time.perf_counter()
    clip = service.clip("Patrouille, en avant !")
    elapsed = time.perf_counter() - started
    assert clip is not None and clip.engine == "espeak"
    assert elapsed < 1.0, f"fallback took {elapsed:.2f} s"
    assert attempts == ["Patrouille, en avant !"]
    assert service.available_engines() == ["espeak"]
    started = time.perf_counter()
    for n in range(5):
        assert service.clip(f"Message {n}.").engine == "espeak"
    assert time.perf_counter() - started < 1.0
    assert len(attempts) == 1  # cooling down: no more waiting on Google


def test_truncated_espeak_clip_is_remade(tmp_path):
    service = AudioService(tmp_path, [EspeakEngine(binary=ESPEAK)])
    clip = service.clip("Fin de transmission.")
    original = clip.read_bytes()
    with open(clip.path, "r+b") as file:
        file.truncate(len(original) // 2)
    assert "truncated" in file_audio_problem(clip.path, WAV)
    assert service.cached_clip("Fin de transmission.") is None
    remade = service.clip("Fin de transmission.")
    assert remade.path == clip.path and remade.read_bytes() == original


def test_concurrent_requests_make_one_file_with_one_process(tmp_path, runs):
    service = AudioService(tmp_path, [EspeakEngine(binary=ESPEAK)])
    barrier = threading.Barrier(8)
    clips = []

    def request():
        barrier.wait()
        clips.append(service.clip("Tous au rapport, immédiatement."))

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(runs) == 1
    assert len({clip.path for clip in clips}) == 1
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert sorted(p.suffix for p in files) == [".json", ".wav"]
    assert file_audio_problem(clips[0].path, WAV) is None


def test_missing_espeak_binary_is_unavailable_and_clip_is_none(tmp_path):
    engine = EspeakEngine(binary=tmp_path / "espeak-ng")
    assert not engine.available()
    assert AudioService(tmp_path, [engine]).clip("Bonjour") is None


def test_espeak_found_on_path_by_default():
    assert EspeakEngine().binary == shutil.which("espeak-ng")
