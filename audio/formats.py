"""Is this file really the audio it claims to be? Cheap structural checks on WAV and MP3 clips.

The checks read only the head of a file plus its size, so a cached lookup stays fast, yet they catch the
usual damage: an empty or truncated file (WAV: the RIFF and ``data`` sizes claim more bytes than the file
holds), a file of another type, an HTML error page saved as ``.mp3``.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

MP3 = "audio/mpeg"
WAV = "audio/wav"
SUFFIX_BY_MIME = {MP3: ".mp3", WAV: ".wav"}

HEAD_BYTES = 4096
"""Bytes read from the start of a file for a check (WAV chunks before ``data`` and MP3 tags fit in it)."""
MIN_MP3_BYTES = 512
"""Smaller than any real spoken clip (one second of 32 kbit/s MP3 is 4 kB)."""

_WAV_FORMATS = {1, 3, 0xFFFE}  # PCM, IEEE float, extensible

# MPEG audio frame headers: bitrates in kbit/s by (version is MPEG-1, layer), sample rates by version bits.
_BITRATES = {
    (True, 1): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 3): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES = {0b11: (44100, 48000, 32000), 0b10: (22050, 24000, 16000), 0b00: (11025, 12000, 8000)}


def audio_problem(head: bytes, size: int, mime: str) -> str | None:
    """What is wrong with a clip of type ``mime`` whose first bytes are ``head`` and length ``size``.

    ``None`` means it looks sound. ``head`` may be the whole content or only its first :data:`HEAD_BYTES`.
    """
    if mime == WAV:
        return _wav_problem(head, size)
    if mime == MP3:
        return _mp3_problem(head, size)
    return f"unsupported audio type {mime!r}"


def file_audio_problem(path: Path, mime: str) -> str | None:
    """:func:`audio_problem` for a file on disk (a missing file is a problem, not an exception)."""
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            head = file.read(HEAD_BYTES)
    except OSError as error:
        return f"cannot read {path.name}: {error.strerror or error}"
    return audio_problem(head, size, mime)


def _wav_problem(head: bytes, size: int) -> str | None:
    if size < 44 or len(head) < 12:
        return f"too small for a WAV file ({size} bytes)"
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return "no RIFF/WAVE header"
    riff_end = struct.unpack_from("<I", head, 4)[0] + 8
    if riff_end > size:
        return f"truncated: the RIFF header announces {riff_end} bytes, the file has {size}"
    offset, have_format = 12, False
    while offset + 8 <= min(len(head), riff_end):
        chunk_id = head[offset : offset + 4]
        chunk_size = struct.unpack_from("<I", head, offset + 4)[0]
        body = offset + 8
        if chunk_id == b"fmt ":
            if chunk_size < 16 or body + 16 > len(head):
                return "malformed fmt chunk"
            audio_format, channels, rate = struct.unpack_from("<HHI", head, body)
            bits = struct.unpack_from("<H", head, body + 14)[0]
            if audio_format not in _WAV_FORMATS or not channels or not rate or not bits:
                return "unsupported or empty WAV format"
            have_format = True
        elif chunk_id == b"data":
            if not have_format:
                return "data chunk before the fmt chunk"
            if chunk_size == 0:
                return "no audio samples (empty data chunk)"
            if body + chunk_size > riff_end:
                return f"truncated: the data chunk announces {body + chunk_size} bytes, the file has {size}"
            return None
        offset = body + chunk_size + (chunk_size & 1)
    return "no data chunk"


def _mp3_problem(head: bytes, size: int) -> str | None:
    if size < MIN_MP3_BYTES:
        return f"too small for a spoken MP3 clip ({size} bytes)"
    offset = 0
    if head[:3] == b"ID3":
        if len(head) < 10 or any(byte & 0x80 for byte in head[6:10]):
            return "malformed ID3 tag"
        tag_size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
        offset = 10 + tag_size + (10 if head[5] & 0x10 else 0)
        if offset + 4 > size:
            return "an ID3 tag but no audio after it"
        if offset + 4 > len(head):
            return None  # a large tag (cover art…): the ID3 header and the size are all we check
    frame = _mpeg_frame_length(head[offset : offset + 4])
    if frame is None:
        return "no MPEG audio frame at the start"
    if offset + frame > size:
        return "truncated: the first MPEG frame is incomplete"
    return None


def _mpeg_frame_length(header: bytes) -> int | None:
    """Byte length of the MPEG audio frame starting with ``header`` (4 bytes), or None if not a frame."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version = (header[1] >> 3) & 0b11
    layer = 4 - ((header[1] >> 1) & 0b11)  # bits 11 → layer I, 10 → II, 01 → III, 00 → reserved (4)
    bitrate_index = header[2] >> 4
    rate_index = (header[2] >> 2) & 0b11
    padding = (header[2] >> 1) & 1
    if version == 0b01 or layer == 4 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    mpeg1 = version == 0b11
    bitrate = _BITRATES[(mpeg1, layer)][bitrate_index] * 1000
    rate = _SAMPLE_RATES[version][rate_index]
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4
    if layer == 3 and not mpeg1:
        return 72 * bitrate // rate + padding
    return 144 * bitrate // rate + padding
