"""The user's notifications (opened from the bell in the sidebar): newest first, each with a link to the
screen it concerns; opening the page marks them read."""

import streamlit as st

from app_pages.frame import database, lang, now, require_user, t
from app_pages.registry import SCREENS
from services import notifications

user = require_user()
st.title(t("notify.title"))
with database().reading() as session:
    notices = notifications.list_notifications(session, user.id)
if not notices:
    st.info(t("notify.none"))
    st.stop()
paths = {screen.key: screen.path for screen in SCREENS if screen.open_to(user.role, user.grants)}
for notice in notices:
    with st.container(border=True, key=f"notice_{notice.id}"):
        marker = "" if notice.read else "● "
        st.text(marker + notifications.text(notice.kind, notice.params, lang()))
        st.caption(notice.created_at.strftime("%Y-%m-%d %H:%M UTC"))
        if notice.page in paths:
            st.page_link(
                paths[notice.page],
                label=t("notify.open"),
                query_params=notice.query or None,
                icon=":material/open_in_new:",
            )
if any(not notice.read for notice in notices):
    with database().transaction() as session:
        notifications.mark_read(session, user.id, now())
