"""AudioService with stand-in engines: cache first, chain order, fallbacks, upgrades, concurrency."""

import io
import json
import logging
import threading
import time
import wave
from pathlib import Path

import pytest

from audio.cache import ClipCache, ClipSpec, clip_key
from audio.engines import Engine, SynthesisError
from audio.formats import MP3, WAV, file_audio_problem
from audio.normalise import TextTooLong, UnspeakableText
from audio.service import AudioService, build_service, from_settings
from config import Settings


def make_wav(frames: int = 2000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(b"\x01\x00" * frames)
    return buffer.getvalue()


def make_mp3(frames: int = 40) -> bytes:
    return (bytes([0xFF, 0xF3, 0x44, 0xC0]) + b"\x00" * 92) * frames


class FakeEngine(Engine):
    """Stands in for espeak-ng (WAV) or Google's endpoint (MP3); records every synthesis."""

    def __init__(self, name="espeak", mime=WAV, *, fail=False, delay=0.0, output=None, available=True):
        self.name = name
        self.mime = mime
        self.fail = fail
        self.delay = delay
        self.output = output
        self.is_available = available
        self.calls: list[tuple[str, bool]] = []
        self._lock = threading.Lock()

    @property
    def voice(self):
        return "fake-fr"

    def speed_id(self, slow):
        return "slow" if slow else "normal"

    def available(self):
        return self.is_available

    def synthesise(self, text, slow, destination):
        with self._lock:
            self.calls.append((text, slow))
        if self.delay:
            time.sleep(self.delay)
        if self.fail:
            raise SynthesisError(f"{self.name} is down")
        data = self.output if self.output is not None else (make_wav() if self.mime == WAV else make_mp3())
        Path(destination).write_bytes(data)


def leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith((".tmp-", ".import-"))]


@pytest.fixture
def google():
    return FakeEngine("gtts", MP3)


@pytest.fixture
def espeak():
    return FakeEngine("espeak", WAV)


def test_miss_synthesises_with_the_first_engine_and_records_it(tmp_path, google, espeak):
    service = AudioService(tmp_path, [google, espeak])
    clip = service.clip("Bonjour, mon capitaine !")
    assert clip is not None
    assert (clip.engine, clip.mime) == ("gtts", "audio/mpeg")
    assert clip.path.suffix == ".mp3" and clip.path.is_file()
    assert clip.read_bytes() == make_mp3()
    sidecar = json.loads(clip.path.with_suffix(".json").read_text())
    assert sidecar["engine"] == "gtts" and sidecar["text"] == "Bonjour, mon capitaine !"
    assert sidecar["size"] == len(make_mp3())
    assert google.calls == [("Bonjour, mon capitaine !", False)] and espeak.calls == []


def test_failing_first_engine_falls_back_to_the_next(tmp_path, espeak):
    google = FakeEngine("gtts", MP3, fail=True)
    clip = AudioService(tmp_path, [google, espeak]).clip("Reçu, fin.", slow=True)
    assert clip is not None and clip.engine == "espeak" and clip.mime == "audio/wav" and clip.slow
    assert google.calls == [("Reçu, fin.", True)]
    assert espeak.calls == [("Reçu, fin.", True)]


def test_unavailable_engine_is_not_even_tried(tmp_path, espeak):
    google = FakeEngine("gtts", MP3, available=False)
    assert AudioService(tmp_path, [google, espeak]).clip("Halte !").engine == "espeak"
    assert google.calls == []


def test_all_engines_failing_returns_none_and_logs_without_raising(tmp_path, caplog):
    engines = [FakeEngine("gtts", MP3, fail=True), FakeEngine("espeak", WAV, fail=True)]
    with caplog.at_level(logging.WARNING, logger="audio"):
        assert AudioService(tmp_path, engines).clip("Halte ! Qui va là ?") is None
    assert "gtts is down" in caplog.text and "espeak is down" in caplog.text
    assert leftovers(tmp_path) == []


def test_unexpected_engine_exception_and_broken_cache_dir_still_give_none(tmp_path):
    class Exploding(FakeEngine):
        def synthesise(self, text, slow, destination):
            raise ZeroDivisionError("bug")

    assert AudioService(tmp_path, [Exploding()]).clip("Oui") is None
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    assert AudioService(not_a_dir, [FakeEngine()]).clip("Oui") is None


def test_no_engine_at_all_returns_none(tmp_path):
    service = AudioService(tmp_path, [])
    assert service.available_engines() == []
    assert service.clip("Oui") is None
    assert service.build("Oui").status == "failed"


def test_engine_output_that_is_not_audio_is_refused_and_cleaned_up(tmp_path, espeak):
    liar = FakeEngine("gtts", MP3, output=b"<html>captcha</html>" * 50)
    clip = AudioService(tmp_path, [liar, espeak]).clip("Négatif.")
    assert clip.engine == "espeak"
    assert not list(tmp_path.rglob("*.mp3")) and leftovers(tmp_path) == []


def test_cache_hit_starts_no_engine(tmp_path, google, espeak):
    service = AudioService(tmp_path, [google, espeak])
    first = service.clip("À vos ordres.")
    google.synthesise = espeak.synthesise = pytest.fail  # any synthesis now fails the test
    google.available = espeak.available = pytest.fail
    again = service.clip("À vos ordres.")
    assert again == first
    assert service.cached_clip("À vos ordres.") == first
    assert service.cached_clip("Autre chose") is None


def test_normalised_variants_share_one_clip(tmp_path, espeak):
    service = AudioService(tmp_path, [espeak])
    a = service.clip("Bonjour  sergent")
    b = service.clip(" Bonjour\tsergent\n")
    c = service.clip("Bonjour\u00a0sergent\x00")
    assert a.path == b.path == c.path
    assert len(espeak.calls) == 1


def test_key_depends_on_engine_voice_speed_and_text(tmp_path):
    base = clip_key("espeak", "fr-fr", "150wpm", "Oui")
    others = {
        clip_key("gtts", "fr-fr", "150wpm", "Oui"),
        clip_key("espeak", "fr-be", "150wpm", "Oui"),
        clip_key("espeak", "fr-fr", "110wpm", "Oui"),
        clip_key("espeak", "fr-fr", "150wpm", "Non"),
    }
    assert base not in others and len(others) == 4
    assert len(base) == 64 and int(base, 16) >= 0


def test_normal_and_slow_are_distinct_clips(tmp_path, espeak):
    service = AudioService(tmp_path, [espeak])
    assert service.clip("Lentement").path != service.clip("Lentement", slow=True).path
    assert espeak.calls == [("Lentement", False), ("Lentement", True)]


def test_lookup_prefers_engines_in_chain_order(tmp_path):
    google, espeak = FakeEngine("gtts", MP3), FakeEngine("espeak", WAV)
    AudioService(tmp_path, [espeak]).clip("Roger")
    AudioService(tmp_path, [google]).clip("Roger")
    assert AudioService(tmp_path, [google, espeak]).cached_clip("Roger").engine == "gtts"
    assert AudioService(tmp_path, [espeak, google]).cached_clip("Roger").engine == "espeak"


def test_espeak_clip_is_returned_without_trying_gtts_again(tmp_path, espeak):
    AudioService(tmp_path, [espeak]).clip("Roger")
    google = FakeEngine("gtts", MP3)
    assert AudioService(tmp_path, [google, espeak]).clip("Roger").engine == "espeak"
    assert google.calls == []


def test_truncated_cached_clip_is_detected_and_remade(tmp_path, espeak, caplog):
    service = AudioService(tmp_path, [espeak])
    clip = service.clip("Message reçu.")
    clip.path.write_bytes(clip.read_bytes()[:-500])
    with caplog.at_level(logging.WARNING):
        assert service.cached_clip("Message reçu.") is None
    assert "will be remade" in caplog.text
    remade = service.clip("Message reçu.")
    assert remade.path == clip.path and file_audio_problem(remade.path, WAV) is None
    assert len(espeak.calls) == 2


def test_clip_whose_size_disagrees_with_its_sidecar_is_remade(tmp_path, google):
    service = AudioService(tmp_path, [google])
    clip = service.clip("Bien reçu.")
    clip.path.write_bytes(make_mp3(frames=20))  # still valid MP3 structure, but cut in half
    assert service.cached_clip("Bien reçu.") is None
    assert service.clip("Bien reçu.").read_bytes() == make_mp3()


def test_corrupt_or_missing_sidecar_means_a_miss(tmp_path, espeak):
    service = AudioService(tmp_path, [espeak])
    clip = service.clip("Silence radio.")
    sidecar = clip.path.with_suffix(".json")
    sidecar.write_text("{not json")
    assert service.cached_clip("Silence radio.") is None
    sidecar.unlink()
    assert service.cached_clip("Silence radio.") is None
    assert service.clip("Silence radio.") is not None and len(espeak.calls) == 2


def test_concurrent_requests_for_one_clip_make_it_once(tmp_path):
    slow_engine = FakeEngine("espeak", WAV, delay=0.1)
    service = AudioService(tmp_path, [slow_engine])
    barrier = threading.Barrier(8)
    results = []

    def request():
        barrier.wait()
        results.append(service.clip("Tous en même temps."))

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(slow_engine.calls) == 1
    assert len({clip.path for clip in results}) == 1 and None not in results
    assert [p.name for p in tmp_path.rglob("*.wav")] == [results[0].path.name]
    assert file_audio_problem(results[0].path, WAV) is None and leftovers(tmp_path) == []


def test_two_services_on_one_directory_racing_leave_one_valid_file(tmp_path):
    engines = [FakeEngine("espeak", WAV, delay=0.05) for _ in range(2)]
    services = [AudioService(tmp_path, [engine]) for engine in engines]
    threads = [threading.Thread(target=service.clip, args=("Course.",)) for service in services]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wavs = list(tmp_path.rglob("*.wav"))
    assert len(wavs) == 1 and file_audio_problem(wavs[0], WAV) is None
    assert services[0].cached_clip("Course.") is not None and leftovers(tmp_path) == []


def test_upgrade_replaces_an_espeak_clip_by_gtts_and_deletes_it(tmp_path, google, espeak):
    old = AudioService(tmp_path, [espeak]).clip("Contact !")
    service = AudioService(tmp_path, [google, espeak])
    assert service.build("Contact !").status == "cached"
    outcome = service.build("Contact !", upgrade=True)
    assert outcome.status == "upgraded" and outcome.clip.engine == "gtts"
    assert not old.path.exists() and not old.path.with_suffix(".json").exists()
    assert service.build("Contact !", upgrade=True).status == "cached"
    assert len(google.calls) == 1


def test_failed_upgrade_keeps_the_espeak_clip(tmp_path, espeak):
    AudioService(tmp_path, [espeak]).clip("Contact !")
    outcome = AudioService(tmp_path, [FakeEngine("gtts", MP3, fail=True), espeak]).build(
        "Contact !", upgrade=True
    )
    assert outcome.status == "cached" and outcome.clip.engine == "espeak"
    assert "gtts is down" in outcome.error


def test_build_can_be_restricted_to_one_engine(tmp_path, google, espeak):
    service = AudioService(tmp_path, [google, espeak])
    outcome = service.build("Négatif.", engine="espeak")
    assert outcome.status == "made" and outcome.clip.engine == "espeak" and google.calls == []
    with pytest.raises(ValueError, match="not in this service's chain"):
        service.build("Négatif.", engine="piper")


def test_unspeakable_text_is_a_clear_value_error_and_starts_nothing(tmp_path, espeak):
    service = AudioService(tmp_path, [espeak])
    with pytest.raises(TextTooLong):
        service.clip("x" * 20_000)
    with pytest.raises(UnspeakableText):
        service.clip(" \x00 ")
    with pytest.raises(UnspeakableText):
        service.cached_clip("")
    assert espeak.calls == []


def test_available_engines_lists_usable_ones_in_order(tmp_path):
    engines = [FakeEngine("gtts", MP3, available=False), FakeEngine("espeak", WAV)]
    service = AudioService(tmp_path, engines)
    assert service.available_engines() == ["espeak"]
    assert service.available_names() == ["gtts", "espeak"]


def test_duplicate_engine_names_are_refused(tmp_path):
    with pytest.raises(ValueError, match="twice"):
        AudioService(tmp_path, [FakeEngine(), FakeEngine()])


def test_from_settings_builds_the_configured_chain(tmp_path):
    settings = Settings(
        database_url="sqlite://",
        content_dir=tmp_path / "content",
        audio_dir=tmp_path / "audio",
        tts_chain=("gtts", "espeak-ng"),
        gtts_timeout_s=2.5,
        gtts_cooldown_s=60.0,
    )
    service = from_settings(settings)
    assert service.cache_dir == tmp_path / "audio"
    assert service.available_names() == ["gtts", "espeak"]
    google = service.engines[0]
    assert google.timeout_s == 2.5 and google.cooldown.seconds == 60.0
    assert (google.lang, google.tld) == ("fr", "fr")
    assert service.ipa_engine is service.engines[1]


def test_chain_none_and_unknown_names(tmp_path):
    service = build_service(tmp_path, ["none"])
    assert service.engines == [] and service.ipa_engine is not None  # IPA still from espeak-ng
    with pytest.raises(ValueError, match="unknown text-to-speech engine 'piper'"):
        build_service(tmp_path, ["gtts", "piper"])


def test_cache_store_writes_atomically_and_removes(tmp_path):
    cache = ClipCache(tmp_path)
    spec = ClipSpec("espeak", "fr-fr", "150wpm", False, WAV, "Oui")

    def produce(path):
        assert path.parent == cache.audio_path(spec).parent and path.name.startswith(".tmp-")
        path.write_bytes(make_wav())

    final = cache.store(spec, produce)
    assert final == cache.audio_path(spec) and cache.lookup(spec) == final
    assert final.stat().st_mode & 0o777 == 0o644
    cache.remove(spec)
    assert cache.lookup(spec) is None and list(tmp_path.rglob("*.*")) == []


def test_ipa_is_tidied_for_learners():
    from audio.service import tidy_ipa

    raw = "a la- ʒˈɑ̃b\nsɛʁʒˈɑ̃\n"
    assert tidy_ipa(raw) == "a la ʒɑ̃b | sɛʁʒɑ̃"
    assert tidy_ipa("bɔ̃ʒˈuʁ") == "bɔ̃ʒuʁ"
