"""Strategic analysis, open to everyone: the table of contents, a chapter or case reader with the English or
Spanish version side by side, each paragraph read aloud, the key terms with their glossary card, and a
ranked full-text search whose hits are highlighted safely. A link names the document and the paragraph
(``?doc=a02-environment&p=p4``), so it can be shared. With an account: reading progress, key terms added to
one's drills, the chapter's quiz and worksheet."""

import streamlit as st

from analysis.search import AnalysisSearchIndex, highlight_parts
from app_pages.content import library
from app_pages.frame import current_user, database, escape_markdown, lang, now, show_error, t
from app_pages.markdown import highlight_markdown
from app_pages.widgets.audio_control import audio_control
from library.content import ContentLibrary
from services import analysis
from services.errors import ServiceError

SEARCH_LIMIT = 20
GLOSSES = ("fr", "fr_en", "fr_es")

user = current_user()
content = library()
corpus = content.analysis


@st.cache_resource(show_spinner=False, max_entries=2)
def _index(_content: ContentLibrary, signature: int) -> AnalysisSearchIndex:
    return AnalysisSearchIndex(_content.analysis)


index = _index(content, id(content))
progress = {}
if user is not None:
    with database().reading() as session:
        progress = analysis.reading_progress(session, user.id, content)
        quiz_scores = analysis.chapter_quiz_scores(session, user.id)


def title_of(document) -> str:
    number = f"{document.number}. " if document.kind == "chapter" else ""
    return f"{number}{document.title.get(lang())}"


def sign_in_prompt(reason_key: str) -> None:
    """What a visitor sees where an account is needed: why, and the way to sign in or up."""
    with st.container(border=True, key=f"analysis_sign_in_{reason_key.split('.')[1]}"):
        st.caption(t(reason_key))
        links = st.columns(2)
        links[0].page_link("app_pages/login.py", label=t("analysis.sign_in"), icon=":material/login:")
        links[1].page_link("app_pages/signup.py", label=t("analysis.sign_up"), icon=":material/person_add:")


st.title(t("analysis.title"))
if not corpus.documents:
    st.info(t("analysis.none"))
    st.stop()

# --- search -------------------------------------------------------------------------------------------------
link = (st.query_params.get("doc"), st.query_params.get("p"))
if link[1] and st.session_state.get("analysis_link") != link:  # a hit (or a shared link) was opened
    st.session_state["analysis_query"] = ""
st.session_state["analysis_link"] = link
query = st.text_input(
    t("analysis.search"),
    key="analysis_query",
    placeholder=t("analysis.search.placeholder"),
    max_chars=200,
)
if query and query.strip():
    hits = index.search(query, limit=SEARCH_LIMIT)
    with st.container(key="analysis_hits"):
        if not hits:
            st.info(t("analysis.search.none"))
        else:
            st.caption(t("analysis.search.results", count=len(hits)))
        for rank, hit in enumerate(hits, start=1):
            document = corpus.document(hit.document_id)
            with st.container(border=True, key=f"analysis_hit_{rank}"):
                heading = (
                    highlight_markdown(highlight_parts(hit.heading, hit.heading_spans)) if hit.heading else ""
                )
                where = f"{escape_markdown(title_of(document))} · § {escape_markdown(hit.paragraph_id)}"
                st.markdown(f"**{rank}.** {where}" + (f" — {heading}" if heading else ""))
                st.markdown(highlight_markdown(highlight_parts(hit.text, hit.spans)))
                st.page_link(
                    "app_pages/analysis.py",
                    label=t("analysis.search.open", lang_name=t(f"analysis.lang.{hit.lang}")),
                    icon=":material/arrow_forward:",
                    query_params={"doc": hit.document_id, "p": hit.paragraph_id},
                )
    st.divider()

# --- table of contents --------------------------------------------------------------------------------------
document = corpus.document(st.query_params.get("doc") or "")
if document is None:
    st.caption(t("analysis.intro"))
    for heading_key, documents in (("analysis.chapters", corpus.chapters), ("analysis.cases", corpus.cases)):
        if not documents:
            continue
        st.subheader(t(heading_key), anchor=False)
        for item in documents:
            with st.container(border=True, key=f"analysis_toc_{item.id}"):
                left, right = st.columns([3, 1])
                left.page_link(
                    "app_pages/analysis.py",
                    label=title_of(item),
                    query_params={"doc": item.id},
                    icon=":material/menu_book:" if item.kind == "chapter" else ":material/public:",
                )
                left.caption(f"{escape_markdown(item.title.fr)} · {t('course.level', level=item.level)}")
                read = progress.get(item.id)
                if read is not None:
                    right.progress(
                        read.fraction, text=t("analysis.read_pct", percent=round(read.fraction * 100))
                    )
                if user is not None and item.id in quiz_scores:
                    right.caption(t("analysis.quiz.best", score=round(quiz_scores[item.id] * 100)))
    st.stop()

# --- one document -------------------------------------------------------------------------------------------
st.query_params["doc"] = document.id
paragraph_ids = [paragraph.id for paragraph in document.all_paragraphs]
focus = st.query_params.get("p")
if focus not in paragraph_ids:
    focus = None
    st.query_params.pop("p", None)

st.page_link("app_pages/analysis.py", label=t("analysis.back"), icon=":material/arrow_back:", query_params={})
st.header(title_of(document), anchor=False)
st.caption(f"{escape_markdown(document.title.fr)} · {t('course.level', level=document.level)}")


def record(paragraph_id: str) -> None:
    try:
        with database().transaction() as session:
            analysis.record_reading(session, user.id, content, document.id, paragraph_id, now())
    except ServiceError as error:
        st.session_state["analysis_error"] = error


if user is not None:
    read = progress.get(document.id)
    if read is None:
        record(paragraph_ids[0])  # opened: the document is started
    else:
        status = st.columns([3, 1])
        status[0].progress(read.fraction, text=t("analysis.read_pct", percent=round(read.fraction * 100)))
        if read.last_paragraph in paragraph_ids and read.last_paragraph != focus and not read.done:
            status[1].page_link(
                "app_pages/analysis.py",
                label=t("analysis.resume", paragraph=read.last_paragraph),
                icon=":material/bookmark:",
                query_params={"doc": document.id, "p": read.last_paragraph},
            )
error = st.session_state.pop("analysis_error", None)
if error is not None:
    show_error(error)

default_gloss = {"fr": "fr", "en": "fr_en", "es": "fr_es"}[lang()]
gloss = (
    st.segmented_control(
        t("analysis.gloss"),
        GLOSSES,
        default=default_gloss,
        format_func=lambda choice: t(f"analysis.gloss.{choice}"),
        key="analysis_gloss",
        required=True,
    )
    or default_gloss
)


def show_paragraph(paragraph, slot: str = "") -> None:
    """One paragraph with its tools; ``slot`` tells apart the copy of a linked paragraph shown on top."""
    focused = paragraph.id == focus
    with st.container(border=True, key=f"analysis_para{slot}_{paragraph.id}"):
        marker = ":material/location_on: " if focused else ""
        heading = f" · {escape_markdown(paragraph.heading)}" if paragraph.heading else ""
        st.markdown(f"{marker}**§ {escape_markdown(paragraph.id)}**{heading}")
        if gloss == "fr":
            st.markdown(escape_markdown(paragraph.text.fr))
        else:
            french, other = st.columns(2)
            french.markdown(escape_markdown(paragraph.text.fr))
            other.markdown(f"_{escape_markdown(paragraph.text.get(gloss.removeprefix('fr_')))}_")
        with st.container(horizontal=True, key=f"analysis_tools{slot}_{paragraph.id}"):
            audio_control(
                paragraph.text.fr, key=f"analysis_audio{slot}_{document.id}_{paragraph.id}", lang=lang()
            )
            if user is not None:
                st.button(
                    t("analysis.read_here"),
                    key=f"analysis_read{slot}_{paragraph.id}",
                    icon=":material/bookmark_add:",
                    on_click=record,
                    args=(paragraph.id,),
                )


if focus is not None:
    linked = document.paragraph(focus)
    st.info(t("analysis.linked", paragraph=focus), icon=":material/link:")
    show_paragraph(linked, slot="_linked")
    st.divider()

# --- key terms ----------------------------------------------------------------------------------------------
if document.key_terms:
    st.subheader(t("analysis.key_terms"), anchor=False)
    term_key = f"analysis_term_{document.id}"

    def choose(term: str) -> None:
        st.session_state[term_key] = None if st.session_state.get(term_key) == term else term

    with st.container(horizontal=True, key="analysis_terms"):
        for number, term in enumerate(document.key_terms):
            st.button(
                term,
                key=f"analysis_term_button_{number}",
                type="primary" if st.session_state.get(term_key) == term else "secondary",
                on_click=choose,
                args=(term,),
            )
    chosen = st.session_state.get(term_key)
    entry = analysis.glossary_entry(content, chosen) if chosen in document.key_terms else None
    if entry is not None:
        with st.container(border=True, key="analysis_term_card"):
            st.subheader(entry.french, anchor=False)
            st.caption(
                " · ".join(
                    (t(f"pos.{entry.pos}"), t(f"theme.{entry.theme}"), t("course.level", level=entry.level))
                )
            )
            if entry.expansion:
                st.markdown(t("glossary.expansion", expansion=escape_markdown(entry.expansion)))
            st.markdown(f"**{escape_markdown(entry.gloss(lang()))}**")
            audio_control(entry.french, key=f"analysis_term_audio_{entry.id}", lang=lang())
            if entry.example:
                st.markdown(f"> {escape_markdown(entry.example)}")
                if entry.example_gloss(lang()):
                    st.caption(escape_markdown(entry.example_gloss(lang())))
            if user is None:
                sign_in_prompt("analysis.term.sign_in")
            else:
                links = st.columns(2)
                if links[0].button(
                    t("analysis.term.add"), key="analysis_term_add", icon=":material/add_task:"
                ):
                    with database().transaction() as session:
                        added = analysis.add_term_to_drills(session, user.id, content, entry.id, now())
                    st.success(t("analysis.term.added" if added else "analysis.term.already"))
                links[1].page_link(
                    "app_pages/glossary.py",
                    label=t("analysis.term.glossary"),
                    icon=":material/dictionary:",
                    query_params={"term": entry.id},
                )

# --- the text -----------------------------------------------------------------------------------------------
st.subheader(t("analysis.text"), anchor=False)
for paragraph in document.paragraphs:
    show_paragraph(paragraph)
if document.worked_example:
    st.subheader(t("analysis.example"), anchor=False)
    for paragraph in document.worked_example:
        show_paragraph(paragraph)
if user is not None and not (progress.get(document.id) and progress[document.id].done):
    st.button(
        t("analysis.mark_read"),
        key="analysis_mark_read",
        type="primary",
        icon=":material/done_all:",
        on_click=record,
        args=(paragraph_ids[-1],),
    )

# --- the worksheet and the quiz -----------------------------------------------------------------------------
if document.worksheet is not None:
    st.subheader(t("analysis.worksheet", title=document.worksheet.title.get(lang())), anchor=False)
    st.caption(escape_markdown(document.worksheet.help.get(lang())))
    if user is None:
        sign_in_prompt("analysis.worksheet.sign_in")
    else:
        st.page_link(
            "app_pages/worksheet.py",
            label=t("analysis.worksheet.open"),
            icon=":material/edit_note:",
            query_params={"sheet": document.worksheet.id},
        )
if document.quiz:
    st.subheader(t("analysis.quiz"), anchor=False)
    st.caption(t("analysis.quiz.about", count=len(document.quiz)))
    if user is None:
        sign_in_prompt("analysis.quiz.sign_in")
    else:
        if document.id in quiz_scores:
            st.caption(t("analysis.quiz.best", score=round(quiz_scores[document.id] * 100)))
        st.page_link(
            "app_pages/chapter_quiz.py",
            label=t("analysis.quiz.open"),
            icon=":material/quiz:",
            query_params={"chapter": document.id},
        )
