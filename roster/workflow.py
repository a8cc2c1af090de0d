"""The request workflow and the per-expert proposal workflow: one table of allowed moves each, in pure code.

A move not in the table is refused with :class:`TransitionRefused`, whose ``key`` and ``params`` say why
(an interface-text key, as the services' errors carry). Services call :func:`check_request_move` and
:func:`check_proposal_move` before they write anything, then store the new state with a compare-and-set
UPDATE (``… WHERE state = :expected``) so two people moving one request at once cannot both win.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from roster.errors import TransitionRefused

__all__ = [
    "CONSENTED",
    "EDITABLE",
    "OPEN",
    "PROPOSAL_MOVES",
    "REQUEST_MOVES",
    "SHORTLISTING",
    "SHORTLIST_VISIBLE",
    "TERMINAL",
    "Move",
    "Party",
    "ProposalState",
    "RequestState",
    "TransitionRefused",
    "check_proposal_move",
    "check_request_move",
    "proposal_move",
    "proposal_moves_from",
    "request_move",
    "request_moves_from",
]


class RequestState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    INFO_REQUESTED = "info_requested"
    REFUSED = "refused"
    SEARCH = "search"
    SHORTLIST_SENT = "shortlist_sent"
    PROFILES_SHARED = "profiles_shared"
    INTERVIEWS = "interviews"
    SELECTED = "selected"
    RELEASED = "released"
    DEPLOYED = "deployed"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class ProposalState(StrEnum):
    """One expert on one request."""

    PROPOSED = "proposed"  # a roster manager put them on the shortlist; they have not answered
    INTERESTED = "interested"  # they agreed to be proposed: the partner may see their full profile
    DECLINED = "declined"
    RETAINED = "retained"  # the partner chose them
    RELEASED = "released"  # their employer released them for the mission


class Party(StrEnum):
    """Who moves: the partner who owns the request, a roster manager, the expert on a proposal."""

    PARTNER = "partner"
    MANAGER = "manager"
    EXPERT = "expert"


TERMINAL: frozenset[RequestState] = frozenset(
    {RequestState.REFUSED, RequestState.CLOSED, RequestState.CANCELLED}
)
OPEN: tuple[RequestState, ...] = tuple(state for state in RequestState if state not in TERMINAL)
# The states in which a shortlist is being put together or weighed: proposals may be added and answered,
# and an expert who withdraws consent leaves them.
SHORTLISTING: frozenset[RequestState] = frozenset(
    {
        RequestState.SEARCH,
        RequestState.SHORTLIST_SENT,
        RequestState.PROFILES_SHARED,
        RequestState.INTERVIEWS,
    }
)
# From these states on the partner sees the shortlist (anonymised lines; full profiles once consented).
SHORTLIST_VISIBLE: frozenset[RequestState] = frozenset(
    {
        RequestState.SHORTLIST_SENT,
        RequestState.PROFILES_SHARED,
        RequestState.INTERVIEWS,
        RequestState.SELECTED,
        RequestState.RELEASED,
        RequestState.DEPLOYED,
        RequestState.CLOSED,
    }
)
# The expert agreed to be proposed for that request: the partner may read their full profile.
CONSENTED: frozenset[ProposalState] = frozenset(
    {ProposalState.INTERESTED, ProposalState.RETAINED, ProposalState.RELEASED}
)
# The partner may edit the request's fields in these states.
EDITABLE: frozenset[RequestState] = frozenset({RequestState.DRAFT, RequestState.INFO_REQUESTED})

_P, _M, _E = Party.PARTNER, Party.MANAGER, Party.EXPERT


@dataclass(frozen=True, slots=True)
class Move:
    """One allowed move. ``reason``: a reason (or feedback) must be given. ``needs``: at least one
    proposal of the request must be in one of these states. ``during``: (proposal moves) the request must
    be in one of these states."""

    source: str
    target: str
    by: frozenset[Party]
    reason: bool = False
    needs: frozenset[ProposalState] = frozenset()
    during: frozenset[RequestState] = frozenset()


def _move(source, target, *by: Party, reason=False, needs=(), during=()) -> Move:
    return Move(source, target, frozenset(by), reason, frozenset(needs), frozenset(during))


S = RequestState
REQUEST_MOVES: tuple[Move, ...] = (
    _move(S.DRAFT, S.SUBMITTED, _P),
    _move(S.SUBMITTED, S.UNDER_REVIEW, _M),
    _move(S.UNDER_REVIEW, S.INFO_REQUESTED, _M, reason=True),
    _move(S.INFO_REQUESTED, S.SUBMITTED, _P),
    _move(S.UNDER_REVIEW, S.REFUSED, _M, reason=True),
    _move(S.UNDER_REVIEW, S.SEARCH, _M),
    _move(S.SEARCH, S.SHORTLIST_SENT, _M, needs={ProposalState.PROPOSED, ProposalState.INTERESTED}),
    _move(S.SHORTLIST_SENT, S.SEARCH, _M, reason=True),  # nobody fits after all: search again
    _move(S.SHORTLIST_SENT, S.PROFILES_SHARED, _M, needs=CONSENTED),
    _move(S.PROFILES_SHARED, S.INTERVIEWS, _P, _M, needs=CONSENTED),
    _move(S.INTERVIEWS, S.SELECTED, _P, _M, needs={ProposalState.RETAINED}),
    _move(S.INTERVIEWS, S.SEARCH, _P, _M, reason=True),
    _move(S.SELECTED, S.RELEASED, _M, needs={ProposalState.RELEASED}),
    _move(S.RELEASED, S.DEPLOYED, _M),
    _move(S.DEPLOYED, S.CLOSED, _P, _M, reason=True),  # the reason is the feedback
    _move(S.DRAFT, S.CANCELLED, _P),
    *(_move(state, S.CANCELLED, _P, _M, reason=True) for state in OPEN if state is not S.DRAFT),
)

PS = ProposalState
PROPOSAL_MOVES: tuple[Move, ...] = (
    _move(PS.PROPOSED, PS.INTERESTED, _E, during=SHORTLISTING),
    _move(PS.PROPOSED, PS.DECLINED, _E, during=SHORTLISTING),
    _move(PS.INTERESTED, PS.DECLINED, _E, during=SHORTLISTING),
    _move(PS.DECLINED, PS.INTERESTED, _E, during=SHORTLISTING),  # changed their mind while still open
    _move(PS.INTERESTED, PS.RETAINED, _P, _M, during={S.PROFILES_SHARED, S.INTERVIEWS}),
    _move(PS.RETAINED, PS.INTERESTED, _P, _M, during={S.PROFILES_SHARED, S.INTERVIEWS}),
    _move(PS.RETAINED, PS.RELEASED, _M, during={S.SELECTED}),
)

_REQUEST_TABLE = {(m.source, m.target): m for m in REQUEST_MOVES}
_PROPOSAL_TABLE = {(m.source, m.target): m for m in PROPOSAL_MOVES}
assert len(_REQUEST_TABLE) == len(REQUEST_MOVES) and len(_PROPOSAL_TABLE) == len(PROPOSAL_MOVES)


def request_move(source: RequestState | str, target: RequestState | str) -> Move | None:
    return _REQUEST_TABLE.get((RequestState(source), RequestState(target)))


def proposal_move(source: ProposalState | str, target: ProposalState | str) -> Move | None:
    return _PROPOSAL_TABLE.get((ProposalState(source), ProposalState(target)))


def _check(move: Move | None, source, target, party: Party, reason: str) -> Move:
    if move is None:
        raise TransitionRefused("roster.errors.move_not_allowed", source=str(source), target=str(target))
    if party not in move.by:
        raise TransitionRefused("roster.errors.move_not_yours", source=str(source), target=str(target))
    if move.reason and not reason.strip():
        raise TransitionRefused("roster.errors.reason_required", target=str(target))
    return move


def check_request_move(
    source: RequestState | str,
    target: RequestState | str,
    party: Party,
    reason: str = "",
    proposals: Collection[ProposalState | str] = (),
) -> Move:
    """The move from ``source`` to ``target`` by ``party`` if the table allows it, its reason is given
    when needed and the request's ``proposals`` (their states) meet its condition; else
    :class:`TransitionRefused`."""
    source, target = RequestState(source), RequestState(target)
    move = _check(request_move(source, target), source, target, party, reason)
    if move.needs and not any(ProposalState(state) in move.needs for state in proposals):
        raise TransitionRefused(f"roster.errors.needs.{target.value}")
    return move


def check_proposal_move(
    source: ProposalState | str,
    target: ProposalState | str,
    party: Party,
    request_state: RequestState | str,
) -> Move:
    """The move of one expert's proposal, if allowed for ``party`` while the request is in
    ``request_state``; else :class:`TransitionRefused`."""
    source, target = ProposalState(source), ProposalState(target)
    move = _check(proposal_move(source, target), source, target, party, "")
    if move.during and RequestState(request_state) not in move.during:
        raise TransitionRefused("roster.errors.proposal_closed", state=str(RequestState(request_state)))
    return move


def request_moves_from(source: RequestState | str, party: Party) -> tuple[Move, ...]:
    """The moves ``party`` may try from ``source`` (the buttons a page offers), in table order."""
    source = RequestState(source)
    return tuple(m for m in REQUEST_MOVES if m.source == source and party in m.by)


def proposal_moves_from(
    source: ProposalState | str, party: Party, request_state: RequestState | str
) -> tuple[Move, ...]:
    source, request_state = ProposalState(source), RequestState(request_state)
    return tuple(
        m
        for m in PROPOSAL_MOVES
        if m.source == source and party in m.by and (not m.during or request_state in m.during)
    )
