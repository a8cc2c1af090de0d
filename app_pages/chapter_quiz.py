"""A strategic-analysis chapter's quiz: its own exercises, each answer stored as it is given and graded by
the service, then the score and a review of the mistakes (like a unit quiz)."""

import time

import streamlit as st

from app_pages.content import library
from app_pages.frame import database, escape_markdown, lang, now, require_user, show_error, t
from app_pages.widgets.audio_control import audio_control
from config import settings
from exercises.quizzes import CHOICE_KINDS
from i18n import t as translate
from services import analysis, assignments, quizzes
from services.assignments import AssignmentKind
from services.errors import ServiceError

user = require_user()
content = library()
chapters = [document for document in content.analysis.documents if document.quiz]
st.title(t("analysis.quiz"))
if not chapters:
    st.info(t("analysis.none"))
    st.stop()

by_id = {document.id: document for document in chapters}
wanted = st.query_params.get("chapter")
if wanted in by_id and st.session_state.get("chapter_quiz_from_url") != wanted:
    st.session_state["chapter_quiz_choice"] = wanted
    st.session_state["chapter_quiz_from_url"] = wanted
chapter_id = st.selectbox(
    t("analysis.quiz.choose"),
    list(by_id),
    format_func=lambda key: f"{by_id[key].number}. {by_id[key].title.get(lang())}",
    key="chapter_quiz_choice",
)
st.query_params["chapter"] = chapter_id
chapter = by_id[chapter_id]
st.page_link(
    "app_pages/analysis.py",
    label=t("analysis.ws.chapter", title=chapter.title.get(lang())),
    icon=":material/menu_book:",
    query_params={"doc": chapter.id},
)
assignment_id = None
if (st.query_params.get("assignment") or "").isdigit():
    try:
        with database().reading() as session:
            assignment = assignments.learner_assignment(session, user.id, int(st.query_params["assignment"]))
    except ServiceError:
        assignment = None
    if assignment and assignment.kind is AssignmentKind.CHAPTER_QUIZ and assignment.target == chapter.id:
        assignment_id = assignment.id

with database().reading() as session:
    attempt = analysis.open_chapter_attempt(session, user.id, content, chapter.id)
finished_key = f"chapter_quiz_finished_{chapter.id}"
finished_id = st.session_state.get(finished_key)

if attempt is None and finished_id is None:
    st.caption(t("analysis.quiz.about", count=len(chapter.quiz)))
    if st.button(t("quiz.start"), key="chapter_quiz_start", type="primary", icon=":material/play_arrow:"):
        try:
            with database().transaction() as session:
                analysis.start_chapter_quiz(
                    session,
                    user.id,
                    content,
                    chapter.id,
                    now(),
                    pass_mark=settings().pass_mark,
                    assignment_id=assignment_id,
                )
        except ServiceError as error:
            show_error(error)
            st.stop()
        st.rerun()
    st.stop()


def finish(attempt_id: int) -> None:
    with database().transaction() as session:
        analysis.finish_chapter_quiz(session, user.id, attempt_id, content, now())
    st.session_state[finished_key] = attempt_id
    st.rerun()


if attempt is not None:
    position = attempt.answered
    question = quizzes.question_at(content, attempt, position)
    if question is None:
        finish(attempt.id)
    total = attempt.question_count
    st.progress(position / total, text=t("quiz.progress", n=position + 1, total=total))
    with st.container(border=True, key="chapter_quiz_question"):
        st.write(question.instruction_for(lang(), translate))
        prompt = question.prompt_for(lang())
        if prompt:
            st.markdown(f"> {escape_markdown(prompt)}")
        if question.audio_text:
            audio_control(question.audio_text, key=f"chapter_quiz_audio_{attempt.id}_{position}", lang=lang())
        started_key = f"chapter_quiz_started_{attempt.id}_{position}"
        st.session_state.setdefault(started_key, time.monotonic())
        with st.form(f"chapter_quiz_form_{attempt.id}_{position}"):
            if question.kind in CHOICE_KINDS:
                given = st.radio(
                    t("lesson.your_answer"),
                    question.options_for(lang()),
                    index=None,
                    key=f"chapter_quiz_radio_{attempt.id}_{position}",
                )
            else:
                given = st.text_input(
                    t("lesson.your_answer"), key=f"chapter_quiz_text_{attempt.id}_{position}"
                )
            submitted = st.form_submit_button(t("quiz.submit"), type="primary")
    if submitted:
        elapsed = int((time.monotonic() - st.session_state.pop(started_key, time.monotonic())) * 1000)
        try:
            with database().transaction() as session:
                analysis.answer_chapter_quiz(
                    session,
                    user.id,
                    attempt.id,
                    position,
                    given or "",
                    content,
                    lang(),
                    now(),
                    elapsed_ms=elapsed,
                )
        except ServiceError as error:
            show_error(error)
        st.rerun()
    if st.button(t("quiz.give_up"), key="chapter_quiz_give_up"):
        finish(attempt.id)
    st.stop()

# --- the attempt just finished ------------------------------------------------------------------------------
with database().reading() as session:
    outcome = quizzes.quiz_outcome(session, user.id, finished_id)
    answers = quizzes.attempt_answers(session, user.id, finished_id)
result = outcome.attempt
st.subheader(t("quiz.result", score=round((result.score or 0) * 100)), anchor=False)
if result.passed:
    st.success(t("quiz.passed", mark=round(result.pass_mark * 100)), icon=":material/military_tech:")
else:
    st.warning(t("quiz.not_passed", mark=round(result.pass_mark * 100)))
mistakes = [answer for answer in answers if not answer.correct]
st.subheader(t("quiz.review", count=len(mistakes)), anchor=False)
for number, answer in enumerate(mistakes):
    with st.container(border=True):
        st.markdown(f"> {escape_markdown(answer.prompt)}")
        st.markdown(
            t(
                "quiz.review.line",
                given=escape_markdown(answer.answer or "—"),
                expected=escape_markdown(answer.expected),
            )
        )
        audio_control(answer.expected, key=f"chapter_quiz_review_{finished_id}_{number}", lang=lang())
if st.button(t("quiz.again"), key="chapter_quiz_again"):
    st.session_state.pop(finished_key, None)
    st.rerun()
