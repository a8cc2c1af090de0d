"""Create a learner account."""

import streamlit as st

from app_pages.frame import database, escape_markdown, lang, now, show_error, t
from services import accounts
from services.errors import ServiceError

st.title(t("auth.signup.title"))
st.caption(t("auth.signup.intro"))

with st.form("signup_form"):
    username = st.text_input(t("auth.username"), key="signup_username", help=t("auth.username.help"))
    display_name = st.text_input(
        t("auth.display_name"), key="signup_display_name", help=t("auth.display_name.help")
    )
    password = st.text_input(
        t("auth.password"), type="password", key="signup_password", help=t("auth.password.help")
    )
    confirm = st.text_input(t("auth.password_confirm"), type="password", key="signup_confirm")
    submitted = st.form_submit_button(t("auth.signup.submit"), type="primary")

if submitted:
    if password != confirm:
        st.error(t("errors.passwords_differ"))
    else:
        try:
            with database().transaction() as session:
                user = accounts.sign_up(session, username, display_name, password, now(), locale=lang())
        except ServiceError as error:
            show_error(error)
        else:
            st.success(t("auth.signup.done", username=escape_markdown(user.username)))
            st.page_link("app_pages/login.py", label=t("auth.login.link"), icon=":material/login:")

st.page_link("app_pages/login.py", label=t("auth.login.have_account"), icon=":material/login:")
