"""Parlez: the entrypoint is a router and a frame. Pages live in app_pages/."""

import streamlit as st

from app_pages.bell import notification_bell
from app_pages.frame import current_user, escape_markdown, exchange_cookie, language_selector, log_out, t
from app_pages.registry import GROUP_ORDER, hidden_for_anonymous, screens_for
from services.database import DatabaseUnavailable

st.set_page_config(page_title="Parlez", page_icon=":material/record_voice_over:", layout="wide")


def frame() -> None:
    user = current_user()
    exchange_cookie()
    language_selector(user)

    screens = screens_for(user.role, user.grants) if user else [*screens_for(None), *hidden_for_anonymous()]
    grouped: dict[str, list] = {}
    for screen in screens:
        page = st.Page(
            screen.path,
            title=t(f"nav.{screen.key}"),
            icon=screen.icon,
            url_path=screen.key,
            default=screen.key == ("home" if user else "login"),
            visibility="hidden" if screen.hidden else "visible",
        )
        grouped.setdefault(t(f"nav.group.{screen.group}"), []).append((GROUP_ORDER.index(screen.group), page))
    navigation = {
        label: [page for _, page in entries]
        for label, entries in sorted(grouped.items(), key=lambda kv: kv[1][0][0])
    }

    if user is not None:
        st.sidebar.caption(t("frame.signed_in_as", username=escape_markdown(user.username)))
        if st.sidebar.button(t("frame.log_out"), key="frame_log_out", icon=":material/logout:"):
            log_out()
            st.rerun()

    page = st.navigation(navigation)
    notification_bell(user)
    page.run()


try:
    frame()
except DatabaseUnavailable:
    # The database did not answer, at start or in the middle of an action: the action was rolled back.
    # A clear page instead of a traceback; the next run (the button, or any click) tries again.
    st.title("Parlez")
    st.error(t("errors.database_unavailable"), icon=":material/cloud_off:")
    st.button(t("errors.database_retry"), key="frame_db_retry", type="primary")
