"""In Chromium: sign up → log in → switch the interface to French → French home → log out."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_up_and_log_in, wait_idle

pytestmark = pytest.mark.browser


def test_sign_up_log_in_french_home_log_out(page):
    sign_up_and_log_in(page, "awa", "Awa Traoré", "une phrase secrète")
    page.get_by_role("heading", name="Welcome, Awa Traoré").wait_for()

    page.locator(".st-key-lang").click()
    page.get_by_role("option", name="Français").click()
    wait_idle(page)
    page.get_by_role("heading", name="Bienvenue, Awa Traoré").wait_for()
    assert page.get_by_text("Mon compte").first.is_visible()

    page.get_by_role("button", name="Se déconnecter").click()
    wait_idle(page)
    page.get_by_role("heading", name="Connexion à Parlez").wait_for()
    assert page.get_by_role("heading", name="Bienvenue, Awa Traoré").count() == 0


def test_wrong_password_message_in_the_browser(page):
    sign_up_and_log_in(page, "kofi", "Kofi", "the right password")
    page.get_by_role("button", name="Log out").click()
    wait_idle(page)
    from tests.e2e.conftest import log_in

    log_in(page, "kofi", "the wrong password")
    page.get_by_text("Wrong username or password.").wait_for()
