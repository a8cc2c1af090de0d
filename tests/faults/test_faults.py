"""Faults a camp really meets, each driven through the real app (AppTest) and printed as the user saw it
(`make soak` runs these with -s). The database down at start and for a few seconds mid-session; the audio
cache unwritable or full; espeak-ng missing; a corrupt clip; an oversized or invalid-UTF-8 unit file.
(Hostile audio packs — `../`, absolute paths, symlinks, a zip bomb — are refused before anything is
written: tests/integration/test_audio_pack.py.)"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

from access.roles import Role
from tests.app.conftest import open_app
from tests.helpers import make_user

ROOT = Path(__file__).resolve().parents[2]


def _saw(title: str, at) -> list[str]:
    """What the user saw: titles, errors, warnings, infos and successes, printed for the soak report."""
    seen = [
        *(f"title: {e.value}" for e in at.title),
        *(f"error: {e.value}" for e in at.error),
        *(f"warning: {e.value}" for e in at.warning),
        *(f"info: {e.value}" for e in at.info),
        *(f"success: {e.value}" for e in at.success),
        *(
            f"caption: {e.value}"
            for e in at.caption
            if any(w in e.value.lower() for w in ("audio", "recording"))
        ),
    ]
    print(f"\n[{title}]\n  " + "\n  ".join(seen or ["(nothing but the page)"]))
    return seen


# --- the database ----------------------------------------------------------------------------------


class Proxy:
    """A TCP relay on 127.0.0.1 to a real server that can be cut (every connection dropped, new ones
    refused) and restored on the same port: a database that goes away for a few seconds."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._links: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self.restore()

    def _serve(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self._links += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(OSError):  # wakes the accepting thread, so the port really closes
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        for link in self._links:
            with contextlib.suppress(OSError):
                link.shutdown(socket.SHUT_RDWR)
                link.close()
        self._links.clear()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._serve, args=(listener,), daemon=True).start()


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLEZ_AUDIO_DIR", str(tmp_path / "audio"))
    monkeypatch.setenv("PARLEZ_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("PARLEZ_TTS", "espeak")
    return tmp_path


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2",  # no server listening
        "sqlite:////proc/version/parlez.sqlite3",  # a folder that cannot exist
    ],
)
def test_database_unreachable_at_start_shows_a_clear_page(app_env, monkeypatch, url):
    monkeypatch.setenv("PARLEZ_DATABASE_URL", url)
    at = open_app()
    assert not at.exception
    seen = _saw(f"database unreachable at start ({url.split(':')[0]})", at)
    assert "error: The database is not answering right now." in seen[1]
    assert at.button(key="frame_db_retry")


def test_database_cut_mid_session_refuses_the_answer_cleanly_and_recovers(app_env, postgres_url, monkeypatch):
    from progress.migrate import upgrade_database
    from services import course
    from services.database import Database

    upgrade_database(postgres_url)
    proxy = Proxy(5432)
    relayed = postgres_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    assert relayed != postgres_url
    monkeypatch.setenv("PARLEZ_DATABASE_URL", relayed)
    db = Database(postgres_url)
    try:
        from datetime import UTC, datetime

        learner = make_user(db, "sentinelle", datetime.now(UTC), Role.LEARNER)
        at = open_app(learner)
        at.query_params["unit"] = "u01-ranks"
        at.switch_page("app_pages/lesson.py").run()
        at.segmented_control(key="lesson_section_u01-ranks").set_value("exercises").run()
        assert not at.exception
        from app_pages.content import library

        gap = next(e for e in library().manual.unit("u01-ranks").exercises if e.kind in ("gap", "translate"))
        key = f"lesson_ex_u01-ranks_{gap.local_id}"
        at.text_input(key=f"{key}_input").input(gap.answer)

        proxy.cut()  # the database goes away
        at.button(key=f"{key}_check").click().run()
        assert not at.exception
        seen = _saw("database cut while answering", at)
        assert any("What you just did was not saved" in line for line in seen)
        with db.reading() as session:  # nothing half-written
            assert gap.id not in course.latest_results(session, learner.id, "u01-ranks")

        proxy.restore()  # back after a few seconds: the same tab carries on, still signed in
        at.run()
        at.segmented_control(key="lesson_section_u01-ranks").set_value("exercises").run()
        at.text_input(key=f"{key}_input").input(gap.answer)
        at.button(key=f"{key}_check").click().run()
        assert not at.exception
        seen = _saw("database back: answering again", at)
        assert any(line.startswith("success: Right") for line in seen)
        with db.reading() as session:
            assert course.latest_results(session, learner.id, "u01-ranks")[gap.id].correct is True
    finally:
        proxy.cut()
        db.dispose()


# --- audio -------------------------------------------------------------------------------------------


def _lesson_dialogue(user, **env):
    at = open_app(user)
    at.query_params["unit"] = "u01-ranks"
    at.session_state["lesson_section_u01-ranks"] = "dialogue"
    at.switch_page("app_pages/lesson.py").run()
    assert not at.exception, at.exception
    first_listen = next(b for b in at.button if b.key and b.key.endswith("_play"))
    first_listen.click().run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def learner(app_env, monkeypatch):
    from progress.migrate import upgrade_database
    from services.database import Database

    url = f"sqlite:///{app_env / 'app.sqlite3'}"
    monkeypatch.setenv("PARLEZ_DATABASE_URL", url)
    upgrade_database(url)
    db = Database(url)
    from datetime import UTC, datetime

    user = make_user(db, "ecoute", datetime.now(UTC))
    db.dispose()
    return user


def _dialogue_is_readable(at) -> bool:
    return sum("Bonjour" in m.value for m in at.markdown) >= 1 and len(at.markdown) >= 10


def _told_about_audio(seen: list[str]) -> bool:
    return any(
        line.startswith("caption:") and ("audio" in line.lower() or "recording" in line) for line in seen
    )


def test_audio_cache_unwritable_keeps_the_lesson_readable(learner, app_env, monkeypatch):
    blocker = app_env / "not-a-folder"
    blocker.write_text("a file where the audio folder should be")
    monkeypatch.setenv("PARLEZ_AUDIO_DIR", str(blocker / "audio"))
    at = _lesson_dialogue(learner)
    seen = _saw("audio cache unwritable", at)
    assert _dialogue_is_readable(at)
    assert _told_about_audio(seen)


def test_audio_disk_full_keeps_the_lesson_readable(learner, monkeypatch):
    import audio.cache

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(audio.cache.os, "replace", full)  # the disk fills while the clip is stored
    at = _lesson_dialogue(learner)
    seen = _saw("audio disk full", at)
    assert _dialogue_is_readable(at)
    assert _told_about_audio(seen)


def test_espeak_missing_from_path_keeps_the_lesson_readable(learner, monkeypatch, tmp_path):
    import audio.engines

    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    # Not on PATH, the engine still finds Debian's /usr/bin/espeak-ng; take that away too.
    monkeypatch.setattr(audio.engines, "ESPEAK_BINARY", str(empty / "espeak-ng"))
    at = open_app(learner)
    at.query_params["unit"] = "u01-ranks"
    at.session_state["lesson_section_u01-ranks"] = "dialogue"
    at.switch_page("app_pages/lesson.py").run()
    assert not at.exception
    assert not [b for b in at.button if b.key and b.key.endswith("_audio_play")]  # nothing to press
    seen = _saw("espeak-ng missing from PATH", at)
    assert _dialogue_is_readable(at)
    assert _told_about_audio(seen)


def test_a_corrupt_clip_is_not_played(learner, app_env):
    if shutil.which("espeak-ng") is None and os.environ.get("PARLEZ_REQUIRE_ESPEAK") != "1":
        pytest.skip("needs espeak-ng")
    _lesson_dialogue(learner)  # makes the first clip
    clips = [p for p in (app_env / "audio").rglob("*") if p.is_file() and p.suffix in (".wav", ".mp3")]
    assert clips
    for clip in clips:
        clip.write_bytes(b"\x00garbage, not a sound file" * 10)
    again = _lesson_dialogue(learner)
    _saw("corrupt clip in the cache", again)
    assert _dialogue_is_readable(again)
    assert again.get("audio")  # the line plays…
    remade = [clip for clip in clips if clip.exists() and b"garbage" not in clip.read_bytes()]
    assert remade  # …from a clip made afresh, never from the garbage


# --- a broken manual file ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["five-megabytes", "invalid-utf8"])
def test_a_monstrous_unit_file_is_named_and_the_rest_of_the_course_serves(
    learner, app_env, monkeypatch, kind
):
    content = app_env / "content"
    shutil.copytree(ROOT / "content", content)
    bad = content / "course" / "99-broken.md"
    if kind == "five-megabytes":
        bad.write_text(
            "---\nid: u99-broken\n---\n" + ("## Dialogue: x\n" + "a" * 1000 + "\n") * 5000, "utf-8"
        )
    else:
        bad.write_bytes(b"---\nid: u99-broken\ntitle: caf\xe9\n---\n")
    monkeypatch.setenv("PARLEZ_CONTENT_DIR", str(content))
    from library.check import main as check_main

    assert check_main(["--content", str(content)]) != 0
    admin_db_url = os.environ["PARLEZ_DATABASE_URL"]
    from datetime import UTC, datetime

    from services.database import Database

    db = Database(admin_db_url)
    instructor = make_user(db, "chef", datetime.now(UTC), Role.INSTRUCTOR)
    db.dispose()
    at = open_app(instructor)
    at.switch_page("app_pages/course.py").run()
    assert not at.exception
    _saw(f"a {kind} unit file", at)
    assert "99-broken.md" in " ".join(c.value for c in at.code)
    assert len(at.subheader) >= 25  # every other unit still listed
