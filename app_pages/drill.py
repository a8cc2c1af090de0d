"""Drills with spaced repetition: due reviews first, then new words from chosen themes or units. Every
answer is stored when given, so a refresh or a crash loses nothing; the drill resumes where it was."""

import time

import streamlit as st

from app_pages.content import library
from app_pages.frame import database, escape_markdown, lang, now, require_user, show_error, t
from app_pages.labels import unit_label
from app_pages.markdown import diff_markdown
from app_pages.widgets.audio_control import audio_control
from exercises.drills import DrillKind
from glossary.model import THEMES
from services import assignments, drills
from services.errors import ServiceError

SELF_RATINGS = ((1, "again"), (2, "hard"), (3, "good"), (4, "easy"))

user = require_user()
content = library()
entries = content.glossary.entries
st.title(t("drill.title"))


def show_feedback() -> None:
    feedback = st.session_state.pop("drill_feedback", None)
    if feedback is None:
        return
    grade, french = feedback
    params = {k: escape_markdown(v) if isinstance(v, str) else v for k, v in grade.message_params().items()}
    (st.success if grade.correct else st.error)(t(grade.message_key, **params))
    if grade.diff and not grade.correct or grade.verdict.value in ("accent_slip", "typo"):
        st.markdown(t("lesson.diff", diff=diff_markdown(grade.diff)))
    if french:
        st.caption(t("drill.was", french=escape_markdown(french)))


with database().reading() as session:
    active = drills.active_drill(session, user.id)
    due_now = drills.due_count(session, user.id, now())

assignment_id = st.query_params.get("assignment")
assignment = None
if assignment_id:
    try:
        with database().reading() as session:
            assignment = assignments.learner_assignment(session, user.id, int(assignment_id))
    except (ServiceError, ValueError):
        assignment = None

if active is None:
    show_feedback()
    if "drill_done" in st.session_state:
        right, total = st.session_state.pop("drill_done")
        st.success(t("drill.finished", right=right, total=total), icon=":material/flag:")
    st.metric(t("drill.due_now"), due_now)
    defaults = assignment.params if assignment else {}
    with st.form("drill_setup"):
        size = st.slider(t("drill.size"), 5, 50, int(defaults.get("size", 20)), key="drill_size")
        themes = st.multiselect(
            t("groups.assign.themes"),
            [theme for theme in THEMES if content.glossary.by_theme(theme)],
            default=[th for th in defaults.get("themes", []) if th in THEMES],
            format_func=lambda k: t(f"theme.{k}"),
            placeholder=t("common.choose"),
            key="drill_themes",
        )
        units = st.multiselect(
            t("groups.assign.units"),
            [u.id for u in content.manual.units],
            default=[u for u in defaults.get("units", []) if content.manual.unit(u)],
            format_func=unit_label,
            placeholder=t("common.choose"),
            key="drill_units",
        )
        kinds = st.multiselect(
            t("drill.kinds"),
            list(DrillKind),
            default=list(DrillKind),
            format_func=lambda k: t(f"drill.kind.{k.value}"),
            placeholder=t("common.choose"),
            key="drill_kinds",
        )
        start = st.form_submit_button(t("drill.start"), type="primary")
    if start:
        with database().transaction() as session:
            started = drills.plan_and_start_drill(
                session, user.id, content, now(), size=size, themes=themes, units=units, kinds=kinds,
                assignment_id=assignment.id if assignment else None,
            )  # fmt: skip
        if started is None:
            st.warning(t("drill.nothing"))
            st.stop()
        st.rerun()
    st.stop()

# --- a drill is under way -------------------------------------------------------------------------
show_feedback()
position = active.position
st.progress(position / len(active.plan), text=t("quiz.progress", n=position + 1, total=len(active.plan)))
question = drills.current_question(active, content, lang())
started_key = f"drill_started_{active.id}_{position}"
st.session_state.setdefault(started_key, time.monotonic())


def store(given: str = "", self_rating: int | None = None) -> None:
    """Send the raw answer: the service grades it, decides the rating and stores it."""
    elapsed_ms = int((time.monotonic() - st.session_state.pop(started_key, time.monotonic())) * 1000)
    try:
        with database().transaction() as session:
            result = drills.answer_drill_item(
                session, user.id, active.id, position, content, lang(), now(), given=given,
                self_rating=self_rating, elapsed_ms=elapsed_ms,
            )  # fmt: skip
    except ServiceError as error:
        show_error(error)
        return
    if result.grade is not None:
        st.session_state["drill_feedback"] = (result.grade, result.french)
    if result.drill.finished:
        st.session_state["drill_done"] = (result.drill.correct, len(result.drill.plan))
    st.rerun()


if question is None:  # the glossary entry was removed since the drill was planned: the service skips it
    store()

kind = question.kind
with st.container(border=True, key="drill_question"):
    st.caption(t(f"drill.kind.{kind.value}"))
    if kind is DrillKind.LISTEN_TYPE or kind is DrillKind.NUMBERS_HEARD:
        st.write(t(f"drill.instruction.{kind.value}"))
        audio_control(question.audio_text, key=f"drill_audio_{active.id}_{position}", lang=lang())
        with st.expander(t("drill.cannot_hear")):
            st.text(question.hint or question.audio_text)
    elif question.prompt:
        st.markdown(f"### {escape_markdown(question.prompt)}")
        if question.audio_text and kind in (
            DrillKind.FLASHCARD,
            DrillKind.MULTIPLE_CHOICE,
            DrillKind.TYPE_MEANING,
        ):
            audio_control(question.audio_text, key=f"drill_audio_{active.id}_{position}", lang=lang())
    if question.hint and kind is DrillKind.TYPE_FRENCH:
        st.caption(t("drill.hint", hint=escape_markdown(question.hint)))

    if kind is DrillKind.FLASHCARD:
        reveal_key = f"drill_reveal_{active.id}_{position}"
        if not st.session_state.get(reveal_key):
            if st.button(t("drill.show_answer"), key="drill_show", type="primary"):
                st.session_state[reveal_key] = True
                st.rerun()
        else:
            st.info("; ".join(question.accepted))
            st.write(t("drill.rate"))
            columns = st.columns(4)
            for column, (rating, name) in zip(columns, SELF_RATINGS, strict=True):
                if column.button(t(f"drill.rating.{name}"), key=f"drill_rate_{rating}"):
                    store(self_rating=rating)
    elif kind is DrillKind.MATCH_PAIRS:
        with st.form(f"drill_form_{active.id}_{position}"):
            chosen = [
                st.selectbox(
                    french, question.options, index=None, key=f"drill_match_{active.id}_{position}_{index}"
                )
                for index, (french, _) in enumerate(question.pairs)
            ]
            submitted = st.form_submit_button(t("quiz.submit"), type="primary")
        if submitted:
            store("|".join(choice or "" for choice in chosen))
    else:
        with st.form(f"drill_form_{active.id}_{position}"):
            if kind is DrillKind.MULTIPLE_CHOICE:
                given = st.radio(
                    t("lesson.your_answer"),
                    question.options,
                    index=None,
                    key=f"drill_choice_{active.id}_{position}",
                )
            else:
                given = st.text_input(t("lesson.your_answer"), key=f"drill_text_{active.id}_{position}")
            submitted = st.form_submit_button(t("quiz.submit"), type="primary")
        if submitted:
            store(given or "")

if st.button(t("drill.stop"), key="drill_stop"):
    with database().transaction() as session:
        drills.finish_drill(session, user.id, active.id, now())
    st.rerun()
