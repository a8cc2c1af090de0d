"""The expert roster's use cases: experts keep their profile, partners request experts and follow their
request, roster managers screen, match and propose. Who sees what is decided here, never in a page:

- a visitor: counts only (:func:`public_counts`);
- an expert (grant EXPERT): their own profile, which they edit, confirm, export and delete; listing is
  opt-in with a recorded consent; the requests they are proposed for, which they accept or decline;
- a partner (grant PARTNER): their own requests; on each, the anonymised skill sets of the experts
  proposed, and a full profile only once that expert agreed to be proposed for that request;
- a roster manager (grant ROSTER_MANAGER; admins too): everything, every full-profile view audited.

Contact details and the employer appear on a full profile only — never in a list, a search result, a
shortlist, the dashboard, an audit export or a notification. Every move and every profile view by someone
else is written to ``roster_audit`` (who, when, what, why). A move is stored by compare-and-set
(``UPDATE … WHERE state = :expected``): of two managers moving one request at once, one wins and the other
gets :class:`~services.errors.Conflict`, with nothing written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.orm import Session

from access.roles import Grant, Role
from progress.models import (
    AdminAction,
    Notification,
    RosterAudit,
    RosterExpert,
    RosterProposal,
    RosterRequest,
    RosterTermsFile,
    User,
    UserGrant,
)
from roster import exports
from roster.anonymise import AnonymisedLine, alias, anonymise
from roster.errors import RosterError
from roster.files import TermsFile, check_terms_file
from roster.inputs import clean_reason, parse_profile, parse_request
from roster.matching import (
    Diversity,
    ExpertVector,
    Match,
    Need,
    diversity,
    need_for,
    pack_levels,
    rank,
    score,
)
from roster.model import (
    CONFIRM_EVERY,
    CONSENT_VERSION,
    DOMAINS,
    LANGUAGE_CODES,
    REMIND_BEFORE,
    Availability,
    Consent,
    Domain,
    Gender,
    LanguageNeed,
    LanguageSkill,
    Level,
    Mission,
    Notice,
    ProfileFields,
    RequestFields,
    SecurityLevel,
    Training,
    Vetting,
    confirmation_due,
    domain_mask,
    is_confirmed,
)
from roster.workflow import (
    CONSENTED,
    EDITABLE,
    SHORTLIST_VISIBLE,
    SHORTLISTING,
    TERMINAL,
    Party,
    ProposalState,
    RequestState,
    check_proposal_move,
    check_request_move,
    proposal_moves_from,
    request_moves_from,
)
from services.accounts import require_grant, require_role
from services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from services.notifications import notify

SMALL_COUNT = 3  # public counts below this show as "fewer than 3"
MATCH_LIMIT = 50
AUDIT_LIMIT = 1000

# Notification kinds (interface texts) and the screen each recipient opens.
NOTIFY_REQUEST_MOVED = "roster.notify.request_moved"
NOTIFY_PROPOSED = "roster.notify.proposed"
NOTIFY_PROPOSAL_MOVED = "roster.notify.proposal_moved"
NOTIFY_MY_PROPOSAL_MOVED = "roster.notify.my_proposal_moved"
NOTIFY_EXPERT_LEFT = "roster.notify.expert_left"
NOTIFY_CONFIRM_DUE = "roster.notify.confirm_due"
NOTIFY_VETTING = "roster.notify.vetting"
EXPERT_NOTICES = (NOTIFY_PROPOSED, NOTIFY_MY_PROPOSAL_MOVED, NOTIFY_CONFIRM_DUE, NOTIFY_VETTING)
PAGE_EXPERT, PAGE_PARTNER, PAGE_MANAGER = "roster_expert", "roster_requests", "roster_manage"


@contextmanager
def _domain_rules() -> Iterator[None]:
    """The domain's refusals (an input, a move) as the services' InvalidInput, with the same key."""
    try:
        yield
    except RosterError as refusal:
        raise InvalidInput(refusal.key, **refusal.params) from refusal


# --- views: what pages may know ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExpertProfileView:
    """A full profile: for the expert, a roster manager, or a partner the expert agreed to be shown to."""

    id: int
    fields: ProfileFields
    vetting: Vetting
    listed: bool
    consent: Consent | None
    last_confirmed_at: datetime
    confirm_by: datetime
    confirmed: bool
    updated_at: datetime

    @property
    def consent_current(self) -> bool:
        return self.listed and self.consent is not None and self.consent.version == CONSENT_VERSION

    @property
    def matchable(self) -> bool:
        return self.consent_current and self.vetting is Vetting.VETTED and self.confirmed


@dataclass(frozen=True, slots=True)
class ExpertRow:
    """One line of the managers' expert list: no contact details, no employer."""

    id: int
    full_name: str
    nationality: str
    domains: tuple[Domain, ...]
    languages: tuple[LanguageSkill, ...]
    years: int
    vetting: Vetting
    consent_current: bool
    last_confirmed_at: datetime
    confirmed: bool
    remote: bool
    notice: Notice


@dataclass(frozen=True, slots=True)
class RequestView:
    id: int
    partner_id: int
    fields: RequestFields
    state: RequestState
    version: int
    created_at: datetime
    updated_at: datetime
    terms_file: TermsFile | None


@dataclass(frozen=True, slots=True)
class RequestRow:
    id: int
    institution: str
    place: str
    country: str
    start: date
    length_days: int
    domains: tuple[Domain, ...]
    state: RequestState
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ShortlistLine:
    """What a partner sees of one proposed expert: the anonymised skill set, and whether the full profile
    may be opened (the expert agreed)."""

    proposal_id: int
    line: AnonymisedLine
    profile_available: bool
    moves: tuple[ProposalState, ...]


@dataclass(frozen=True, slots=True)
class ProposalView:
    """One proposal as roster managers see it."""

    id: int
    expert_id: int
    full_name: str
    alias: str
    state: ProposalState
    score: int
    proposed_at: datetime
    updated_at: datetime
    moves: tuple[ProposalState, ...]


@dataclass(frozen=True, slots=True)
class ExpertProposalView:
    """A request an expert is proposed for, as that expert sees it (no contact of the partner)."""

    id: int
    request_id: int
    state: ProposalState
    request_state: RequestState
    institution: str
    mandate: str
    need: str
    place: str
    country: str
    start: date
    length_days: int
    remote: bool
    security: SecurityLevel
    domains: tuple[Domain, ...]
    languages: tuple[LanguageNeed, ...]
    terms_text: str
    terms_filename: str | None  # an uploaded file, read with terms_file()
    proposed_at: datetime
    moves: tuple[ProposalState, ...]


@dataclass(frozen=True, slots=True)
class MatchRow:
    match: Match
    full_name: str
    nationality: str
    proposal: ProposalState | None  # already on the shortlist in this state


@dataclass(frozen=True, slots=True)
class MatchResult:
    request_id: int
    rows: tuple[MatchRow, ...]
    diversity: Diversity  # of the rows shown, never used to rank them
    listed: int  # experts that matching looked at (listed, consented, vetted, confirmed)
    unconfirmed: int  # listed experts left out because their profile is not confirmed


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: datetime
    actor: str | None
    action: str
    request_id: int | None
    expert_id: int | None
    source: str
    target: str
    reason: str


@dataclass(frozen=True, slots=True)
class PublicCounts:
    experts: int
    by_domain: tuple[tuple[Domain, int | None], ...]  # None: fewer than SMALL_COUNT
    by_language: tuple[tuple[str, int | None], ...]


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Counts for roster managers."""

    requests_by_state: tuple[tuple[RequestState, int], ...]
    experts: int
    listed: int
    vetting_pending: int
    unconfirmed: int
    confirmation_due_soon: int
    proposals_waiting: int


# --- who is acting ----------------------------------------------------------------------------------


def _is_manager(user: User) -> bool:
    return user.role == Role.ADMIN.value or any(
        g.grant == Grant.ROSTER_MANAGER.value for g in user.grant_rows
    )


def _holds(user: User, grant: Grant) -> bool:
    return user.role == Role.ADMIN.value or any(g.grant == grant.value for g in user.grant_rows)


def _manager(session: Session, actor_id: int) -> User:
    return require_grant(session, actor_id, Grant.ROSTER_MANAGER)


def _request(session: Session, request_id: int, *, lock: bool = False) -> RosterRequest:
    statement = select(RosterRequest).where(RosterRequest.id == request_id)
    row = session.scalar(statement.with_for_update() if lock else statement)
    if row is None:
        raise NotFound("errors.not_found")
    return row


def _parties(actor: User, request: RosterRequest) -> set[Party]:
    parties = set()
    if _is_manager(actor):
        parties.add(Party.MANAGER)
    if request.partner_id == actor.id and _holds(actor, Grant.PARTNER):
        parties.add(Party.PARTNER)
    return parties


def _as_any(parties: set[Party], check) -> None:
    """``check(party)`` passes for one of the user's parties (a manager who is also the partner may act as
    either); otherwise the most telling refusal: one that is not "not yours" if there is one."""
    refusals: list[RosterError] = []
    for party in sorted(parties):
        try:
            check(party)
            return
        except RosterError as refusal:
            refusals.append(refusal)
    raise next((r for r in refusals if r.key != "roster.errors.move_not_yours"), refusals[0])


def _request_for(session: Session, actor_id: int, request_id: int) -> tuple[User, RosterRequest, set[Party]]:
    """The request and the acting user's parties on it; another partner's request is not found."""
    actor = require_grant(session, actor_id, Grant.PARTNER, Grant.ROSTER_MANAGER)
    request = _request(session, request_id)
    parties = _parties(actor, request)
    if not parties:
        raise NotFound("errors.not_found")
    return actor, request, parties


def _own_expert(session: Session, actor_id: int) -> RosterExpert:
    require_grant(session, actor_id, Grant.EXPERT)
    expert = session.scalar(select(RosterExpert).where(RosterExpert.user_id == actor_id))
    if expert is None:
        raise NotFound("roster.errors.no_profile")
    return expert


def _audit(
    session: Session,
    now: datetime,
    actor_id: int | None,
    action: str,
    *,
    request_id: int | None = None,
    expert_id: int | None = None,
    source: str = "",
    target: str = "",
    reason: str = "",
) -> None:
    session.add(
        RosterAudit(
            at=now, actor_id=actor_id, action=action, request_id=request_id, expert_id=expert_id,
            source=source, target=target, reason=reason,
        )
    )  # fmt: skip


def _manager_ids(session: Session) -> list[int]:
    return list(
        session.scalars(
            select(User.id)
            .join(UserGrant, UserGrant.user_id == User.id)
            .where(UserGrant.grant == Grant.ROSTER_MANAGER.value, User.is_active)
            .order_by(User.id)
        )
    )


# --- stored values <-> domain values --------------------------------------------------------------------


def _profile_fields(row: RosterExpert) -> ProfileFields:
    return ProfileFields(
        full_name=row.full_name,
        nationality=row.nationality,
        gender=Gender(row.gender),
        languages=tuple(
            LanguageSkill(s["code"], Level.parse(s["speaking"]), Level.parse(s["writing"]))
            for s in row.languages
        ),
        domains=tuple(Domain(d) for d in row.domains),
        years=row.years,
        missions=tuple(
            Mission(
                m["organisation"],
                m["country"],
                m["role"],
                date.fromisoformat(m["start"]),
                date.fromisoformat(m["end"]) if m.get("end") else None,
            )
            for m in row.missions
        ),  # fmt: skip
        trainings=tuple(Training(t["title"], t["provider"], int(t["year"])) for t in row.trainings),
        availability=Availability(row.available_from, row.available_until, Notice(row.notice), row.remote),
        employer=row.employer,
        employer_release_needed=row.employer_release_needed,
        email=row.email,
        phone=row.phone,
    )


def _store_profile(row: RosterExpert, fields: ProfileFields) -> None:
    row.full_name = fields.full_name
    row.nationality = fields.nationality
    row.gender = fields.gender.value
    row.languages = [
        {"code": s.code, "speaking": s.speaking.name, "writing": s.writing.name} for s in fields.languages
    ]
    row.domains = [d.value for d in fields.domains]
    row.years = fields.years
    row.missions = [
        {"organisation": m.organisation, "country": m.country, "role": m.role, "start": m.start.isoformat(),
         "end": m.end.isoformat() if m.end else None}
        for m in fields.missions
    ]  # fmt: skip
    row.trainings = [{"title": t.title, "provider": t.provider, "year": t.year} for t in fields.trainings]
    row.available_from = fields.availability.start
    row.available_until = fields.availability.until
    row.notice = fields.availability.notice.value
    row.remote = fields.availability.remote
    row.employer = fields.employer
    row.employer_release_needed = fields.employer_release_needed
    row.email = fields.email
    row.phone = fields.phone
    row.domain_mask = domain_mask(fields.domains)
    row.speaking_levels, row.writing_levels = pack_levels(fields.languages)


PROFILE_COLUMNS = (
    "full_name", "nationality", "gender", "languages", "domains", "years", "missions", "trainings",
    "available_from", "available_until", "notice", "remote", "employer", "employer_release_needed", "email",
    "phone", "domain_mask", "speaking_levels", "writing_levels",
)  # fmt: skip


def profile_columns(fields: ProfileFields) -> dict:
    """The stored columns of a profile (matching vectors included), for bulk loads (``make seed``, bench)."""
    row = RosterExpert()
    _store_profile(row, fields)
    return {name: getattr(row, name) for name in PROFILE_COLUMNS}


def _profile_view(row: RosterExpert, now: datetime) -> ExpertProfileView:
    consent = Consent(row.consent_version, row.consent_at) if row.consent_version and row.consent_at else None
    return ExpertProfileView(
        row.id, _profile_fields(row), Vetting(row.vetting), row.listed, consent, row.last_confirmed_at,
        confirmation_due(row.last_confirmed_at), is_confirmed(row.last_confirmed_at, now), row.updated_at,
    )  # fmt: skip


def _request_fields(row: RosterRequest) -> RequestFields:
    return RequestFields(
        institution=row.institution,
        contact=row.contact,
        contact_email=row.contact_email,
        mandate=row.mandate,
        need=row.need,
        reason=row.reason,
        terms_text=row.terms_text,
        domains=tuple(Domain(d) for d in row.domains),
        languages=tuple(LanguageNeed(n["code"], Level.parse(n["level"])) for n in row.languages),
        place=row.place,
        country=row.country,
        start=row.start_date,
        length_days=row.length_days,
        remote=row.remote,
        security=SecurityLevel(row.security),
        funding=row.funding,
    )


def _store_request(row: RosterRequest, fields: RequestFields) -> None:
    for name in (
        "institution",
        "contact",
        "contact_email",
        "mandate",
        "need",
        "reason",
        "terms_text",
        "place",
    ):
        setattr(row, name, getattr(fields, name))
    row.domains = [d.value for d in fields.domains]
    row.domain_mask = domain_mask(fields.domains)
    row.languages = [{"code": n.code, "level": n.level.name} for n in fields.languages]
    row.country = fields.country
    row.start_date = fields.start
    row.length_days = fields.length_days
    row.remote = fields.remote
    row.security = fields.security.value
    row.funding = fields.funding


def _request_view(session: Session, row: RosterRequest) -> RequestView:
    terms = session.scalar(select(RosterTermsFile).where(RosterTermsFile.request_id == row.id))
    return RequestView(
        row.id, row.partner_id, _request_fields(row), RequestState(row.state), row.version, row.created_at,
        row.updated_at, TermsFile(terms.filename, terms.media_type, terms.size) if terms else None,
    )  # fmt: skip


def _request_row(row: RosterRequest) -> RequestRow:
    return RequestRow(
        row.id, row.institution, row.place, row.country, row.start_date, row.length_days,
        tuple(Domain(d) for d in row.domains), RequestState(row.state), row.updated_at,
    )  # fmt: skip


def _need(row: RosterRequest, now: datetime) -> Need:
    fields = _request_fields(row)
    return need_for(fields.domains, fields.languages, fields.start, fields.length_days, fields.remote, now)


def _vector(row: RosterExpert) -> ExpertVector:
    return ExpertVector(
        row.id, row.domain_mask, row.speaking_levels, row.writing_levels,
        row.available_from.toordinal() if row.available_from else 0,
        row.available_until.toordinal() if row.available_until else 0,
        Notice(row.notice).hours, row.remote, row.years, row.nationality, row.gender,
    )  # fmt: skip


def _matchable(now: datetime):
    """SQL: listed with a consent to the current text, vetted, confirmed within six months."""
    return and_(
        RosterExpert.listed.is_(True),
        RosterExpert.consent_version == CONSENT_VERSION,
        RosterExpert.vetting == Vetting.VETTED.value,
        RosterExpert.last_confirmed_at > now - CONFIRM_EVERY,
    )


# --- joining the roster and the expert's own data ------------------------------------------------------


def join_roster(session: Session, actor_id: int, now: datetime) -> None:
    """Give oneself the EXPERT grant ("join the roster"). Safe without an admin: the grant only lets one
    keep one's own profile; nobody sees it until the expert consents to listing and a roster manager vets
    it. Logged with the admin actions, where an admin can take it back. Idempotent."""
    actor = require_role(session, actor_id)
    if any(g.grant == Grant.EXPERT.value for g in actor.grant_rows):
        return
    actor.grant_rows.append(UserGrant(grant=Grant.EXPERT.value, granted_by=actor.id, granted_at=now))
    session.add(
        AdminAction(actor_id=actor.id, target_id=actor.id, action="grant", detail=Grant.EXPERT.value, at=now)
    )
    session.flush()


def my_profile(session: Session, actor_id: int, now: datetime) -> ExpertProfileView | None:
    require_grant(session, actor_id, Grant.EXPERT)
    row = session.scalar(select(RosterExpert).where(RosterExpert.user_id == actor_id))
    return _profile_view(row, now) if row else None


def save_my_profile(session: Session, actor_id: int, form: Mapping, now: datetime) -> ExpertProfileView:
    """Create or replace the expert's own profile from the form's raw values; saving confirms it. A new
    profile is unlisted and waits for vetting."""
    require_grant(session, actor_id, Grant.EXPERT)
    with _domain_rules():
        fields = parse_profile(form, now.date())
    row = session.scalar(select(RosterExpert).where(RosterExpert.user_id == actor_id))
    created = row is None
    if created:
        row = RosterExpert(user_id=actor_id, vetting=Vetting.PENDING.value, listed=False, created_at=now)
        session.add(row)
    _store_profile(row, fields)
    row.last_confirmed_at = now
    row.updated_at = now
    session.flush()
    _audit(session, now, actor_id, "profile_created" if created else "profile_saved", expert_id=row.id)
    return _profile_view(row, now)


def confirm_my_profile(session: Session, actor_id: int, now: datetime) -> ExpertProfileView:
    """ "My profile is still right": it counts for matching for six more months."""
    row = _own_expert(session, actor_id)
    row.last_confirmed_at = now
    row.reminded_at = None
    _audit(session, now, actor_id, "profile_confirmed", expert_id=row.id)
    return _profile_view(row, now)


def give_consent(session: Session, actor_id: int, version: str, now: datetime) -> ExpertProfileView:
    """Opt in to listing, to the consent text of ``version`` (it must be the current one)."""
    row = _own_expert(session, actor_id)
    if version != CONSENT_VERSION:
        raise InvalidInput("roster.errors.consent_version")
    row.listed = True
    row.consent_version = version
    row.consent_at = now
    _audit(session, now, actor_id, "consent_given", expert_id=row.id, target=version)
    return _profile_view(row, now)


def _leave_shortlists(
    session: Session, row: RosterExpert, now: datetime, actor_id: int | None, states
) -> None:
    """Remove the expert from the shortlists of the requests in ``states``, telling each partner and the
    managers by the expert's letter only."""
    open_proposals = session.execute(
        select(RosterProposal, RosterRequest)
        .join(RosterRequest, RosterRequest.id == RosterProposal.request_id)
        .where(RosterProposal.expert_id == row.id, RosterRequest.state.in_([s.value for s in states]))
    ).all()
    managers = _manager_ids(session)
    for proposal, request in open_proposals:
        letter = alias(proposal.position)
        _audit(
            session, now, actor_id, "proposal_removed", request_id=request.id, expert_id=row.id,
            source=proposal.state,
        )  # fmt: skip
        session.delete(proposal)
        params = {"request": request.id, "alias": letter}
        notify(session, [request.partner_id], NOTIFY_EXPERT_LEFT, now, params=params, page=PAGE_PARTNER,
               query={"request": request.id}, emails={request.partner_id: request.contact_email})  # fmt: skip
        notify(session, [m for m in managers if m != actor_id], NOTIFY_EXPERT_LEFT, now, params=params,
               page=PAGE_MANAGER, query={"request": request.id})  # fmt: skip
    session.flush()


def withdraw_consent(session: Session, actor_id: int, now: datetime) -> ExpertProfileView:
    """Stop being listed: out of matching at once, and off every shortlist still open (a mission one is
    already selected for goes on; the managers see it in the audit)."""
    row = _own_expert(session, actor_id)
    row.listed = False
    row.consent_version = None
    row.consent_at = None
    _audit(session, now, actor_id, "consent_withdrawn", expert_id=row.id)
    _leave_shortlists(session, row, now, actor_id, SHORTLISTING)
    return _profile_view(row, now)


def _export_record(session: Session, row: RosterExpert, now: datetime) -> dict:
    view = _profile_view(row, now)
    proposals = session.execute(
        select(RosterProposal, RosterRequest)
        .join(RosterRequest, RosterRequest.id == RosterProposal.request_id)
        .where(RosterProposal.expert_id == row.id)
        .order_by(RosterProposal.proposed_at)
    ).all()
    views = session.execute(
        select(RosterAudit.at, RosterAudit.actor_id, RosterAudit.request_id)
        .where(RosterAudit.expert_id == row.id, RosterAudit.action == "profile_view")
        .order_by(RosterAudit.at)
    ).all()
    return {
        "exported_at": now,
        "profile": view.fields,
        "vetting": view.vetting,
        "listed": view.listed,
        "consent": view.consent,
        "last_confirmed_at": view.last_confirmed_at,
        "proposals": [
            {
                "request": r.id,
                "institution": r.institution,
                "place": r.place,
                "start": r.start_date,
                "state": p.state,
                "proposed_at": p.proposed_at,
            }
            for p, r in proposals
        ],  # fmt: skip
        "profile_views": [
            {"at": at, "by": "partner" if request_id else "roster_manager", "request": request_id}
            for at, _, request_id in views
        ],
    }


def export_my_data(session: Session, actor_id: int, fmt: str, now: datetime) -> bytes:
    """Everything the roster holds about the expert, with who viewed their profile when: ``json`` or
    ``csv`` (two columns, field and value)."""
    row = _own_expert(session, actor_id)
    record = _export_record(session, row, now)
    _audit(session, now, actor_id, "data_exported", expert_id=row.id, target=fmt)
    if fmt == "json":
        return exports.json_bytes(record)
    if fmt == "csv":
        return exports.csv_bytes(["field", "value"], exports.flatten(record))
    raise InvalidInput("roster.errors.export_format")


def delete_my_data(session: Session, actor_id: int, now: datetime) -> None:
    """Erase the expert's profile: out of matching, lists and exports, off every shortlist (each request's
    partner and the managers are told by letter only); the audit keeps what happened, not who."""
    row = _own_expert(session, actor_id)
    _leave_shortlists(session, row, now, actor_id, [s for s in RequestState if s not in TERMINAL])
    session.execute(
        update(RosterAudit)
        .where(RosterAudit.expert_id == row.id, RosterAudit.actor_id == actor_id)
        .values(actor_id=None)
    )
    session.execute(delete(RosterProposal).where(RosterProposal.expert_id == row.id))
    session.execute(
        delete(Notification).where(Notification.user_id == actor_id, Notification.kind.in_(EXPERT_NOTICES))
    )
    session.execute(delete(RosterExpert).where(RosterExpert.id == row.id))
    _audit(session, now, None, "expert_deleted")
    session.expunge(row)


def my_proposals(session: Session, actor_id: int) -> list[ExpertProposalView]:
    """The requests the expert is proposed for, newest first."""
    row = _own_expert(session, actor_id)
    found = session.execute(
        select(RosterProposal, RosterRequest)
        .join(RosterRequest, RosterRequest.id == RosterProposal.request_id)
        .where(RosterProposal.expert_id == row.id)
        .order_by(RosterProposal.proposed_at.desc(), RosterProposal.id.desc())
    ).all()
    files = dict(
        session.execute(
            select(RosterTermsFile.request_id, RosterTermsFile.filename).where(
                RosterTermsFile.request_id.in_([r.id for _, r in found])
            )
        ).all()
    )
    views = []
    for proposal, request in found:
        fields = _request_fields(request)
        views.append(
            ExpertProposalView(
                proposal.id, request.id, ProposalState(proposal.state), RequestState(request.state),
                fields.institution, fields.mandate, fields.need, fields.place, fields.country, fields.start,
                fields.length_days, fields.remote, fields.security, fields.domains, fields.languages,
                fields.terms_text, files.get(request.id), proposal.proposed_at,
                tuple(m.target for m in proposal_moves_from(proposal.state, Party.EXPERT, request.state)),
            )
        )  # fmt: skip
    return views


# --- requests ---------------------------------------------------------------------------------------


def create_request(session: Session, actor_id: int, form: Mapping, now: datetime) -> RequestView:
    """A partner's new request, as a draft."""
    require_grant(session, actor_id, Grant.PARTNER)
    with _domain_rules():
        fields = parse_request(form, now.date())
    row = RosterRequest(
        partner_id=actor_id, state=RequestState.DRAFT.value, version=1, created_at=now, updated_at=now
    )
    _store_request(row, fields)
    session.add(row)
    session.flush()
    _audit(session, now, actor_id, "request_created", request_id=row.id, target=row.state)
    return _request_view(session, row)


def update_request(
    session: Session, actor_id: int, request_id: int, form: Mapping, expected_version: int, now: datetime
) -> RequestView:
    """The partner's edit of their request, while it is a draft or more information was asked."""
    _, request, parties = _request_for(session, actor_id, request_id)
    if Party.PARTNER not in parties:
        raise PermissionDenied("errors.permission_denied")
    if RequestState(request.state) not in EDITABLE:
        raise InvalidInput("roster.errors.not_editable", state=request.state)
    with _domain_rules():
        fields = parse_request(form, now.date())
    values = RosterRequest(partner_id=request.partner_id)
    _store_request(values, fields)
    changed = {
        column: getattr(values, column)
        for column in (
            "institution", "contact", "contact_email", "mandate", "need", "reason", "terms_text", "domains",
            "domain_mask", "languages", "place", "country", "start_date", "length_days", "remote", "security",
            "funding",
        )
    }  # fmt: skip
    result = session.execute(
        update(RosterRequest)
        .where(
            RosterRequest.id == request.id,
            RosterRequest.version == expected_version,
            RosterRequest.state.in_([s.value for s in EDITABLE]),
        )
        .values(**changed, version=RosterRequest.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict("roster.errors.changed_meanwhile")
    session.refresh(request)
    _audit(session, now, actor_id, "request_edited", request_id=request.id)
    return _request_view(session, request)


def attach_terms(
    session: Session, actor_id: int, request_id: int, filename: str, data: bytes, now: datetime
) -> TermsFile:
    """The terms of reference as a PDF or a text file (checked), replacing any earlier one."""
    _, request, parties = _request_for(session, actor_id, request_id)
    if Party.PARTNER not in parties:
        raise PermissionDenied("errors.permission_denied")
    if RequestState(request.state) not in EDITABLE:
        raise InvalidInput("roster.errors.not_editable", state=request.state)
    with _domain_rules():
        checked = check_terms_file(filename, data)
    session.execute(delete(RosterTermsFile).where(RosterTermsFile.request_id == request.id))
    session.add(
        RosterTermsFile(
            request_id=request.id,
            filename=checked.filename,
            media_type=checked.media_type,
            size=checked.size,
            data=data,
            uploaded_at=now,
        )
    )
    _audit(session, now, actor_id, "terms_uploaded", request_id=request.id, target=checked.media_type)
    return checked


def terms_file(session: Session, actor_id: int, request_id: int) -> tuple[TermsFile, bytes]:
    """The uploaded terms: for the request's partner, the managers, and the experts proposed on it."""
    actor = require_role(session, actor_id)
    request = _request(session, request_id)
    if not _parties(actor, request):
        proposed = session.scalar(
            select(RosterProposal.id)
            .join(RosterExpert, RosterExpert.id == RosterProposal.expert_id)
            .where(RosterProposal.request_id == request.id, RosterExpert.user_id == actor.id)
        )
        if proposed is None or not _holds(actor, Grant.EXPERT):
            raise NotFound("errors.not_found")
    stored = session.scalar(select(RosterTermsFile).where(RosterTermsFile.request_id == request.id))
    if stored is None:
        raise NotFound("errors.not_found")
    return TermsFile(stored.filename, stored.media_type, stored.size), bytes(stored.data)


def my_requests(session: Session, actor_id: int) -> list[RequestRow]:
    require_grant(session, actor_id, Grant.PARTNER)
    rows = session.scalars(
        select(RosterRequest)
        .where(RosterRequest.partner_id == actor_id)
        .order_by(RosterRequest.updated_at.desc(), RosterRequest.id.desc())
    )
    return [_request_row(row) for row in rows]


def get_request(session: Session, actor_id: int, request_id: int) -> RequestView:
    _, request, _ = _request_for(session, actor_id, request_id)
    return _request_view(session, request)


def request_moves(session: Session, actor_id: int, request_id: int) -> tuple[RequestState, ...]:
    """The states the acting user may try to move the request to (the buttons to show)."""
    _, request, parties = _request_for(session, actor_id, request_id)
    targets: dict[RequestState, None] = {}
    for party in sorted(parties):
        for move in request_moves_from(request.state, party):
            targets[RequestState(move.target)] = None
    return tuple(targets)


def _proposal_states(session: Session, request_id: int) -> list[str]:
    return list(session.scalars(select(RosterProposal.state).where(RosterProposal.request_id == request_id)))


def move_request(
    session: Session,
    actor_id: int,
    request_id: int,
    target: RequestState | str,
    expected: RequestState | str,
    now: datetime,
    reason: str = "",
) -> RequestView:
    """Move a request from ``expected`` (the state the user saw) to ``target``, if the workflow table lets
    this user do it; the request's partner and the managers are told. If it moved meanwhile:
    :class:`Conflict`, nothing written."""
    actor, request, parties = _request_for(session, actor_id, request_id)
    try:
        target, expected = RequestState(target), RequestState(expected)
    except ValueError:
        raise InvalidInput("roster.errors.unknown_state") from None
    if request.state != expected.value:
        raise Conflict("roster.errors.moved_meanwhile", state=request.state)
    with _domain_rules():
        reason = clean_reason(reason)
        states = _proposal_states(session, request.id)
        _as_any(parties, lambda party: check_request_move(expected, target, party, reason, states))
    result = session.execute(
        update(RosterRequest)
        .where(RosterRequest.id == request.id, RosterRequest.state == expected.value)
        .values(state=target.value, version=RosterRequest.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict("roster.errors.moved_meanwhile", state=_current_state(session, request.id))
    session.refresh(request)
    _audit(
        session,
        now,
        actor.id,
        "request_move",
        request_id=request.id,
        source=expected.value,
        target=target.value,
        reason=reason,
    )
    params = {"request": request.id, "state": {"t": f"roster.state.{target.value}"}}
    if request.partner_id != actor.id:
        notify(session, [request.partner_id], NOTIFY_REQUEST_MOVED, now, params=params, page=PAGE_PARTNER,
               query={"request": request.id}, emails={request.partner_id: request.contact_email})  # fmt: skip
    others = [m for m in _manager_ids(session) if m not in (actor.id, request.partner_id)]
    notify(
        session,
        others,
        NOTIFY_REQUEST_MOVED,
        now,
        params=params,
        page=PAGE_MANAGER,
        query={"request": request.id},
    )
    return _request_view(session, request)


def _current_state(session: Session, request_id: int) -> str:
    session.expire_all()
    return session.scalar(select(RosterRequest.state).where(RosterRequest.id == request_id)) or ""


# --- shortlists and proposals -----------------------------------------------------------------------


def propose_expert(
    session: Session, actor_id: int, request_id: int, expert_id: int, now: datetime
) -> ProposalView:
    """Put a listed, consented, vetted, confirmed expert on a request's shortlist (while searching); the
    expert is asked whether they agree to be proposed."""
    manager = _manager(session, actor_id)
    request = _request(session, request_id)
    if request.state not in (RequestState.SEARCH.value, RequestState.SHORTLIST_SENT.value):
        raise InvalidInput("roster.errors.not_searching", state=request.state)
    expert = session.scalar(select(RosterExpert).where(RosterExpert.id == expert_id, _matchable(now)))
    if expert is None:
        raise InvalidInput("roster.errors.not_matchable")
    if session.scalar(
        select(RosterProposal.id).where(
            RosterProposal.request_id == request.id, RosterProposal.expert_id == expert.id
        )
    ):
        raise InvalidInput("roster.errors.already_proposed")
    position = session.scalar(
        select(func.coalesce(func.max(RosterProposal.position) + 1, 0)).where(
            RosterProposal.request_id == request.id
        )
    )
    proposal = RosterProposal(
        request_id=request.id, expert_id=expert.id, position=position, state=ProposalState.PROPOSED.value,
        score=score(_vector(expert), _need(request, now)).score, proposed_by=manager.id, proposed_at=now,
        updated_at=now,
    )  # fmt: skip
    session.add(proposal)
    session.flush()
    _audit(session, now, manager.id, "proposal_added", request_id=request.id, expert_id=expert.id,
           target=proposal.state)  # fmt: skip
    notify(session, [expert.user_id], NOTIFY_PROPOSED, now,
           params={"request": request.id, "place": request.place, "start": request.start_date.isoformat()},
           page=PAGE_EXPERT, emails={expert.user_id: expert.email})  # fmt: skip
    return _proposal_view(proposal, expert.full_name, request.state)


def _proposal_view(proposal: RosterProposal, full_name: str, request_state: str) -> ProposalView:
    return ProposalView(
        proposal.id, proposal.expert_id, full_name, alias(proposal.position), ProposalState(proposal.state),
        proposal.score, proposal.proposed_at, proposal.updated_at,
        tuple(m.target for m in proposal_moves_from(proposal.state, Party.MANAGER, request_state)),
    )  # fmt: skip


def proposals_for(session: Session, actor_id: int, request_id: int) -> list[ProposalView]:
    """A request's shortlist as the managers see it (names, scores, states)."""
    _manager(session, actor_id)
    request = _request(session, request_id)
    found = session.execute(
        select(RosterProposal, RosterExpert.full_name)
        .join(RosterExpert, RosterExpert.id == RosterProposal.expert_id)
        .where(RosterProposal.request_id == request.id)
        .order_by(RosterProposal.position)
    ).all()
    return [_proposal_view(p, name, request.state) for p, name in found]


def shortlist(session: Session, actor_id: int, request_id: int, now: datetime) -> list[ShortlistLine]:
    """The partner's view of their request's shortlist once it is sent: one anonymised line per expert
    who has not declined. Roster managers get the same lines (what the partner sees)."""
    _, request, parties = _request_for(session, actor_id, request_id)
    if RequestState(request.state) not in SHORTLIST_VISIBLE:
        return []
    need = _need(request, now)
    found = session.execute(
        select(RosterProposal, RosterExpert)
        .join(RosterExpert, RosterExpert.id == RosterProposal.expert_id)
        .where(RosterProposal.request_id == request.id, RosterProposal.state != ProposalState.DECLINED.value)
        .order_by(RosterProposal.position)
    ).all()
    party = Party.PARTNER if Party.PARTNER in parties else Party.MANAGER
    lines = []
    for proposal, expert in found:
        line = anonymise(
            proposal.position, proposal.state, _profile_fields(expert), score(_vector(expert), need)
        )
        lines.append(
            ShortlistLine(
                proposal.id, line, ProposalState(proposal.state) in CONSENTED,
                tuple(m.target for m in proposal_moves_from(proposal.state, party, request.state)),
            )
        )  # fmt: skip
    return lines


def view_proposed_profile(
    session: Session, actor_id: int, proposal_id: int, now: datetime
) -> ExpertProfileView:
    """A proposed expert's full profile, for the request's partner once the expert agreed to be proposed
    for that request (and the shortlist was sent), or for a manager. Audited."""
    actor = require_grant(session, actor_id, Grant.PARTNER, Grant.ROSTER_MANAGER)
    proposal = session.get(RosterProposal, proposal_id)
    if proposal is None:
        raise NotFound("errors.not_found")
    request = _request(session, proposal.request_id)
    parties = _parties(actor, request)
    if not parties:
        raise NotFound("errors.not_found")
    if Party.MANAGER not in parties and (
        ProposalState(proposal.state) not in CONSENTED or RequestState(request.state) not in SHORTLIST_VISIBLE
    ):
        raise PermissionDenied("roster.errors.profile_not_shared")
    expert = session.get(RosterExpert, proposal.expert_id)
    _audit(session, now, actor.id, "profile_view", request_id=request.id, expert_id=expert.id)
    return _profile_view(expert, now)


def move_proposal(
    session: Session,
    actor_id: int,
    proposal_id: int,
    target: ProposalState | str,
    expected: ProposalState | str,
    now: datetime,
) -> ProposalState:
    """Move one expert's proposal (the expert agrees or declines; the partner or a manager retains; a
    manager records the employer's release), by compare-and-set on its state."""
    actor = require_role(session, actor_id)
    proposal = session.get(RosterProposal, proposal_id)
    if proposal is None:
        raise NotFound("errors.not_found")
    request = _request(session, proposal.request_id)
    expert = session.get(RosterExpert, proposal.expert_id)
    parties = _parties(actor, request)
    if expert.user_id == actor.id and _holds(actor, Grant.EXPERT):
        parties.add(Party.EXPERT)
    if not parties:
        raise NotFound("errors.not_found")
    try:
        target, expected = ProposalState(target), ProposalState(expected)
    except ValueError:
        raise InvalidInput("roster.errors.unknown_state") from None
    if proposal.state != expected.value:
        raise Conflict("roster.errors.moved_meanwhile", state=proposal.state)
    with _domain_rules():
        _as_any(parties, lambda party: check_proposal_move(expected, target, party, request.state))
    result = session.execute(
        update(RosterProposal)
        .where(RosterProposal.id == proposal.id, RosterProposal.state == expected.value)
        .values(state=target.value, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict("roster.errors.moved_meanwhile", state="")
    session.refresh(proposal)
    _audit(session, now, actor.id, "proposal_move", request_id=request.id, expert_id=expert.id,
           source=expected.value, target=target.value)  # fmt: skip
    params = {
        "request": request.id,
        "alias": alias(proposal.position),
        "state": {"t": f"roster.proposal.{target.value}"},
    }
    if actor.id != expert.user_id:
        notify(session, [expert.user_id], NOTIFY_MY_PROPOSAL_MOVED, now, params=params, page=PAGE_EXPERT,
               emails={expert.user_id: expert.email})  # fmt: skip
    if request.partner_id != actor.id and RequestState(request.state) in SHORTLIST_VISIBLE:
        notify(session, [request.partner_id], NOTIFY_PROPOSAL_MOVED, now, params=params, page=PAGE_PARTNER,
               query={"request": request.id}, emails={request.partner_id: request.contact_email})  # fmt: skip
    notify(session, [m for m in _manager_ids(session) if m != actor.id], NOTIFY_PROPOSAL_MOVED, now,
           params=params, page=PAGE_MANAGER, query={"request": request.id})  # fmt: skip
    return target


# --- roster managers -------------------------------------------------------------------------------------


def list_requests(
    session: Session, actor_id: int, states: tuple[RequestState, ...] | None = None
) -> list[RequestRow]:
    """Every request (drafts stay the partner's own), oldest change first: the managers' queue."""
    _manager(session, actor_id)
    statement = select(RosterRequest).where(RosterRequest.state != RequestState.DRAFT.value)
    if states:
        statement = statement.where(RosterRequest.state.in_([RequestState(s).value for s in states]))
    rows = session.scalars(statement.order_by(RosterRequest.updated_at, RosterRequest.id))
    return [_request_row(row) for row in rows]


def list_experts(
    session: Session, actor_id: int, now: datetime, vetting: Vetting | str | None = None
) -> list[ExpertRow]:
    """Every profile, with the flags a manager acts on (vetting, consent, confirmation); no contact
    details and no employer in this list."""
    _manager(session, actor_id)
    statement = select(RosterExpert).order_by(RosterExpert.full_name, RosterExpert.id)
    if vetting:
        statement = statement.where(RosterExpert.vetting == Vetting(vetting).value)
    rows = []
    for row in session.scalars(statement):
        fields = _profile_fields(row)
        rows.append(
            ExpertRow(
                row.id, fields.full_name, fields.nationality, fields.domains, fields.languages, fields.years,
                Vetting(row.vetting), bool(row.listed and row.consent_version == CONSENT_VERSION),
                row.last_confirmed_at, is_confirmed(row.last_confirmed_at, now), fields.availability.remote,
                fields.availability.notice,
            )
        )  # fmt: skip
    return rows


def view_expert_profile(session: Session, actor_id: int, expert_id: int, now: datetime) -> ExpertProfileView:
    """Any expert's full profile, for a roster manager. Audited."""
    manager = _manager(session, actor_id)
    row = session.get(RosterExpert, expert_id)
    if row is None:
        raise NotFound("errors.not_found")
    _audit(session, now, manager.id, "profile_view", expert_id=row.id)
    return _profile_view(row, now)


def set_vetting(
    session: Session, actor_id: int, expert_id: int, status: Vetting | str, now: datetime
) -> None:
    manager = _manager(session, actor_id)
    try:
        status = Vetting(status)
    except ValueError:
        raise InvalidInput("roster.errors.unknown_state") from None
    row = session.get(RosterExpert, expert_id)
    if row is None:
        raise NotFound("errors.not_found")
    if row.vetting == status.value:
        return
    _audit(session, now, manager.id, "vetting", expert_id=row.id, source=row.vetting, target=status.value)
    row.vetting = status.value
    row.vetted_by = manager.id
    row.vetted_at = now
    params = {"state": {"t": f"roster.vetting.{status.value}"}}
    notify(
        session,
        [row.user_id],
        NOTIFY_VETTING,
        now,
        params=params,
        page=PAGE_EXPERT,
        emails={row.user_id: row.email},
    )


def match_experts(
    session: Session, actor_id: int, request_id: int, now: datetime, limit: int = MATCH_LIMIT
) -> MatchResult:
    """The experts for a request, best first, each score explained; diversity of the list shown beside it.
    Only listed, consented, vetted and confirmed experts are considered; those left out for want of a
    confirmation are counted (and flagged in the expert list)."""
    _manager(session, actor_id)
    request = _request(session, request_id)
    need = _need(request, now)
    columns = (
        RosterExpert.id, RosterExpert.domain_mask, RosterExpert.speaking_levels, RosterExpert.writing_levels,
        RosterExpert.available_from, RosterExpert.available_until, RosterExpert.notice, RosterExpert.remote,
        RosterExpert.years, RosterExpert.nationality, RosterExpert.gender,
    )  # fmt: skip
    notice_hours = {notice.value: notice.hours for notice in Notice}
    rows = session.execute(
        select(*columns).where(_matchable(now), RosterExpert.domain_mask.op("&")(need.domains) != 0)
    ).all()
    vectors = [
        ExpertVector(
            r[0], r[1], r[2], r[3], r[4].toordinal() if r[4] else 0, r[5].toordinal() if r[5] else 0,
            notice_hours[r[6]], r[7], r[8], r[9], r[10],
        )
        for r in rows
    ]  # fmt: skip
    ranked = rank(vectors, need, limit)
    ids = [m.expert_id for m in ranked]
    names = dict(
        session.execute(select(RosterExpert.id, RosterExpert.full_name).where(RosterExpert.id.in_(ids))).all()
    )
    proposed = dict(
        session.execute(
            select(RosterProposal.expert_id, RosterProposal.state).where(
                RosterProposal.request_id == request.id
            )
        ).all()
    )
    by_id = {v.expert_id: v for v in vectors}
    unconfirmed = session.scalar(
        select(func.count())
        .select_from(RosterExpert)
        .where(
            RosterExpert.listed.is_(True),
            RosterExpert.consent_version == CONSENT_VERSION,
            RosterExpert.vetting == Vetting.VETTED.value,
            RosterExpert.last_confirmed_at <= now - CONFIRM_EVERY,
        )
    )
    return MatchResult(
        request.id,
        tuple(
            MatchRow(
                m,
                names[m.expert_id],
                by_id[m.expert_id].nationality,
                ProposalState(proposed[m.expert_id]) if m.expert_id in proposed else None,
            )
            for m in ranked
        ),  # fmt: skip
        diversity([by_id[i] for i in ids]),
        len(vectors),
        unconfirmed,
    )


def audit_log(
    session: Session, actor_id: int, request_id: int | None = None, limit: int = AUDIT_LIMIT
) -> list[AuditRow]:
    """The roster's audit, newest first (managers only)."""
    _manager(session, actor_id)
    statement = (
        select(RosterAudit, User.username)
        .outerjoin(User, User.id == RosterAudit.actor_id)
        .order_by(RosterAudit.at.desc(), RosterAudit.id.desc())
        .limit(limit)
    )
    if request_id is not None:
        statement = statement.where(RosterAudit.request_id == request_id)
    return [
        AuditRow(a.at, username, a.action, a.request_id, a.expert_id, a.source, a.target, a.reason)
        for a, username in session.execute(statement)
    ]


AUDIT_COLUMNS = ("at", "actor", "action", "request", "expert", "from", "to", "reason")


def export_audit(session: Session, actor_id: int, fmt: str, now: datetime) -> bytes:
    """The audit as ``csv`` or ``json``: ids, never names or contact details of experts."""
    rows = audit_log(session, actor_id, limit=100_000)
    _audit(session, now, actor_id, "audit_exported", target=fmt)
    if fmt == "csv":
        return exports.csv_bytes(
            AUDIT_COLUMNS,
            (
                [r.at, r.actor, r.action, r.request_id, r.expert_id, r.source, r.target, r.reason]
                for r in rows
            ),
        )
    if fmt == "json":
        values = (
            (r.at, r.actor, r.action, r.request_id, r.expert_id, r.source, r.target, r.reason) for r in rows
        )
        return exports.json_bytes([dict(zip(AUDIT_COLUMNS, row, strict=True)) for row in values])
    raise InvalidInput("roster.errors.export_format")


def dashboard(session: Session, actor_id: int, now: datetime) -> Dashboard:
    _manager(session, actor_id)
    by_state = dict(
        session.execute(select(RosterRequest.state, func.count()).group_by(RosterRequest.state)).all()
    )
    experts = session.execute(
        select(
            RosterExpert.listed,
            RosterExpert.consent_version,
            RosterExpert.vetting,
            RosterExpert.last_confirmed_at,
        )
    ).all()
    waiting = session.scalar(
        select(func.count())
        .select_from(RosterProposal)
        .where(RosterProposal.state == ProposalState.PROPOSED.value)
    )
    listed = [e for e in experts if e.listed and e.consent_version == CONSENT_VERSION]
    return Dashboard(
        tuple((state, by_state.get(state.value, 0)) for state in RequestState),
        len(experts),
        len(listed),
        sum(e.vetting == Vetting.PENDING.value for e in experts),
        sum(not is_confirmed(e.last_confirmed_at, now) for e in listed),
        sum(
            is_confirmed(e.last_confirmed_at, now)
            and not is_confirmed(e.last_confirmed_at, now + REMIND_BEFORE)
            for e in listed
        ),  # fmt: skip
        waiting,
    )


def remind_unconfirmed(session: Session, now: datetime, actor_id: int | None = None) -> int:
    """Ask every listed expert whose confirmation is due within two weeks (or overdue) and who has not been
    asked since their last confirmation to confirm their profile. Run by ``python -m commands.roster
    remind`` (a daily job) or a roster manager; returns how many were asked."""
    if actor_id is not None:
        _manager(session, actor_id)
    due = session.scalars(
        select(RosterExpert).where(
            RosterExpert.listed.is_(True),
            RosterExpert.last_confirmed_at <= now + REMIND_BEFORE - CONFIRM_EVERY,
            RosterExpert.reminded_at.is_(None),
        )
    ).all()
    for row in due:
        row.reminded_at = now
        notify(session, [row.user_id], NOTIFY_CONFIRM_DUE, now,
               params={"date": confirmation_due(row.last_confirmed_at).date().isoformat()}, page=PAGE_EXPERT,
               emails={row.user_id: row.email})  # fmt: skip
        _audit(session, now, actor_id, "confirmation_asked", expert_id=row.id)
    return len(due)


# --- visitors --------------------------------------------------------------------------------------------


def public_counts(session: Session, now: datetime) -> PublicCounts:
    """How many experts are listed, by domain and by language — counts only, and a count below
    ``SMALL_COUNT`` is shown as "fewer than" (no one can be singled out)."""
    rows = session.execute(
        select(RosterExpert.domain_mask, RosterExpert.speaking_levels).where(_matchable(now))
    ).all()
    domains: Counter[Domain] = Counter()
    languages: Counter[str] = Counter()
    for mask, speaking in rows:
        for index, domain in enumerate(DOMAINS):
            if mask >> index & 1:
                domains[domain] += 1
        for index, code in enumerate(LANGUAGE_CODES):
            if speaking >> (3 * index) & 7:
                languages[code] += 1

    def shown(count: int) -> int | None:
        return count if count >= SMALL_COUNT else None

    return PublicCounts(
        len(rows),
        tuple((d, shown(domains[d])) for d in DOMAINS if domains[d]),
        tuple((c, shown(languages[c])) for c in LANGUAGE_CODES if languages[c]),
    )
