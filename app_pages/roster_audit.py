"""Roster managers: the audit of the roster (who did what, when, why), filtered by request, exported."""

from datetime import UTC, datetime

import streamlit as st

from app_pages.frame import database, require_user, t
from app_pages.roster_labels import proposal_label, show_roster_error, state_label
from roster.workflow import ProposalState, RequestState
from services import roster
from services.errors import ServiceError

user = require_user()
st.title(t("roster.audit.title"))
st.caption(t("roster.audit.intro"))
request_text = st.text_input(t("roster.audit.request"), key="roster_audit_request", max_chars=10)
request_id = int(request_text) if request_text.strip().isdigit() else None
try:
    with database().reading() as session:
        rows = roster.audit_log(session, user.id, request_id=request_id)
except ServiceError as error:
    show_roster_error(error)
    st.stop()


def state_text(value: str) -> str:
    if value in RequestState._value2member_map_:
        return state_label(value)
    if value in ProposalState._value2member_map_:
        return proposal_label(value)
    return value


if not rows:
    st.info(t("roster.audit.none"))
else:
    st.dataframe(
        {
            t("roster.audit.at"): [r.at.strftime("%Y-%m-%d %H:%M") for r in rows],
            t("roster.audit.actor"): [r.actor or "—" for r in rows],
            t("roster.audit.action"): [t(f"roster.audit.action.{r.action}") for r in rows],
            t("roster.audit.request_column"): [r.request_id or "" for r in rows],
            t("roster.audit.expert"): [r.expert_id or "" for r in rows],
            t("roster.audit.change"): [
                f"{state_text(r.source)} → {state_text(r.target)}" if r.source else state_text(r.target)
                for r in rows
            ],
            t("roster.audit.reason"): [r.reason for r in rows],
        },
        hide_index=True,
        key="roster_audit_table",
    )
db = database()


def _export(fmt: str) -> bytes:
    with db.transaction() as session:
        return roster.export_audit(session, user.id, fmt, datetime.now(UTC))


left, right = st.columns(2)
left.download_button(
    t("roster.audit.export_csv"), lambda: _export("csv"), "roster-audit.csv", "text/csv",
    key="roster_audit_csv", icon=":material/download:",
)  # fmt: skip
right.download_button(
    t("roster.audit.export_json"), lambda: _export("json"), "roster-audit.json", "application/json",
    key="roster_audit_json", icon=":material/download:",
)  # fmt: skip
