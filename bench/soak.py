"""Load: N real browser sessions (Chromium contexts) sign up and answer drill items at once, against a
`streamlit run server.py` on 127.0.0.1. Prints figures, never passes or fails on time.

    python -m bench.soak [--sessions 20] [--items 30] [--postgres URL] [--timeout 900]

Figures: load_sessions, load_answers_sent, load_answers_stored (read back from the database: must equal
sent), load_errors, load_answer_p50_ms, load_answer_p95_ms (from the click on "Answer" to the end of the
rerun that shows the next item), server_rss_mb_per_session, load_wall_s, and the server's and the browser's
CPU seconds, which say what is CPU-bound. Only 127.0.0.1 is ever contacted; the run is bounded in sessions,
items and time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PASSWORD = "une longue phrase de passe"
CHROMIUM = os.environ.get("PARLEZ_CHROMIUM", "/usr/bin/chromium")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children_cpu_s(name: str) -> float:
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            text = stat.read_text()
            if f"({name}" in text.split(")")[0]:
                total += _cpu_s(int(stat.parent.name))
    return total


async def _idle(page) -> None:
    with contextlib.suppress(Exception):
        await page.wait_for_selector('[data-testid="stApp"][data-test-script-state="running"]', timeout=1000)
    await page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=120_000
    )


async def _fill(page, key: str, value: str) -> None:
    field = page.locator(f".st-key-{key} input")
    await field.fill(value)
    await field.press("Tab")


async def _sign_up(page, base: str, username: str) -> None:
    await page.goto(base)
    await _idle(page)
    await page.get_by_role("link", name="No account yet? Sign up").click()
    await _idle(page)
    await _fill(page, "signup_username", username)
    await _fill(page, "signup_display_name", username.title())
    await _fill(page, "signup_password", PASSWORD)
    await _fill(page, "signup_confirm", PASSWORD)
    await page.get_by_role("button", name="Create my account").click()
    await page.get_by_text(f"Account {username} created").wait_for(timeout=120_000)
    await page.get_by_role("link", name="Log in now").click()
    await _idle(page)
    await _fill(page, "login_username", username)
    await _fill(page, "login_password", PASSWORD)
    await page.get_by_role("button", name="Log in", exact=True).click()
    await _idle(page)
    await page.get_by_role("heading", name=f"Welcome, {username.title()}").wait_for(timeout=120_000)


async def _position(page) -> str:
    """The drill's progress line ("Question 3 of 20"), or "" when no drill is under way."""
    bar = page.locator('[data-testid="stProgress"]')
    return (await bar.first.inner_text()).strip() if await bar.count() else ""


async def _answer_one(page) -> None:
    """Answer whatever drill item is shown: self-rate a flashcard, pick a choice, type into a box."""
    question = page.locator(".st-key-drill_question")
    show = question.get_by_role("button", name="Show the answer")
    if await show.count():
        await show.click()
        await _idle(page)
        await question.get_by_role("button", name="Yes", exact=True).click()
        return
    radio = question.locator('[data-testid="stRadio"] label')
    if await radio.count():
        await radio.first.click()
    text = question.locator('[data-testid="stTextInput"] input')
    if await text.count():
        await text.first.fill("réponse")
        await text.first.press("Enter")  # submits the form, as a learner on a phone does
        return
    await question.get_by_role("button", name="Answer", exact=True).click()


async def _learner(browser, base: str, index: int, items: int, latencies: list, errors: list, sent: list):
    context = await browser.new_context(locale="en-US", viewport={"width": 1200, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(120_000)
    try:
        await _sign_up(page, base, f"soak{index:03d}")
        await page.goto(f"{base}/drill")
        await _idle(page)
        while sent[index] < items:
            before = await _position(page)
            if not before:
                await page.get_by_role("button", name="Start the drill").click()
                await page.locator('[data-testid="stProgress"]').first.wait_for()
                await _idle(page)
                continue
            began = time.perf_counter()
            await _answer_one(page)
            sent[index] += 1
            # The answer is through once the page shows another item or the end of the drill.
            for _ in range(1200):
                await _idle(page)
                now = await _position(page)
                if now != before:
                    break
                await page.wait_for_timeout(100)
            else:
                raise TimeoutError(f"the item after {before!r} never came")
            latencies.append((time.perf_counter() - began) * 1000)
    except Exception as error:  # noqa: BLE001 - counted and reported, the other sessions go on
        shown = ""
        with contextlib.suppress(Exception):
            shown = " ".join((await page.locator("[data-testid='stMain']").first.inner_text()).split())
        errors.append(f"session {index}: {type(error).__name__}: {str(error)[:200]} | page: {shown[:300]}")
    finally:
        await context.close()


def _stored(database_url: str) -> int:
    from sqlalchemy import func, select

    from progress.db import Database
    from progress.models import ReviewLog, User

    db = Database(database_url)
    try:
        with db.reading() as session:
            return session.scalar(
                select(func.count())
                .select_from(ReviewLog)
                .join(User, User.id == ReviewLog.user_id)
                .where(User.username_key.like("soak%"))
            )
    finally:
        db.dispose()


async def _drive(base: str, sessions: int, items: int, deadline_s: float) -> dict:
    from playwright.async_api import async_playwright

    latencies: list[float] = []
    errors: list[str] = []
    sent = [0] * sessions
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync",
                  "--no-first-run", "--disable-component-update", "--disable-quic"],
        )  # fmt: skip
        tasks = [_learner(browser, base, i, items, latencies, errors, sent) for i in range(sessions)]
        try:
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=deadline_s)
        except TimeoutError:
            errors.append(f"the run passed its {deadline_s:.0f} s bound")
        await browser.close()
    return {"latencies": latencies, "errors": errors, "sent": sum(sent)}


def run_load(sessions: int, items: int, database_url: str | None, deadline_s: float) -> dict[str, float]:
    from tests.e2e.conftest import running_server

    with tempfile.TemporaryDirectory(prefix="parlez-soak-") as tmp:
        tmp_path = Path(tmp)
        url = database_url or f"sqlite:///{tmp_path / 'soak.sqlite3'}"
        with running_server(tmp_path, url, "soak") as base:
            rss_before = _rss_mb(base.pid)
            cpu_before, browser_before = _cpu_s(base.pid), _children_cpu_s("chrom")
            began = time.perf_counter()
            outcome = asyncio.run(_drive(str(base), sessions, items, deadline_s))
            wall = time.perf_counter() - began
            rss_after = _rss_mb(base.pid)
            server_cpu = _cpu_s(base.pid) - cpu_before
        stored = _stored(url)
    latencies = sorted(outcome["latencies"]) or [0.0]
    for line in outcome["errors"]:
        print(f"# {line}", file=sys.stderr)
    p95 = latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))]
    return {
        "load_sessions": sessions,
        "load_answers_sent": outcome["sent"],
        "load_answers_stored": stored,
        "load_errors": len(outcome["errors"]),
        "load_answer_p50_ms": round(statistics.median(latencies), 1),
        "load_answer_p95_ms": round(p95, 1),
        "server_rss_mb_per_session": round(max(0.0, rss_after - rss_before) / sessions, 2),
        "load_wall_s": round(wall, 1),
        "load_server_cpu_s": round(server_cpu, 1),
        "load_browser_cpu_s": round(_children_cpu_s("chrom") - browser_before, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--postgres", default=os.environ.get("PARLEZ_SOAK_POSTGRES_URL", ""))
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 100 or not 1 <= args.items <= 200:
        parser.error("--sessions must be 1–100 and --items 1–200")
    runs = [("", None)] + ([("_pg", args.postgres)] if args.postgres else [])
    for suffix, url in runs:
        if url:
            from progress.migrate import upgrade_database

            upgrade_database(url)
        for name, value in run_load(args.sessions, args.items, url, args.timeout).items():
            print(f"{name}{suffix}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
