"""Group dashboard: completion, scores, overdue work, time spent, the items the group misses most, a
drill-down per learner, and a CSV export of the results."""

import io

import pandas as pd
import streamlit as st

from app_pages.content import library
from app_pages.frame import database, now, require_user, show_error, t
from app_pages.labels import learner_labels, short_assignment_label, short_quiz_label, unit_label
from app_pages.widgets.open_answers_review import review_open_answers
from services import dashboards, groups
from services.errors import ServiceError

user = require_user()
content = library()
st.title(t("dashboard.title"))

try:
    with database().reading() as session:
        my_groups = groups.list_groups(session, user.id)
except ServiceError as error:
    show_error(error)
    st.stop()
if not my_groups:
    st.info(t("groups.none"))
    st.page_link("app_pages/groups.py", label=t("nav.groups"), icon=":material/groups:")
    st.stop()

by_id = {g.id: g for g in my_groups}
group_id = st.selectbox(
    t("groups.group"), list(by_id), format_func=lambda gid: by_id[gid].name, key="dashboard_group"
)
with database().reading() as session:
    board = dashboards.group_dashboard(session, user.id, group_id, now())

learners = board.learners
names = learner_labels(learners)
completion = {learner.id: board.completion(learner.id) for learner in learners}
assigned_total = sum(total for _, total in completion.values())
done_total = sum(done for done, _ in completion.values())
overdue = board.overdue()

cols = st.columns(4)
cols[0].metric(t("dashboard.learners"), len(learners))
cols[1].metric(
    t("dashboard.completion"), f"{round(100 * done_total / assigned_total) if assigned_total else 0} %"
)
cols[2].metric(t("dashboard.overdue"), len(overdue))
cols[3].metric(t("dashboard.hours"), round(sum(board.seconds.values()) / 3600, 1))

if not learners:
    st.info(t("dashboard.no_learners", code=by_id[group_id].join_code))
    st.stop()

left, right = st.columns(2)
with left:
    st.subheader(t("dashboard.completion_by_learner"), anchor=False)
    frame = pd.DataFrame(
        {
            t("dashboard.learner"): [names[i] for i in completion],
            t("dashboard.done_pct"): [round(100 * d / n) if n else 0 for d, n in completion.values()],
        }
    )
    st.bar_chart(
        frame,
        x=t("dashboard.learner"),
        y=t("dashboard.done_pct"),
        horizontal=True,
        height=60 + 22 * len(learners),
    )
with right:
    st.subheader(t("dashboard.latest_scores"), anchor=False)
    latest = {uid: scores[-1][1] for uid, scores in board.quiz_scores.items() if scores}
    if latest:
        scores = pd.DataFrame(
            {
                t("dashboard.learner"): [names.get(uid, str(uid)) for uid in latest],
                t("progress.score"): [round(100 * s) for s in latest.values()],
            }
        )
        st.bar_chart(
            scores,
            x=t("dashboard.learner"),
            y=t("progress.score"),
            horizontal=True,
            height=60 + 22 * len(learners),
        )
    else:
        st.caption(t("progress.no_quiz"))

st.subheader(t("dashboard.status"), anchor=False)
if board.assignments:
    matrix = {t("dashboard.learner"): [names[learner.id] for learner in learners]}
    for assignment in board.assignments:
        column = short_assignment_label(assignment)
        cells = []
        for learner in learners:
            status = board.status.get((assignment.id, learner.id))
            if status is None:
                cells.append("")
            else:
                label = t(f"assignments.status.{'overdue' if status.overdue else status.state}")
                cells.append(
                    label + (f" ({round(status.score * 100)} %)" if status.score is not None else "")
                )
        matrix[column] = cells
    matrix[t("dashboard.chapters_read")] = [board.chapters_read.get(each.id, 0) for each in learners]
    matrix[t("dashboard.worksheets")] = [board.worksheets_handed_in.get(each.id, 0) for each in learners]
    matrix[t("dashboard.time")] = [
        f"{round(board.seconds.get(learner.id, 0) / 60)} min" for learner in learners
    ]
    st.dataframe(pd.DataFrame(matrix), hide_index=True, width="stretch")
else:
    st.caption(t("groups.no_assignments"))

st.subheader(t("dashboard.most_missed"), anchor=False)
if board.most_missed:
    missed = pd.DataFrame(
        {
            t("dashboard.item"): [content.describe(m.item_id) for m in board.most_missed],
            t("dashboard.misses"): [m.misses for m in board.most_missed],
            t("dashboard.attempts"): [m.attempts for m in board.most_missed],
            t("dashboard.source"): [t(f"dashboard.source.{m.source}") for m in board.most_missed],
        }
    )
    st.bar_chart(
        missed, x=t("dashboard.item"), y=t("dashboard.misses"), horizontal=True, height=320, sort=False
    )
    st.dataframe(missed, hide_index=True, width="stretch")
else:
    st.caption(t("dashboard.nothing_missed"))

rows = dashboards.results_rows(board)
if rows:
    buffer = io.StringIO()
    pd.DataFrame(rows).to_csv(buffer, index=False)
    st.download_button(
        t("dashboard.export"),
        buffer.getvalue().encode("utf-8"),
        file_name=f"parlez-group-{group_id}-results.csv",
        mime="text/csv",
        key="dashboard_export",
        icon=":material/download:",
    )

st.subheader(t("dashboard.drilldown"), anchor=False)
learner_id = st.selectbox(
    t("dashboard.learner"),
    [learner.id for learner in learners],
    format_func=names.get,
    key="dashboard_learner",
)
with database().reading() as session:
    detail = dashboards.learner_detail(session, user.id, group_id, learner_id)
units_done = [u for u in content.manual.units if detail.units.get(u.id) and detail.units[u.id].done]
cols = st.columns(5)
cols[0].metric(t("progress.units_done"), f"{len(units_done)} / {len(content.manual.units)}")
cols[1].metric(t("dashboard.reviews"), detail.reviews)
cols[2].metric(t("dashboard.active_days"), len(detail.days))
read_count = board.chapters_read.get(learner_id, 0)
cols[3].metric(t("dashboard.chapters_read"), f"{read_count} / {len(content.analysis.documents)}")
cols[4].metric(t("dashboard.worksheets"), board.worksheets_handed_in.get(learner_id, 0))
if detail.attempts:
    history = pd.DataFrame(
        {
            t("progress.when"): [a.finished_at for a in detail.attempts],
            t("progress.score"): [round((a.score or 0) * 100) for a in detail.attempts],
            t("progress.quiz"): [short_quiz_label(a.quiz_id) for a in detail.attempts],
        }
    )
    st.scatter_chart(
        history, x=t("progress.when"), y=t("progress.score"), color=t("progress.quiz"), height=240, size=60
    )
units_table = pd.DataFrame(
    {
        t("dashboard.unit"): [unit_label(u.id) for u in content.manual.units],
        t("dashboard.unit_status"): [
            t("course.status.done")
            if detail.units.get(u.id) and detail.units[u.id].done
            else t("course.status.started")
            if u.id in detail.units
            else t("course.status.new")
            for u in content.manual.units
        ],
        t("dashboard.can_do"): [
            f"{len(detail.can_do.get(u.id, set()))} / {len(u.goals)}" for u in content.manual.units
        ],
    }
)
st.dataframe(units_table, hide_index=True, width="stretch")

review_open_answers(user.id, learner_id, content, key=f"dashboard_review_{learner_id}")
