"""In Chromium: a visitor filters the training directory by country and language, opens a centre and
downloads a session's calendar file; a centre manager adds a session and sees it listed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from access.roles import Role
from directory.loader import load_directory
from progress.db import Database
from services import directory as service
from tests.e2e.conftest import fill, log_in, wait_idle
from tests.helpers import PASSWORD, make_user

pytestmark = pytest.mark.browser
DIRECTORY = load_directory(Path(__file__).resolve().parents[2] / "content")


def _prepare(server) -> dict:
    db = Database(server.database_url)
    now = datetime.now(UTC)
    soon = now.date() + timedelta(days=30)
    try:
        admin = make_user(db, "chief", now, Role.ADMIN)
        manager = make_user(db, "manager", now)
        with db.transaction() as session:
            service.attach_manager(session, admin.id, manager.id, "empabb", DIRECTORY, now)
            made = {}
            for key, centre, title, languages in (
                ("bamako", "empabb", "Protection des civils", ["fr"]),
                ("bamako_en", "empabb", "Genre et maintien de la paix", ["fr", "en"]),
                ("awae", "eiforces", "Unités de police constituées", ["fr", "en"]),
                ("thies", "eai", "Cours d'état-major", ["fr"]),
            ):
                made[key] = service.create_session(
                    session, admin.id,
                    {"centre": centre, "title_fr": title, "start": soon, "end": soon + timedelta(days=9),
                     "delivery": "residence", "languages": languages, "audiences": ["military"],
                     "level": "specialised", "status": "open"},
                    DIRECTORY, now,
                )  # fmt: skip
    finally:
        db.dispose()
    return made


def _choose(page, key: str, text: str) -> None:
    page.locator(f".st-key-{key} input").first.click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_idle(page)


def test_a_visitor_filters_opens_a_centre_and_downloads_a_calendar_file(page, server, tmp_path):
    made = _prepare(server)
    page.get_by_role("link", name="Training directory").first.click()
    wait_idle(page)
    page.get_by_role("heading", name="Training directory").wait_for()
    results = page.locator("[class*='st-key-directory_result_']")
    assert results.count() == 4
    _choose(page, "directory_country", "Mali")
    page.wait_for_function("() => location.search.includes('country=ML')")
    assert results.count() == 2
    _choose(page, "directory_language", "English")
    page.wait_for_function("() => location.search.includes('language=en')")
    assert results.count() == 1
    results.first.get_by_text("Genre et maintien de la paix").wait_for()
    # the filtered view is in the URL: a fresh visit to it shows the same
    shared = page.url
    page.goto(shared)
    wait_idle(page)
    page.locator("[class*='st-key-directory_result_']").first.get_by_text(
        "Genre et maintien de la paix"
    ).wait_for()
    assert page.locator("[class*='st-key-directory_result_']").count() == 1
    page.get_by_role("link", name="Open EMPABB").first.click()
    wait_idle(page)
    page.get_by_role("heading", name="École de maintien de la paix Alioune Blondin Beye (EMPABB)").wait_for()
    button = page.locator(f".st-key-directory_ics_{made['bamako_en'].id} button")
    with page.expect_download() as download_info:
        button.click()
    saved = tmp_path / "session.ics"
    download_info.value.save_as(saved)
    calendar = Calendar.from_ical(saved.read_bytes())
    (event,) = list(calendar.walk("VEVENT"))
    assert str(event["uid"]) == f"session-{made['bamako_en'].id}@directory.parlez"
    assert str(event["location"]) == "Bamako, Mali"


def test_a_centre_manager_adds_a_session_and_sees_it_listed(page, server):
    _prepare(server)
    log_in(page, "manager", PASSWORD)
    page.get_by_role("link", name="Centre sessions").first.click()
    wait_idle(page)
    page.get_by_role("heading", name="Centre sessions").first.wait_for()
    page.locator(".st-key-directory_manage_new button").click()
    wait_idle(page)
    fill(page, "directory_form_new_title_fr", "Logistique des opérations de paix")
    fill(page, "directory_form_new_code", "LOG 2027-1")
    page.get_by_role("button", name="Save").click()
    wait_idle(page)
    page.get_by_text("Session LOG 2027-1 created.").wait_for()
    rows = page.locator("[class*='st-key-directory_manage_row_']")
    rows.filter(has_text="Logistique des opérations de paix").first.wait_for()
    assert rows.count() == 3  # the two sessions of EMPABB already there, and the new one


def test_offline_the_map_still_shows_its_points_and_the_table(page, server):
    _prepare(server)
    page.goto(f"{server}/directory?view=map")
    wait_idle(page)
    page.locator("[data-testid='stDeckGlJsonChart']").first.wait_for()
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stDeckGlJsonChart'] canvas").count() >= 1
