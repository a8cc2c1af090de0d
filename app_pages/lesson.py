"""A lesson: goals, dialogues with audio and translations on demand, vocabulary with audio, grammar and
culture notes, exercises with immediate feedback. The section and every answer are saved as they happen."""

import time

import streamlit as st

from app_pages.content import library
from app_pages.exercise_views import grade_feedback, show_new_kind
from app_pages.frame import database, escape_markdown, lang, now, require_user, t
from app_pages.labels import unit_label
from app_pages.widgets.audio_control import audio_control
from exercises.open_exercises import CHECKED_KINDS
from exercises.unit_exercises import order_tokens
from services import course, open_answers

user = require_user()
content = library()
unit_id = st.query_params.get("unit") or st.session_state.get("lesson_unit")
unit = content.manual.unit(unit_id) if unit_id else None
if unit is None:
    st.title(t("lesson.missing.title"))
    st.info(t("lesson.missing"))
    st.page_link("app_pages/course.py", label=t("nav.course"), icon=":material/menu_book:")
    st.stop()
st.session_state["lesson_unit"] = unit.id
st.query_params["unit"] = unit.id

section_key = f"lesson_section_{unit.id}"
if section_key not in st.session_state:
    with database().transaction() as session:
        st.session_state[section_key] = course.open_unit(session, user.id, unit.id, now())


def _section_changed() -> None:
    chosen = st.session_state.get(section_key)
    if chosen:
        with database().transaction() as session:
            course.save_section(session, user.id, unit.id, chosen, now())


st.page_link("app_pages/course.py", label=t("lesson.back"), icon=":material/arrow_back:")
st.title(unit_label(unit.id))
st.caption(f"{unit.title.fr} · {t('course.level', level=unit.level)}")
section = st.segmented_control(
    t("lesson.section"),
    course.SECTIONS,
    format_func=lambda s: t(f"lesson.section.{s}"),
    key=section_key,
    on_change=_section_changed,
    label_visibility="collapsed",
    required=True,
)


def show_goals() -> None:
    st.subheader(t("lesson.section.goals"), anchor=False)
    for goal in unit.goals:
        st.text(f"• {goal.get(lang())}")


def show_dialogues() -> None:
    for d_index, dialogue in enumerate(unit.dialogues):
        st.subheader(dialogue.title, anchor=False)
        st.caption(dialogue.situation.get(lang()))
        reveal = st.toggle(t("lesson.show_translation"), key=f"lesson_reveal_{unit.id}_{d_index}")
        for l_index, line in enumerate(dialogue.lines):
            with st.container(key=f"lesson_line_{d_index}_{l_index}"):
                text_col, audio_col = st.columns([3, 2])
                text_col.markdown(f"**{escape_markdown(line.speaker)}** — {escape_markdown(line.fr)}")
                if reveal:
                    text_col.caption(line.gloss(lang()))
                with audio_col:
                    audio_control(line.fr, key=f"dl_{unit.id}_{d_index}_{l_index}", lang=lang())


def show_vocabulary() -> None:
    st.subheader(t("lesson.section.vocabulary"), anchor=False)
    for index, entry in enumerate(unit.vocabulary):
        with st.container(border=True, key=f"lesson_vocab_{index}"):
            text_col, audio_col = st.columns([3, 2])
            text_col.markdown(
                f"**{escape_markdown(entry.french)}** · _{escape_markdown(t('pos.' + entry.pos))}_"
            )
            text_col.caption(entry.gloss(lang()) + (f" — {entry.note}" if entry.note else ""))
            with audio_col:
                audio_control(entry.french, key=f"vo_{unit.id}_{index}", lang=lang())


def show_note(note, kind: str) -> None:
    st.subheader(f"{t('lesson.section.' + kind)} — {note.title.get(lang())}", anchor=False)
    st.markdown(note.body.get(lang()))
    for index, example in enumerate(note.examples):
        text_col, audio_col = st.columns([3, 2])
        text_col.markdown(f"**{escape_markdown(example.fr)}**")
        text_col.caption(example.gloss(lang()))
        with audio_col:
            audio_control(example.fr, key=f"ex_{unit.id}_{kind}_{index}", lang=lang())


def _previous(exercise, previous) -> None:
    last = previous.get(exercise.id)
    if last is None:
        return
    verdict = t("lesson.previous_right") if last.correct else t("lesson.previous_wrong")
    if exercise.kind in CHECKED_KINDS:  # the stored answer is a summary: say only how it went
        st.caption(t("exercise.previous", verdict=verdict))
    else:
        st.caption(t("lesson.previous_answer", answer=escape_markdown(last.answer)) + " · " + verdict)


def show_exercises() -> None:
    with database().reading() as session:
        previous = course.latest_results(session, user.id, unit.id)
        previous_open = open_answers.latest_open_answers(session, user.id, unit.id)
    for exercise in unit.exercises:
        key = f"lesson_ex_{unit.id}_{exercise.local_id}"
        with st.container(border=True, key=key):
            st.markdown(f"**{exercise.local_id}** · {escape_markdown(t('kind.' + exercise.kind))}")
            st.write(exercise.instruction.get(lang()))
            if exercise.kind in CHECKED_KINDS:
                show_new_kind(exercise, key, user, content, previous_open.get(exercise.id))
                if st.session_state.get(f"{key}_result") is None:
                    _previous(exercise, previous)
                continue
            if exercise.kind == "dictation":
                audio_control(exercise.say, key=f"{key}_say", lang=lang(), ipa=False)
            if exercise.prompt:
                st.markdown(f"> {escape_markdown(exercise.prompt)}")
            started_key = f"{key}_started"
            st.session_state.setdefault(started_key, time.monotonic())
            if exercise.kind == "choice":
                given = st.radio(t("lesson.your_answer"), exercise.options, index=None, key=f"{key}_input")
            elif exercise.kind == "order":
                tokens = order_tokens(exercise)
                picked = st.multiselect(
                    t("lesson.order_hint"),
                    list(range(len(tokens))),
                    format_func=lambda i, tokens=tokens: tokens[i],
                    placeholder=t("common.choose"),
                    key=f"{key}_input",
                )
                given = " ".join(tokens[i] for i in picked)
                if given:
                    st.caption(given)
            else:
                given = st.text_input(t("lesson.your_answer"), key=f"{key}_input")
            if st.button(t("lesson.check"), key=f"{key}_check"):
                seconds = int(time.monotonic() - st.session_state.pop(started_key))
                with database().transaction() as session:
                    grade = course.answer_exercise(
                        session, user.id, exercise.id, given or "", content, now(), seconds=seconds
                    )
                st.session_state[f"{key}_grade"] = grade
                previous.pop(exercise.id, None)
            grade = st.session_state.get(f"{key}_grade")
            if grade is not None:
                grade_feedback(grade)
            else:
                _previous(exercise, previous)


if section == "goals":
    show_goals()
elif section == "dialogue":
    show_dialogues()
elif section == "vocabulary":
    show_vocabulary()
elif section == "grammar":
    show_note(unit.grammar, "grammar")
elif section == "culture":
    show_note(unit.culture, "culture")
else:
    show_exercises()

st.divider()
with database().reading() as session:
    state = course.course_status(session, user.id).get(unit.id)
if state and state.done:
    st.success(t("lesson.done_already"), icon=":material/check_circle:")
    if st.button(t("lesson.mark_not_done"), key="lesson_undo_done"):
        with database().transaction() as session:
            course.mark_done(session, user.id, unit.id, now(), done=False)
        st.rerun()
elif st.button(t("lesson.mark_done"), key="lesson_mark_done", type="primary", icon=":material/done_all:"):
    with database().transaction() as session:
        course.mark_done(session, user.id, unit.id, now())
    st.rerun()
