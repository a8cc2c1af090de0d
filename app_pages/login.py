"""Log in."""

import streamlit as st

from app_pages.frame import login_form, t

st.title(t("auth.login.title"))
st.caption(t("auth.login.intro"))
login_form()
st.page_link("app_pages/signup.py", label=t("auth.signup.link"), icon=":material/person_add:")
