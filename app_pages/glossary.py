"""Glossary: results as you type (accents and typos forgiven, French, English or Spanish, abbreviations
both ways), filters by theme, level and unit, a card per term with audio, IPA, example and related terms,
and exports to CSV and Anki."""

import streamlit as st

from app_pages.content import library
from app_pages.frame import database, escape_markdown, lang, now, require_user, t
from app_pages.labels import unit_label
from app_pages.widgets.audio_control import audio_control, audio_service
from glossary.export import apkg_bytes, csv_bytes
from glossary.search import SearchIndex
from library.content import ContentLibrary
from services import drills
from text.content import LEVELS

user = require_user()
content = library()


@st.cache_resource(show_spinner=False, max_entries=2)
def _index(_content: ContentLibrary, signature: int) -> SearchIndex:
    return SearchIndex(_content.glossary.entries)


index = _index(content, id(content))


def _select(entry_id: str, query: str | None = None) -> None:
    st.session_state["glossary_selected"] = entry_id
    if query is not None:
        st.session_state["glossary_query"] = query


linked = content.glossary.get(st.query_params.get("term") or "")  # a link from an analysis key term
if linked is not None and st.session_state.get("glossary_linked") != linked.id:
    st.session_state["glossary_linked"] = linked.id
    _select(linked.id, linked.french)

st.title(t("glossary.title"))
st.caption(t("glossary.intro", count=len(content.glossary.entries)))

query = st.text_input(
    t("glossary.search"),
    key="glossary_query",
    placeholder=t("glossary.placeholder"),
    type="search",
    live=True,
)
filters = st.columns(3)
themes = filters[0].multiselect(
    t("groups.assign.themes"),
    list(content.glossary.themes),
    format_func=lambda k: t(f"theme.{k}"),
    placeholder=t("common.choose"),
    key="glossary_themes",
)
levels = filters[1].multiselect(
    t("glossary.levels"), list(LEVELS), placeholder=t("common.choose"), key="glossary_levels"
)
units = filters[2].multiselect(
    t("groups.assign.units"),
    [u.id for u in content.manual.units],
    format_func=unit_label,
    placeholder=t("common.choose"),
    key="glossary_units",
)
hits = index.search(query or "", lang=lang(), themes=themes, levels=levels, units=units, limit=50)
selected_entries = [hit.entry for hit in hits]

if not hits:
    st.info(t("glossary.none"))
else:
    st.caption(t("glossary.results", count=len(hits)))
    chosen_id = st.session_state.get("glossary_selected")
    if chosen_id not in {e.id for e in selected_entries}:
        chosen_id = selected_entries[0].id
    left, right = st.columns([2, 3])
    with left:
        for hit in hits:
            entry = hit.entry
            label = f"{entry.french} — {entry.gloss(lang())}"
            st.button(
                label[:90],
                key=f"glossary_pick_{entry.id}",
                type="primary" if entry.id == chosen_id else "secondary",
                width="stretch",
                on_click=_select,
                args=(entry.id,),
            )
    entry = content.glossary.get(chosen_id)
    with right, st.container(border=True, key="glossary_card"):
        st.subheader(entry.french, anchor=False)
        st.caption(
            " · ".join(
                part
                for part in (
                    t(f"pos.{entry.pos}"),
                    t(f"theme.{entry.theme}"),
                    t("course.level", level=entry.level),
                )
                if part
            )
        )
        if entry.expansion:
            st.markdown(t("glossary.expansion", expansion=escape_markdown(entry.expansion)))
        st.markdown(f"**{escape_markdown(entry.gloss(lang()))}**")
        if lang() == "fr":
            st.caption(escape_markdown("; ".join(entry.spanish)))
        audio_control(entry.french, key=f"glossary_audio_{entry.id}", lang=lang())
        with database().reading() as session:
            mastery = drills.item_mastery(session, user.id, now(), item_ids=[entry.id]).get(entry.id)
        if mastery is None:
            st.caption(t("glossary.not_met"))
        else:
            st.progress(mastery, text=t("glossary.mastery", percent=round(mastery * 100)))
        if entry.example:
            st.markdown(f"> {escape_markdown(entry.example)}")
            if entry.example_gloss(lang()):
                st.caption(entry.example_gloss(lang()))
            audio_control(entry.example, key=f"glossary_example_{entry.id}", lang=lang())
        if entry.alternatives:
            st.caption(t("glossary.alternatives", forms=escape_markdown(", ".join(entry.alternatives))))
        if entry.notes:
            st.info(entry.notes, icon=":material/info:")
        if entry.units:
            st.caption(
                t(
                    "glossary.in_units",
                    units=", ".join(
                        str(content.manual.unit(u).number) for u in entry.units if content.manual.unit(u)
                    ),
                )
            )
        related = index.related(entry, limit=8)
        if related:
            st.markdown(f"**{t('glossary.related')}**")
            for other in related:
                st.button(
                    f"{other.french} — {other.gloss(lang())}"[:80],
                    key=f"glossary_related_{other.id}",
                    on_click=_select,
                    args=(other.id, other.french),
                )

st.divider()
st.subheader(t("glossary.export"), anchor=False)
scope = selected_entries if (query or themes or levels or units) else list(content.glossary.entries)
st.caption(t("glossary.export.scope", count=len(scope)))
downloads = st.columns(2)
downloads[0].download_button(
    t("glossary.export.csv"),
    data=lambda: csv_bytes(scope),
    file_name="parlez-glossary.csv",
    mime="text/csv",
    key="glossary_csv",
    icon=":material/table:",
    on_click="ignore",
)
downloads[1].download_button(
    t("glossary.export.apkg"),
    data=lambda: apkg_bytes(scope, audio=audio_service()),
    file_name="parlez-glossary.apkg",
    mime="application/octet-stream",
    key="glossary_apkg",
    icon=":material/style:",
    on_click="ignore",
)
