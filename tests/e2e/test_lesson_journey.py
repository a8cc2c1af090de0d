"""In Chromium: log in → open unit 1 → play a dialogue line → answer an exercise → mark done → reload →
the course map shows the unit done."""

from __future__ import annotations

from pathlib import Path

import pytest

from library.content import load_library
from tests.e2e.conftest import sign_up_and_log_in, wait_idle

pytestmark = pytest.mark.browser


def test_lesson_play_answer_mark_done_and_reload(page, server):
    sign_up_and_log_in(page, "rahman", "Md. Rahman", "a long passphrase")
    page.get_by_role("link", name="Course").first.click()
    wait_idle(page)
    page.locator(".st-key-course_unit_u01-ranks").get_by_role("link", name="Open").click()
    wait_idle(page)
    page.get_by_role("heading", name="1. Ranks and forms of address").wait_for()

    page.locator(".st-key-lesson_section_u01-ranks").get_by_text("Dialogue", exact=True).click()
    wait_idle(page)
    page.locator(".st-key-dl_u01-ranks_0_0_audio_play button").first.click()
    wait_idle(page)
    audio = page.locator("audio").first
    audio.wait_for(state="attached")
    assert audio.get_attribute("src")

    page.locator(".st-key-lesson_section_u01-ranks").get_by_text("Exercises", exact=True).click()
    wait_idle(page)
    exercise = page.locator(".st-key-lesson_ex_u01-ranks_e1")
    exercise.locator("label").filter(has_text="mon lieutenant").first.click()
    wait_idle(page)
    exercise.get_by_role("button", name="Check").click()
    wait_idle(page)
    exercise.get_by_text("Right!").wait_for()

    page.locator(".st-key-lesson_mark_done button").click()
    wait_idle(page)
    page.get_by_text("You have marked this unit as done.").wait_for()

    page.reload()
    wait_idle(page)
    # A reload opens a new Streamlit session; the sign-in cookie brings the user straight back to the lesson.
    assert page.locator(".st-key-login_username").count() == 0
    page.get_by_role("heading", name="1. Ranks and forms of address").wait_for()
    page.get_by_role("link", name="Back to the course map").click()
    wait_idle(page)
    total = len(load_library(Path("content")).manual.units)
    page.get_by_text(f"1 of {total} units done").wait_for()
    unit = page.locator(".st-key-course_unit_u01-ranks")
    assert unit.locator("[data-testid=stBadge], span").filter(has_text="Done").first.is_visible()
    assert unit.get_by_role("link", name="Resume").is_visible()
