"""Who sees what on the roster, checked through the services with the wrong users, on both databases:
a partner never reads an unconsented profile; hidden fields never appear in a list, a search result, a
shortlist, the dashboard, an export or a notification; a deleted expert and a withdrawn consent leave
matching and shortlists."""

from __future__ import annotations

from datetime import timedelta

import pytest

from roster.model import CONFIRM_EVERY, CONSENT_VERSION
from roster.workflow import ProposalState, RequestState
from services import notifications, roster
from services.errors import InvalidInput, NotFound, PermissionDenied, ServiceError
from tests.roster_support import (
    CANARY_EMAIL_DOMAIN,
    CANARY_EMPLOYER,
    CANARY_PHONE,
    listed_expert,
    make_people,
    profile_form,
    request_in_search,
    sent_shortlist,
)

S, PS = RequestState, ProposalState
HIDDEN = (CANARY_EMPLOYER, CANARY_EMAIL_DOMAIN, CANARY_PHONE)


@pytest.fixture
def people(db, now):
    return make_people(db, now)


def assert_no_hidden_field(shown: object, *also: str) -> None:
    text = repr(shown) if not isinstance(shown, bytes) else shown.decode("utf-8-sig")
    for marker in (*HIDDEN, *also):
        assert marker not in text, marker


def _proposal_id(db, people, request_id, expert_id):
    with db.reading() as session:
        return next(
            p.id
            for p in roster.proposals_for(session, people["manager"].id, request_id)
            if p.expert_id == expert_id
        )


def test_a_partner_sees_an_anonymised_line_until_the_expert_agrees(db, now, people):
    awa = listed_expert(db, people, "awa", now)
    request_id = sent_shortlist(db, people, now, [awa])
    proposal = _proposal_id(db, people, request_id, awa)
    partner = people["partner"].id
    with db.reading() as session:
        lines = roster.shortlist(session, partner, request_id, now)
    assert [(line.line.alias, line.profile_available) for line in lines] == [("A", False)]
    assert_no_hidden_field(lines, "Awa", "Traoré", "SN", "MINUSMA", "woman", "Cours de médiation")
    with pytest.raises(PermissionDenied) as refusal, db.transaction() as session:
        roster.view_proposed_profile(session, partner, proposal, now)
    assert refusal.value.key == "roster.errors.profile_not_shared"

    with db.transaction() as session:
        roster.move_proposal(session, people["awa"].id, proposal, PS.INTERESTED, PS.PROPOSED, now)
    with db.transaction() as session:
        assert roster.shortlist(session, partner, request_id, now)[0].profile_available
        profile = roster.view_proposed_profile(session, partner, proposal, now)
    assert profile.fields.full_name == "Awa Exemple" and profile.fields.employer == CANARY_EMPLOYER
    with db.reading() as session:
        views = [a for a in roster.audit_log(session, people["manager"].id) if a.action == "profile_view"]
    assert [(v.actor, v.request_id, v.expert_id) for v in views] == [("partner", request_id, awa)]


def test_a_declined_or_unsent_proposal_is_never_shown_in_full(db, now, people):
    awa, kofi = listed_expert(db, people, "awa", now), listed_expert(db, people, "kofi", now)
    request_id = request_in_search(db, people, now)
    with db.transaction() as session:
        roster.propose_expert(session, people["manager"].id, request_id, awa, now)
        roster.propose_expert(session, people["manager"].id, request_id, kofi, now)
    awa_proposal = _proposal_id(db, people, request_id, awa)
    kofi_proposal = _proposal_id(db, people, request_id, kofi)
    with db.transaction() as session:
        roster.move_proposal(session, people["awa"].id, awa_proposal, PS.INTERESTED, PS.PROPOSED, now)
    partner = people["partner"].id
    with db.transaction() as session:
        # interested, but the shortlist is not sent yet: the partner sees nothing at all
        assert roster.shortlist(session, partner, request_id, now) == []
        with pytest.raises(PermissionDenied):
            roster.view_proposed_profile(session, partner, awa_proposal, now)
        roster.move_request(session, people["manager"].id, request_id, S.SHORTLIST_SENT, S.SEARCH, now)
    with db.transaction() as session:
        roster.move_proposal(session, people["kofi"].id, kofi_proposal, PS.DECLINED, PS.PROPOSED, now)
    with db.transaction() as session:
        assert [line.line.alias for line in roster.shortlist(session, partner, request_id, now)] == ["A"]
        with pytest.raises(PermissionDenied):
            roster.view_proposed_profile(session, partner, kofi_proposal, now)


def test_another_partner_reaches_nothing_of_a_request(db, now, people):
    awa = listed_expert(db, people, "awa", now)
    request_id = sent_shortlist(db, people, now, [awa])
    proposal = _proposal_id(db, people, request_id, awa)
    with db.transaction() as session:
        roster.move_proposal(session, people["awa"].id, proposal, PS.INTERESTED, PS.PROPOSED, now)
    other = people["partner2"].id
    with db.transaction() as session:
        for action in (
            lambda: roster.get_request(session, other, request_id),
            lambda: roster.shortlist(session, other, request_id, now),
            lambda: roster.view_proposed_profile(session, other, proposal, now),
            lambda: roster.terms_file(session, other, request_id),
            lambda: roster.request_moves(session, other, request_id),
            lambda: roster.move_request(session, other, request_id, S.CANCELLED, S.SHORTLIST_SENT, now, "x"),
            lambda: roster.move_proposal(session, other, proposal, PS.RETAINED, PS.INTERESTED, now),
        ):
            with pytest.raises(NotFound):
                action()
        assert roster.my_requests(session, other) == []


def test_services_refuse_every_wrong_user(db, now, people):
    awa = listed_expert(db, people, "awa", now)
    request_id = sent_shortlist(db, people, now, [awa])
    proposal = _proposal_id(db, people, request_id, awa)
    partner, expert, outsider = people["partner"].id, people["awa"].id, people["outsider"].id
    manager_only = [
        lambda s, u: roster.list_experts(s, u, now),
        lambda s, u: roster.view_expert_profile(s, u, awa, now),
        lambda s, u: roster.match_experts(s, u, request_id, now),
        lambda s, u: roster.propose_expert(s, u, request_id, awa, now),
        lambda s, u: roster.proposals_for(s, u, request_id),
        lambda s, u: roster.set_vetting(s, u, awa, "suspended", now),
        lambda s, u: roster.list_requests(s, u),
        lambda s, u: roster.audit_log(s, u),
        lambda s, u: roster.export_audit(s, u, "csv", now),
        lambda s, u: roster.dashboard(s, u, now),
        lambda s, u: roster.remind_unconfirmed(s, now, actor_id=u),
    ]
    expert_only = [
        lambda s, u: roster.my_profile(s, u, now),
        lambda s, u: roster.save_my_profile(s, u, {}, now),
        lambda s, u: roster.confirm_my_profile(s, u, now),
        lambda s, u: roster.give_consent(s, u, CONSENT_VERSION, now),
        lambda s, u: roster.withdraw_consent(s, u, now),
        lambda s, u: roster.export_my_data(s, u, "json", now),
        lambda s, u: roster.delete_my_data(s, u, now),
        lambda s, u: roster.my_proposals(s, u),
    ]
    partner_only = [
        lambda s, u: roster.create_request(s, u, {}, now),
        lambda s, u: roster.my_requests(s, u),
    ]
    for action, wrong in [
        *((a, (partner, expert, outsider)) for a in manager_only),
        *((a, (partner, people["manager"].id, outsider)) for a in expert_only),
        *((a, (expert, outsider)) for a in partner_only),
    ]:
        for user in wrong:
            with pytest.raises(PermissionDenied), db.transaction() as session:
                action(session, user)
    # the expert, the outsider and the manager cannot answer for the expert; the partner cannot yet retain
    for user in (partner, outsider, people["kofi"].id):
        with pytest.raises(ServiceError), db.transaction() as session:
            roster.move_proposal(session, user, proposal, PS.INTERESTED, PS.PROPOSED, now)
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        roster.move_proposal(session, people["manager"].id, proposal, PS.INTERESTED, PS.PROPOSED, now)
    assert refusal.value.key == "roster.errors.move_not_yours"
    # a partner cannot act as a manager on their own request
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        roster.move_request(session, partner, request_id, S.PROFILES_SHARED, S.SHORTLIST_SENT, now)
    assert refusal.value.key == "roster.errors.move_not_yours"


def _everything_listed_or_exported(db, now, people, request_id) -> list[object]:
    """What every list view, search result, shortlist, dashboard and export shows, to every role."""
    manager, partner = people["manager"].id, people["partner"].id
    shown: list[object] = []
    with db.transaction() as session:
        shown += [
            roster.list_experts(session, manager, now),
            roster.match_experts(session, manager, request_id, now),
            roster.proposals_for(session, manager, request_id),
            roster.shortlist(session, manager, request_id, now),
            roster.shortlist(session, partner, request_id, now),
            roster.list_requests(session, manager),
            roster.my_requests(session, partner),
            roster.get_request(session, partner, request_id),
            roster.dashboard(session, manager, now),
            roster.audit_log(session, manager),
            roster.export_audit(session, manager, "csv", now),
            roster.export_audit(session, manager, "json", now),
            roster.public_counts(session, now),
        ]
        for person in people.values():
            for notice in notifications.list_notifications(session, person.id):
                shown.append(notifications.text(notice.kind, notice.params, "en"))
                shown.append(notifications.text(notice.kind, notice.params, "fr"))
    return shown


def test_hidden_fields_never_appear_in_lists_search_results_shortlists_dashboards_exports(db, now, people):
    awa, kofi = listed_expert(db, people, "awa", now), listed_expert(db, people, "kofi", now)
    request_id = sent_shortlist(db, people, now, [awa, kofi])
    with db.transaction() as session:
        proposal = _proposal_id(db, people, request_id, awa)
        roster.move_proposal(session, people["awa"].id, proposal, PS.INTERESTED, PS.PROPOSED, now)
    shown = _everything_listed_or_exported(db, now, people, request_id)
    assert len(shown) > 13
    for item in shown:
        assert_no_hidden_field(item)
    partner_views = shown[4], shown[6], shown[7]
    for item in partner_views:
        assert_no_hidden_field(item, "Awa", "Kofi", "Exemple")
    assert_no_hidden_field(shown[-1], "Exemple")  # notifications name nobody
    assert_no_hidden_field(shown[12], "Exemple")  # public counts
    for export in shown[10:12]:
        assert_no_hidden_field(export, "Exemple")  # the audit export has ids, not names
    # the control: the expert's own export does carry them (so the markers would be seen if they leaked)
    with db.transaction() as session:
        own = roster.export_my_data(session, people["awa"].id, "csv", now).decode("utf-8-sig")
    assert CANARY_EMPLOYER in own and CANARY_PHONE in own and CANARY_EMAIL_DOMAIN in own


def test_a_deleted_expert_disappears_from_matching_lists_exports_and_shortlists(db, now, people):
    awa, kofi = listed_expert(db, people, "awa", now), listed_expert(db, people, "kofi", now)
    request_id = sent_shortlist(db, people, now, [awa, kofi])
    manager = people["manager"].id
    with db.transaction() as session:
        roster.view_expert_profile(session, manager, awa, now)
        roster.delete_my_data(session, people["awa"].id, now)
    with db.transaction() as session:
        assert roster.my_profile(session, people["awa"].id, now) is None
        assert [r.id for r in roster.list_experts(session, manager, now)] == [kofi]
        assert [r.match.expert_id for r in roster.match_experts(session, manager, request_id, now).rows] == [
            kofi
        ]
        assert [p.expert_id for p in roster.proposals_for(session, manager, request_id)] == [kofi]
        assert [
            line.line.alias for line in roster.shortlist(session, people["partner"].id, request_id, now)
        ] == ["B"]
        assert roster.public_counts(session, now).experts == 1
        audit = roster.audit_log(session, manager)
        exported = roster.export_audit(session, manager, "json", now).decode()
        with pytest.raises(NotFound):
            roster.view_expert_profile(session, manager, awa, now)
    assert all(a.expert_id != awa for a in audit)
    assert not any(a.actor == "awa" for a in audit)  # what she did is kept, not that she did it
    assert "Awa" not in exported and f'"expert": {awa},' not in exported
    assert any(a.action == "expert_deleted" and a.actor is None for a in audit)
    with db.reading() as session:
        told = [
            notifications.text(n.kind, n.params, "en")
            for n in notifications.list_notifications(session, people["partner"].id)
        ]
    assert any("A left the shortlist" in text for text in told)


def test_withdrawn_consent_removes_the_expert_from_open_shortlists_and_matching(db, now, people):
    awa, kofi = listed_expert(db, people, "awa", now), listed_expert(db, people, "kofi", now)
    searching = request_in_search(db, people, now)
    sent = sent_shortlist(db, people, now, [awa, kofi])
    manager = people["manager"].id
    with db.transaction() as session:
        roster.propose_expert(session, manager, searching, awa, now)
        roster.withdraw_consent(session, people["awa"].id, now)
    with db.transaction() as session:
        assert [p.expert_id for p in roster.proposals_for(session, manager, searching)] == []
        assert [p.expert_id for p in roster.proposals_for(session, manager, sent)] == [kofi]
        assert [r.match.expert_id for r in roster.match_experts(session, manager, sent, now).rows] == [kofi]
        with pytest.raises(InvalidInput):
            roster.propose_expert(session, manager, searching, awa, now)
        row = next(r for r in roster.list_experts(session, manager, now) if r.id == awa)
        assert not row.consent_current
        assert roster.my_profile(session, people["awa"].id, now).consent is None
    # consenting again lists her again
    with db.transaction() as session:
        roster.give_consent(session, people["awa"].id, CONSENT_VERSION, now)
    with db.reading() as session:
        assert {r.match.expert_id for r in roster.match_experts(session, manager, sent, now).rows} == {
            awa,
            kofi,
        }


def test_only_vetted_consented_confirmed_experts_are_matched_and_the_unconfirmed_are_flagged(db, now, people):
    awa = listed_expert(db, people, "awa", now - CONFIRM_EVERY - timedelta(days=1))
    kofi = listed_expert(db, people, "kofi", now, vet=False)
    lucia = listed_expert(db, people, "lucia", now)
    request_id = request_in_search(db, people, now)
    manager = people["manager"].id
    with db.reading() as session:
        result = roster.match_experts(session, manager, request_id, now)
        flags = {r.id: (r.vetting.value, r.confirmed) for r in roster.list_experts(session, manager, now)}
        board = roster.dashboard(session, manager, now)
    assert [r.match.expert_id for r in result.rows] == [lucia]
    assert (result.listed, result.unconfirmed) == (1, 1)
    assert flags == {awa: ("vetted", False), kofi: ("pending", True), lucia: ("vetted", True)}
    assert (board.unconfirmed, board.vetting_pending, board.listed) == (1, 1, 3)
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        roster.propose_expert(session, manager, request_id, awa, now)
    assert refusal.value.key == "roster.errors.not_matchable"
    with db.transaction() as session:
        roster.confirm_my_profile(session, people["awa"].id, now)
    with db.reading() as session:
        assert {r.match.expert_id for r in roster.match_experts(session, manager, request_id, now).rows} == {
            awa,
            lucia,
        }


def test_public_counts_hide_small_numbers(db, now, people):
    for who in ("awa", "kofi", "lucia"):
        listed_expert(db, people, who, now, domains=["mediation"] if who != "lucia" else ["mediation", "ssr"])
    with db.reading() as session:
        counts = roster.public_counts(session, now)
    assert counts.experts == 3
    assert dict(counts.by_domain) == {"mediation": 3, "ssr": None}
    assert dict(counts.by_language) == {"fr": 3, "en": 3}


def test_consent_must_be_to_the_current_text(db, now, people):
    with db.transaction() as session:
        roster.save_my_profile(session, people["awa"].id, profile_form(), now)
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        roster.give_consent(session, people["awa"].id, "2020-01", now)
    assert refusal.value.key == "roster.errors.consent_version"
    with db.transaction() as session:
        view = roster.give_consent(session, people["awa"].id, CONSENT_VERSION, now)
    assert view.consent.version == CONSENT_VERSION and view.consent.given_at == now and view.consent_current


def test_experts_are_asked_to_confirm_once_before_their_profile_falls_out(db, now, people):
    from datetime import timedelta as days

    due = listed_expert(db, people, "awa", now - days(days=170))  # due within two weeks
    listed_expert(db, people, "kofi", now - days(days=30))  # not yet
    with db.transaction() as session:
        assert roster.remind_unconfirmed(session, now) == 1
        assert roster.remind_unconfirmed(session, now) == 0  # asked once per confirmation
    with db.reading() as session:
        notices = [
            n for n in notifications.list_notifications(session, people["awa"].id) if "confirm" in n.kind
        ]
        asked = [
            a for a in roster.audit_log(session, people["manager"].id) if a.action == "confirmation_asked"
        ]
    assert len(notices) == 1 and [a.expert_id for a in asked] == [due]
    assert notifications.text(notices[0].kind, notices[0].params, "en").startswith(
        "Please confirm your expert"
    )
    with db.transaction() as session:
        roster.confirm_my_profile(session, people["awa"].id, now)
        # six months on, both are due: Awa is asked again (her reminder was reset), Kofi for the first time
        assert roster.remind_unconfirmed(session, now + days(days=170)) == 2
