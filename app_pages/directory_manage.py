"""Manage a centre's sessions (centre managers, for the centres an admin attached them to; admins for all):
create, edit, cancel, duplicate; import a CSV with a preview of every refused row before anything is
written; export. Admins also attach managers to centres here."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from app_pages.directory_common import (
    CENTRE_PAGE,
    badges,
    dates,
    directory,
    label,
    language,
    today,
)
from app_pages.frame import database, escape_markdown, lang, now, require_user, show_error, t
from directory.model import (
    CEFR_LEVELS,
    Admission,
    Audience,
    CourseLevel,
    Delivery,
    Phase,
    SessionStatus,
)
from directory.sessions import FIELDS
from services import accounts
from services import directory as directory_service
from services.errors import ServiceError

user = require_user()
found = directory()
st.title(t("directory.manage.title"))

try:
    with database().reading() as session:
        managed = directory_service.managed_centres(session, user.id, found)
except ServiceError as error:
    show_error(error)
    st.stop()

flash = st.session_state.pop("directory_manage_flash", None)
if flash:
    st.success(t(flash[0], **flash[1]))


def _problem_text(problem) -> str:
    field = t(f"directory.field.{problem.field}") if problem.field else ""
    reason = t(problem.key, **problem.params)
    return f"{field} : {reason}" if field and lang() == "fr" else (f"{field}: {reason}" if field else reason)


def _show_refusal(error: ServiceError) -> None:
    problems = getattr(error, "problems", ())
    if problems:
        st.error(
            t(error.key, **error.params)
            + "\n\n"
            + "\n".join(f"- {escape_markdown(_problem_text(p))}" for p in problems)
        )
    else:
        show_error(error)


# --- admins: who manages which centre ------------------------------------------------------------------

if user.role.value == "admin":
    with st.expander(t("directory.managers.title"), icon=":material/badge:"):
        with database().reading() as session:
            managers = directory_service.centre_managers(session, user.id)
            everyone = accounts.list_users(session, user.id)
        if managers:
            st.dataframe(
                pd.DataFrame(
                    {
                        t("auth.username"): [m.user.username for m in managers],
                        t("auth.display_name"): [m.user.display_name for m in managers],
                        t("directory.managers.centres"): [
                            ", ".join(found.centre(c).short_name if found.centre(c) else c for c in m.centres)
                            for m in managers
                        ],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
        else:
            st.caption(t("directory.managers.none"))
        people = {u.id: u for u in everyone if u.is_active}
        centres = {c.id: c for c in found.centres}
        pick = st.columns(2)
        who = pick[0].selectbox(
            t("admin.user"),
            list(people),
            format_func=lambda uid: f"{people[uid].username} ({people[uid].display_name})",
            key="directory_managers_user",
        )
        where = pick[1].selectbox(
            t("directory.centre"),
            list(centres),
            format_func=lambda cid: f"{centres[cid].short_name} — {centres[cid].city}",
            key="directory_managers_centre",
        )
        buttons = st.columns(2)
        try:
            if buttons[0].button(
                t("directory.managers.attach"), key="directory_managers_attach", type="primary"
            ):
                with database().transaction() as session:
                    directory_service.attach_manager(session, user.id, who, where, found, now())
                st.session_state["directory_manage_flash"] = ("directory.managers.attached", {})
                st.rerun()
            if buttons[1].button(t("directory.managers.detach"), key="directory_managers_detach"):
                with database().transaction() as session:
                    directory_service.detach_manager(session, user.id, who, where, now())
                st.session_state["directory_manage_flash"] = ("directory.managers.detached", {})
                st.rerun()
        except ServiceError as error:
            show_error(error)

if not managed:
    st.info(t("directory.manage.no_centre"))
    st.stop()

centre_id = st.selectbox(
    t("directory.centre"),
    list(managed),
    format_func=lambda cid: f"{found.centre(cid).short_name} — {found.centre(cid).name}",
    key="directory_manage_centre",
)
centre = found.centre(centre_id)
st.page_link(CENTRE_PAGE, label=t("directory.manage.public_page"), query_params={"centre": centre_id})


# --- the session form ---------------------------------------------------------------------------------

LANGUAGE_CHOICES = sorted(
    {code for c in found.centres for code in c.languages} | {"fr", "en", "es", "pt", "ar"}
)


def _form_values(session=None) -> dict:
    """A session (or a new one) as the form's widgets hold it."""
    if session is None:
        start = today() + timedelta(days=60)
        return {
            "centre": centre_id,
            "code": "",
            "title_fr": "",
            "title_en": "",
            "title_es": "",
            "start": start,
            "end": start + timedelta(days=11),
            "delivery": Delivery.RESIDENCE.value,
            "place": "",
            "languages": ["fr"],
            "cefr_level": "B1",
            "audiences": [Audience.MILITARY.value],
            "rank_band": "",
            "level": CourseLevel.SPECIALISED.value,
            "phase": "",
            "themes": "",
            "prerequisites": "",
            "admission": "",
            "deadline": None,
            "capacity": None,
            "women_target": None,
            "un_recognised_until": None,
            "funder": "",
            "status": SessionStatus.ANNOUNCED.value,
            "contact": "",
            "link": "",
            "source": "",
        }
    return {
        "centre": session.centre_id,
        "code": session.code,
        "title_fr": session.title.fr,
        "title_en": session.title.en,
        "title_es": session.title.es,
        "start": session.start,
        "end": session.end,
        "delivery": session.delivery.value,
        "place": session.place,
        "languages": list(session.languages),
        "cefr_level": session.cefr_level,
        "audiences": [a.value for a in session.audiences],
        "rank_band": session.rank_band,
        "level": session.level.value,
        "phase": session.phase.value if session.phase else "",
        "themes": "; ".join(session.themes),
        "prerequisites": session.prerequisites,
        "admission": session.admission.value if session.admission else "",
        "deadline": session.deadline,
        "capacity": session.capacity,
        "women_target": session.women_target,
        "un_recognised_until": session.un_recognised_until,
        "funder": session.funder,
        "status": session.status.value,
        "contact": session.contact,
        "link": session.link,
        "source": session.source,
    }


def _same(a, b) -> bool:
    def norm(value):
        if value is None:
            return ""
        if isinstance(value, list | tuple):
            return tuple(str(v) for v in value)
        if isinstance(value, str) and ";" in value:
            return tuple(part.strip() for part in value.split(";") if part.strip())
        return str(value).strip()

    return norm(a) == norm(b)


def _session_form(prefix: str, initial: dict) -> dict | None:
    """The form; on submit, the raw values (None before)."""
    key = f"directory_form_{prefix}"
    with st.form(key):
        row = st.columns(2)
        values = {
            "centre": row[0].selectbox(
                t("directory.field.centre"),
                list(managed),
                index=list(managed).index(initial["centre"]) if initial["centre"] in managed else 0,
                format_func=lambda cid: found.centre(cid).short_name,
                key=f"{key}_centre",
            ),
            "code": row[1].text_input(
                t("directory.field.code"), initial["code"], max_chars=40, key=f"{key}_code"
            ),
        }
        values["title_fr"] = st.text_input(
            t("directory.field.title_fr"), initial["title_fr"], max_chars=200, key=f"{key}_title_fr"
        )
        row = st.columns(2)
        values["title_en"] = row[0].text_input(
            t("directory.field.title_en"), initial["title_en"], max_chars=200, key=f"{key}_title_en"
        )
        values["title_es"] = row[1].text_input(
            t("directory.field.title_es"), initial["title_es"], max_chars=200, key=f"{key}_title_es"
        )
        row = st.columns(4)
        values["start"] = row[0].date_input(t("directory.field.start"), initial["start"], key=f"{key}_start")
        values["end"] = row[1].date_input(t("directory.field.end"), initial["end"], key=f"{key}_end")
        values["deadline"] = row[2].date_input(
            t("directory.field.deadline"), initial["deadline"], key=f"{key}_deadline"
        )
        values["status"] = row[3].selectbox(
            t("directory.field.status"),
            [s.value for s in SessionStatus],
            index=[s.value for s in SessionStatus].index(initial["status"]),
            format_func=lambda v: label("status", v),
            key=f"{key}_status",
        )
        row = st.columns(2)
        values["delivery"] = row[0].selectbox(
            t("directory.field.delivery"),
            [d.value for d in Delivery],
            index=[d.value for d in Delivery].index(initial["delivery"]),
            format_func=lambda v: label("delivery", v),
            key=f"{key}_delivery",
        )
        values["place"] = row[1].text_input(
            t("directory.field.place"), initial["place"], max_chars=120, key=f"{key}_place",
            help=t("directory.field.place.help"),
        )  # fmt: skip
        row = st.columns(3)
        values["languages"] = row[0].multiselect(
            t("directory.field.languages"),
            sorted({*LANGUAGE_CHOICES, *initial["languages"]}),
            default=initial["languages"],
            format_func=language,
            key=f"{key}_languages",
        )
        values["cefr_level"] = row[1].selectbox(
            t("directory.field.cefr_level"),
            ["", *CEFR_LEVELS],
            index=["", *CEFR_LEVELS].index(initial["cefr_level"]),
            format_func=lambda v: v or t("directory.none_stated"),
            key=f"{key}_cefr",
        )
        values["audiences"] = row[2].multiselect(
            t("directory.field.audiences"),
            [a.value for a in Audience],
            default=initial["audiences"],
            format_func=lambda v: label("audience", v),
            key=f"{key}_audiences",
        )
        row = st.columns(3)
        values["level"] = row[0].selectbox(
            t("directory.field.level"),
            [v.value for v in CourseLevel],
            index=[v.value for v in CourseLevel].index(initial["level"]),
            format_func=lambda v: label("level", v),
            key=f"{key}_level",
        )
        values["phase"] = row[1].selectbox(
            t("directory.field.phase"),
            ["", *(p.value for p in Phase)],
            index=["", *(p.value for p in Phase)].index(initial["phase"]),
            format_func=lambda v: label("phase", v) if v else t("directory.none_stated"),
            key=f"{key}_phase",
        )
        values["admission"] = row[2].selectbox(
            t("directory.field.admission"),
            ["", *(a.value for a in Admission)],
            index=["", *(a.value for a in Admission)].index(initial["admission"]),
            format_func=lambda v: label("admission", v) if v else t("directory.none_stated"),
            key=f"{key}_admission",
        )
        row = st.columns(3)
        values["rank_band"] = row[0].text_input(
            t("directory.field.rank_band"), initial["rank_band"], max_chars=80, key=f"{key}_rank_band"
        )
        values["capacity"] = row[1].number_input(
            t("directory.field.capacity"), 1, 2000, initial["capacity"], key=f"{key}_capacity"
        )
        values["women_target"] = row[2].number_input(
            t("directory.field.women_target"), 0, 100, initial["women_target"], key=f"{key}_women"
        )
        values["themes"] = st.text_input(
            t("directory.field.themes"),
            initial["themes"],
            key=f"{key}_themes",
            help=t("directory.field.themes.help"),
        )
        values["prerequisites"] = st.text_area(
            t("directory.field.prerequisites"), initial["prerequisites"], max_chars=500, key=f"{key}_prereq"
        )
        row = st.columns(2)
        values["un_recognised_until"] = row[0].date_input(
            t("directory.field.un_recognised_until"), initial["un_recognised_until"], key=f"{key}_un"
        )
        values["funder"] = row[1].text_input(
            t("directory.field.funder"), initial["funder"], max_chars=120, key=f"{key}_funder"
        )
        row = st.columns(3)
        values["contact"] = row[0].text_input(
            t("directory.field.contact"), initial["contact"], max_chars=200, key=f"{key}_contact"
        )
        values["link"] = row[1].text_input(
            t("directory.field.link"), initial["link"], max_chars=300, key=f"{key}_link"
        )
        values["source"] = row[2].text_input(
            t("directory.field.source"), initial["source"], max_chars=300, key=f"{key}_source"
        )
        buttons = st.columns(2)
        submitted = buttons[0].form_submit_button(t("directory.manage.save"), type="primary")
        closed = buttons[1].form_submit_button(t("directory.manage.close"))
    if closed:
        st.session_state.pop("directory_manage_mode", None)
        st.rerun()
    return values if submitted else None


mode = st.session_state.get("directory_manage_mode")
if st.button(t("directory.manage.new"), key="directory_manage_new", icon=":material/add:"):
    st.session_state["directory_manage_mode"] = mode = ("new", 0)

if mode and mode[0] == "new":
    st.subheader(t("directory.manage.new"), anchor=False)
    raw = _session_form("new", _form_values())
    if raw is not None:
        try:
            with database().transaction() as session:
                created = directory_service.create_session(session, user.id, raw, found, now())
        except ServiceError as error:
            _show_refusal(error)
        else:
            st.session_state.pop("directory_manage_mode", None)
            st.session_state["directory_manage_flash"] = (
                "directory.manage.created",
                {"code": created.code or created.id},
            )
            st.rerun()
elif mode and mode[0] == "edit":
    try:
        with database().reading() as session:
            editing = directory_service.get_session(session, mode[1])
    except ServiceError as error:
        show_error(error)
        editing = None
    if editing is not None:
        st.subheader(t("directory.manage.edit", title=escape_markdown(editing.title.fr)), anchor=False)
        initial = _form_values(editing)
        raw = _session_form(f"edit_{editing.id}_{editing.version}", initial)
        if raw is not None:
            changes = {name: raw[name] for name in FIELDS if not _same(raw[name], initial[name])}
            try:
                with database().transaction() as session:
                    directory_service.update_session(session, user.id, editing.id, changes, found, now())
            except ServiceError as error:
                _show_refusal(error)
            else:
                st.session_state.pop("directory_manage_mode", None)
                st.session_state["directory_manage_flash"] = (
                    "directory.manage.saved",
                    {"count": len(changes)},
                )
                st.rerun()


# --- the centre's sessions ------------------------------------------------------------------------------

with database().reading() as session:
    sessions = directory_service.manager_sessions(session, user.id, found, centre_id)
st.subheader(t("directory.manage.sessions", count=len(sessions)), anchor=False)
if not sessions:
    st.info(t("directory.manage.no_session"))


def _act(action: str, session_id: int) -> None:
    try:
        with database().transaction() as session:
            if action == "cancel":
                directory_service.cancel_session(session, user.id, session_id, found, now())
                st.session_state["directory_manage_flash"] = ("directory.manage.cancelled", {})
            else:
                copy = directory_service.duplicate_session(session, user.id, session_id, found, now())
                st.session_state["directory_manage_mode"] = ("edit", copy.id)
                st.session_state["directory_manage_flash"] = ("directory.manage.duplicated", {})
    except ServiceError as error:
        st.session_state["directory_manage_error"] = error


error = st.session_state.pop("directory_manage_error", None)
if error is not None:
    _show_refusal(error)

for item in sessions:
    with st.container(border=True, key=f"directory_manage_row_{item.id}"):
        left, right = st.columns([5, 3])
        left.markdown(f"**{escape_markdown(item.title.fr)}** {escape_markdown(item.code)}")
        left.caption(dates(item))
        with left:
            badges(item)
        actions = right.columns(3)
        if actions[0].button(t("directory.manage.edit_button"), key=f"directory_manage_edit_{item.id}"):
            st.session_state["directory_manage_mode"] = ("edit", item.id)
            st.rerun()
        actions[1].button(
            t("directory.manage.duplicate"),
            key=f"directory_manage_duplicate_{item.id}",
            on_click=_act,
            args=("duplicate", item.id),
        )
        if item.status is not SessionStatus.CANCELLED:
            actions[2].button(
                t("directory.manage.cancel"),
                key=f"directory_manage_cancel_{item.id}",
                on_click=_act,
                args=("cancel", item.id),
            )


# --- import and export ----------------------------------------------------------------------------------

st.subheader(t("directory.import.title"), anchor=False)
st.caption(t("directory.import.help"))
uploaded = st.file_uploader(t("directory.import.file"), type=["csv"], key="directory_import_file")
pasted = st.text_area(t("directory.import.paste"), key="directory_import_text", height=120)
data = uploaded.getvalue() if uploaded is not None else (pasted.encode("utf-8") if pasted.strip() else None)
if data is not None:
    with database().reading() as session:
        preview = directory_service.preview_import(session, user.id, data, found)
    if preview.file_problem:
        st.error(t(preview.file_problem, **dict(preview.params)))
    else:
        st.markdown(
            t(
                "directory.import.preview",
                created=preview.created,
                updated=preview.updated,
                refused=len(preview.refused),
            )
        )
        if preview.refused:
            st.dataframe(
                pd.DataFrame(
                    {
                        t("directory.import.line"): [r.line for r in preview.refused for _ in r.problems],
                        t("directory.import.reason"): [
                            _problem_text(p) for r in preview.refused for p in r.problems
                        ],
                    }
                ),
                hide_index=True,
                width="stretch",
                key="directory_import_refused",
            )
        if preview.accepted and st.button(
            t("directory.import.apply", count=len(preview.accepted)),
            key="directory_import_apply",
            type="primary",
        ):
            try:
                with database().transaction() as session:
                    done = directory_service.apply_import(session, user.id, data, found, now())
            except ServiceError as error:
                show_error(error)
            else:
                st.session_state.pop("directory_import_text", None)
                st.session_state["directory_manage_flash"] = (
                    "directory.import.done",
                    {"count": done.written},
                )
                st.rerun()

with database().reading() as session:
    exported = directory_service.export_sessions(session, user.id, found, centre_id)
st.download_button(
    t("directory.export"),
    data=exported,
    file_name=f"parlez-sessions-{centre_id}.csv",
    mime="text/csv",
    key="directory_export",
    icon=":material/download:",
    on_click="ignore",
)
