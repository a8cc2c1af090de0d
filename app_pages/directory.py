"""The training directory (public): search and facet filters over the sessions of francophone
peace-operations training centres, a map of the centres with a table beside it, a calendar, ICS files; the
filters live in the URL, so a filtered view can be bookmarked and shared."""

from datetime import date

import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st

from app_pages.directory_common import (
    CENTRE_PAGE,
    badges,
    centre_place,
    country,
    dates,
    directory,
    ics_file,
    label,
    language,
    session_index,
    session_summary,
    today,
)
from app_pages.frame import current_user, database, escape_markdown, lang, t
from directory.facets import FACETS, Filter
from directory.model import Audience, Category, CourseLevel, Delivery, When
from services import directory as directory_service
from text.normalise import fold_accents

PAGE_SIZE = 25
CHART_MAX = 150
# URL parameter -> (session_state key, facet or None); lists for the facets
_LIST_PARAMS = {
    "country": "country",
    "category": "category",
    "language": "language",
    "audience": "audience",
    "level": "level",
    "delivery": "delivery",
}
_VIEWS = ("list", "map", "calendar", "shortlist")

user = current_user()
found = directory()
index = session_index()


def _valid(facet: str, value: str) -> bool:
    known = {
        "country": set(found.countries),
        "category": {c.value for c in Category},
        "language": None,  # any ISO code a session carries
        "audience": {a.value for a in Audience},
        "level": {v.value for v in CourseLevel},
        "delivery": {d.value for d in Delivery},
    }[facet]
    return (known is None and len(value) == 2 and value.isalpha()) or (known is not None and value in known)


def _parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _load_from_url() -> None:
    """Put the URL's filters into the widgets' state (on arrival, or when the URL was changed by hand)."""
    params = st.query_params
    st.session_state["directory_q"] = params.get("q", "")[:200]
    for param, facet in _LIST_PARAMS.items():
        st.session_state[f"directory_{facet}"] = [v for v in params.get_all(param) if _valid(facet, v)][:30]
    st.session_state["directory_un"] = params.get("un") == "1"
    when = params.get("when", When.UPCOMING.value)
    st.session_state["directory_when"] = when if when in {w.value for w in When} else When.UPCOMING.value
    st.session_state["directory_from"] = _parse_date(params.get("from"))
    st.session_state["directory_to"] = _parse_date(params.get("to"))
    view = params.get("view", "list")
    st.session_state["directory_view"] = view if view in _VIEWS else "list"


def _url_state() -> dict[str, object]:
    state = st.session_state
    params: dict[str, object] = {}
    if state.get("directory_q"):
        params["q"] = state["directory_q"]
    for param, facet in _LIST_PARAMS.items():
        if state.get(f"directory_{facet}"):
            params[param] = list(state[f"directory_{facet}"])
    if state.get("directory_un"):
        params["un"] = "1"
    if state.get("directory_when") not in (None, When.UPCOMING.value):
        params["when"] = state["directory_when"]
    for key in ("from", "to"):
        if state.get(f"directory_{key}"):
            params[key] = state[f"directory_{key}"].isoformat()
    if state.get("directory_view") not in (None, "list"):
        params["view"] = state["directory_view"]
    return params


def _current_params() -> dict[str, object]:
    params = st.query_params
    current: dict[str, object] = {}
    for key in params:
        values = params.get_all(key)
        current[key] = values if key in _LIST_PARAMS else values[-1]
    return current


_KEYS = ("directory_q", "directory_when", "directory_un", "directory_from", "directory_to", "directory_view")
if _current_params() != st.session_state.get("directory_url_written") or any(
    key not in st.session_state for key in (*_KEYS, *(f"directory_{f}" for f in _LIST_PARAMS.values()))
):
    _load_from_url()


def _filter() -> Filter:
    state = st.session_state
    return Filter(
        query=state.get("directory_q") or "",
        countries=frozenset(state.get("directory_country") or ()),
        categories=frozenset(state.get("directory_category") or ()),
        languages=frozenset(state.get("directory_language") or ()),
        audiences=frozenset(state.get("directory_audience") or ()),
        levels=frozenset(state.get("directory_level") or ()),
        deliveries=frozenset(state.get("directory_delivery") or ()),
        un_recognised=bool(state.get("directory_un")),
        when=When(state.get("directory_when") or When.UPCOMING.value),
        date_from=state.get("directory_from"),
        date_to=state.get("directory_to"),
    )


flt = _filter()
result = index.filter(flt, today())

st.title(t("directory.title"))
st.caption(t("directory.intro", centres=len(found.centres), sessions=len(index)))

st.text_input(
    t("directory.search"), key="directory_q", placeholder=t("directory.search.placeholder"), max_chars=200
)
st.segmented_control(
    t("directory.when"),
    [w.value for w in When],
    format_func=lambda value: t(f"directory.when.{value}"),
    key="directory_when",
    selection_mode="single",
)

_NAMES = {
    "country": country,
    "category": lambda v: label("category", v),
    "language": language,
    "audience": lambda v: label("audience", v),
    "level": lambda v: label("level", v),
    "delivery": lambda v: label("delivery", v),
}
columns = st.columns(3)
shown = 0
for facet in FACETS:
    if facet == "un":
        continue
    counts = result.counts.get(facet, {})
    chosen = list(st.session_state.get(f"directory_{facet}") or [])
    options = sorted({*counts, *chosen}, key=lambda v, f=facet: _NAMES[f](v))
    if not options:  # an empty facet is hidden
        continue
    name = _NAMES[facet]
    columns[shown % 3].multiselect(
        t(f"directory.facet.{facet}"),
        options,
        format_func=lambda v, n=name, c=counts: f"{n(v)} ({c.get(v, 0)})",
        key=f"directory_{facet}",
        placeholder=t("common.choose"),
    )
    shown += 1
more = st.columns(3)
un_count = result.counts.get("un", {}).get("yes", 0)
if un_count or st.session_state.get("directory_un"):
    more[0].toggle(t("directory.facet.un", count=un_count), key="directory_un")
more[1].date_input(t("directory.from"), key="directory_from", format="YYYY-MM-DD")
more[2].date_input(t("directory.to"), key="directory_to", format="YYYY-MM-DD")

written = _url_state()
if _current_params() != written:
    st.query_params.from_dict(written)
st.session_state["directory_url_written"] = written

views = [v for v in _VIEWS if v != "shortlist" or user is not None]
if st.session_state.get("directory_view") not in views:
    st.session_state["directory_view"] = "list"
view = (
    st.segmented_control(
        t("directory.view"),
        views,
        format_func=lambda v: t(f"directory.view.{v}"),
        key="directory_view",
        selection_mode="single",
    )
    or "list"
)

sessions = list(result.sessions)
st.caption(t("directory.results", count=len(sessions)))
if sessions:
    st.download_button(
        t("directory.ics.list", count=len(sessions)),
        data=lambda: ics_file(sessions, found),
        file_name="parlez-sessions.ics",
        mime="text/calendar",
        key="directory_ics_list",
        icon=":material/calendar_month:",
        on_click="ignore",
    )


def _session_list(items, key: str) -> None:
    limit = st.session_state.get(f"directory_{key}_limit", PAGE_SIZE)
    for session in items[:limit]:
        centre = found.centre(session.centre_id)
        with st.container(border=True, key=f"directory_{key}_{session.id}"):
            left, right = st.columns([5, 2])
            left.markdown(f"**{escape_markdown(session.title_in(lang()))}**")
            left.caption(dates(session))
            left.markdown(session_summary(session, found))
            with right:
                badges(session)
                if centre is not None:
                    st.page_link(
                        CENTRE_PAGE,
                        label=t("directory.open_centre", centre=centre.short_name),
                        query_params={"centre": centre.id, "session": str(session.id)},
                    )
    if len(items) > limit and st.button(t("directory.more"), key=f"directory_{key}_more"):
        st.session_state[f"directory_{key}_limit"] = limit + PAGE_SIZE
        st.rerun()


if view == "list":
    if not sessions:
        st.info(t("directory.none"))
    _session_list(sessions, "result")

elif view == "map":
    per_centre = result.by_centre()
    active_filter = bool(flt.query or flt.languages or flt.audiences or flt.levels or flt.deliveries) or (
        flt.un_recognised or flt.date_from or flt.date_to
    )
    centres = [
        c
        for c in found.centres
        if (not flt.countries or c.country_code in flt.countries)
        and (not flt.categories or any(cat.value in flt.categories for cat in c.categories))
        and (not active_filter or per_centre.get(c.id))
    ]
    table = pd.DataFrame(
        {
            "id": [c.id for c in centres],
            t("directory.centre"): [c.short_name for c in centres],
            t("directory.name"): [c.name for c in centres],
            t("directory.place"): [centre_place(c) for c in centres],
            t("directory.sessions_count"): [per_centre.get(c.id, 0) for c in centres],
            # map labels in ASCII: deck.gl's text layer draws only its default (ASCII) characters
            "label": [
                fold_accents(c.acronym or (c.name[:22] + "..." if len(c.name) > 23 else c.name))
                for c in centres
            ],
            "lat": [c.latitude for c in centres],
            "lon": [c.longitude for c in centres],
        }
    )
    on_map = table.dropna(subset=["lat", "lon"])
    left, right = st.columns([3, 2])
    with left:
        layer = pdk.Layer(
            "ScatterplotLayer",
            data=on_map.rename(columns={t("directory.centre"): "centre"})[["centre", "lat", "lon"]],
            get_position="[lon, lat]",
            get_radius=60000,
            radius_min_pixels=5,
            get_fill_color=[200, 30, 60, 200],
            pickable=True,
        )
        labels = pdk.Layer(
            "TextLayer",
            data=on_map[["label", "lat", "lon"]],
            get_position="[lon, lat]",
            get_text="label",
            get_size=12,
            get_pixel_offset=[0, -14],
        )
        # Offline there are no map tiles: the points and their names still show on a blank background.
        st.pydeck_chart(
            pdk.Deck(
                layers=[layer, labels],
                initial_view_state=pdk.ViewState(latitude=18, longitude=15, zoom=0.9),
                tooltip={"text": "{centre}"},
                map_style="light",
            ),
            key="directory_map",
        )
    with right:
        st.dataframe(
            table.drop(columns=["id", "label", "lat", "lon"]),
            hide_index=True,
            width="stretch",
            key="directory_table",
        )
        if centres:
            by_id = {c.id: c for c in centres}
            picked = st.selectbox(
                t("directory.open_a_centre"),
                list(by_id),
                format_func=lambda cid: f"{by_id[cid].short_name} — {centre_place(by_id[cid])}",
                key="directory_pick_centre",
            )
            st.page_link(
                CENTRE_PAGE,
                label=t("directory.open_centre", centre=by_id[picked].short_name),
                query_params={"centre": picked},
                icon=":material/arrow_forward:",
            )

elif view == "calendar":
    shown_sessions = sessions[:CHART_MAX]
    if not shown_sessions:
        st.info(t("directory.none"))
    else:
        if len(sessions) > CHART_MAX:
            st.caption(t("directory.calendar.first", count=CHART_MAX))
        frame = pd.DataFrame(
            {
                "title": [s.title_in(lang()) for s in shown_sessions],
                "centre": [found.centre(s.centre_id).short_name for s in shown_sessions],
                "start": [pd.Timestamp(s.start) for s in shown_sessions],
                "end": [pd.Timestamp(s.end) + pd.Timedelta(days=1) for s in shown_sessions],
                "status": [label("status", s.status) for s in shown_sessions],
            }
        )
        chart = (
            alt.Chart(frame)
            .mark_bar(cornerRadius=3)
            .encode(
                x=alt.X("start:T", title=None),
                x2="end:T",
                y=alt.Y("centre:N", title=t("directory.centre"), sort=None),
                color=alt.Color("status:N", title=t("directory.field.status")),
                tooltip=[
                    alt.Tooltip("title:N", title=t("directory.field.title_fr")),
                    alt.Tooltip("start:T", title=t("directory.field.start")),
                    alt.Tooltip("status:N", title=t("directory.field.status")),
                ],
            )
        )
        now_rule = (
            alt.Chart(pd.DataFrame({"today": [pd.Timestamp(today())]}))
            .mark_rule(color="#c8102e", strokeDash=[4, 3])
            .encode(x="today:T")
        )
        st.altair_chart(chart + now_rule, width="stretch", key="directory_calendar")

elif view == "shortlist" and user is not None:
    with database().reading() as db_session:
        kept = directory_service.shortlist(db_session, user.id)
    if not kept:
        st.info(t("directory.shortlist.none"))
    _session_list(kept, "shortlist")
