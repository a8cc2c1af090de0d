"""A request from draft to closure through the services, on both databases; refused moves with clear
messages; two roster managers moving one request at once (one wins, nothing half-written)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from progress.models import Notification, RosterAudit
from roster.workflow import ProposalState, RequestState
from services import notifications, roster
from services.errors import Conflict, InvalidInput
from tests.roster_support import listed_expert, make_people, request_form, request_in_search

S, PS = RequestState, ProposalState


@pytest.fixture
def people(db, now):
    return make_people(db, now)


def move(db, people, who, request_id, source, target, now, reason=""):
    with db.transaction() as session:
        return roster.move_request(session, people[who].id, request_id, target, source, now, reason)


def proposal_of(db, people, request_id, expert_id):
    with db.reading() as session:
        return next(
            p
            for p in roster.proposals_for(session, people["manager"].id, request_id)
            if p.expert_id == expert_id
        )


def answer(db, people, who, proposal_id, source, target, now):
    with db.transaction() as session:
        return roster.move_proposal(session, people[who].id, proposal_id, target, source, now)


def test_a_request_goes_from_draft_to_closure(db, now, people):
    awa = listed_expert(db, people, "awa", now)
    kofi = listed_expert(db, people, "kofi", now, domains=["mediation"], years=20)
    listed_expert(db, people, "lucia", now, domains=["ssr"])  # no common domain: never matched
    partner = people["partner"].id
    with db.transaction() as session:
        draft = roster.create_request(session, partner, request_form(now, need="Un médiateur"), now)
        roster.attach_terms(session, partner, draft.id, "tdr.pdf", b"%PDF-1.7\n%...", now)
    assert draft.state is S.DRAFT
    move(db, people, "partner", draft.id, S.DRAFT, S.SUBMITTED, now)
    move(db, people, "manager", draft.id, S.SUBMITTED, S.UNDER_REVIEW, now)
    move(db, people, "manager", draft.id, S.UNDER_REVIEW, S.INFO_REQUESTED, now, "Précisez le mandat.")
    with db.transaction() as session:
        view = roster.get_request(session, partner, draft.id)
        edited = roster.update_request(
            session, partner, draft.id, request_form(now, mandate="Résolution 2100, § 16"), view.version, now
        )
    assert edited.fields.mandate == "Résolution 2100, § 16" and edited.version == view.version + 1
    move(db, people, "partner", draft.id, S.INFO_REQUESTED, S.SUBMITTED, now)
    move(db, people, "manager", draft.id, S.SUBMITTED, S.UNDER_REVIEW, now)
    move(db, people, "manager", draft.id, S.UNDER_REVIEW, S.SEARCH, now)

    with db.reading() as session:
        result = roster.match_experts(session, people["manager"].id, draft.id, now)
    assert [row.match.expert_id for row in result.rows] == [kofi, awa]  # equal scores: more years first
    assert result.rows[0].match.score == 100 and result.rows[0].proposal is None
    assert result.diversity.people == 2
    with db.transaction() as session:
        for expert_id in (kofi, awa):
            roster.propose_expert(session, people["manager"].id, draft.id, expert_id, now)
    move(db, people, "manager", draft.id, S.SEARCH, S.SHORTLIST_SENT, now)
    kofi_proposal = proposal_of(db, people, draft.id, kofi)
    awa_proposal = proposal_of(db, people, draft.id, awa)
    assert (kofi_proposal.alias, awa_proposal.alias) == ("A", "B")

    with db.reading() as session:
        offers = roster.my_proposals(session, people["awa"].id)
        assert [(o.request_id, o.state, o.terms_filename) for o in offers] == [
            (draft.id, PS.PROPOSED, "tdr.pdf")
        ]
        assert offers[0].moves == (PS.INTERESTED, PS.DECLINED)
        terms, data = roster.terms_file(session, people["awa"].id, draft.id)  # a proposed expert reads them
    assert (terms.media_type, data[:5]) == ("application/pdf", b"%PDF-")
    answer(db, people, "awa", awa_proposal.id, PS.PROPOSED, PS.INTERESTED, now)
    answer(db, people, "kofi", kofi_proposal.id, PS.PROPOSED, PS.DECLINED, now)
    move(db, people, "manager", draft.id, S.SHORTLIST_SENT, S.PROFILES_SHARED, now)
    move(db, people, "partner", draft.id, S.PROFILES_SHARED, S.INTERVIEWS, now)
    with db.reading() as session:
        lines = roster.shortlist(session, partner, draft.id, now)
    assert [(line.line.alias, line.profile_available, line.moves) for line in lines] == [
        ("B", True, (PS.RETAINED,))
    ]
    answer(db, people, "partner", awa_proposal.id, PS.INTERESTED, PS.RETAINED, now)
    move(db, people, "partner", draft.id, S.INTERVIEWS, S.SELECTED, now)
    answer(db, people, "manager", awa_proposal.id, PS.RETAINED, PS.RELEASED, now)
    move(db, people, "manager", draft.id, S.SELECTED, S.RELEASED, now)
    move(db, people, "manager", draft.id, S.RELEASED, S.DEPLOYED, now)
    closed = move(db, people, "partner", draft.id, S.DEPLOYED, S.CLOSED, now, "Mission menée à bien.")
    assert closed.state is S.CLOSED

    with db.reading() as session:
        audit = roster.audit_log(session, people["manager"].id, request_id=draft.id)
        csv = roster.export_audit(session, people["manager"].id, "csv", now).decode("utf-8-sig")
    moves = [(a.source, a.target, a.actor, a.reason) for a in reversed(audit) if a.action == "request_move"]
    assert moves == [
        ("draft", "submitted", "partner", ""),
        ("submitted", "under_review", "manager", ""),
        ("under_review", "info_requested", "manager", "Précisez le mandat."),
        ("info_requested", "submitted", "partner", ""),
        ("submitted", "under_review", "manager", ""),
        ("under_review", "search", "manager", ""),
        ("search", "shortlist_sent", "manager", ""),
        ("shortlist_sent", "profiles_shared", "manager", ""),
        ("profiles_shared", "interviews", "partner", ""),
        ("interviews", "selected", "partner", ""),
        ("selected", "released", "manager", ""),
        ("released", "deployed", "manager", ""),
        ("deployed", "closed", "partner", "Mission menée à bien."),
    ]
    proposal_moves = [(a.source, a.target, a.actor) for a in reversed(audit) if a.action == "proposal_move"]
    assert proposal_moves == [
        ("proposed", "interested", "awa"),
        ("proposed", "declined", "kofi"),
        ("interested", "retained", "partner"),
        ("retained", "released", "manager"),
    ]
    assert csv.splitlines()[0] == "at,actor,action,request,expert,from,to,reason"
    assert "Mission menée à bien." in csv

    with db.reading() as session:
        partner_notes = notifications.list_notifications(session, partner)
        awa_notes = notifications.list_notifications(session, people["awa"].id)
        manager2_notes = notifications.list_notifications(session, people["manager2"].id)
        assert notifications.unread_count(session, partner) == len(partner_notes)
    assert [notifications.text(n.kind, n.params, "en") for n in reversed(awa_notes)][:2] == [
        "Your expert profile: Vetted.",
        f"You are proposed for a request in Gao starting {request_form(now)['start']} (#{draft.id})."
        " Are you interested?",
    ]
    assert notifications.text(awa_notes[0].kind, awa_notes[0].params, "fr") == (
        f"Demande n°\u00a0{draft.id}\u00a0: votre proposition est maintenant «\u00a0Libéré\u00a0»."
    )
    # the partner hears of every move they did not make themselves, and of the experts' answers after the
    # shortlist was sent
    assert [notifications.text(n.kind, n.params, "en") for n in reversed(partner_notes)][:3] == [
        f"Request #{draft.id} is now: Under review.",
        f"Request #{draft.id} is now: More information asked.",
        f"Request #{draft.id} is now: Under review.",
    ]
    assert len(manager2_notes) >= 13  # the other manager hears of everything
    with db.transaction() as session:
        assert notifications.mark_read(session, partner, now) == len(partner_notes)
        assert notifications.unread_count(session, partner) == 0


@pytest.mark.parametrize(
    ("who", "source", "target", "reason", "key"),
    [
        ("manager", S.SUBMITTED, S.SEARCH, "", "roster.errors.move_not_allowed"),
        ("partner", S.SUBMITTED, S.UNDER_REVIEW, "", "roster.errors.move_not_yours"),
        ("manager", S.SUBMITTED, S.CANCELLED, " ", "roster.errors.reason_required"),
        ("manager", S.SUBMITTED, S.CLOSED, "done", "roster.errors.move_not_allowed"),
    ],
)
def test_moves_outside_the_table_are_refused_and_nothing_changes(
    db, now, people, who, source, target, reason, key
):
    with db.transaction() as session:
        request = roster.create_request(session, people["partner"].id, request_form(now), now)
    move(db, people, "partner", request.id, S.DRAFT, S.SUBMITTED, now)
    with pytest.raises(InvalidInput) as refusal:
        move(db, people, who, request.id, source, target, now, reason)
    assert refusal.value.key == key
    with db.reading() as session:
        assert roster.get_request(session, people["partner"].id, request.id).state is S.SUBMITTED


def test_a_move_from_a_stale_page_is_refused_clearly(db, now, people):
    request_id = request_in_search(db, people, now)
    with pytest.raises(Conflict) as refusal:
        move(db, people, "manager", request_id, S.UNDER_REVIEW, S.REFUSED, now, "Hors mandat")
    assert refusal.value.key == "roster.errors.moved_meanwhile" and refusal.value.params == {
        "state": "search"
    }


def test_a_shortlist_needs_an_expert_and_a_declined_one_does_not_count(db, now, people):
    awa = listed_expert(db, people, "awa", now)
    request_id = request_in_search(db, people, now)
    with pytest.raises(InvalidInput) as refusal:
        move(db, people, "manager", request_id, S.SEARCH, S.SHORTLIST_SENT, now)
    assert refusal.value.key == "roster.errors.needs.shortlist_sent"
    with db.transaction() as session:
        roster.propose_expert(session, people["manager"].id, request_id, awa, now)
        with pytest.raises(InvalidInput) as again:
            roster.propose_expert(session, people["manager"].id, request_id, awa, now)
    assert again.value.key == "roster.errors.already_proposed"
    answer(db, people, "awa", proposal_of(db, people, request_id, awa).id, PS.PROPOSED, PS.DECLINED, now)
    with pytest.raises(InvalidInput):
        move(db, people, "manager", request_id, S.SEARCH, S.SHORTLIST_SENT, now)


def test_a_partner_edits_only_while_a_draft_or_asked_for_more(db, now, people):
    with db.transaction() as session:
        request = roster.create_request(session, people["partner"].id, request_form(now), now)
    with pytest.raises(Conflict), db.transaction() as session:  # an edit from a stale form
        roster.update_request(
            session, people["partner"].id, request.id, request_form(now), request.version + 5, now
        )
    move(db, people, "partner", request.id, S.DRAFT, S.SUBMITTED, now)
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        roster.update_request(
            session, people["partner"].id, request.id, request_form(now), request.version + 1, now
        )
    assert refusal.value.key == "roster.errors.not_editable"
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        roster.attach_terms(session, people["partner"].id, request.id, "tdr.pdf", b"%PDF-1", now)
    assert refusal.value.key == "roster.errors.not_editable"


def test_uploads_are_checked_and_replace_the_earlier_one(db, now, people):
    partner = people["partner"].id
    with db.transaction() as session:
        request = roster.create_request(session, partner, request_form(now), now)
        roster.attach_terms(session, partner, request.id, "old.txt", b"Ancien", now)
        roster.attach_terms(session, partner, request.id, "../tdr.md", "# Termes de référence".encode(), now)
        with pytest.raises(InvalidInput) as refusal:
            roster.attach_terms(session, partner, request.id, "tdr.pdf", b"<html>not a pdf</html>", now)
    assert refusal.value.key == "roster.errors.terms_type"
    with db.reading() as session:
        terms, data = roster.terms_file(session, partner, request.id)
        assert roster.get_request(session, partner, request.id).terms_file == terms
    assert (terms.filename, terms.media_type, data.decode()) == (
        "tdr.md",
        "text/plain",
        "# Termes de référence",
    )


def test_two_managers_moving_one_request_at_once_one_wins_and_nothing_is_half_written(db, now, people):
    awa = listed_expert(db, people, "awa", now)
    request_id = request_in_search(db, people, now)
    with db.transaction() as session:
        roster.propose_expert(session, people["manager"].id, request_id, awa, now)
    with db.reading() as session:
        before_audit = session.scalar(select(func.count()).select_from(RosterAudit))
        before_notes = session.scalar(select(func.count()).select_from(Notification))
    # both see the request in search: one sends the shortlist, the other cancels it
    wanted = {"manager": (S.SHORTLIST_SENT, ""), "manager2": (S.CANCELLED, "Mandat expiré")}
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def attempt(who: str) -> None:
        target, reason = wanted[who]
        barrier.wait()
        try:
            with db.transaction() as session:
                roster.move_request(session, people[who].id, request_id, target, S.SEARCH, now, reason)
            outcomes[who] = "won"
        except Exception as error:  # noqa: BLE001 - recorded and checked below
            outcomes[who] = error

    threads = [threading.Thread(target=attempt, args=(who,)) for who in wanted]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    won = [who for who, outcome in outcomes.items() if outcome == "won"]
    lost = [outcome for outcome in outcomes.values() if outcome != "won"]
    assert len(won) == 1 and len(lost) == 1, outcomes
    winner_state = wanted[won[0]][0]
    assert isinstance(lost[0], Conflict) and lost[0].key == "roster.errors.moved_meanwhile"
    assert lost[0].params == {"state": winner_state.value}
    with db.reading() as session:
        view = roster.get_request(session, people["partner"].id, request_id)
        moves = [
            a for a in roster.audit_log(session, people["manager"].id, request_id) if a.source == "search"
        ]
        after_audit = session.scalar(select(func.count()).select_from(RosterAudit))
        after_notes = session.scalar(select(func.count()).select_from(Notification))
    assert view.state is winner_state and view.version == 5  # created 1, three moves, then one more
    assert [(a.actor, a.target) for a in moves] == [(won[0], winner_state.value)]
    assert after_audit == before_audit + 1
    assert after_notes == before_notes + 2  # the partner and the other manager, once each


def test_many_concurrent_moves_of_one_proposal_store_exactly_one(db, now, people):
    awa = listed_expert(db, people, "awa", now)
    request_id = request_in_search(db, people, now)
    with db.transaction() as session:
        roster.propose_expert(session, people["manager"].id, request_id, awa, now)
    proposal_id = proposal_of(db, people, request_id, awa).id
    barrier = threading.Barrier(4)
    results: list[object] = []

    def attempt() -> None:
        barrier.wait()
        try:
            answer(db, people, "awa", proposal_id, PS.PROPOSED, PS.INTERESTED, now)
            results.append("won")
        except Conflict as error:
            results.append(error.key)

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["roster.errors.moved_meanwhile"] * 3 + ["won"]
    with db.reading() as session:
        moves = [
            a
            for a in roster.audit_log(session, people["manager"].id, request_id)
            if a.action == "proposal_move"
        ]
    assert len(moves) == 1
