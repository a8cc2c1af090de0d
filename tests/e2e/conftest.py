"""End-to-end fixtures: a real `streamlit run` server on a free port and Debian's Chromium via Playwright.

Without /usr/bin/chromium the browser tests skip, unless ``PARLEZ_REQUIRE_BROWSER=1`` (set by .ci/run), in
which case they fail: CI must really run them.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PARLEZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server(str):
    """The base URL of a running app (a str), with the URL of its database."""

    database_url: str
    pid: int


@contextlib.contextmanager
def running_server(tmp_path: Path, database_url: str, name: str = "e2e", extra_env: dict | None = None):
    """`streamlit run server.py` (the app and its cookie routes) on a free port, on ``database_url``."""
    port = _free_port()
    env = {
        **os.environ,
        "PARLEZ_DATABASE_URL": database_url,
        "PARLEZ_AUDIO_DIR": str(tmp_path / "audio"),
        "PARLEZ_VAR_DIR": str(tmp_path / "var"),
        "PARLEZ_TTS": "espeak",
        **(extra_env or {}),
    }
    subprocess.run(
        [sys.executable, "-m", "progress.migrate"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    tmp_path.mkdir(parents=True, exist_ok=True)
    log_path = tmp_path / f"{name}-streamlit.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", "server.py",
            "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = Server(f"http://127.0.0.1:{port}")
    base.database_url = database_url
    base.pid = process.pid
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:  # noqa: S310
                if answer.read() == b"ok":
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.close()
            pytest.fail(f"streamlit did not start:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.3)
    try:
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def server(tmp_path):
    """The app served by `streamlit run server.py`, on a fresh SQLite database; yields its base URL."""
    with running_server(tmp_path, f"sqlite:///{tmp_path / 'e2e.sqlite3'}") as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("PARLEZ_REQUIRE_BROWSER") == "1":
            pytest.fail(f"PARLEZ_REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"browser tests need {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def open_page(browser, server):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(server)
    wait_idle(page)
    return context, page


@pytest.fixture
def page(browser, server):
    context, page = open_page(browser, server)
    yield page
    context.close()


def wait_idle(page) -> None:
    """Wait until the rerun an action started has finished: first (briefly) for the script to start
    running — on a loaded machine it may not have started yet — then for it to stop."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):  # a quick rerun may be over already, or none started
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="running"]', timeout=1500)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)


def fill(page, key: str, value: str) -> None:
    field = page.locator(f".st-key-{key} input")
    field.fill(value)
    field.press("Tab")


def sign_up_and_log_in(page, username: str, name: str, password: str) -> None:
    page.get_by_role("link", name="No account yet? Sign up").click()
    wait_idle(page)
    fill(page, "signup_username", username)
    fill(page, "signup_display_name", name)
    fill(page, "signup_password", password)
    fill(page, "signup_confirm", password)
    page.get_by_role("button", name="Create my account").click()
    page.get_by_text(f"Account {username} created").wait_for()
    page.get_by_role("link", name="Log in now").click()
    wait_idle(page)
    log_in(page, username, password)


def log_in(page, username: str, password: str) -> None:
    fill(page, "login_username", username)
    fill(page, "login_password", password)
    page.get_by_role("button", name="Log in", exact=True).click()
    wait_idle(page)
