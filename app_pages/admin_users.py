"""Administration of accounts: list users, change roles, deactivate or reactivate."""

import pandas as pd
import streamlit as st

from access.roles import Role
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
        toggle_label = t("admin.deactivate") if target.is_active else t("admin.reactivate")
        if right.button(toggle_label, key="admin_toggle_active"):
            with database().transaction() as session:
                accounts.set_active(session, admin.id, chosen, not target.is_active)
            st.session_state["admin_flash"] = True
            st.rerun()
    except ServiceError as error:
        show_error(error)
