"""Check a certificate: anyone (an employer, a training centre) types the code printed on it."""

import streamlit as st

from app_pages.certificate import format_date, format_percent
from app_pages.frame import database, escape_markdown, lang, t
from services import quizzes

st.title(t("verify.title"))
st.caption(t("verify.intro"))
with st.form("verify_form"):
    code = st.text_input(t("verify.code"), max_chars=40, placeholder="PLZ-XXXX-XXXX-XXXX", key="verify_code")
    checked = st.form_submit_button(t("verify.check"), type="primary")
if checked:
    with database().reading() as session:
        found = quizzes.verify_certificate(session, code)
    if found is None:
        st.error(t("verify.not_found"))
    else:
        st.success(
            t(
                "verify.found",
                name=escape_markdown(found.holder_name),
                date=escape_markdown(format_date(found.issued_at.date(), lang())),
                score=escape_markdown(format_percent(found.score, lang())),
                units=found.units,
            ),
            icon=":material/verified:",
        )
