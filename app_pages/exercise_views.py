"""How the lesson page shows an exercise of the kinds of issue #13 and explains its check.

Every answer goes to :func:`services.course.answer_exercise` (recordings to :mod:`services.open_answers`);
these views only gather the raw input and show what comes back: they never grade. Widget keys start with
the exercise's key (``lesson_ex_<unit>_<local id>``); the service's result is kept in
``<key>_result``.
"""

from __future__ import annotations

import time

import streamlit as st

from app_pages.frame import database, escape_markdown, lang, now, show_error, t
from app_pages.markdown import diff_markdown
from app_pages.widgets.audio_control import audio_control
from app_pages.widgets.radio_player import radio_player
from exercises.compte_rendu import MAX_REPORT_CHARS
from exercises.open_exercises import SPEAKING_RATINGS, spot_choices, spot_tokens
from lessons.model import NOISE_LEVELS, Exercise, Question
from library.content import ContentLibrary
from services import course, open_answers
from services.accounts import UserView
from services.errors import ServiceError
from text.content import Text3

__all__ = ["grade_feedback", "show_new_kind"]


def grade_feedback(grade, label: str = "") -> None:
    """The grader's explanation of one answer (and its diff when it was not exact)."""
    params = {k: escape_markdown(v) if isinstance(v, str) else v for k, v in grade.message_params().items()}
    message = t(grade.message_key, **params)
    if label:
        message = f"{escape_markdown(label)} — {message}"
    if grade.correct:
        st.success(message, icon=":material/check:")
    else:
        st.error(message, icon=":material/close:")
    if grade.diff and grade.verdict.value not in ("exact", "alternative"):
        st.markdown(t("lesson.diff", diff=diff_markdown(grade.diff)))


def _label(label: Text3) -> str:
    """A question or form line: the French, and its gloss in the interface language."""
    gloss = label.get(lang())
    return label.fr if lang() == "fr" or gloss == label.fr else f"{label.fr} — {gloss}"


def _scenario(exercise: Exercise, key: str) -> None:
    if exercise.scenario is None:
        return
    st.markdown(f"> {escape_markdown(exercise.scenario.fr)}")
    if lang() != "fr" and st.toggle(t("lesson.show_translation"), key=f"{key}_scenario_gloss"):
        st.caption(exercise.scenario.get(lang()))


class _Context:
    """Who answers, and the content the answer is checked against."""

    def __init__(self, user: UserView, content: ContentLibrary) -> None:
        self.user = user
        self.content = content


def _submit(ctx: _Context, exercise: Exercise, key: str, given: object) -> None:
    started = st.session_state.pop(f"{key}_started", time.monotonic())
    try:
        with database().transaction() as session:
            result = course.answer_exercise(
                session,
                ctx.user.id,
                exercise.id,
                given,
                ctx.content,
                now(),
                seconds=int(time.monotonic() - started),
            )
    except ServiceError as error:
        show_error(error)
        return
    st.session_state[f"{key}_result"] = result


def _summary(result) -> None:
    total = len(result.parts)
    right = sum(1 for part in result.parts if part.grade.correct)
    message = t("exercise.parts_right", right=right, total=total)
    if result.correct:
        st.success(message, icon=":material/check:")
    else:
        st.warning(message)


def _parts(ctx: _Context, exercise: Exercise, key: str, questions: tuple[Question, ...], given_of) -> None:
    answers = [st.text_input(_label(q.label), key=f"{key}_{q.number}") for q in questions]
    if st.button(t("lesson.check"), key=f"{key}_check"):
        _submit(ctx, exercise, key, given_of(answers))
    result = st.session_state.get(f"{key}_result")
    if result is not None:
        _summary(result)
        for part in result.parts:
            grade_feedback(part.grade, part.label.get(lang()))


# --- the kinds ------------------------------------------------------------------------------------------


def _radio(ctx: _Context, exercise: Exercise, key: str) -> None:
    noise = st.segmented_control(
        t("exercise.radio.noise"),
        NOISE_LEVELS,
        default=exercise.noise,
        format_func=lambda level: t(f"exercise.noise.{level}"),
        key=f"{key}_noise",
        required=True,
    )
    radio_player(exercise.say, noise or exercise.noise, key=key, lang=lang())
    _parts(ctx, exercise, key, exercise.questions, lambda answers: {"answers": answers, "noise": noise})
    if st.session_state.get(f"{key}_result") is not None:
        with st.expander(t("exercise.radio.transcript")):
            st.text(exercise.say)


def _form(ctx: _Context, exercise: Exercise, key: str) -> None:
    st.caption(t(f"exercise.form.type.{exercise.form}"))
    _scenario(exercise, key)
    _parts(ctx, exercise, key, exercise.fields, lambda answers: answers)


def _report(ctx: _Context, exercise: Exercise, key: str, previous) -> None:
    _scenario(exercise, key)
    text = st.text_area(t("exercise.report.text"), max_chars=MAX_REPORT_CHARS, height=160, key=f"{key}_text")
    if st.button(t("exercise.report.submit"), key=f"{key}_check"):
        _submit(ctx, exercise, key, text)
    result = st.session_state.get(f"{key}_result")
    if result is not None:
        report = result.report
        message = t("exercise.report.found", found=report.found, total=len(report.elements))
        (st.success if result.correct else st.warning)(message)
        for element in report.elements:
            name = t(f"exercise.report.element.{element.name}")
            if element.found and element.exact:
                st.markdown(f":green[✓] {t('exercise.report.element_found', element=name)}")
            elif element.found:
                near = t(
                    "exercise.report.element_near",
                    element=name,
                    written=escape_markdown(element.written),
                    phrase=escape_markdown(element.phrase),
                )
                st.markdown(f":green[✓] {near}")
            else:
                examples = " · ".join(escape_markdown(phrase) for phrase in element.expected)
                st.markdown(
                    f":red[✗] {t('exercise.report.element_missing', element=name, examples=examples)}"
                )
        st.caption(t("exercise.report.model"))
        st.text(exercise.model)
        audio_control(exercise.model, key=f"{key}_model", lang=lang())
    if previous is not None and previous.comments:
        st.caption(t("exercise.comments"))
        for comment in previous.comments:
            with st.container(border=True):
                st.caption(f"{comment.author_name} · {comment.created_at:%Y-%m-%d %H:%M} UTC")
                st.text(comment.body)


def _roleplay(ctx: _Context, exercise: Exercise, key: str) -> None:
    choices_key = f"{key}_choices"
    choices: list[int] = st.session_state.setdefault(choices_key, [])
    reveal = lang() != "fr" and st.toggle(t("lesson.show_translation"), key=f"{key}_gloss")
    node = exercise.node(exercise.start)
    step = 0
    while node is not None:
        st.markdown(escape_markdown(node.text.fr))
        if reveal:
            st.caption(node.text.get(lang()))
        if node.is_end or step >= len(choices):
            break
        reply = node.replies[choices[step]]
        st.markdown(f"**{t('exercise.roleplay.you')}** — {escape_markdown(reply.text)}")
        node = exercise.node(reply.target)
        step += 1
    if node is None:  # the manual changed under a session: start again
        st.session_state[choices_key] = []
        return
    if not node.is_end:
        st.caption(t("exercise.roleplay.choose"))
        for index, reply in enumerate(node.replies):
            st.button(
                escape_markdown(reply.text),
                key=f"{key}_reply_{step}_{index}",
                on_click=lambda i=index: st.session_state[choices_key].append(i),
            )
        return
    stored_key = f"{key}_stored"
    if st.session_state.get(stored_key) != tuple(choices):
        _submit(ctx, exercise, key, list(choices))
        st.session_state[stored_key] = tuple(choices)
    result = st.session_state.get(f"{key}_result")
    if result is not None and result.walk is not None:
        message = t(f"exercise.roleplay.outcome.{result.walk.outcome}")
        {"success": st.success, "partial": st.warning}.get(result.walk.outcome, st.error)(message)
    if st.button(t("exercise.roleplay.again"), key=f"{key}_again"):
        st.session_state[choices_key] = []
        st.session_state.pop(stored_key, None)
        st.session_state.pop(f"{key}_result", None)
        st.rerun()


def _spot(ctx: _Context, exercise: Exercise, key: str) -> None:
    tokens = spot_tokens(exercise)
    st.markdown(f"> {escape_markdown(exercise.prompt)}")
    picked = st.pills(
        t("exercise.spot.pick"),
        list(spot_choices(exercise)),
        selection_mode="multi",
        format_func=lambda index: tokens[index],
        key=f"{key}_picked",
    )
    correction = st.text_input(t("exercise.spot.correction"), key=f"{key}_input")
    if st.button(t("lesson.check"), key=f"{key}_check"):
        _submit(ctx, exercise, key, {"picked": list(picked or []), "correction": correction})
    result = st.session_state.get(f"{key}_result")
    if result is None:
        return
    spot = result.spot
    error = escape_markdown(spot.error)
    if spot.found:
        st.success(t("exercise.spot.found", error=error), icon=":material/check:")
    else:
        st.error(t("exercise.spot.not_found", error=error), icon=":material/close:")
    if spot.grade is not None:
        grade_feedback(spot.grade, t("exercise.spot.correction"))
    elif spot.correction_right:
        st.success(t("exercise.spot.removed"), icon=":material/check:")
    else:
        st.error(t("exercise.spot.must_go", error=error), icon=":material/close:")
    if exercise.why is not None:
        st.info(escape_markdown(exercise.why.get(lang())), icon=":material/lightbulb:")


def _speaking(ctx: _Context, exercise: Exercise, key: str) -> None:
    if exercise.prompt:
        st.markdown(f"> {escape_markdown(exercise.prompt)}")
        audio_control(exercise.prompt, key=f"{key}_prompt", lang=lang())
    recording = st.audio_input(t("exercise.speaking.record"), key=f"{key}_record", sample_rate=16000)
    if recording is not None and st.button(
        t("exercise.speaking.keep"), key=f"{key}_keep", icon=":material/save:"
    ):
        try:
            with database().transaction() as session:
                open_answers.save_recording(
                    session, ctx.user.id, exercise.id, recording.getvalue(), ctx.content, now()
                )
            st.success(t("exercise.speaking.kept"))
        except ServiceError as error:
            show_error(error)
    with database().reading() as session:
        kept = open_answers.recordings_of(session, ctx.user.id, ctx.user.id, exercise.id)
        used = open_answers.recording_usage(session, ctx.user.id)
        latest = open_answers.recording_audio(session, ctx.user.id, kept[0].id)[0] if kept else None
    mine, model = st.columns(2)
    with mine:
        st.caption(t("exercise.speaking.yours"))
        if latest is not None:
            st.audio(latest, format="audio/wav")
        else:
            st.caption(t("exercise.speaking.none_yet"))
    with model:
        st.caption(t("exercise.speaking.model"))
        st.markdown(f"**{escape_markdown(exercise.say)}**")
        audio_control(exercise.say, key=f"{key}_model", lang=lang())
    for recording_view in kept:
        when = recording_view.created_at
        label = t(
            "exercise.speaking.delete", when=f"{when:%Y-%m-%d %H:%M}", kb=max(1, recording_view.size // 1024)
        )
        if st.button(label, key=f"{key}_delete_{recording_view.id}", icon=":material/delete:"):
            with database().transaction() as session:
                open_answers.delete_recording(session, ctx.user.id, recording_view.id)
            st.rerun()
    st.caption(
        t(
            "exercise.speaking.quota",
            used=round(used / (1024 * 1024), 1),
            total=open_answers.RECORDING_QUOTA_BYTES // (1024 * 1024),
        )
    )
    rating = st.segmented_control(
        t("exercise.speaking.rate"),
        SPEAKING_RATINGS,
        format_func=lambda value: t(f"exercise.speaking.rating.{value}"),
        key=f"{key}_rating",
    )
    if st.button(t("exercise.speaking.save_rating"), key=f"{key}_check", disabled=rating is None):
        _submit(ctx, exercise, key, rating)
    result = st.session_state.get(f"{key}_result")
    if result is not None:
        st.success(t("exercise.speaking.rated", rating=t(f"exercise.speaking.rating.{result.rating}")))


def show_new_kind(
    exercise: Exercise, key: str, user: UserView, content: ContentLibrary, previous=None
) -> None:
    """The widgets of a radio, form, report, roleplay, spot or speaking exercise, and its feedback;
    ``previous`` is the learner's latest open answer to it (for a compte rendu's comments)."""
    st.session_state.setdefault(f"{key}_started", time.monotonic())
    ctx = _Context(user, content)
    if exercise.kind == "radio":
        _radio(ctx, exercise, key)
    elif exercise.kind == "form":
        _form(ctx, exercise, key)
    elif exercise.kind == "report":
        _report(ctx, exercise, key, previous)
    elif exercise.kind == "roleplay":
        _roleplay(ctx, exercise, key)
    elif exercise.kind == "spot":
        _spot(ctx, exercise, key)
    elif exercise.kind == "speaking":
        _speaking(ctx, exercise, key)
