"""Administration of accounts: list users, change roles, deactivate or reactivate."""

import pandas as pd
import streamlit as st

from access.roles import Grant, Role
from app_pages.frame import database, require_user, show_error, t
from services import accounts
from services.errors import ServiceError

admin = require_user()
st.title(t("admin.title"))
if st.session_state.pop("admin_flash", False):
    st.success(t("admin.saved"))

try:
    with database().reading() as session:
        users = accounts.list_users(session, admin.id)
except ServiceError as error:
    show_error(error)
    st.stop()

table = pd.DataFrame(
    {
        t("auth.username"): [u.username for u in users],
        t("auth.display_name"): [u.display_name for u in users],
        t("admin.role"): [t(f"role.{u.role.value}") for u in users],
        t("admin.grants"): [", ".join(t(f"grant.{g.value}") for g in sorted(u.grants)) for u in users],
        t("admin.active"): [u.is_active for u in users],
    }
)
st.dataframe(table, hide_index=True, width="stretch")

by_id = {u.id: u for u in users}
st.subheader(t("admin.change.title"))
chosen = st.selectbox(
    t("admin.user"),
    list(by_id),
    format_func=lambda uid: f"{by_id[uid].username} ({by_id[uid].display_name})",
    key="admin_user",
)
if chosen is not None:
    target = by_id[chosen]
    roles = list(Role)
    role = st.selectbox(
        t("admin.role"),
        roles,
        index=roles.index(target.role),
        format_func=lambda r: t(f"role.{r.value}"),
        key=f"admin_role_{chosen}",
    )
    left, right = st.columns(2)
    try:
        if left.button(t("admin.save_role"), key="admin_save_role", type="primary"):
            with database().transaction() as session:
                accounts.change_role(session, admin.id, chosen, role)
            st.session_state["admin_flash"] = True
            st.rerun()
        grants = st.multiselect(
            t("admin.grants"),
            list(Grant),
            default=sorted(target.grants),
            format_func=lambda g: t(f"grant.{g.value}"),
            help=t("admin.grants.help"),
            key=f"admin_grants_{chosen}",
        )
        if left.button(t("admin.save_grants"), key="admin_save_grants"):
            with database().transaction() as session:
                for grant in Grant:
                    accounts.set_grant(session, admin.id, chosen, grant, grant in grants)
            st.session_state["admin_flash"] = True
            st.rerun()
        toggle_label = t("admin.deactivate") if target.is_active else t("admin.reactivate")
        if right.button(toggle_label, key="admin_toggle_active"):
            with database().transaction() as session:
                accounts.set_active(session, admin.id, chosen, not target.is_active)
            st.session_state["admin_flash"] = True
            st.rerun()
    except ServiceError as error:
        show_error(error)

st.subheader(t("admin.log.title"))
with database().reading() as session:
    actions = accounts.admin_actions(session, admin.id)
if not actions:
    st.caption(t("admin.log.empty"))
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("admin.log.at"): [a.at.strftime("%Y-%m-%d %H:%M") for a in actions],
                t("admin.log.actor"): [a.actor or "—" for a in actions],
                t("admin.log.target"): [a.target or "—" for a in actions],
                t("admin.log.action"): [t(f"admin.log.action.{a.action}") for a in actions],
                t("admin.log.detail"): [
                    t(f"grant.{a.detail}") if a.action in ("grant", "revoke") else a.detail for a in actions
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
