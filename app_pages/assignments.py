"""My assignments: join a group with its code, see the work set, with status and a way in."""

import streamlit as st

from app_pages.content import library
from app_pages.frame import database, escape_markdown, lang, now, require_user, show_error, t
from app_pages.labels import assignment_label
from services import assignments, groups
from services import directory as directory_service
from services.assignments import AssignmentKind
from services.errors import ServiceError

user = require_user()
content = library()
st.title(t("assignments.title"))

with st.form("assignments_join", clear_on_submit=True):
    code = st.text_input(t("assignments.join.code"), key="assignments_code", help=t("assignments.join.help"))
    if st.form_submit_button(t("assignments.join.submit")):
        try:
            group = groups.join_group_throttled(database(), user.id, code, now())
        except ServiceError as error:
            show_error(error)
        else:
            st.success(t("assignments.join.done", group=escape_markdown(group.name)))

with database().reading() as session:
    mine = assignments.learner_assignments(session, user.id, now())

if not mine:
    st.info(t("assignments.none"))


for item in mine:
    assignment, status = item.assignment, item.status
    with st.container(border=True, key=f"assignment_{assignment.id}"):
        left, right = st.columns([4, 2])
        left.markdown(f"**{escape_markdown(assignment_label(assignment))}**")
        left.caption(
            t(
                "assignments.due",
                due=assignment.due_at.strftime("%Y-%m-%d %H:%M"),
                group=escape_markdown(item.group_name),
            )
        )
        state = "overdue" if status.overdue else status.state.value
        colors = {"done": "green", "started": "orange", "todo": "gray", "overdue": "red"}
        right.badge(t(f"assignments.status.{state}"), color=colors[state])
        if status.score is not None:
            right.caption(t("assignments.score", score=round(status.score * 100)))
        if assignment.kind is AssignmentKind.UNIT:
            right.page_link(
                "app_pages/lesson.py", label=t("assignments.open"), query_params={"unit": assignment.target}
            )
        elif assignment.kind is AssignmentKind.QUIZ:
            right.page_link(
                "app_pages/quiz.py",
                label=t("assignments.open"),
                query_params={"quiz": assignment.target, "assignment": str(assignment.id)},
            )
        elif assignment.kind is AssignmentKind.CHAPTER:
            right.page_link(
                "app_pages/analysis.py", label=t("assignments.open"), query_params={"doc": assignment.target}
            )
        elif assignment.kind is AssignmentKind.CHAPTER_QUIZ:
            right.page_link(
                "app_pages/chapter_quiz.py",
                label=t("assignments.open"),
                query_params={"chapter": assignment.target, "assignment": str(assignment.id)},
            )
        elif assignment.kind is AssignmentKind.WORKSHEET:
            right.page_link(
                "app_pages/worksheet.py",
                label=t("assignments.open"),
                query_params={"sheet": assignment.target, "case": assignment.params.get("situation", "")},
            )
        else:
            right.page_link(
                "app_pages/drill.py",
                label=t("assignments.open"),
                query_params={"assignment": str(assignment.id)},
            )

# Training sessions an instructor recommended to one of the learner's groups: a list apart from the
# assignments (a course is applied for at its centre, not done here and graded).
with database().reading() as session:
    recommended = directory_service.learner_recommendations(session, user.id)
if recommended:
    st.subheader(t("directory.recommended.title"), anchor=False)
    for item in recommended:
        with st.container(border=True, key=f"assignments_recommended_{item.id}"):
            left, right = st.columns([4, 2])
            left.markdown(f"**{escape_markdown(item.session.title_in(lang()))}**")
            left.caption(
                t(
                    "directory.recommended.line",
                    start=item.session.start.isoformat(),
                    end=item.session.end.isoformat(),
                    group=escape_markdown(item.group_name),
                )
            )
            if item.note:
                left.markdown(escape_markdown(item.note))
            right.page_link(
                "app_pages/directory_centre.py",
                label=t("assignments.open"),
                query_params={"centre": item.session.centre_id, "session": str(item.session.id)},
            )
