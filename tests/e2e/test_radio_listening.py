"""In Chromium: a learner opens the radio unit, plays a radio listening item through the radio effect at
the level they choose, answers its questions and sees the transcript."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import fill, sign_up_and_log_in, wait_idle

pytestmark = pytest.mark.browser

EXERCISE = "lesson_ex_u05-radio_e41"


def test_play_a_radio_message_and_answer_it(page, server):
    sign_up_and_log_in(page, "okafor", "Ngozi Okafor", "a long passphrase")
    page.get_by_role("link", name="Course").first.click()
    wait_idle(page)
    page.locator(".st-key-course_unit_u05-radio").get_by_role("link", name="Open").click()
    wait_idle(page)
    page.locator(".st-key-lesson_section_u05-radio").get_by_text("Exercises", exact=True).click()
    wait_idle(page)

    item = page.locator(f".st-key-{EXERCISE}")
    item.scroll_into_view_if_needed()
    page.locator(f".st-key-{EXERCISE}_noise").get_by_text("Heavy noise", exact=True).click()
    wait_idle(page)
    page.locator(f".st-key-{EXERCISE}_radio_play button").click()
    wait_idle(page)
    audio = item.locator("audio").first
    audio.wait_for(state="attached")
    source = audio.get_attribute("src")
    assert source
    duration = page.wait_for_function(
        "audio => audio.readyState >= 1 && audio.duration > 1 ? audio.duration : null",
        arg=audio.element_handle(),
    ).json_value()
    assert duration > 3  # the message, the key-up and the squelch tail: a real, playable clip

    assert item.get_by_text("Transcript of the message").count() == 0
    for number, answer in ((1, "Tango Deux"), (2, "carrefour Bravo"), (3, "deux"), (4, "une dépanneuse")):
        fill(page, f"{EXERCISE}_{number}", answer)
    wait_idle(page)
    item.get_by_role("button", name="Check").click()
    wait_idle(page)
    item.get_by_text("4 of 4 right").wait_for()
    item.get_by_text("Transcript of the message").click()
    item.get_by_text("Camion en panne au carrefour Bravo.", exact=False).wait_for()
