"""In Chromium: an expert signs up, joins the roster, fills a profile and consents → a partner files a
request → a roster manager screens it and shortlists the expert → the partner sees only the anonymised
line until the expert agrees to be proposed, then opens the full profile."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from access.roles import Grant, Role
from progress.db import Database
from progress.models import RosterExpert
from services import accounts, roster
from tests.e2e.conftest import fill, log_in, open_page, sign_up_and_log_in, wait_idle
from tests.helpers import PASSWORD, make_user

pytestmark = pytest.mark.browser


def choose(page, key: str, typed: str, option: str, *, many: bool = False) -> None:
    """Pick ``option`` in the select box (or, ``many``, the multiselect) with ``key``; typing filters long
    lists. A multiselect's list stays open: Escape closes it (on a select box it would undo the choice)."""
    page.locator(f".st-key-{key} input").first.click()
    page.keyboard.type(typed)
    page.get_by_role("option", name=option, exact=True).first.click()
    if many:
        page.keyboard.press("Escape")
    wait_idle(page)


def click(page, key: str) -> None:
    page.locator(f".st-key-{key} button").click()
    wait_idle(page)


def open_screen(page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).first.click()
    wait_idle(page)


def test_expert_partner_and_manager_from_request_to_consented_profile(browser, server):
    db = Database(server.database_url)
    now = datetime.now(UTC)
    admin = make_user(db, "chief", now, Role.ADMIN)
    partner = make_user(db, "dupont", now, name="Jean Dupont")
    manager = make_user(db, "morel", now, name="Claire Morel")
    with db.transaction() as session:
        accounts.set_grant(session, admin.id, partner.id, Grant.PARTNER, True, now)
        accounts.set_grant(session, admin.id, manager.id, Grant.ROSTER_MANAGER, True, now)

    # the expert signs up, joins the roster from its public page, fills a profile and consents
    expert_context, expert = open_page(browser, server)
    sign_up_and_log_in(expert, "awa", "Awa Traoré", "une phrase secrète")
    open_screen(expert, "Expert roster")
    expert.get_by_role("heading", name="Roster of francophone experts").wait_for()
    click(expert, "roster_join")
    open_screen(expert, "Open my expert profile")
    expert.get_by_role("heading", name="My expert profile").wait_for()
    choose(expert, "roster_p_nationality", "Seneg", "Senegal")
    choose(expert, "roster_p_languages", "Fren", "French", many=True)
    choose(expert, "roster_p_domains", "Media", "Mediation", many=True)
    fill(expert, "roster_p_email", "awa@example.org")
    click(expert, "roster_p_save")
    expert.get_by_text("Your profile is saved and confirmed.").wait_for()
    expert.locator(".st-key-roster_consent_agree label").click()
    wait_idle(expert)
    click(expert, "roster_consent")
    expert.get_by_text("Thank you: your consent is recorded.").wait_for()
    with db.transaction() as session:  # vetting is a manager's check of the person, done off-screen here
        expert_id = session.scalar(select(RosterExpert.id))
        roster.set_vetting(session, manager.id, expert_id, "vetted", now)

    # the partner files a request and submits it
    partner_context, partner_page = open_page(browser, server)
    log_in(partner_page, "dupont", PASSWORD)
    open_screen(partner_page, "Expert requests")
    fill(partner_page, "roster_new_institution", "Mission d'appui au dialogue")
    fill(partner_page, "roster_new_contact", "Jean Dupont")
    for key, text in (
        ("mandate", "Résolution 2100"),
        ("need", "Un médiateur"),
        ("reason", "Élections locales"),
    ):
        area = partner_page.locator(f".st-key-roster_new_{key} textarea")
        area.fill(text)
        area.press("Tab")
        wait_idle(partner_page)
    choose(partner_page, "roster_new_domains", "Media", "Mediation", many=True)
    fill(partner_page, "roster_new_place", "Gao")
    choose(partner_page, "roster_new_country", "Mal", "Mali")
    fill(partner_page, "roster_new_funding", "Bailleur bilatéral")
    click(partner_page, "roster_new_create")
    partner_page.get_by_text("Your request is saved as a draft").wait_for()
    with db.reading() as session:
        request_id = roster.my_requests(session, partner.id)[0].id
    click(partner_page, f"roster_requests_move_{request_id}_submitted")
    partner_page.get_by_text("Done.").wait_for()

    # the manager screens it, finds the expert, shortlists her and sends the anonymised shortlist
    manager_context, manager_page = open_page(browser, server)
    log_in(manager_page, "morel", PASSWORD)
    open_screen(manager_page, "Roster: requests")
    click(manager_page, f"roster_manage_move_{request_id}_under_review")
    click(manager_page, f"roster_manage_move_{request_id}_search")
    manager_page.get_by_text("Awa Traoré").first.wait_for()
    click(manager_page, f"roster_propose_{expert_id}")
    manager_page.get_by_text("The expert is proposed and asked whether they agree.").wait_for()
    click(manager_page, f"roster_manage_move_{request_id}_shortlist_sent")
    manager_page.get_by_text("Done.").wait_for()

    # the partner sees an anonymised line only
    open_screen(partner_page, "Expert requests")
    partner_page.get_by_text("Expert A", exact=True).wait_for()
    partner_page.get_by_text("The full profile will be shown once this expert agrees").wait_for()
    assert partner_page.get_by_text("Awa").count() == 0
    assert partner_page.get_by_text("awa@example.org").count() == 0

    # the expert agrees to be proposed (the notice of it is on her bell)
    with db.reading() as session:
        expert_user = session.scalar(select(RosterExpert.user_id).where(RosterExpert.id == expert_id))
        proposal_id = roster.my_proposals(session, expert_user)[0].id
    open_screen(expert, "Home")
    expert.get_by_role("link", name="Notifications (2)").click()
    wait_idle(expert)
    expert.get_by_text("You are proposed for a request in Gao").wait_for()
    open_screen(expert, "My expert profile")
    click(expert, f"roster_answer_{proposal_id}_interested")
    expert.get_by_text("Your answer is recorded.").wait_for()

    # now the partner may open the full profile
    open_screen(partner_page, "Expert requests")
    click(partner_page, f"roster_open_{proposal_id}")
    partner_page.get_by_role("heading", name="Awa Traoré").wait_for()
    partner_page.get_by_text("awa@example.org").first.wait_for()
    for context in (expert_context, partner_context, manager_context):
        context.close()
    db.dispose()
