"""Worksheets of the strategic-analysis method: forms drawn from the worksheet definitions in the content,
every edit saved at once (a refresh loses nothing), the version history with restore, exports (Markdown,
Word, PDF) of one worksheet or of the whole analysis, and handing in to the instructor, whose comments show
beside each part."""

import copy

import streamlit as st

from app_pages.content import library
from app_pages.frame import database, escape_markdown, lang, now, require_user, t
from app_pages.markdown import escape_lines
from app_pages.worksheet_forms import set_path, totals_table, worksheet_form
from services import analysis
from services.errors import ServiceError

user = require_user()
content = library()
corpus = content.analysis
st.title(t("analysis.ws.title"))
if not corpus.worksheets:
    st.info(t("analysis.none"))
    st.stop()

sheets = {sheet.id: sheet for sheet in corpus.worksheets}
places = analysis.situations(content)


def sheet_label(sheet_id: str) -> str:
    sheet = sheets[sheet_id]
    document = corpus.document(sheet.document_id)
    number = f"{document.number}. " if document and document.kind == "chapter" else ""
    return f"{number}{sheet.title.get(lang())}"


def _pick_from_url(key: str, param: str, allowed: list[str]) -> None:
    """A shared link (``?sheet=…&case=…``) chooses the worksheet; an unknown value is ignored."""
    wanted = st.query_params.get(param)
    if wanted in allowed and st.session_state.get(f"{key}_from_url") != wanted:
        st.session_state[key] = wanted
        st.session_state[f"{key}_from_url"] = wanted


_pick_from_url("ws_sheet", "sheet", list(sheets))
_pick_from_url("ws_case", "case", places)
left, right = st.columns(2)
sheet_id = left.selectbox(t("analysis.ws.choose"), list(sheets), format_func=sheet_label, key="ws_sheet")
situation = right.selectbox(
    t("analysis.ws.situation"),
    places,
    format_func=lambda place: analysis.situation_label(content, place, lang()),
    key="ws_case",
)
st.query_params["sheet"] = sheet_id
st.query_params["case"] = situation
sheet = sheets[sheet_id]

gen_key = f"ws_gen_{sheet.id}_{situation}"
st.session_state.setdefault(gen_key, 0)


def _fail(error: ServiceError) -> None:
    st.session_state["ws_error"] = (error.key, error.params)


def edit(path: tuple, value) -> None:
    """One widget changed: apply it to the answers as stored and save them (a new version if they differ)."""
    try:
        with database().transaction() as session:
            state = analysis.open_worksheet(session, user.id, content, sheet.id, situation, lang())
            answers = set_path(copy.deepcopy(state.answers), path, value)
            analysis.save_worksheet(session, user.id, content, sheet.id, situation, answers, now())
    except (ServiceError, KeyError, IndexError) as error:
        _fail(error if isinstance(error, ServiceError) else ServiceError("errors.worksheet_invalid"))


def change(apply) -> None:
    """A structural change (a row, a criterion, an option added or removed): saved, then the form is
    redrawn from what was stored."""
    try:
        with database().transaction() as session:
            state = analysis.open_worksheet(session, user.id, content, sheet.id, situation, lang())
            answers = copy.deepcopy(state.answers)
            apply(answers)
            analysis.save_worksheet(session, user.id, content, sheet.id, situation, answers, now())
    except (ServiceError, KeyError, IndexError) as error:
        _fail(error if isinstance(error, ServiceError) else ServiceError("errors.worksheet_invalid"))
    st.session_state[gen_key] += 1


def restore(number: int) -> None:
    try:
        with database().transaction() as session:
            analysis.restore_version(session, user.id, content, sheet.id, situation, number, now())
    except ServiceError as error:
        _fail(error)
    else:
        st.session_state["ws_flash"] = ("analysis.ws.restored", {"number": number})
    st.session_state[gen_key] += 1


def submit() -> None:
    try:
        with database().transaction() as session:
            analysis.submit_worksheet(session, user.id, content, sheet.id, situation, now())
    except ServiceError as error:
        _fail(error)
    else:
        st.session_state["ws_flash"] = ("analysis.ws.submitted", {})


with database().reading() as session:
    state = analysis.open_worksheet(session, user.id, content, sheet.id, situation, lang())
    versions = analysis.worksheet_versions(session, user.id, content, sheet.id, situation)
    comments = analysis.comments_for(session, user.id, content, sheet.id, situation)

failure = st.session_state.pop("ws_error", None)
if failure:
    key, params = failure
    st.error(t(key, **params) + " " + t("analysis.ws.not_saved"), icon=":material/error:")
flash = st.session_state.pop("ws_flash", None)
if flash:
    st.success(t(flash[0], **flash[1]), icon=":material/check:")

document = corpus.document(sheet.document_id)
if document is not None:
    st.page_link(
        "app_pages/analysis.py",
        label=t("analysis.ws.chapter", title=document.title.get(lang())),
        icon=":material/menu_book:",
        query_params={"doc": document.id},
    )
st.caption(escape_markdown(sheet.help.get(lang())))
if state.version:
    st.caption(
        t(
            "analysis.ws.saved",
            version=state.version,
            when=state.updated_at.strftime("%Y-%m-%d %H:%M"),
        ),
        help=t("analysis.ws.autosave"),
    )
else:
    st.caption(t("analysis.ws.autosave"))

by_section: dict[str, list] = {}
for comment in comments:
    by_section.setdefault(comment.section, []).append(comment)


def show_comments(section: str) -> None:
    for comment in by_section.get(section, []):
        with st.container(border=True, key=f"ws_comment_{comment.id}"):
            st.caption(
                t(
                    "analysis.ws.comment_by",
                    name=escape_markdown(comment.author_name),
                    when=comment.created_at.strftime("%Y-%m-%d %H:%M"),
                )
            )
            st.markdown(escape_lines(comment.body))


show_comments(analysis.GENERAL_SECTION)
prefix = f"ws_{sheet.id}_{situation}_{st.session_state[gen_key]}"
with st.container(key="ws_form"):
    worksheet_form(sheet, state.answers, prefix=prefix, lang=lang(), edit=edit, change=change,
                   after_part=show_comments)  # fmt: skip

if sheet.kind == "weighted":
    ranked = analysis.totals(content, sheet.id, state.answers)
    st.subheader(t("analysis.ws.totals"), anchor=False)
    if ranked:
        st.dataframe(totals_table(ranked), hide_index=True, key="ws_totals")
        best = [total.label for total in ranked if total.rank == 1]
        st.success(t("analysis.ws.best", options=escape_markdown(" · ".join(best))))
    else:
        st.caption(t("analysis.ws.no_options"))

st.divider()
st.subheader(t("analysis.ws.hand_in"), anchor=False)
submission = state.submission
if submission is None:
    st.caption(t("analysis.ws.not_submitted"))
else:
    st.caption(
        t(
            f"analysis.ws.state.{submission.state.value}",
            version=submission.version,
            when=submission.submitted_at.strftime("%Y-%m-%d %H:%M"),
        )
    )
up_to_date = submission is not None and submission.version == state.version
st.button(
    t("analysis.ws.submit"),
    key="ws_submit",
    type="primary",
    icon=":material/send:",
    on_click=submit,
    disabled=state.version == 0 or up_to_date,
)

st.subheader(t("analysis.ws.export"), anchor=False)


def _export_data(whole: bool, fmt: str):
    """The file, made only when the button is clicked (on another thread: everything it needs is bound
    now, nothing is read from the session then)."""
    db, user_id, sheet_id, place, language = database(), user.id, sheet.id, situation, lang()

    def build() -> bytes:
        with db.reading() as session:
            if whole:
                return analysis.export_analysis(session, user_id, content, place, fmt, language).data
            return analysis.export_worksheet(session, user_id, content, sheet_id, place, fmt, language).data

    return build


with database().reading() as session:
    anything_saved = bool(analysis.saved_worksheets(session, user.id, situation))
names = {"md": "Markdown", "docx": "Word", "pdf": "PDF"}
for whole in (False, True):
    st.caption(t("analysis.ws.export.whole" if whole else "analysis.ws.export.one"))
    with st.container(horizontal=True, key=f"ws_exports_{'all' if whole else 'one'}"):
        for fmt in analysis.EXPORT_FORMATS:
            file_name = (
                f"parlez-analysis-{situation}.{fmt}" if whole else f"parlez-{sheet.id}-{situation}.{fmt}"
            )
            st.download_button(
                names[fmt],
                data=_export_data(whole, fmt),
                file_name=file_name,
                mime=analysis.EXPORT_MIMES[fmt],
                key=f"ws_export_{'all' if whole else 'one'}_{fmt}",
                icon=":material/download:",
                on_click="ignore",
                disabled=whole and not anything_saved,
            )

with st.expander(t("analysis.ws.history", count=len(versions)), icon=":material/history:"):
    if not versions:
        st.caption(t("analysis.ws.no_history"))
    for version in versions:
        line, button = st.columns([4, 1], vertical_alignment="center")
        restored = (
            t("analysis.ws.restored_from", number=version.restored_from) if version.restored_from else ""
        )
        line.markdown(
            t(
                "analysis.ws.version",
                number=version.number,
                when=version.saved_at.strftime("%Y-%m-%d %H:%M:%S"),
                size=max(1, round(version.size / 1000)),
            )
            + (f" · {restored}" if restored else "")
        )
        button.button(
            t("analysis.ws.restore"),
            key=f"ws_restore_{version.number}",
            on_click=restore,
            args=(version.number,),
            disabled=version.number == state.version,
        )
