"""The notification bell in the sidebar: the frame calls :func:`notification_bell` once per run."""

from __future__ import annotations

import streamlit as st

from app_pages.frame import database, t
from services import notifications
from services.accounts import UserView


def notification_bell(user: UserView | None) -> None:
    """A link to the notifications with the count of unread ones, for anyone who has some or holds a
    roster grant (others never get notifications yet, and see no bell)."""
    if user is None:
        return
    with database().reading() as session:
        unread = notifications.unread_count(session, user.id)
    if not unread and not user.grants:
        return
    st.sidebar.page_link(
        "app_pages/notifications.py",
        label=t("notify.bell", count=unread) if unread else t("notify.bell.none"),
        icon=":material/notifications_active:" if unread else ":material/notifications:",
    )
