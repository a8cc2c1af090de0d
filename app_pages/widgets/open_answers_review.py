"""An instructor's view of a learner's open answers: comptes rendus to read and comment on, the other open
answers (role-play paths, radio and form answers…), and the learner's recordings to listen to.

The services decide who may see what (the instructor of one of the learner's groups): a refusal shows as
one caption. Everything the learner wrote is shown as text.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.frame import database, escape_markdown, now, show_error, t
from app_pages.labels import unit_label
from library.content import ContentLibrary
from services import open_answers
from services.errors import ServiceError

SHOWN = 20


def _summary(answer: open_answers.OpenAnswerView) -> str:
    detail = answer.detail
    if answer.kind == "roleplay":
        return (
            " → ".join(detail.get("replies", [])) + f" ({t('exercise.roleplay.outcome.' + answer.verdict)})"
        )
    if answer.kind in ("radio", "form"):
        marks = ["✓" if right else "✗" for right in detail.get("correct", [])]
        return " | ".join(
            f"{mark} {given}" for mark, given in zip(marks, detail.get("answers", []), strict=False)
        )
    if answer.kind == "spot":
        return f"{detail.get('picked', '')} → {detail.get('correction', '')}"
    if answer.kind == "speaking":
        return t(f"exercise.speaking.rating.{detail.get('rating', 1)}")
    return ""


def _comment_form(actor_id: int, answer: open_answers.OpenAnswerView, key: str) -> None:
    for comment in answer.comments:
        st.caption(f"{comment.author_name} · {comment.created_at:%Y-%m-%d %H:%M} UTC")
        st.text(comment.body)
    body = st.text_area(t("review.comment"), key=f"{key}_comment", max_chars=open_answers.COMMENT_MAX)
    if st.button(t("review.send"), key=f"{key}_send", icon=":material/send:"):
        try:
            with database().transaction() as session:
                open_answers.comment_on_answer(session, actor_id, answer.id, body, now())
        except ServiceError as error:
            show_error(error)
            return
        st.session_state.pop(f"{key}_comment", None)
        st.rerun()


def review_open_answers(actor_id: int, learner_id: int, content: ContentLibrary, key: str = "review") -> None:
    """The learner's open answers and recordings, for their instructor."""
    st.subheader(t("review.title"), anchor=False)
    try:
        with database().reading() as session:
            answers = open_answers.learner_open_answers(session, actor_id, learner_id)
            recordings = open_answers.recordings_of(session, actor_id, learner_id)
    except ServiceError:
        st.caption(t("review.not_yours"))
        return
    if not answers and not recordings:
        st.caption(t("review.none"))
        return
    reports = [answer for answer in answers if answer.kind == "report"][:SHOWN]
    for answer in reports:
        with st.container(border=True, key=f"{key}_report_{answer.id}"):
            local_id = answer.exercise_id.partition("#")[2]
            st.markdown(f"**{escape_markdown(unit_label(answer.unit_id))}** · {escape_markdown(local_id)}")
            found = [e for e in answer.detail.get("elements", []) if e.get("found")]
            total = len(answer.detail.get("elements", []))
            st.caption(
                f"{answer.answered_at:%Y-%m-%d %H:%M} UTC · "
                + t("exercise.report.found", found=len(found), total=total)
            )
            st.text(answer.text or "—")
            _comment_form(actor_id, answer, f"{key}_report_{answer.id}")
    others = [answer for answer in answers if answer.kind != "report"][:SHOWN]
    if others:
        st.dataframe(
            pd.DataFrame(
                {
                    t("progress.when"): [a.answered_at for a in others],
                    t("dashboard.unit"): [unit_label(a.unit_id) for a in others],
                    t("review.exercise"): [a.exercise_id.partition("#")[2] for a in others],
                    t("review.kind"): [t(f"kind.{a.kind}") for a in others],
                    t("progress.score"): [round(a.score * 100) for a in others],
                    t("review.answer"): [_summary(a) for a in others],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    for recording in recordings[:SHOWN]:
        exercise = content.manual.exercise(recording.exercise_id)
        label = t(
            "review.recording",
            exercise=recording.exercise_id.partition("#")[2],
            unit=unit_label(recording.exercise_id.partition("#")[0]),
            when=f"{recording.created_at:%Y-%m-%d %H:%M}",
        )
        play_key = f"{key}_recording_{recording.id}"
        if st.button(label, key=play_key, icon=":material/play_arrow:"):
            st.session_state[f"{play_key}_open"] = True
        if st.session_state.get(f"{play_key}_open"):
            try:
                with database().reading() as session:
                    data, mime = open_answers.recording_audio(session, actor_id, recording.id)
            except ServiceError as error:
                show_error(error)
                continue
            if exercise is not None:
                st.caption(exercise.say)
            st.audio(data, format=mime)
