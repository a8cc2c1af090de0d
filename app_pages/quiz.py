"""Quizzes: one per unit, a placement test and a final assessment. Every answer is stored as it is given;
at the end, the score and a review of each mistake with the right answer and its audio."""

import time
from datetime import UTC

import streamlit as st

from app_pages.certificate import certificate_filename, certificate_html
from app_pages.content import library
from app_pages.frame import database, escape_markdown, lang, now, require_user, show_error, t
from app_pages.labels import quiz_label, unit_label
from app_pages.widgets.audio_control import audio_control
from config import settings
from exercises.quiz_catalog import quiz_ids
from exercises.quizzes import CHOICE_KINDS
from i18n import t as translate
from services import assignments, quizzes
from services.errors import ServiceError

user = require_user()
content = library()
manual = content.manual
st.title(t("quiz.title"))


available = quiz_ids(manual)
wanted = st.query_params.get("quiz")
assignment_id = st.query_params.get("assignment")
time_limit = None
if assignment_id:
    try:
        with database().reading() as session:
            assignment = assignments.learner_assignment(session, user.id, int(assignment_id))
        time_limit = assignment.params.get("time_limit_s")
    except (ServiceError, ValueError):
        assignment_id = None
quiz_id = st.selectbox(
    t("quiz.choose"),
    available,
    index=available.index(wanted) if wanted in available else 0,
    format_func=quiz_label,
    key="quiz_choice",
)
st.query_params["quiz"] = quiz_id

with database().reading() as session:
    attempt = quizzes.open_attempt(session, user.id, quiz_id)
finished_id = st.session_state.get(f"quiz_finished_{quiz_id}")

if attempt is None and finished_id is None:
    st.caption(t(f"quiz.about.{quiz_id.partition(':')[0]}", mark=round(settings().pass_mark * 100)))
    if st.button(t("quiz.start"), key="quiz_start", type="primary", icon=":material/play_arrow:"):
        try:
            with database().transaction() as session:
                quizzes.start_quiz(
                    session, user.id, content, quiz_id, now(), pass_mark=settings().pass_mark,
                    time_limit_s=time_limit, assignment_id=int(assignment_id) if assignment_id else None,
                )  # fmt: skip
        except ServiceError as error:
            show_error(error)
            st.stop()
        st.rerun()
    st.stop()


def finish(attempt_id: int) -> None:
    with database().transaction() as session:
        quizzes.finish_quiz(session, user.id, attempt_id, content, now())
    st.session_state[f"quiz_finished_{quiz_id}"] = attempt_id
    st.rerun()


if attempt is not None:
    position = attempt.answered
    question = quizzes.question_at(content, attempt, position)
    if question is None or (attempt.deadline and now() > attempt.deadline):
        finish(attempt.id)
    total = attempt.question_count
    st.progress(position / total, text=t("quiz.progress", n=position + 1, total=total))
    if attempt.deadline:
        st.caption(t("quiz.deadline", time=attempt.deadline.astimezone(UTC).strftime("%H:%M UTC")))
    with st.container(border=True, key="quiz_question"):
        st.write(question.instruction_for(lang(), translate))
        prompt = question.prompt_for(lang())
        if prompt:
            st.markdown(f"> {escape_markdown(prompt)}")
        if question.audio_text:
            audio_control(
                question.audio_text,
                key=f"quiz_audio_{attempt.id}_{position}",
                lang=lang(),
                ipa=question.kind != "dictation",  # the IPA of a dictation is its answer
            )
        started_key = f"quiz_started_{attempt.id}_{position}"
        st.session_state.setdefault(started_key, time.monotonic())
        with st.form(f"quiz_form_{attempt.id}_{position}"):
            if question.kind in CHOICE_KINDS:
                given = st.radio(
                    t("lesson.your_answer"),
                    question.options_for(lang()),
                    index=None,
                    key=f"quiz_radio_{attempt.id}_{position}",
                )
            else:
                given = st.text_input(t("lesson.your_answer"), key=f"quiz_text_{attempt.id}_{position}")
            submitted = st.form_submit_button(t("quiz.submit"), type="primary")
    if submitted:
        elapsed = int((time.monotonic() - st.session_state.pop(started_key, time.monotonic())) * 1000)
        try:
            with database().transaction() as session:
                quizzes.answer_quiz_question(
                    session, user.id, attempt.id, position, given or "", content, lang(), now(),
                    elapsed_ms=elapsed,
                )  # fmt: skip
        except ServiceError as error:
            show_error(error)
        st.rerun()
    if st.button(t("quiz.give_up"), key="quiz_give_up"):
        finish(attempt.id)
    st.stop()

# --- results of the attempt just finished ---------------------------------------------------------
with database().reading() as session:
    outcome = quizzes.quiz_outcome(session, user.id, finished_id)
    answers = quizzes.attempt_answers(session, user.id, finished_id)
result = outcome.attempt
score = round((result.score or 0) * 100)
st.subheader(t("quiz.result", score=score), anchor=False)
if result.passed:
    st.success(t("quiz.passed", mark=round(result.pass_mark * 100)), icon=":material/military_tech:")
else:
    st.warning(t("quiz.not_passed", mark=round(result.pass_mark * 100)))

if outcome.placement_unit_id and manual.unit(outcome.placement_unit_id):
    st.info(t("quiz.placement_start", title=unit_label(outcome.placement_unit_id)))
    st.page_link(
        "app_pages/lesson.py", label=t("course.open"), query_params={"unit": outcome.placement_unit_id}
    )

if outcome.certificate is not None:
    certificate = outcome.certificate
    issued = certificate.issued_at.date()
    page = certificate_html(
        name=certificate.holder_name,
        date=issued,
        score=certificate.score,
        units=[unit_label(u.id) for u in manual.units],
        lang=lang(),
        code=certificate.code,
    )
    st.caption(t("quiz.certificate_code", code=certificate.code))
    st.download_button(
        t("quiz.certificate"),
        page.encode("utf-8"),
        file_name=certificate_filename(certificate.holder_name, issued),
        mime="text/html",
        icon=":material/workspace_premium:",
        key="quiz_certificate",
    )

mistakes = [a for a in answers if not a.correct]
asked = content.quiz(quiz_id, result.seed, result.time_limit_s)


def french_of(answer) -> str:
    """The French to hear for a reviewed question (a vocabulary choice is answered in the learner's
    language: then the French term is the prompt)."""
    question = asked.question(answer.question_id)
    if question is None:
        return answer.expected
    if question.audio_text:
        return question.audio_text
    return question.prompt if question.kind == "vocab_choice" else answer.expected


st.subheader(t("quiz.review", count=len(mistakes)), anchor=False)
for index, answer in enumerate(mistakes):
    with st.container(border=True):
        st.markdown(f"> {escape_markdown(answer.prompt)}")
        st.markdown(
            t(
                "quiz.review.line",
                given=escape_markdown(answer.answer or "—"),
                expected=escape_markdown(answer.expected),
            )
        )
        audio_control(french_of(answer), key=f"quiz_review_{finished_id}_{index}", lang=lang())
if st.button(t("quiz.again"), key="quiz_again"):
    st.session_state.pop(f"quiz_finished_{quiz_id}", None)
    st.rerun()
