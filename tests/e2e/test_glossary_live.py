"""In Chromium: glossary results appear while typing (no Enter), and a term's card plays its audio."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_up_and_log_in, wait_idle

pytestmark = pytest.mark.browser


def test_results_as_you_type_and_audio_on_the_card(page):
    sign_up_and_log_in(page, "okafor", "Okafor", "a long passphrase")
    page.get_by_role("link", name="Glossary").first.click()
    wait_idle(page)
    page.locator(".st-key-glossary_query input").press_sequentially("capor", delay=60)
    first = page.locator("[class*='st-key-glossary_pick_']").first
    first.filter(has_text="le caporal —").wait_for()
    card = page.locator(".st-key-glossary_card")
    card.get_by_role("heading", name="le caporal").wait_for()
    card.locator("[class*='_audio_play'] button").first.click()
    wait_idle(page)
    assert card.locator("audio").first.get_attribute("src")
