"""A training centre (public): who it is, where, what it teaches in, its labels and sources, and its
sessions — upcoming first, past ones apart — each with an ICS file; for a logged-in user a shortlist and
the language readiness; for an instructor, a recommendation to a group."""

import streamlit as st

from app_pages.content import library
from app_pages.directory_common import (
    DIRECTORY_PAGE,
    badges,
    centre_place,
    dates,
    day,
    directory,
    ics_file,
    label,
    language,
    session_details,
    today,
)
from app_pages.frame import current_user, database, escape_markdown, lang, now, show_error, t
from app_pages.labels import unit_label
from directory.model import CentreStatus, Reffop
from services import directory as directory_service
from services import groups
from services.errors import ServiceError

user = current_user()
found = directory()
centre = found.centre(st.query_params.get("centre", ""))
if centre is None:
    st.title(t("directory.centre.unknown"))
    st.page_link(DIRECTORY_PAGE, label=t("directory.back"), icon=":material/arrow_back:")
    st.stop()

st.title(f"{centre.name} ({centre.acronym})" if centre.acronym else centre.name, anchor=False)
st.caption(
    " · ".join(
        [
            centre_place(centre),
            *(label("category", c) for c in centre.categories),
            *(label("tag", g) for g in centre.tags),
        ]
    )
)
st.page_link(DIRECTORY_PAGE, label=t("directory.back"), icon=":material/arrow_back:")
if centre.status is CentreStatus.CLOSED:
    st.warning(t("directory.centre.closed"), icon=":material/history:")
if centre.stale(today()):
    st.warning(
        t("directory.centre.stale", date=day(centre.verified))
        if centre.verified
        else t("directory.centre.never"),
        icon=":material/history:",
    )
st.markdown(escape_markdown(centre.description.get(lang())))

left, right = st.columns(2)
with left:
    taught = [
        language(code) + (f" ({t('directory.uncertain')})" if code in centre.uncertain_languages else "")
        for code in centre.languages
    ]
    st.markdown(f"**{t('directory.languages')}** {escape_markdown(', '.join(taught))}")
    if centre.labels:
        st.markdown(
            f"**{t('directory.labels')}** "
            + escape_markdown(", ".join(label("label", x) for x in centre.labels))
        )
    if centre.reffop is not Reffop.UNKNOWN:
        st.markdown(f"**REFFOP** {escape_markdown(label('reffop', centre.reffop))}")
    if centre.website:
        st.link_button(t("directory.website"), centre.website, icon=":material/open_in_new:")
with right:
    st.markdown(f"**{t('directory.sources')}**")
    for source in centre.sources:
        st.markdown(f"- {escape_markdown(source)}")
    st.caption(
        t("directory.verified", date=day(centre.verified)) if centre.verified else t("directory.centre.never")
    )
    if centre.coordinates_note:
        st.caption(t("directory.coordinates", note=escape_markdown(centre.coordinates_note)))

with database().reading() as session:
    sessions = directory_service.centre_sessions(session, centre.id, today())
    kept = directory_service.shortlist_ids(session, user.id) if user else frozenset()
    led = groups.list_groups(session, user.id) if user and user.role.value in ("instructor", "admin") else []
upcoming = [s for s in sessions if s.upcoming(today())]
past = [s for s in sessions if not s.upcoming(today())]
chosen = st.query_params.get("session", "")


def _toggle_shortlist(session_id: int, keep: bool) -> None:
    try:
        with database().transaction() as db_session:
            if keep:
                directory_service.add_to_shortlist(db_session, user.id, session_id, now())
            else:
                directory_service.remove_from_shortlist(db_session, user.id, session_id)
    except ServiceError as error:
        st.session_state["directory_centre_error"] = error


def _readiness(session) -> None:
    with database().reading() as db_session:
        found_readiness = directory_service.learner_readiness(
            db_session, user.id, session.cefr_level, library()
        )
    if found_readiness is None:
        return
    st.markdown(f"**{t('directory.readiness')}**")
    placed = (
        t("directory.readiness.placement", unit=unit_label(found_readiness.placement_unit))
        if found_readiness.placement_unit
        else t("directory.readiness.no_placement")
    )
    st.caption(
        t(
            "directory.readiness.summary",
            required=session.cefr_level,
            level=found_readiness.level or "—",
            known=found_readiness.known,
            needed=found_readiness.needed,
        )
        + " · "
        + placed
    )
    if found_readiness.ready:
        st.success(t("directory.readiness.ready"), icon=":material/check_circle:")
    else:
        if found_readiness.beyond_course:
            st.info(t("directory.readiness.beyond", level=session.cefr_level))
        if found_readiness.to_work_on:
            st.markdown(t("directory.readiness.work_on", count=len(found_readiness.to_work_on)))
            for unit_id in found_readiness.to_work_on[:8]:
                st.page_link("app_pages/lesson.py", label=unit_label(unit_id), query_params={"unit": unit_id})


def _session_card(session, expanded: bool) -> None:
    with st.expander(
        f"{escape_markdown(session.title_in(lang()))} — {escape_markdown(dates(session))}",
        expanded=expanded,
        key=f"directory_session_{session.id}",
    ):
        badges(session)
        if session.title_in(lang()) != session.title.fr:
            st.caption(escape_markdown(session.title.fr))
        session_details(session, found)
        actions = st.columns(3)
        actions[0].download_button(
            t("directory.ics.one"),
            data=lambda s=session: ics_file([s], found),
            file_name=f"parlez-session-{session.id}.ics",
            mime="text/calendar",
            key=f"directory_ics_{session.id}",
            icon=":material/event:",
            on_click="ignore",
        )
        if session.link:
            actions[1].link_button(t("directory.field.link"), session.link, icon=":material/open_in_new:")
        if user is not None:
            keep = session.id not in kept
            actions[2].button(
                t("directory.shortlist.add") if keep else t("directory.shortlist.remove"),
                key=f"directory_keep_{session.id}",
                on_click=_toggle_shortlist,
                args=(session.id, keep),
                icon=":material/bookmark_add:" if keep else ":material/bookmark_remove:",
            )
            if session.cefr_level and session.upcoming(today()):
                _readiness(session)
            if led and session.upcoming(today()):
                with st.form(f"directory_recommend_{session.id}", clear_on_submit=True):
                    by_id = {g.id: g for g in led}
                    group_id = st.selectbox(
                        t("directory.recommend.group"),
                        list(by_id),
                        format_func=lambda gid: by_id[gid].name,
                        key=f"directory_recommend_group_{session.id}",
                    )
                    note = st.text_input(
                        t("directory.recommend.note"),
                        max_chars=300,
                        key=f"directory_recommend_note_{session.id}",
                    )
                    if st.form_submit_button(t("directory.recommend.submit")):
                        try:
                            with database().transaction() as db_session:
                                directory_service.recommend_session(
                                    db_session, user.id, group_id, session.id, note, now()
                                )
                        except ServiceError as error:
                            show_error(error)
                        else:
                            st.success(
                                t("directory.recommend.done", group=escape_markdown(by_id[group_id].name))
                            )


error = st.session_state.pop("directory_centre_error", None)
if error is not None:
    show_error(error)

st.subheader(t("directory.upcoming", count=len(upcoming)), anchor=False)
if not upcoming:
    st.info(t("directory.centre.no_upcoming"))
for item in upcoming:
    _session_card(item, expanded=str(item.id) == chosen or len(upcoming) == 1)
if past:
    st.subheader(t("directory.past", count=len(past)), anchor=False)
    for item in past:
        _session_card(item, expanded=str(item.id) == chosen)
