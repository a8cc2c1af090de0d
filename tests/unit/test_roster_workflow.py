"""The request and proposal workflows: every allowed move, who may make it, and refused moves."""

from __future__ import annotations

import itertools

import pytest

from roster.workflow import (
    CONSENTED,
    OPEN,
    PROPOSAL_MOVES,
    REQUEST_MOVES,
    SHORTLISTING,
    Party,
    ProposalState,
    RequestState,
    TransitionRefused,
    check_proposal_move,
    check_request_move,
    request_moves_from,
)

S, PS = RequestState, ProposalState
P, M, E = Party.PARTNER, Party.MANAGER, Party.EXPERT

# The workflow written out: (from, to, who may, reason required). The code's table must be exactly this.
EXPECTED_REQUEST_MOVES = {
    (S.DRAFT, S.SUBMITTED, frozenset({P}), False),
    (S.SUBMITTED, S.UNDER_REVIEW, frozenset({M}), False),
    (S.UNDER_REVIEW, S.INFO_REQUESTED, frozenset({M}), True),
    (S.INFO_REQUESTED, S.SUBMITTED, frozenset({P}), False),
    (S.UNDER_REVIEW, S.REFUSED, frozenset({M}), True),
    (S.UNDER_REVIEW, S.SEARCH, frozenset({M}), False),
    (S.SEARCH, S.SHORTLIST_SENT, frozenset({M}), False),
    (S.SHORTLIST_SENT, S.SEARCH, frozenset({M}), True),
    (S.SHORTLIST_SENT, S.PROFILES_SHARED, frozenset({M}), False),
    (S.PROFILES_SHARED, S.INTERVIEWS, frozenset({P, M}), False),
    (S.INTERVIEWS, S.SELECTED, frozenset({P, M}), False),
    (S.INTERVIEWS, S.SEARCH, frozenset({P, M}), True),
    (S.SELECTED, S.RELEASED, frozenset({M}), False),
    (S.RELEASED, S.DEPLOYED, frozenset({M}), False),
    (S.DEPLOYED, S.CLOSED, frozenset({P, M}), True),
    (S.DRAFT, S.CANCELLED, frozenset({P}), False),
    *(
        (state, S.CANCELLED, frozenset({P, M}), True)
        for state in (
            S.SUBMITTED, S.UNDER_REVIEW, S.INFO_REQUESTED, S.SEARCH, S.SHORTLIST_SENT, S.PROFILES_SHARED,
            S.INTERVIEWS, S.SELECTED, S.RELEASED, S.DEPLOYED,
        )
    ),
}  # fmt: skip
EXPECTED_PROPOSAL_MOVES = {
    (PS.PROPOSED, PS.INTERESTED, frozenset({E})),
    (PS.PROPOSED, PS.DECLINED, frozenset({E})),
    (PS.INTERESTED, PS.DECLINED, frozenset({E})),
    (PS.DECLINED, PS.INTERESTED, frozenset({E})),
    (PS.INTERESTED, PS.RETAINED, frozenset({P, M})),
    (PS.RETAINED, PS.INTERESTED, frozenset({P, M})),
    (PS.RETAINED, PS.RELEASED, frozenset({M})),
}
ALL_PROPOSALS = tuple(ProposalState)


def test_the_request_table_is_the_written_workflow():
    assert {(m.source, m.target, m.by, m.reason) for m in REQUEST_MOVES} == EXPECTED_REQUEST_MOVES


def test_the_proposal_table_is_the_written_workflow():
    assert {(m.source, m.target, m.by) for m in PROPOSAL_MOVES} == EXPECTED_PROPOSAL_MOVES


def test_cancelled_is_reachable_from_every_open_state_and_nothing_leaves_a_closed_one():
    assert {m.source for m in REQUEST_MOVES if m.target is S.CANCELLED} == set(OPEN)
    for terminal in (S.REFUSED, S.CLOSED, S.CANCELLED):
        assert not [m for m in REQUEST_MOVES if m.source is terminal]


@pytest.mark.parametrize("move", REQUEST_MOVES, ids=lambda m: f"{m.source}->{m.target}")
def test_every_allowed_request_move_passes_for_its_parties_and_no_other(move):
    for party in Party:
        if party in move.by:
            assert check_request_move(move.source, move.target, party, "why", ALL_PROPOSALS) is move
        else:
            with pytest.raises(TransitionRefused) as refusal:
                check_request_move(move.source, move.target, party, "why", ALL_PROPOSALS)
            assert refusal.value.key == "roster.errors.move_not_yours"


NOT_IN_TABLE = [
    (a, b)
    for a, b in itertools.product(RequestState, RequestState)
    if (a, b) not in {(m.source, m.target) for m in REQUEST_MOVES}
]


def test_refused_moves_outnumber_allowed_ones():
    assert len(NOT_IN_TABLE) == 14 * 14 - len(REQUEST_MOVES) == 170


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (S.DRAFT, S.SEARCH),  # skipping the review
        (S.SUBMITTED, S.SHORTLIST_SENT),
        (S.SEARCH, S.PROFILES_SHARED),  # profiles before an anonymised shortlist
        (S.SHORTLIST_SENT, S.SELECTED),
        (S.SELECTED, S.DEPLOYED),  # deployed before the employer releases
        (S.CLOSED, S.DRAFT),
        (S.CANCELLED, S.SUBMITTED),
        (S.REFUSED, S.UNDER_REVIEW),
        (S.DEPLOYED, S.DEPLOYED),
        (S.DRAFT, S.CLOSED),
    ],
)
def test_a_sample_of_moves_not_in_the_table_is_refused_with_a_clear_message(source, target):
    for party in Party:
        with pytest.raises(TransitionRefused) as refusal:
            check_request_move(source, target, party, "why", ALL_PROPOSALS)
        assert refusal.value.key == "roster.errors.move_not_allowed"
        assert refusal.value.params == {"source": source.value, "target": target.value}


def test_every_move_not_in_the_table_is_refused():
    for source, target in NOT_IN_TABLE:
        with pytest.raises(TransitionRefused):
            check_request_move(source, target, Party.MANAGER, "why", ALL_PROPOSALS)


@pytest.mark.parametrize(
    "move", [m for m in REQUEST_MOVES if m.reason], ids=lambda m: f"{m.source}->{m.target}"
)
def test_refusals_info_requests_cancellations_and_closure_need_a_reason(move):
    party = next(iter(move.by))
    for blank in ("", "   \n "):
        with pytest.raises(TransitionRefused) as refusal:
            check_request_move(move.source, move.target, party, blank, ALL_PROPOSALS)
        assert refusal.value.key == "roster.errors.reason_required"


@pytest.mark.parametrize(
    ("source", "target", "enough", "not_enough"),
    [
        (S.SEARCH, S.SHORTLIST_SENT, [PS.PROPOSED], [PS.DECLINED]),
        (S.SHORTLIST_SENT, S.PROFILES_SHARED, [PS.INTERESTED], [PS.PROPOSED, PS.DECLINED]),
        (S.PROFILES_SHARED, S.INTERVIEWS, [PS.DECLINED, PS.INTERESTED], [PS.PROPOSED]),
        (S.INTERVIEWS, S.SELECTED, [PS.RETAINED], [PS.INTERESTED]),
        (S.SELECTED, S.RELEASED, [PS.RELEASED], [PS.RETAINED]),
    ],
)
def test_moves_that_need_experts_in_a_state(source, target, enough, not_enough):
    party = Party.MANAGER
    assert check_request_move(source, target, party, "", enough).target is target
    for proposals in (not_enough, []):
        with pytest.raises(TransitionRefused) as refusal:
            check_request_move(source, target, party, "", proposals)
        assert refusal.value.key == f"roster.errors.needs.{target.value}"


def test_the_buttons_a_partner_and_a_manager_get_on_a_request_under_review():
    assert [m.target for m in request_moves_from(S.UNDER_REVIEW, Party.MANAGER)] == [
        S.INFO_REQUESTED, S.REFUSED, S.SEARCH, S.CANCELLED,
    ]  # fmt: skip
    assert [m.target for m in request_moves_from(S.UNDER_REVIEW, Party.PARTNER)] == [S.CANCELLED]
    assert request_moves_from(S.CLOSED, Party.MANAGER) == ()


@pytest.mark.parametrize("move", PROPOSAL_MOVES, ids=lambda m: f"{m.source}->{m.target}")
def test_every_allowed_proposal_move_passes_for_its_parties_while_the_request_allows_it(move):
    during = sorted(move.during)[0]
    for party in Party:
        if party in move.by:
            assert check_proposal_move(move.source, move.target, party, during) is move
        else:
            with pytest.raises(TransitionRefused):
                check_proposal_move(move.source, move.target, party, during)
    for state in set(RequestState) - move.during:
        with pytest.raises(TransitionRefused) as refusal:
            check_proposal_move(move.source, move.target, next(iter(move.by)), state)
        assert refusal.value.key == "roster.errors.proposal_closed"


def test_an_expert_answers_only_while_the_shortlist_is_open():
    assert {m.during for m in PROPOSAL_MOVES if Party.EXPERT in m.by} == {SHORTLISTING}


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (PS.PROPOSED, PS.RETAINED),  # retained before agreeing
        (PS.DECLINED, PS.RETAINED),
        (PS.PROPOSED, PS.RELEASED),
        (PS.RELEASED, PS.PROPOSED),
        (PS.INTERESTED, PS.PROPOSED),
    ],
)
def test_proposal_moves_not_in_the_table_are_refused(source, target):
    for party in Party:
        with pytest.raises(TransitionRefused) as refusal:
            check_proposal_move(source, target, party, S.INTERVIEWS)
        assert refusal.value.key == "roster.errors.move_not_allowed"


def test_the_partner_sees_full_profiles_only_of_experts_who_agreed():
    assert {PS.INTERESTED, PS.RETAINED, PS.RELEASED} == CONSENTED
