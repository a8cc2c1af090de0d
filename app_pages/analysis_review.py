"""Worksheets handed in by the learners of the instructor's groups: read each one as it was submitted,
comment on each part, mark it reviewed."""

import streamlit as st

from app_pages.content import library
from app_pages.frame import database, escape_markdown, lang, now, require_user, show_error, t
from app_pages.labels import learner_labels
from app_pages.markdown import escape_lines
from app_pages.worksheet_forms import field_label, show_answers, totals_table
from services import analysis, groups
from services.errors import ServiceError

user = require_user()
content = library()
st.title(t("analysis.review.title"))
flash = st.session_state.pop("review_flash", None)
if flash:
    st.success(t(flash), icon=":material/check:")

try:
    with database().reading() as session:
        my_groups = groups.list_groups(session, user.id)
except ServiceError as error:
    show_error(error)
    st.stop()

group_names = {group.id: group.name for group in my_groups}
filters = st.columns(2)
group_id = filters[0].selectbox(
    t("groups.group"),
    [None, *group_names],
    format_func=lambda gid: t("analysis.review.all_groups") if gid is None else group_names[gid],
    key="review_group",
)
waiting_only = filters[1].toggle(t("analysis.review.waiting_only"), value=True, key="review_waiting")
with database().reading() as session:
    found = analysis.list_submissions_for_instructor(
        session,
        user.id,
        group_id=group_id,
        state=analysis.SubmissionState.SUBMITTED if waiting_only else None,
    )
if not found:
    st.info(t("analysis.review.none"))
    st.stop()

names = learner_labels([submission.learner for submission in found])


def submission_label(submission_id: int) -> str:
    item = next(s for s in found if s.id == submission_id)
    sheet = content.analysis.worksheet(item.worksheet_id)
    title = sheet.title.get(lang()) if sheet else item.worksheet_id
    return t(
        "analysis.review.item",
        learner=names[item.learner.id],
        sheet=title,
        situation=analysis.situation_label(content, item.situation, lang()),
        version=item.version,
        when=item.submitted_at.strftime("%Y-%m-%d %H:%M"),
        comments=item.comments,
    )


chosen = st.selectbox(
    t("analysis.review.choose", count=len(found)),
    [submission.id for submission in found],
    format_func=submission_label,
    key="review_submission",
)
try:
    with database().reading() as session:
        detail = analysis.submission_detail(session, user.id, content, chosen)
except ServiceError as error:
    show_error(error)
    st.stop()
submission = detail.submission
sheet = analysis.definition(content, submission.worksheet_id)
st.subheader(sheet.title.get(lang()), anchor=False)
st.caption(
    t(
        f"analysis.ws.state.{submission.state.value}",
        version=submission.version,
        when=submission.submitted_at.strftime("%Y-%m-%d %H:%M"),
    )
)

by_section: dict[str, list] = {}
for comment in detail.comments:
    by_section.setdefault(comment.section, []).append(comment)
part_names = {field.key: field_label(field, lang()) for field in sheet.fields}
part_names.update(
    {
        analysis.GENERAL_SECTION: t("analysis.review.general"),
        "criteria": t("analysis.ws.criteria"),
        "options": t("analysis.ws.options"),
    }
)


def comment_box(section: str) -> None:
    for comment in by_section.get(section, []):
        st.caption(
            t(
                "analysis.ws.comment_by",
                name=escape_markdown(comment.author_name),
                when=comment.created_at.strftime("%Y-%m-%d %H:%M"),
            )
        )
        st.markdown(escape_lines(comment.body))
    with st.form(f"review_comment_{submission.id}_{section}", clear_on_submit=True):
        body = st.text_area(
            t("analysis.review.comment_on", part=part_names.get(section, escape_markdown(section))),
            key=f"review_body_{submission.id}_{section}",
            height=80,
            max_chars=analysis.COMMENT_MAX,
        )
        if st.form_submit_button(t("analysis.review.send"), key=f"review_send_{submission.id}_{section}"):
            try:
                with database().transaction() as session:
                    analysis.comment_section(session, user.id, content, submission.id, section, body, now())
            except ServiceError as error:
                show_error(error)
            else:
                st.session_state["review_flash"] = "analysis.review.sent"
                st.rerun()


with st.container(border=True, key="review_general"):
    comment_box(analysis.GENERAL_SECTION)
show_answers(sheet, detail.answers, lang(), after_part=comment_box)
if sheet.kind == "weighted":
    ranked = analysis.totals(content, sheet.id, detail.answers)
    if ranked:
        st.dataframe(totals_table(ranked), hide_index=True)

if submission.state is analysis.SubmissionState.SUBMITTED and st.button(
    t("analysis.review.mark"), key="review_mark", type="primary", icon=":material/task_alt:"
):
    with database().transaction() as session:
        analysis.mark_reviewed(session, user.id, submission.id, now())
    st.session_state["review_flash"] = "analysis.review.marked"
    st.rerun()
