"""My progress: units done, quiz scores over time, words known by theme, streak, reviews due, and the
can-do self-assessment of each unit beside its quiz results."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from app_pages.content import library
from app_pages.frame import database, lang, now, require_user, t
from app_pages.labels import unit_label
from services import activity, course, drills, quizzes

KNOWN = 0.9  # an item counts as known when the chance to recall it now is at least 90 %

user = require_user()
content = library()
manual = content.manual
moment = now()
today = moment.date()
st.title(t("progress.title"))

with database().reading() as session:
    status = course.course_status(session, user.id)
    attempts = quizzes.history(session, user.id)
    days = activity.activity(session, user.id)
    mastery = drills.item_mastery(session, user.id, moment)
    forecast = drills.due_forecast(session, user.id, moment, days=7)
    ticks = course.can_do_goals(session, user.id)

done = sum(1 for unit in manual.units if status.get(unit.id) and status[unit.id].done)
known_items = [item for item, value in mastery.items() if value >= KNOWN]
cols = st.columns(4)
cols[0].metric(t("progress.units_done"), f"{done} / {len(manual.units)}")
cols[1].metric(t("progress.streak"), t("progress.days", n=activity.streak([d.day for d in days], today)))
cols[2].metric(t("progress.words_known"), len(known_items))
cols[3].metric(t("progress.due_today"), forecast[0] if forecast else 0)

left, right = st.columns(2)
with left:
    st.subheader(t("progress.quiz_scores"), anchor=False)
    if attempts:
        frame = pd.DataFrame(
            {
                t("progress.when"): [a.finished_at for a in attempts],
                t("progress.score"): [round((a.score or 0) * 100) for a in attempts],
                t("progress.quiz"): [a.quiz_id for a in attempts],
            }
        )
        st.line_chart(
            frame, x=t("progress.when"), y=t("progress.score"), color=t("progress.quiz"), height=260
        )
    else:
        st.caption(t("progress.no_quiz"))
with right:
    st.subheader(t("progress.due_week"), anchor=False)
    week = pd.DataFrame(
        {
            t("progress.day"): [(today + timedelta(days=i)).strftime("%d/%m") for i in range(len(forecast))],
            t("progress.reviews"): forecast,
        }
    )
    st.bar_chart(week, x=t("progress.day"), y=t("progress.reviews"), height=260, sort=False)

left, right = st.columns(2)
with left:
    st.subheader(t("progress.by_theme"), anchor=False)
    themes: dict[str, int] = {}
    for item in known_items:
        entry = content.glossary.get(item)
        if entry is not None:
            themes[entry.theme] = themes.get(entry.theme, 0) + 1
    if themes:
        by_theme = pd.DataFrame(
            {
                t("progress.theme"): [t(f"theme.{k}") for k in themes],
                t("progress.words"): list(themes.values()),
            }
        )
        st.bar_chart(by_theme, x=t("progress.theme"), y=t("progress.words"), height=260, horizontal=True)
    else:
        st.caption(t("progress.no_words"))
with right:
    st.subheader(t("progress.activity"), anchor=False)
    recent = {d.day: d for d in days if d.day > today - timedelta(days=30)}
    month = pd.DataFrame(
        {
            t("progress.day"): [(today - timedelta(days=29 - i)).strftime("%d/%m") for i in range(30)],
            t("progress.minutes"): [
                round(recent[today - timedelta(days=29 - i)].seconds / 60, 1)
                if today - timedelta(days=29 - i) in recent
                else 0
                for i in range(30)
            ],
        }
    )
    st.bar_chart(month, x=t("progress.day"), y=t("progress.minutes"), height=260, sort=False)

st.subheader(t("progress.self_assessment"), anchor=False)
st.caption(t("progress.self_assessment.help"))
best: dict[str, float] = {}
for attempt in attempts:
    if attempt.quiz_id.startswith("unit:"):
        unit_id = attempt.quiz_id.partition(":")[2]
        best[unit_id] = max(best.get(unit_id, 0.0), attempt.score or 0.0)
units_by_id = {unit.id: unit for unit in manual.units}
first_open = next(
    (u.id for u in manual.units if not (status.get(u.id) and status[u.id].done)), manual.units[0].id
)
unit_id = st.selectbox(
    t("dashboard.unit"),
    list(units_by_id),
    index=list(units_by_id).index(first_open),
    format_func=unit_label,
    key="progress_unit",
)
unit = units_by_id[unit_id]
quiz_col, goals_col = st.columns([1, 3])
if unit.id in best:
    quiz_col.metric(t("progress.best_quiz"), f"{round(best[unit.id] * 100)} %")
else:
    quiz_col.caption(t("progress.no_quiz_unit"))
if status.get(unit.id) and status[unit.id].done:
    quiz_col.caption(t("course.status.done"))
ticked = ticks.get(unit.id, set())
goals_col.caption(t("progress.can_do_count", ticked=len(ticked), total=len(unit.goals)))
for index, goal in enumerate(unit.goals):
    key = f"progress_goal_{unit.id}_{index}"

    def _save(index=index, key=key) -> None:
        with database().transaction() as session:
            course.set_can_do(session, user.id, unit.id, index, bool(st.session_state[key]), now())

    goals_col.checkbox(goal.get(lang()), value=index in ticked, key=key, on_change=_save)
