"""In Chromium: a visitor opens an analysis chapter and searches it, signs up, fills two cells of the
PMESII × ASCOPE grid, reloads the page (still signed in: the session cookie), finds both cells kept, and
exports the worksheet as Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import fill, log_in, wait_idle

pytestmark = pytest.mark.browser

CELL = ".st-key-ws_w02-pmesii-ascope_tassandie_0_cell_{row}_{col} textarea"
ROAD = "La route de Dassa et son poste de douane (rapport de patrouille)"
HERDERS = "Les éleveurs sélé <b>descendent</b> plus tôt"


def test_read_search_sign_up_fill_reload_export(page, server, tmp_path):
    # A visitor: the public screen, the table of contents, a chapter.
    page.get_by_role("link", name="Strategic analysis").first.click()
    wait_idle(page)
    page.get_by_role("heading", name="Strategic analysis").wait_for()
    page.get_by_role("link", name="2. Describing the environment: PMESII and ASCOPE").click()
    wait_idle(page)
    page.get_by_role("heading", name="2. Describing the environment: PMESII and ASCOPE").wait_for()
    assert "doc=a02-environment" in page.url
    page.get_by_text("PMESII divides the environment into six domains").first.wait_for()

    # Search: the hit is highlighted, and its link opens the paragraph (shareable URL).
    fill(page, "analysis_query", "degré de confiance")
    wait_idle(page)
    page.locator(".st-key-analysis_hit_1").wait_for()
    assert page.locator(".st-key-analysis_hit_1 strong", has_text="degré de confiance").count() >= 1
    page.locator(".st-key-analysis_hit_1").get_by_role("link").click()
    wait_idle(page)
    page.get_by_text("this link points to").wait_for()
    assert page.locator(".st-key-analysis_hit_1").count() == 0  # the results gave way to the paragraph
    assert "p=p" in page.url

    # Sign up from the prompt, then log in.
    page.get_by_role("link", name="Create an account").first.click()
    wait_idle(page)
    fill(page, "signup_username", "analyste")
    fill(page, "signup_display_name", "Awa Traoré")
    fill(page, "signup_password", "une phrase secrète")
    fill(page, "signup_confirm", "une phrase secrète")
    page.get_by_role("button", name="Create my account").click()
    page.get_by_text("Account analyste created").wait_for()
    page.get_by_role("link", name="Log in now").click()
    wait_idle(page)
    log_in(page, "analyste", "une phrase secrète")
    page.get_by_role("heading", name="Welcome, Awa Traoré").wait_for()

    # The worksheet, from a shared link: fill two cells (each saved when the box is left).
    for _ in range(100):  # the sign-in cookie arrives by a fetch after the log-in; wait for it
        if any(c["name"] == "parlez_session" for c in page.context.cookies()):
            break
        page.wait_for_timeout(100)
    page.goto(f"{server}/worksheet?sheet=w02-pmesii-ascope&case=tassandie")
    wait_idle(page)
    page.get_by_role("heading", name="Analysis worksheets").wait_for()  # the cookie keeps the sign-in
    for (row, col), text in (((2, 1), ROAD), ((3, 4), HERDERS)):
        box = page.locator(CELL.format(row=row, col=col))
        box.fill(text)
        box.press("Tab")
        wait_idle(page)
    page.get_by_text("Saved · version 2").wait_for()

    # Reload: a new Streamlit session, still signed in; the page comes back with both cells.
    page.reload()
    wait_idle(page)
    assert page.locator(".st-key-login_username").count() == 0
    page.get_by_role("heading", name="Analysis worksheets").wait_for()
    assert page.locator(CELL.format(row=2, col=1)).input_value() == ROAD
    assert page.locator(CELL.format(row=3, col=4)).input_value() == HERDERS

    # Export it.
    with page.expect_download() as download_info:
        page.locator(".st-key-ws_export_one_md button").click()
    target = Path(tmp_path) / "sheet.md"
    download_info.value.save_as(target)
    exported = target.read_text(encoding="utf-8")
    assert download_info.value.suggested_filename == "parlez-w02-pmesii-ascope-tassandie.md"
    assert "La route de Dassa et son poste de douane (rapport de patrouille)" in exported
    assert "\\<b\\>descendent\\</b\\>" in exported  # the learner's markup, escaped
    assert "<b>" not in exported
