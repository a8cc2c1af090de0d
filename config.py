"""Runtime settings, read from environment variables (defaults suit one machine and a fresh clone)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    database_url: str
    content_dir: Path
    audio_dir: Path
    tts_chain: tuple[str, ...]
    gtts_timeout_s: float
    gtts_cooldown_s: float


def settings() -> Settings:
    var = Path(os.environ.get("PARLEZ_VAR_DIR", ROOT / "var"))
    return Settings(
        database_url=os.environ.get("PARLEZ_DATABASE_URL") or f"sqlite:///{var / 'parlez.sqlite3'}",
        content_dir=Path(os.environ.get("PARLEZ_CONTENT_DIR", ROOT / "content")),
        audio_dir=Path(os.environ.get("PARLEZ_AUDIO_DIR", var / "audio")),
        tts_chain=tuple(
            name.strip() for name in os.environ.get("PARLEZ_TTS", "gtts,espeak").split(",") if name.strip()
        ),
        gtts_timeout_s=float(os.environ.get("PARLEZ_GTTS_TIMEOUT", "5")),
        gtts_cooldown_s=float(os.environ.get("PARLEZ_GTTS_COOLDOWN", "300")),
    )
