"""Roster managers: the dashboard, the queue of requests, one request's screening and moves, the ranked
experts for it (each score explained, diversity beside), the shortlist and its proposals."""

import streamlit as st

from app_pages.frame import database, escape_markdown, now, require_user, t
from app_pages.roster_labels import (
    country_label,
    day_text,
    domains_text,
    proposal_label,
    show_roster_error,
    state_label,
)
from app_pages.roster_widgets import (
    act,
    anonymised_line,
    full_profile,
    match_explanation,
    move_controls,
    proposal_buttons,
    show_flash,
    show_request,
)
from roster.workflow import OPEN, RequestState
from services import roster
from services.errors import ServiceError

FLASH = "roster_manage_flash"
user = require_user()
st.title(t("roster.manage.title"))
show_flash(FLASH)

try:
    with database().reading() as session:
        board = roster.dashboard(session, user.id, now())
except ServiceError as error:
    show_roster_error(error)
    st.stop()

with st.container(border=True, key="roster_dashboard"):
    cols = st.columns(5)
    cols[0].metric(t("roster.manage.experts"), board.experts)
    cols[1].metric(t("roster.manage.listed"), board.listed)
    cols[2].metric(t("roster.manage.pending"), board.vetting_pending)
    cols[3].metric(t("roster.manage.unconfirmed"), board.unconfirmed)
    cols[4].metric(t("roster.manage.waiting"), board.proposals_waiting)
    open_counts = [(state, count) for state, count in board.requests_by_state if count]
    if open_counts:
        st.caption(" · ".join(f"{state_label(state)}: {count}" for state, count in open_counts))
    reminders_due = board.confirmation_due_soon or board.unconfirmed
    if reminders_due and st.button(
        t("roster.manage.remind"), key="roster_remind", icon=":material/notifications_active:"
    ):
        act(
            lambda s: roster.remind_unconfirmed(s, now(), actor_id=user.id),
            FLASH,
            "roster.manage.reminded",
        )

states = st.multiselect(
    t("roster.manage.filter"),
    [s.value for s in RequestState if s is not RequestState.DRAFT],
    default=[s.value for s in OPEN if s is not RequestState.DRAFT],
    format_func=state_label,
    placeholder=t("common.choose"),
    key="roster_manage_states",
)
with database().reading() as session:
    queue = roster.list_requests(session, user.id, tuple(RequestState(s) for s in states) or None)
if not queue:
    st.info(t("roster.manage.none"))
    st.stop()
st.dataframe(
    {
        "#": [r.id for r in queue],
        t("roster.field.institution"): [r.institution for r in queue],
        t("roster.field.place"): [f"{r.place}, {country_label(r.country)}" for r in queue],
        t("roster.field.start"): [day_text(r.start) for r in queue],
        t("roster.field.domains"): [domains_text(r.domains) for r in queue],
        t("roster.manage.state"): [state_label(r.state) for r in queue],
    },
    hide_index=True,
    key="roster_manage_queue",
)
by_id = {r.id: r for r in queue}
wanted = st.query_params.get("request")
ids = list(by_id)
chosen = st.selectbox(
    t("roster.requests.choose"),
    ids,
    index=ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in by_id else 0,
    format_func=lambda rid: t(
        "roster.requests.option",
        id=rid,
        place=by_id[rid].place,
        start=day_text(by_id[rid].start),
        state=state_label(by_id[rid].state),
    ),  # fmt: skip
    key="roster_manage_choice",
)
st.query_params["request"] = str(chosen)

with database().reading() as session:
    view = roster.get_request(session, user.id, chosen)
    targets = roster.request_moves(session, user.id, chosen)
    proposals = roster.proposals_for(session, user.id, chosen)

with st.container(border=True, key="roster_manage_detail"):
    show_request(view, with_contact=True)
    if view.terms_file:
        db = database()

        def _terms(db=db):
            with db.reading() as session:
                return roster.terms_file(session, user.id, view.id)[1]

        st.download_button(
            t("roster.terms.download_named", name=view.terms_file.filename), _terms, view.terms_file.filename,
            view.terms_file.media_type, key="roster_manage_terms", icon=":material/download:",
        )  # fmt: skip
    move_controls("roster_manage", user.id, view, targets, roster.move_request, FLASH)

st.subheader(t("roster.manage.shortlist"), anchor=False)
if not proposals:
    st.caption(t("roster.manage.shortlist.none"))
for proposal in proposals:
    with st.container(border=True, key=f"roster_proposal_{proposal.id}"):
        st.markdown(
            f"**{escape_markdown(t('roster.shortlist.expert', alias=proposal.alias))}** · "
            f"{escape_markdown(proposal.full_name)} · {escape_markdown(proposal_label(proposal.state))}"
        )
        st.caption(
            t("roster.manage.proposal_line", score=proposal.score, date=day_text(proposal.proposed_at.date()))
        )
        if st.button(
            t("roster.shortlist.open"), key=f"roster_manage_open_{proposal.id}", icon=":material/person:"
        ):
            with database().transaction() as session:
                profile = roster.view_proposed_profile(session, user.id, proposal.id, now())
            full_profile(profile)
        proposal_buttons(
            "roster_manage", proposal.id, proposal.state, proposal.moves, roster.move_proposal, user.id, FLASH
        )

if view.state in (RequestState.SEARCH, RequestState.SHORTLIST_SENT):
    st.subheader(t("roster.manage.matching"), anchor=False)
    with database().reading() as session:
        result = roster.match_experts(session, user.id, view.id, now())
    st.caption(t("roster.manage.matching.help", listed=result.listed, unconfirmed=result.unconfirmed))
    shown = result.diversity
    if shown.people:
        women = shown.women_share
        st.caption(
            t(
                "roster.manage.diversity",
                people=shown.people,
                nationalities=len(shown.nationalities),
                women=t("roster.manage.women", share=round(100 * women)) if women is not None else "—",
            )
        )
    if not result.rows:
        st.info(t("roster.manage.matching.none"))
    for row in result.rows:
        match = row.match
        with st.container(border=True, key=f"roster_match_{match.expert_id}"):
            head, button = st.columns([4, 1])
            name = f"{escape_markdown(row.full_name)} · {escape_markdown(country_label(row.nationality))}"
            head.markdown(f"**{match.score}/100** · {name}")
            head.caption("  \n".join(escape_markdown(line) for line in match_explanation(match)))
            if row.proposal is not None:
                button.caption(t("roster.manage.already", state=proposal_label(row.proposal)))
            elif button.button(
                t("roster.manage.propose"), key=f"roster_propose_{match.expert_id}", type="primary"
            ):
                act(
                    lambda s, expert_id=match.expert_id: roster.propose_expert(
                        s, user.id, view.id, expert_id, now()
                    ),
                    FLASH,
                    "roster.manage.proposed",
                )

with st.expander(t("roster.manage.partner_view")):
    with database().reading() as session:
        lines = roster.shortlist(session, user.id, view.id, now())
    if not lines:
        st.caption(t("roster.shortlist.not_yet"))
    for line in lines:
        anonymised_line(line.line)
