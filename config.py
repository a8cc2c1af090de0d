"""Runtime settings, read from environment variables (defaults suit one machine and a fresh clone)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# The share of right answers that passes a quiz, unless PARLEZ_PASS_MARK says otherwise.
DEFAULT_PASS_MARK = 0.7


@dataclass(frozen=True)
class Settings:
    database_url: str
    content_dir: Path
    audio_dir: Path
    tts_chain: tuple[str, ...]
    gtts_timeout_s: float
    gtts_cooldown_s: float
    pass_mark: float = DEFAULT_PASS_MARK
    # e-mail for notifications: smtp://[user:password@]host[:port][?from=…&starttls=1] or smtps://… ("": off)
    smtp_url: str = ""


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
        pass_mark=_pass_mark(os.environ.get("PARLEZ_PASS_MARK", str(DEFAULT_PASS_MARK))),
        smtp_url=os.environ.get("PARLEZ_SMTP_URL", "").strip(),
    )


def _pass_mark(raw: str) -> float:
    """The share of right answers that passes a quiz: ``0.7`` or ``70`` (per cent) both mean 70 %."""
    value = float(raw)
    value = value / 100 if value > 1 else value
    if not 0 < value <= 1:
        raise ValueError(f"PARLEZ_PASS_MARK must be between 0 and 1 (or 1 and 100 %), not {raw!r}")
    return value


# --- sign-in sessions ---------------------------------------------------------------------------------

#: "Keep me signed in" lasts this long; a browser-session sign-in at most a day.
PERSISTENT_SESSION_DAYS = 30
BROWSER_SESSION_HOURS = 24


def session_idle_minutes() -> int:
    """A session unused for this long ends (``PARLEZ_SESSION_IDLE_MINUTES``; default 12 hours). Sessions
    kept with "Keep me signed in" end only after 30 days unused or at their expiry."""
    value = int(os.environ.get("PARLEZ_SESSION_IDLE_MINUTES", "720"))
    if value < 1:
        raise ValueError("PARLEZ_SESSION_IDLE_MINUTES must be at least 1")
    return value


def app_secret() -> bytes:
    """The key that session-token hashes are made with: ``PARLEZ_SECRET`` if set (several replicas must
    share it), otherwise a random key generated into ``var/secret.key`` on first use (never committed:
    ``var/`` is ignored by git)."""
    raw = os.environ.get("PARLEZ_SECRET", "")
    if raw:
        return raw.encode()
    path = Path(os.environ.get("PARLEZ_VAR_DIR", ROOT / "var")) / "secret.key"
    if not path.exists():
        import secrets
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret-")  # created 0600
        try:
            os.write(fd, secrets.token_hex(32).encode())
            os.close(fd)
            os.link(tmp, path)  # atomic; if another process won the race, its key is kept
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return path.read_bytes().strip()
