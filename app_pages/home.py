"""Home: a greeting and the sections the user's role can use."""

import streamlit as st

from app_pages.frame import escape_markdown, require_user, t
from app_pages.registry import screens_for

user = require_user()
st.title(t("home.greeting", name=escape_markdown(user.display_name)))
st.caption(t(f"role.{user.role.value}.summary"))

sections = [
    screen for screen in screens_for(user.role, user.grants) if screen.key != "home" and not screen.hidden
]
columns = st.columns(2)
for index, screen in enumerate(sections):
    with columns[index % 2].container(border=True):
        st.page_link(screen.path, label=t(f"nav.{screen.key}"), icon=screen.icon)
        st.caption(t(f"nav.{screen.key}.help"))
