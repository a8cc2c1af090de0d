"""The expert roster, for everyone: how many francophone experts are listed, by domain and by language
(counts only), and the way in for an expert who wants to be listed."""

import streamlit as st

from access.roles import Grant
from app_pages.frame import current_user, database, now, t
from app_pages.roster_labels import domain_label, language_label, show_roster_error
from services import roster
from services.errors import ServiceError

st.title(t("roster.public.title"))
st.caption(t("roster.public.intro"))

with database().reading() as session:
    counts = roster.public_counts(session, now())


def shown(count: int | None) -> str:
    return str(count) if count is not None else t("roster.public.few", n=roster.SMALL_COUNT)


st.metric(t("roster.public.total"), counts.experts)
left, right = st.columns(2)
with left:
    st.subheader(t("roster.public.by_domain"), anchor=False)
    if counts.by_domain:
        st.dataframe(
            {
                t("roster.field.domains"): [domain_label(d) for d, _ in counts.by_domain],
                t("roster.public.experts"): [shown(c) for _, c in counts.by_domain],
            },
            hide_index=True,
            key="roster_public_domains",
        )
    else:
        st.caption(t("roster.public.none"))
with right:
    st.subheader(t("roster.public.by_language"), anchor=False)
    if counts.by_language:
        st.dataframe(
            {
                t("roster.field.languages"): [language_label(c) for c, _ in counts.by_language],
                t("roster.public.experts"): [shown(n) for _, n in counts.by_language],
            },
            hide_index=True,
            key="roster_public_languages",
        )
    else:
        st.caption(t("roster.public.none"))

st.subheader(t("roster.public.join.title"), anchor=False)
user = current_user()
if user is None:
    st.caption(t("roster.public.join.visitor"))
    st.page_link("app_pages/signup.py", label=t("roster.public.join.signup"), icon=":material/person_add:")
elif user.holds(Grant.EXPERT):
    st.page_link("app_pages/roster_expert.py", label=t("roster.public.join.open"), icon=":material/badge:")
else:
    st.caption(t("roster.public.join.explain"))
    if st.button(t("roster.public.join.button"), key="roster_join", type="primary", icon=":material/badge:"):
        try:
            with database().transaction() as session:
                roster.join_roster(session, user.id, now())
        except ServiceError as error:
            show_roster_error(error)
        else:
            st.rerun()
