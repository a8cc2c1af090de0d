"""A partner's requests for experts: file one (draft, terms of reference, submit), follow it, read the
anonymised shortlist, open a full profile once that expert agreed, retain, close with feedback."""

import streamlit as st

from app_pages.frame import database, now, require_user, t
from app_pages.roster_labels import day_text, show_roster_error, state_label
from app_pages.roster_widgets import (
    act,
    anonymised_line,
    full_profile,
    move_controls,
    proposal_buttons,
    request_form,
    show_flash,
    show_request,
)
from roster.files import TERMS_MAX_BYTES
from roster.workflow import EDITABLE
from services import roster
from services.errors import ServiceError

FLASH = "roster_requests_flash"
user = require_user()
st.title(t("roster.requests.title"))
show_flash(FLASH)

try:
    with database().reading() as session:
        mine = roster.my_requests(session, user.id)
except ServiceError as error:
    show_roster_error(error)
    st.stop()

with st.expander(t("roster.requests.new"), expanded=not mine, icon=":material/add:"):
    new_form = request_form("roster_new", None)
    if st.button(t("roster.requests.create"), key="roster_new_create", type="primary"):
        try:
            with database().transaction() as session:
                created = roster.create_request(session, user.id, new_form, now())
        except ServiceError as error:
            show_roster_error(error)
        else:
            st.query_params["request"] = str(created.id)
            st.session_state[FLASH] = "roster.requests.created"
            st.rerun()

if not mine:
    st.info(t("roster.requests.none"))
    st.stop()

by_id = {row.id: row for row in mine}
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
    key="roster_requests_choice",
)
st.query_params["request"] = str(chosen)

with database().reading() as session:
    view = roster.get_request(session, user.id, chosen)
    targets = roster.request_moves(session, user.id, chosen)
    lines = roster.shortlist(session, user.id, chosen, now())

with st.container(border=True, key="roster_request_detail"):
    show_request(view, with_contact=True)
    if view.terms_file:
        db = database()

        def _terms(db=db):
            with db.reading() as session:
                return roster.terms_file(session, user.id, view.id)[1]

        st.download_button(
            t("roster.terms.download_named", name=view.terms_file.filename), _terms, view.terms_file.filename,
            view.terms_file.media_type, key="roster_requests_terms", icon=":material/download:",
        )  # fmt: skip
    move_controls("roster_requests", user.id, view, targets, roster.move_request, FLASH)

if view.state in EDITABLE:
    with st.expander(t("roster.requests.edit"), icon=":material/edit:"):
        edit_form = request_form(f"roster_edit_{view.id}", view.fields)
        if st.button(t("roster.requests.save"), key="roster_edit_save", type="primary"):
            act(
                lambda s: roster.update_request(s, user.id, view.id, edit_form, view.version, now()),
                FLASH,
                "roster.requests.saved",
            )
        upload = st.file_uploader(
            t("roster.field.terms_file"),
            type=["pdf", "txt", "md"],
            max_upload_size=TERMS_MAX_BYTES // 2**20,
            key=f"roster_terms_upload_{view.id}",
        )
        if upload is not None and st.button(t("roster.requests.upload"), key="roster_terms_upload_button"):
            act(
                lambda s: roster.attach_terms(s, user.id, view.id, upload.name, upload.getvalue(), now()),
                FLASH,
                "roster.requests.uploaded",
            )

st.subheader(t("roster.shortlist.title"), anchor=False)
if not lines:
    st.caption(t("roster.shortlist.not_yet"))
for line in lines:
    with st.container(border=True, key=f"roster_line_{line.proposal_id}"):
        anonymised_line(line.line)
        if line.profile_available:
            # shown in the run of the click only: every view of a full profile is audited
            if st.button(
                t("roster.shortlist.open"), key=f"roster_open_{line.proposal_id}", icon=":material/person:"
            ):
                try:
                    with database().transaction() as session:
                        profile = roster.view_proposed_profile(session, user.id, line.proposal_id, now())
                except ServiceError as error:
                    show_roster_error(error)
                else:
                    with st.container(border=True, key=f"roster_profile_{line.proposal_id}"):
                        full_profile(profile)
        else:
            st.caption(t("roster.shortlist.waiting"))
        proposal_buttons(
            "roster_requests",
            line.proposal_id,
            line.line.state,
            line.moves,
            roster.move_proposal,
            user.id,
            FLASH,
        )
