"""A radio clip from real espeak-ng, offline: made once, then read from the cache."""

from __future__ import annotations

from audio.engines import EspeakEngine
from audio.formats import WAV, file_audio_problem
from audio.radio import NOISE_LEVELS, radio_clip
from audio.service import AudioService


def test_radio_clips_of_an_espeak_line_at_every_level(tmp_path, espeak_installed):
    service = AudioService(tmp_path, [EspeakEngine()])
    text = "Tango Zéro ici Tango Deux. Contact au point Bravo. Parlez."
    clips = {level: radio_clip(service, text, level) for level in NOISE_LEVELS}
    assert all(clip is not None and file_audio_problem(clip.path, WAV) is None for clip in clips.values())
    assert len({clip.path for clip in clips.values()}) == 3
    spoken = service.cached_clip(text)
    assert spoken is not None and spoken.engine == "espeak"
    assert clips["medium"].path.stat().st_size > spoken.path.stat().st_size  # key-up and squelch tail
    assert radio_clip(service, text, "medium").read_bytes() == clips["medium"].read_bytes()
