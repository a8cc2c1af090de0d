"""Structural checks of WAV and MP3 clips: sound files pass, damaged ones are named."""

import io
import struct
import wave

import pytest

from audio.formats import MP3, WAV, audio_problem, file_audio_problem


def make_wav(frames: int = 2000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(b"\x01\x00" * frames)
    return buffer.getvalue()


def make_mp3(frames: int = 40, id3: bool = False) -> bytes:
    """MPEG-2 layer III, 32 kbit/s, 24 kHz, mono: 96-byte frames."""
    frame = bytes([0xFF, 0xF3, 0x44, 0xC0]) + b"\x00" * 92
    tag = b"ID3\x04\x00\x00\x00\x00\x00\x0a" + b"\x00" * 10 if id3 else b""
    return tag + frame * frames


def check(data: bytes, mime: str):
    return audio_problem(data[:4096], len(data), mime)


def test_sound_wav_passes():
    assert check(make_wav(), WAV) is None


def test_truncated_wav_is_detected():
    data = make_wav()
    problem = check(data[: len(data) - 100], WAV)
    assert problem is not None and "truncated" in problem


def test_wav_whose_data_chunk_overruns_the_riff_size_is_detected():
    data = bytearray(make_wav())
    struct.pack_into("<I", data, 40, 10_000_000)  # data chunk size
    assert "truncated" in check(bytes(data), WAV)


def test_wav_with_stdout_style_bogus_sizes_is_refused():
    data = bytearray(make_wav())
    struct.pack_into("<I", data, 4, 0xFFFFFFFF)
    struct.pack_into("<I", data, 40, 0xFFFFFFFF)
    assert check(bytes(data), WAV) is not None


def test_wav_with_no_samples_is_refused():
    assert "empty data chunk" in check(make_wav(frames=0), WAV)


@pytest.mark.parametrize(
    "data",
    [b"", b"RIFF", b"<html><body>429 Too Many Requests</body></html>" * 20, make_mp3()],
    ids=["empty", "four-bytes", "html", "mp3"],
)
def test_other_content_is_not_wav(data):
    assert check(data, WAV) is not None


def test_sound_mp3_passes_with_or_without_id3():
    assert check(make_mp3(), MP3) is None
    assert check(make_mp3(id3=True), MP3) is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xff\xf3\x44\xc0" + b"\x00" * 100, "too small"),
        (b"<html><body>Error 429</body></html>".ljust(2000, b" "), "no MPEG audio frame"),
        (make_wav(), "no MPEG audio frame"),
        (b"ID3\x04\x00\x00\x00\x00\x10\x00" + b"\x00" * 1000, "no audio after it"),
        (b"\xff\xfb\xe8\xc0" + b"\x00" * 796, "incomplete"),  # MPEG-1 320 kbit/s 32 kHz: 1440-byte frame
    ],
    ids=["tiny", "html", "wav", "id3-only", "cut-frame"],
)
def test_damaged_or_foreign_mp3_is_named(data, reason):
    problem = check(data, MP3)
    assert problem is not None and reason in problem


def test_unknown_type_is_a_problem():
    assert "unsupported" in audio_problem(b"x" * 100, 100, "audio/ogg")


def test_file_check_reports_missing_file_instead_of_raising(tmp_path):
    assert "cannot read" in file_audio_problem(tmp_path / "absent.wav", WAV)
    path = tmp_path / "ok.wav"
    path.write_bytes(make_wav())
    assert file_audio_problem(path, WAV) is None
