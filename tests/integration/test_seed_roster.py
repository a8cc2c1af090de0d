"""``make seed`` fills the roster with fictitious experts and a request in every state, through the
services (the audit and the notices are those real use would leave)."""

from __future__ import annotations

from commands.seed_roster import DEMO_PASSWORD, seed_roster
from roster.workflow import RequestState
from services import accounts, roster


def test_the_roster_seed_has_fictitious_experts_and_a_request_in_every_state(db, now):
    report = seed_roster(db, experts=40, now=now)
    assert report.experts == 40 and report.requests == len(RequestState)
    assert report.states == {state.value: 1 for state in RequestState}
    manager = accounts.log_in(db, "demo-roster-manager", DEMO_PASSWORD, now)
    partner = accounts.log_in(db, "demo-partner", DEMO_PASSWORD, now)
    accounts.log_in(db, "demo-expert-1", DEMO_PASSWORD, now)
    with db.reading() as session:
        experts = roster.list_experts(session, manager.id, now)
        board = roster.dashboard(session, manager.id, now)
        mine = roster.my_requests(session, partner.id)
        audit = roster.audit_log(session, manager.id)
        counts = roster.public_counts(session, now)
    assert all(e.full_name.endswith("(fictif)") for e in experts)
    assert {e.vetting.value for e in experts} >= {"vetted", "pending"}
    assert any(not e.confirmed for e in experts)  # some are due to confirm, and flagged
    assert {r.state for r in mine} == set(RequestState)
    assert dict(board.requests_by_state) == {state: 1 for state in RequestState}
    assert report.proposals >= 8  # every request past the search has a shortlist
    assert any(a.action == "request_move" and a.target == "closed" and a.reason for a in audit)
    assert 0 < counts.experts < 40
    deployed = next(r for r in mine if r.state is RequestState.DEPLOYED)
    with db.reading() as session:
        lines = roster.shortlist(session, partner.id, deployed.id, now)
    assert [line.line.state for line in lines][:1] == ["released"]
