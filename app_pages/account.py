"""My account: interface language and password."""

import streamlit as st

from app_pages.frame import database, escape_markdown, require_user, show_error, t
from services import accounts
from services.errors import ServiceError

user = require_user()
st.title(t("account.title"))
st.write(
    t("account.identity", username=escape_markdown(user.username), name=escape_markdown(user.display_name))
)
st.caption(t("account.language_hint"))

st.subheader(t("account.password.title"))
with st.form("account_password_form", clear_on_submit=True):
    old = st.text_input(t("account.password.old"), type="password", key="account_old")
    new = st.text_input(t("account.password.new"), type="password", key="account_new")
    confirm = st.text_input(t("auth.password_confirm"), type="password", key="account_confirm")
    submitted = st.form_submit_button(t("account.password.submit"))

if submitted:
    if new != confirm:
        st.error(t("errors.passwords_differ"))
    else:
        try:
            with database().transaction() as session:
                accounts.change_password(session, user.id, old, new)
        except ServiceError as error:
            show_error(error)
        else:
            st.success(t("account.password.done"))
