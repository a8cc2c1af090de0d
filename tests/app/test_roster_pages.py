"""The roster's pages for every role (AppTest): the public counts, the expert's profile and consent, the
partner's request and shortlist, the managers' queue, matching, expert list and audit, the notifications
and the bell. Hidden fields are looked for in everything each page renders."""

from __future__ import annotations

import re

import pytest

from access.roles import Grant
from roster.model import CONSENT_VERSION
from roster.workflow import ProposalState, RequestState
from services import notifications, roster
from tests.app.conftest import open_app
from tests.roster_support import (
    CANARY_EMAIL_DOMAIN,
    CANARY_EMPLOYER,
    CANARY_PHONE,
    listed_expert,
    make_people,
    sent_shortlist,
)

HIDDEN = (CANARY_EMPLOYER, CANARY_EMAIL_DOMAIN, CANARY_PHONE)
ROSTER_PAGES = {
    "app_pages/roster_expert.py": Grant.EXPERT,
    "app_pages/roster_requests.py": Grant.PARTNER,
    "app_pages/roster_manage.py": Grant.ROSTER_MANAGER,
    "app_pages/roster_experts.py": Grant.ROSTER_MANAGER,
    "app_pages/roster_audit.py": Grant.ROSTER_MANAGER,
}
WHO = {Grant.EXPERT: "awa", Grant.PARTNER: "partner", Grant.ROSTER_MANAGER: "manager"}


@pytest.fixture
def now():
    """The real clock, not the suite's fixed date: the pages match against today (start dates, notice,
    six-month confirmation), so the test data must be dated from today too."""
    from datetime import UTC, datetime

    return datetime.now(UTC)


@pytest.fixture
def people(app_db, now):
    return make_people(app_db, now)


@pytest.fixture
def shortlisted(app_db, now, people):
    """Awa and Kofi listed and vetted, proposed on the partner's request, whose shortlist is sent."""
    awa = listed_expert(app_db, people, "awa", now)
    kofi = listed_expert(app_db, people, "kofi", now)
    request_id = sent_shortlist(app_db, people, now, [awa, kofi])
    with app_db.reading() as session:
        proposals = {
            p.expert_id: p.id for p in roster.proposals_for(session, people["manager"].id, request_id)
        }
    return {"awa": awa, "kofi": kofi, "request": request_id, "proposals": proposals}


def rendered(at) -> str:
    """Every element the run produced, as the text a reader sees (Markdown escapes removed, data frames
    included; any element without a text value as its raw message)."""
    parts: list[str] = []

    def walk(node) -> None:
        for attribute in ("value", "label", "body", "help"):
            try:
                found = getattr(node, attribute, None)
            except Exception:  # noqa: BLE001 - some elements compute values lazily
                found = None
            if isinstance(found, str):
                parts.append(found)
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    parts.extend(frame.value.to_string() for frame in at.dataframe)
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))


def page(user, path, lang="en", **query):
    at = open_app(user, lang=lang)
    for key, value in query.items():
        at.query_params[key] = str(value)
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def button(at, key):
    return at.button(key=key)


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize("path", list(ROSTER_PAGES), ids=lambda p: p.split("/")[-1])
def test_every_roster_page_renders_with_data_for_its_grant_holder(people, shortlisted, path, lang):
    at = page(people[WHO[ROSTER_PAGES[path]]], path, lang)
    assert at.title
    for marker in HIDDEN if path != "app_pages/roster_expert.py" else ():
        assert marker not in rendered(at), marker


@pytest.mark.parametrize(
    ("who", "forbidden"),
    [
        ("outsider", list(ROSTER_PAGES)),
        ("awa", [p for p, g in ROSTER_PAGES.items() if g is not Grant.EXPERT]),
        ("partner", [p for p, g in ROSTER_PAGES.items() if g is not Grant.PARTNER]),
        ("manager", ["app_pages/roster_expert.py", "app_pages/roster_requests.py"]),
    ],
)
def test_roster_pages_are_not_reachable_without_their_grant(people, who, forbidden):
    at = open_app(people[who])
    for path in forbidden:
        with pytest.raises(ValueError):
            at.switch_page(path)


def test_the_public_page_shows_counts_only_and_lets_a_member_join(app_db, now, people):
    for who in ("awa", "kofi", "lucia"):
        listed_expert(app_db, people, who, now)
    visitor = open_app()
    visitor.switch_page("app_pages/roster_public.py").run()
    assert not visitor.exception
    assert visitor.title[0].value == "Roster of francophone experts"
    assert visitor.metric[0].value == "3"
    shown = rendered(visitor)
    for marker in (*HIDDEN, "Awa", "Kofi", "Lucia", "Exemple"):
        assert marker not in shown
    assert "Elections" in shown and "fewer than" not in shown
    # a learner joins the roster from here: the expert grant, then the profile page opens to them
    outsider = people["outsider"]
    at = page(outsider, "app_pages/roster_public.py")
    button(at, "roster_join").click().run()
    assert not at.exception
    with app_db.reading() as session:
        from services import accounts

        assert Grant.EXPERT in accounts.get_user(session, outsider.id).grants
    at.switch_page("app_pages/roster_expert.py").run()
    assert not at.exception and at.title[0].value == "My expert profile"


def test_an_expert_fills_a_profile_and_consents_through_the_page(app_db, now, people):
    awa = people["awa"]
    at = page(awa, "app_pages/roster_expert.py")
    at.text_input(key="roster_p_full_name").input("Awa Traoré")
    at.selectbox(key="roster_p_nationality").set_value("SN")
    at.multiselect(key="roster_p_languages").set_value(["fr", "en"]).run()
    at.selectbox(key="roster_p_speak_fr").set_value("C2")
    at.selectbox(key="roster_p_write_fr").set_value("C1")
    at.multiselect(key="roster_p_domains").set_value(["mediation", "elections"])
    at.number_input(key="roster_p_years").set_value(12)
    at.checkbox(key="roster_p_remote").check()
    at.text_input(key="roster_p_email").input("awa@example.org")
    button(at, "roster_p_save").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "Your profile is saved and confirmed."
    assert at.button(key="roster_consent").disabled  # until the box is ticked
    at.checkbox(key="roster_consent_agree").check().run()
    button(at, "roster_consent").click().run()
    assert at.success[0].value == "Thank you: your consent is recorded."
    with app_db.reading() as session:
        profile = roster.my_profile(session, awa.id, now)
    assert profile.fields.full_name == "Awa Traoré"
    assert [(s.code, s.speaking.name, s.writing.name) for s in profile.fields.languages] == [
        ("fr", "C2", "C1"),
        ("en", "B2", "B2"),
    ]
    assert profile.consent.version == CONSENT_VERSION and profile.listed
    assert profile.vetting.value == "pending"


def test_a_wrong_profile_names_the_field(people):
    # (AppTest cannot set widgets whose labels depend on a non-English session, so English here)
    at = page(people["awa"], "app_pages/roster_expert.py")
    at.text_input(key="roster_p_full_name").input("Awa")
    button(at, "roster_p_save").click().run()
    assert at.error[0].value == "Please fill in: Languages."


def test_an_expert_answers_a_proposal_from_the_page(app_db, now, people, shortlisted):
    at = page(people["awa"], "app_pages/roster_expert.py")
    proposal = shortlisted["proposals"][shortlisted["awa"]]
    button(at, f"roster_answer_{proposal}_interested").click().run()
    assert not at.exception and at.success[0].value == "Your answer is recorded."
    with app_db.reading() as session:
        assert roster.my_proposals(session, people["awa"].id)[0].state is ProposalState.INTERESTED


def test_a_partner_files_a_request_through_the_page(app_db, now, people):
    partner = people["partner"]
    at = page(partner, "app_pages/roster_requests.py")
    at.text_input(key="roster_new_institution").input("Mission d'appui")
    at.text_input(key="roster_new_contact").input("Jean Dupont")
    at.text_area(key="roster_new_mandate").input("Résolution 2100")
    at.text_area(key="roster_new_need").input("Un médiateur")
    at.text_area(key="roster_new_reason").input("Élections")
    at.multiselect(key="roster_new_domains").set_value(["mediation"])
    at.text_input(key="roster_new_place").input("Gao")
    at.selectbox(key="roster_new_country").set_value("ML")
    at.text_input(key="roster_new_funding").input("Bailleur")
    button(at, "roster_new_create").click().run()
    assert not at.exception, at.exception
    with app_db.reading() as session:
        mine = roster.my_requests(session, partner.id)
    assert [(r.place, r.state) for r in mine] == [("Gao", RequestState.DRAFT)]
    button(at, f"roster_requests_move_{mine[0].id}_submitted").click().run()
    assert not at.exception and at.success[0].value == "Done."
    with app_db.reading() as session:
        assert roster.my_requests(session, partner.id)[0].state is RequestState.SUBMITTED


def test_the_partner_sees_the_anonymised_line_until_the_expert_agrees(app_db, now, people, shortlisted):
    partner = people["partner"]
    at = page(partner, "app_pages/roster_requests.py", request=shortlisted["request"])
    shown = rendered(at)
    assert "Expert A" in shown and "Expert B" in shown
    for marker in (*HIDDEN, "Awa", "Kofi", "Exemple"):
        assert marker not in shown, marker
    awa_proposal = shortlisted["proposals"][shortlisted["awa"]]
    with pytest.raises(KeyError):
        at.button(key=f"roster_open_{awa_proposal}")
    with app_db.transaction() as session:
        roster.move_proposal(
            session, people["awa"].id, awa_proposal, ProposalState.INTERESTED, "proposed", now
        )
    at.run()
    assert "Awa" not in rendered(at)  # still only the line, until the partner opens the profile
    button(at, f"roster_open_{awa_proposal}").click().run()
    assert not at.exception
    assert "Awa Exemple" in rendered(at) and CANARY_EMPLOYER in rendered(at)
    at.run()  # shown in the run of the click only
    assert "Awa Exemple" not in rendered(at)
    with app_db.reading() as session:
        views = [a for a in roster.audit_log(session, people["manager"].id) if a.action == "profile_view"]
    assert [(v.actor, v.expert_id) for v in views] == [("partner", shortlisted["awa"])]


def test_a_manager_screens_matches_and_proposes_from_the_page(app_db, now, people):
    awa = listed_expert(app_db, people, "awa", now)
    from tests.roster_support import request_in_search

    request_id = request_in_search(app_db, people, now)
    manager = people["manager"]
    at = page(manager, "app_pages/roster_manage.py", request=request_id)
    shown = rendered(at)
    assert "Awa Exemple" in shown and "100/100" in shown
    assert "Domains 40/40: 1 of 1 asked (Mediation)" in shown
    assert "Diversity of this list (not used to rank it): 1 experts, 1 nationalities" in shown
    for marker in HIDDEN:
        assert marker not in shown
    button(at, f"roster_propose_{awa}").click().run()
    assert not at.exception and at.success[0].value == "The expert is proposed and asked whether they agree."
    button(at, f"roster_manage_move_{request_id}_shortlist_sent").click().run()
    assert not at.exception
    with app_db.reading() as session:
        assert roster.get_request(session, manager.id, request_id).state is RequestState.SHORTLIST_SENT


def test_a_refused_move_is_explained_with_the_states_named(app_db, now, people):
    from tests.roster_support import request_in_search

    request_id = request_in_search(app_db, people, now)
    at = page(people["manager"], "app_pages/roster_manage.py", request=request_id)
    button(at, f"roster_manage_move_{request_id}_shortlist_sent").click().run()
    assert (
        at.error[0].value == "Propose at least one expert who has not declined before sending the shortlist."
    )
    button(at, f"roster_manage_move_{request_id}_cancelled").click().run()
    assert at.error[0].value == "Give a reason to move it to “Cancelled”."


def test_the_experts_page_flags_unconfirmed_profiles_and_records_a_vetting(app_db, now, people):
    from datetime import timedelta

    from roster.model import CONFIRM_EVERY

    kofi = listed_expert(app_db, people, "kofi", now - CONFIRM_EVERY - timedelta(days=3), vet=False)
    at = page(people["manager"], "app_pages/roster_experts.py")
    assert "⚠ not confirmed" in at.dataframe[0].value.to_string()
    assert at.warning[0].value.startswith("This profile is not confirmed")
    for marker in HIDDEN:
        assert marker not in rendered(at)
    at.selectbox(key=f"roster_experts_status_{kofi}").set_value("vetted")
    button(at, "roster_experts_save").click().run()
    assert not at.exception
    with app_db.reading() as session:
        row = roster.list_experts(session, people["manager"].id, now)[0]
    assert row.vetting.value == "vetted"


def test_the_audit_page_lists_the_moves(people, shortlisted):
    at = page(people["manager"], "app_pages/roster_audit.py")
    table = at.dataframe[0].value.to_string()
    assert "Request moved" in table and "Search → Anonymised shortlist sent" in table
    for marker in (*HIDDEN, "Exemple"):
        assert marker not in rendered(at)


def test_the_bell_counts_unread_notices_and_the_page_marks_them_read(app_db, now, people, shortlisted):
    awa = people["awa"]
    with app_db.reading() as session:
        unread = notifications.unread_count(session, awa.id)
    assert unread >= 2  # vetted, proposed
    at = open_app(awa)
    links = [link.label for link in at.sidebar.get("page_link")]
    assert f"Notifications ({unread})" in links
    at.switch_page("app_pages/notifications.py").run()
    assert not at.exception
    assert any("You are proposed for a request in Gao" in text.value for text in at.text)
    at.run()
    assert "Notifications" in [link.label for link in at.sidebar.get("page_link")]
    with app_db.reading() as session:
        assert notifications.unread_count(session, awa.id) == 0


def test_a_learner_with_no_grant_and_no_notice_sees_no_bell(people):
    at = open_app(people["outsider"])
    assert not [link for link in at.sidebar.get("page_link") if "Notifications" in link.label]
