"""Log in."""

import streamlit as st

from app_pages.frame import database, now, show_error, t
from progress import accounts
from progress.errors import LoginRefused

st.title(t("auth.login.title"))
st.caption(t("auth.login.intro"))

with st.form("login_form"):
    username = st.text_input(t("auth.username"), key="login_username")
    password = st.text_input(t("auth.password"), type="password", key="login_password")
    submitted = st.form_submit_button(t("auth.login.submit"), type="primary")

if submitted:
    try:
        user = accounts.log_in(database(), username, password, now())
    except LoginRefused as refusal:
        show_error(refusal)
    else:
        st.session_state["user_id"] = user.id
        if user.locale:
            st.session_state["lang_of_account"] = user.locale  # applied before the selector is drawn
        else:
            with database().transaction() as session:
                accounts.set_locale(session, user.id, st.session_state.get("lang", "en"))
        st.rerun()

st.page_link("app_pages/signup.py", label=t("auth.signup.link"), icon=":material/person_add:")
