"""My account: interface language, password, and the sessions where the account is signed in."""

import streamlit as st

from app_pages.frame import current_session_id, database, escape_markdown, now, require_user, show_error, t
from services import accounts, sessions
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
                ended = accounts.change_password(
                    session, user.id, old, new, now(), keep_session=current_session_id()
                )
        except ServiceError as error:
            show_error(error)
        else:
            st.success(
                t("account.password.others_ended", count=ended) if ended else t("account.password.done")
            )

st.subheader(t("account.sessions.title"))
st.caption(t("account.sessions.intro"))
if flash := st.session_state.pop("account_sessions_flash", None):
    st.success(t("account.sessions.ended", count=flash))
with database().reading() as session:
    live = sessions.my_sessions(session, user.id, now())
current = current_session_id()
for item in live:
    kind = t("account.sessions.kept") if item.persistent else t("account.sessions.browser")
    if item.id == current:
        kind = f"{kind} · **{t('account.sessions.this')}**"
    line, button = st.columns([5, 1])
    line.markdown(
        t(
            "account.sessions.line",
            agent=escape_markdown(item.user_agent[:80] or t("account.sessions.unknown_agent")),
            created=item.created_at.strftime("%Y-%m-%d %H:%M"),
            seen=item.last_seen_at.strftime("%Y-%m-%d %H:%M"),
            kind=kind,
        )
    )
    if item.id != current and button.button(t("account.sessions.end"), key=f"account_end_{item.id}"):
        with database().transaction() as session:
            sessions.end_my_session(session, user.id, item.id, now())
        st.session_state["account_sessions_flash"] = 1
        st.rerun()
if len(live) > 1 and st.button(t("account.sessions.end_others"), key="account_end_others"):
    with database().transaction() as session:
        count = sessions.end_my_other_sessions(session, user.id, current, now())
    st.session_state["account_sessions_flash"] = count
    st.rerun()
