"""Groups: create a group, share its join code, add learners by username, assign work with a due date."""

from datetime import UTC, datetime, time, timedelta

import streamlit as st

from analysis.worksheets import worksheet_situations
from app_pages.content import library
from app_pages.frame import database, escape_markdown, now, require_user, show_error, t
from app_pages.labels import (
    assignment_label,
    chapter_label,
    quiz_label,
    situation_label,
    unit_label,
    worksheet_label,
)
from exercises.quiz_catalog import quiz_ids
from glossary.model import THEMES
from services import assignments, groups
from services.assignments import AssignmentKind
from services.errors import ServiceError

user = require_user()
content = library()
manual = content.manual
st.title(t("groups.title"))
if st.session_state.pop("groups_flash", None):
    st.success(t("groups.saved"))

with st.expander(t("groups.create"), expanded=False), st.form("groups_create", clear_on_submit=True):
    name = st.text_input(t("groups.name"), key="groups_new_name")
    if st.form_submit_button(t("groups.create.submit")):
        try:
            with database().transaction() as session:
                groups.create_group(session, user.id, name, now())
        except ServiceError as error:
            show_error(error)
        else:
            st.session_state["groups_flash"] = True
            st.rerun()

try:
    with database().reading() as session:
        my_groups = groups.list_groups(session, user.id)
except ServiceError as error:
    show_error(error)
    st.stop()
if not my_groups:
    st.info(t("groups.none"))
    st.stop()

by_id = {g.id: g for g in my_groups}
group_id = st.selectbox(
    t("groups.group"),
    list(by_id),
    format_func=lambda gid: f"{by_id[gid].name} ({by_id[gid].members})",
    key="groups_group",
)
group = by_id[group_id]
st.info(t("groups.code", code=group.join_code), icon=":material/key:")

with database().reading() as session:
    members = groups.group_members(session, user.id, group.id)
    progress = assignments.group_progress(session, user.id, group.id, now())

with st.expander(f"{t('groups.members')} ({len(members)})", icon=":material/group:"):
    if members:
        st.dataframe(
            {
                t("auth.username"): [m.username for m in members],
                t("auth.display_name"): [m.display_name for m in members],
            },
            hide_index=True,
        )
    with st.form("groups_add_member", clear_on_submit=True):
        username = st.text_input(t("groups.add_member"), key="groups_add_username")
        if st.form_submit_button(t("groups.add_member.submit")):
            try:
                with database().transaction() as session:
                    groups.add_member(session, user.id, group.id, username, now())
            except ServiceError as error:
                show_error(error)
            else:
                st.session_state["groups_flash"] = True
                st.rerun()


st.subheader(t("groups.assign"), anchor=False)
with st.container(border=True, key="groups_assign_box"):
    kind = AssignmentKind(
        st.segmented_control(
            t("groups.assign.kind"),
            [k.value for k in AssignmentKind],
            default=AssignmentKind.UNIT.value,
            format_func=lambda k: t(f"groups.kind.{k}"),
            key="groups_kind",
            required=True,
        )
    )
    params: dict = {}
    if kind is AssignmentKind.UNIT:
        target = st.selectbox(
            t("groups.assign.unit"), [u.id for u in manual.units], format_func=unit_label, key="groups_unit"
        )
    elif kind is AssignmentKind.QUIZ:
        target = st.selectbox(
            t("groups.assign.quiz"), quiz_ids(manual), format_func=quiz_label, key="groups_quiz"
        )
        minutes = st.number_input(t("groups.assign.time_limit"), 0, 180, 0, key="groups_time_limit")
        if minutes:
            params["time_limit_s"] = int(minutes) * 60
    elif kind in (AssignmentKind.CHAPTER, AssignmentKind.CHAPTER_QUIZ):
        documents = [d.id for d in content.analysis.documents if kind is AssignmentKind.CHAPTER or d.quiz]
        target = st.selectbox(
            t("groups.assign.chapter"), documents, format_func=chapter_label, key=f"groups_{kind.value}"
        )
    elif kind is AssignmentKind.WORKSHEET:
        target = st.selectbox(
            t("groups.assign.worksheet"),
            [sheet.id for sheet in content.analysis.worksheets],
            format_func=worksheet_label,
            key="groups_worksheet",
        )
        params["situation"] = st.selectbox(
            t("groups.assign.situation"),
            list(worksheet_situations(content.analysis)),
            format_func=situation_label,
            key="groups_situation",
        )
    else:
        target = "drill"
        params["themes"] = st.multiselect(
            t("groups.assign.themes"),
            list(THEMES),
            format_func=lambda k: t(f"theme.{k}"),
            placeholder=t("common.choose"),
            key="groups_themes",
        )
        params["units"] = st.multiselect(
            t("groups.assign.units"),
            [u.id for u in manual.units],
            format_func=unit_label,
            placeholder=t("common.choose"),
            key="groups_units",
        )
        params["size"] = int(
            st.number_input(t("groups.assign.size"), 5, assignments.DRILL_SIZE_MAX, 20, key="groups_size")
        )
    due_day = st.date_input(
        t("groups.assign.due"), value=now().date() + timedelta(days=7), key="groups_due_day"
    )
    due_time = st.time_input(t("groups.assign.due_time"), value=time(18, 0), key="groups_due_time")
    chosen = st.multiselect(
        t("groups.assign.learners"),
        [m.id for m in members],
        format_func=lambda uid: next(m.display_name for m in members if m.id == uid),
        placeholder=t("common.choose"),
        key="groups_learners",
        help=t("groups.assign.learners.help"),
    )
    if st.button(t("groups.assign.submit"), key="groups_assign", type="primary"):
        try:
            with database().transaction() as session:
                assignments.create_assignment(
                    session,
                    user.id,
                    group.id,
                    kind,
                    target,
                    datetime.combine(due_day, due_time, tzinfo=UTC),
                    now(),
                    params=params,
                    learner_ids=chosen,
                    content=content,
                )
        except ServiceError as error:
            show_error(error)
        else:
            st.session_state["groups_flash"] = True
            st.rerun()

st.subheader(t("groups.assignments"), anchor=False)
if not progress:
    st.caption(t("groups.no_assignments"))
for item in progress:
    assignment, done = item.assignment, item.done
    with st.container(border=True, key=f"groups_assignment_{assignment.id}"):
        st.markdown(f"**{escape_markdown(assignment_label(assignment))}**")
        st.caption(
            t(
                "groups.assignment.line",
                due=assignment.due_at.strftime("%Y-%m-%d %H:%M"),
                done=done,
                total=item.total,
            )
        )
        if st.button(t("groups.assignment.delete"), key=f"groups_delete_{assignment.id}"):
            with database().transaction() as session:
                assignments.delete_assignment(session, user.id, assignment.id)
            st.session_state["groups_flash"] = True
            st.rerun()
