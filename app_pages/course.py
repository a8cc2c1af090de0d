"""Course map: every unit with its level, goals and the learner's completion."""

import streamlit as st

from access.roles import Role
from app_pages.content import library
from app_pages.frame import database, lang, require_user, t
from app_pages.labels import unit_label
from services import course

user = require_user()
content = library()
manual = content.manual
st.title(t("course.title"))
st.caption(t("course.intro", count=len(manual.units)))

if content.errors and user.role in (Role.INSTRUCTOR, Role.ADMIN):
    with st.expander(t("course.errors", count=len(content.errors)), icon=":material/error:", expanded=True):
        st.code("\n".join(str(error) for error in content.errors), language=None)

with database().reading() as session:
    status = course.course_status(session, user.id)

done = sum(1 for unit in manual.units if status.get(unit.id) and status[unit.id].done)
st.progress(
    done / len(manual.units) if manual.units else 0.0,
    text=t("course.progress", done=done, total=len(manual.units)),
)

for unit in manual.units:
    state = status.get(unit.id)
    with st.container(border=True, key=f"course_unit_{unit.id}"):
        left, right = st.columns([5, 2])
        with left:
            st.subheader(unit_label(unit.id), anchor=False)
            st.caption(f"{unit.title.fr} · {t('course.level', level=unit.level)}")
            with st.expander(t("course.goals")):
                for goal in unit.goals:
                    st.text(f"• {goal.get(lang())}")
        with right:
            if state and state.done:
                st.badge(t("course.status.done"), icon=":material/check_circle:", color="green")
            elif state:
                st.badge(t("course.status.started"), icon=":material/pending:", color="orange")
            else:
                st.badge(t("course.status.new"), icon=":material/fiber_new:", color="gray")
            answered = state.exercises_correct if state else 0
            st.caption(t("course.exercises", correct=answered, total=len(unit.exercises)))
            st.page_link(
                "app_pages/lesson.py",
                label=t("course.open") if not state else t("course.resume"),
                icon=":material/arrow_forward:",
                query_params={"unit": unit.id},
            )
