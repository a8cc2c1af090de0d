"""Drills with spaced repetition: due reviews first, then new words from chosen themes or units. Every
answer is stored when given, so a refresh or a crash loses nothing; the drill resumes where it was."""

import random
import time

import streamlit as st

from app_pages.content import library
from app_pages.frame import database, escape_markdown, lang, now, require_user, show_error, t
from app_pages.widgets.audio_control import audio_control
from exercises.drill_plan import plan_drill
from exercises.drills import (
    DrillKind,
    check_answer,
    make_callsign_question,
    make_number_question,
    make_question,
)
from exercises.grading import diff_markdown, rating_for
from glossary.model import THEMES
from progress import drills, teaching
from progress.errors import ServiceError

LEVEL_ORDER = {"A1": 0, "A2": 1, "B1": 2, "B2": 3}
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


def question_for(item: dict):
    """The question of a planned item, rebuilt identically from its seed (same question after a refresh)."""
    rng = random.Random(item.get("seed", 0))
    kind = DrillKind(item["kind"])
    if kind is DrillKind.SPELL_CALLSIGN:
        return make_callsign_question(rng)
    if kind is DrillKind.NUMBERS_HEARD:
        return make_number_question(rng)
    entry = content.glossary.get(item["item_id"])
    if entry is None:
        return None
    return make_question(entry, kind, lang(), rng, entries)


with database().reading() as session:
    active = drills.active_drill(session, user.id)
    due_now = drills.due_count(session, user.id, now())

assignment_id = st.query_params.get("assignment")
assignment = None
if assignment_id:
    try:
        with database().reading() as session:
            assignment = teaching.learner_assignment(session, user.id, int(assignment_id))
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
            format_func=lambda uid: (
                f"{content.manual.unit(uid).number}. {content.manual.unit(uid).title.get(lang())}"
            ),
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
        with database().reading() as session:
            due = drills.due_cards(session, user.id, now(), limit=size)
            known = drills.card_directions(session, user.id)
        pool = [
            e
            for e in entries
            if (not themes or e.theme in themes) and (not units or set(e.units) & set(units))
        ]
        rng = random.Random()
        rng.shuffle(pool)
        pool.sort(key=lambda e: LEVEL_ORDER.get(e.level, 9))
        plan = plan_drill(due, known, [e.id for e in pool], size, set(kinds), rng)
        if not plan:
            st.warning(t("drill.nothing"))
            st.stop()
        settings = {"size": size, "themes": themes, "units": units, "kinds": [k.value for k in kinds]}
        with database().transaction() as session:
            drills.start_drill(session, user.id, plan, settings, now(), assignment.id if assignment else None)
        st.rerun()
    st.stop()

# --- a drill is under way -------------------------------------------------------------------------
show_feedback()
item = active.current
position = active.position
st.progress(position / len(active.plan), text=t("quiz.progress", n=position + 1, total=len(active.plan)))
question = question_for(item)
if question is None:  # the glossary entry was removed since the drill was planned: skip it
    with database().transaction() as session:
        drills.answer_drill(session, user.id, active.id, position, 1, False, now(), verdict="skipped")
    st.rerun()

started_key = f"drill_started_{active.id}_{position}"
st.session_state.setdefault(started_key, time.monotonic())


def store(grade, rating: int, given: str) -> None:
    elapsed = time.monotonic() - st.session_state.pop(started_key, time.monotonic())
    try:
        with database().transaction() as session:
            after = drills.answer_drill(
                session,
                user.id,
                active.id,
                position,
                rating,
                grade.correct if grade else rating > 1,
                now(),
                verdict=grade.verdict.value if grade else "self",
                answer=given,
                duration_ms=int(elapsed * 1000),
            )
    except ServiceError as error:
        show_error(error)
        return
    if grade is not None:
        st.session_state["drill_feedback"] = (grade, question.audio_text)
    if after.finished:
        st.session_state["drill_done"] = (after.correct, len(after.plan))
    st.rerun()


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
                    store(None, rating, name)
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
            given = "|".join(choice or "" for choice in chosen)
            grade = check_answer(question, given, content.terms)
            store(grade, rating_for(grade, None), given)
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
            elapsed = time.monotonic() - st.session_state.get(started_key, time.monotonic())
            grade = check_answer(question, given or "", content.terms)
            store(grade, rating_for(grade, elapsed), given or "")

if st.button(t("drill.stop"), key="drill_stop"):
    with database().transaction() as session:
        drills.finish_drill(session, user.id, active.id, now())
    st.rerun()
