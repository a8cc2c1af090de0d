"""Worksheet forms generated from the worksheet definitions in the content, and their read-only view.

:func:`worksheet_form` draws the widgets of one worksheet kind (sections, table, PMESII × ASCOPE grid,
SWOT 2 × 2, weighted courses of action) from the stored answers. It decides nothing and stores nothing: each
widget's change calls ``edit(path, value)`` and each structural button (add a row, remove an option…)
calls ``change(function)``, both given by the page, which saves through the service. Paths name one
answer: ``("bottom_line",)``, ``("row.social|col.population",)``, ``("rows", 2, "actor")``,
``("criteria", 0, "weight")``, ``("options", 1, "scores", "faisabilite")``.

:func:`show_answers` shows answers as text (never as Markdown or HTML) with a hook after each part an
instructor can comment on (:func:`services.analysis.comment_sections`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from analysis.model import MAX_SCORE, MAX_WEIGHT, MIN_SCORE, MIN_WEIGHT, WorksheetDefinition, WorksheetField
from app_pages.frame import t
from app_pages.markdown import escape_lines, escape_markdown

Edit = Callable[[tuple, Any], None]
Change = Callable[[Callable[[dict], None]], None]
SWOT_LAYOUT = (("strengths", "weaknesses"), ("opportunities", "threats"), ("so", "st"), ("wo", "wt"))


def field_label(field: WorksheetField, lang: str) -> str:
    """A field's French label, with its gloss when the interface is not French (escaped: author text)."""
    french = field.label.fr
    gloss = field.label.get(lang)
    shown = french if lang == "fr" or not gloss or gloss == french else f"{french} · {gloss}"
    return escape_markdown(shown)


def set_path(answers: dict, path: tuple, value: Any) -> dict:
    """``answers`` with the value at ``path`` replaced (in place; returned for convenience)."""
    target: Any = answers
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return answers


def _text(key: str, label: str, value: str, path: tuple, edit: Edit, height: int, disabled: bool) -> None:
    st.text_area(
        label,
        value=value,
        key=key,
        height=height,
        on_change=lambda: edit(path, st.session_state[key]),
        disabled=disabled,
    )


def worksheet_form(
    defn: WorksheetDefinition,
    answers: dict,
    *,
    prefix: str,
    lang: str,
    edit: Edit,
    change: Change,
    after_part: Callable[[str], None] | None = None,
    disabled: bool = False,
) -> None:
    """The editable worksheet; ``prefix`` starts every widget key (change it to redraw from ``answers``)."""
    hook = after_part or (lambda _section: None)
    if defn.kind == "sections":
        for index, field in enumerate(defn.fields):
            _text(
                f"{prefix}_field_{index}",
                field_label(field, lang),
                answers.get(field.key, ""),
                (field.key,),
                edit,
                150,
                disabled,
            )
            hook(field.key)
    elif defn.kind == "swot":
        by_key = {field.key: field for field in defn.fields}
        for pair in SWOT_LAYOUT:
            columns = st.columns(2)
            for column, key in zip(columns, pair, strict=True):
                with column:
                    _text(
                        f"{prefix}_box_{key}",
                        field_label(by_key[key], lang),
                        answers.get(key, ""),
                        (key,),
                        edit,
                        140,
                        disabled,
                    )
                    hook(key)
    elif defn.kind == "grid":
        _grid_form(defn, answers, prefix, lang, edit, hook, disabled)
    elif defn.kind == "table":
        _table_form(defn, answers, prefix, lang, edit, change, hook, disabled)
    elif defn.kind == "weighted":
        _weighted_form(defn, answers, prefix, edit, change, hook, disabled)


def _grid_form(defn, answers, prefix, lang, edit, hook, disabled) -> None:
    cols = defn.cols
    for r, row in enumerate(defn.rows):
        with st.container(border=True, key=f"{prefix}_row_{r}"):
            st.markdown(f"**{field_label(row, lang)}**")
            for start in range(0, len(cols), 3):
                columns = st.columns(3)
                for column, (c, col) in zip(columns, list(enumerate(cols))[start : start + 3], strict=False):
                    cell = f"{row.key}|{col.key}"
                    with column:
                        _text(
                            f"{prefix}_cell_{r}_{c}",
                            field_label(col, lang),
                            answers.get(cell, ""),
                            (cell,),
                            edit,
                            90,
                            disabled,
                        )
            hook(row.key)


def _table_form(defn, answers, prefix, lang, edit, change, hook, disabled) -> None:
    rows = answers.get("rows", [])

    def add_row(data: dict) -> None:
        data.setdefault("rows", []).append({key: "" for key in defn.keys})

    def remove_row(index: int) -> Callable[[dict], None]:
        return lambda data: data["rows"].pop(index)

    for r, row in enumerate(rows):
        with st.container(border=True, key=f"{prefix}_trow_{r}"):
            st.markdown(f"**{escape_markdown(t('analysis.ws.row', number=r + 1))}**")
            columns = st.columns(len(defn.fields))
            for c, (column, field) in enumerate(zip(columns, defn.fields, strict=True)):
                with column:
                    _text(
                        f"{prefix}_tcell_{r}_{c}",
                        field_label(field, lang),
                        row.get(field.key, ""),
                        ("rows", r, field.key),
                        edit,
                        110,
                        disabled,
                    )
            st.button(
                t("analysis.ws.remove_row"),
                key=f"{prefix}_remove_row_{r}",
                icon=":material/delete:",
                on_click=change,
                args=(remove_row(r),),
                disabled=disabled,
            )
    st.button(
        t("analysis.ws.add_row"),
        key=f"{prefix}_add_row",
        icon=":material/add:",
        on_click=change,
        args=(add_row,),
        disabled=disabled,
    )
    for field in defn.fields:
        hook(field.key)


def _next_id(items: list[dict], letter: str) -> str:
    taken = {item["id"] for item in items}
    number = len(items) + 1
    while f"{letter}{number}" in taken:
        number += 1
    return f"{letter}{number}"


def _weighted_form(defn, answers, prefix, edit, change, hook, disabled) -> None:
    criteria = answers.get("criteria", [])
    options = answers.get("options", [])

    def add_criterion(data: dict) -> None:
        data["criteria"].append(
            {"id": _next_id(data["criteria"], "c"), "label": t("analysis.ws.new_criterion"), "weight": 3}
        )

    def remove_criterion(index: int) -> Callable[[dict], None]:
        def apply(data: dict) -> None:
            gone = data["criteria"].pop(index)["id"]
            for option in data["options"]:
                option["scores"].pop(gone, None)

        return apply

    def add_option(data: dict) -> None:
        number = len(data["options"]) + 1
        data["options"].append(
            {
                "id": _next_id(data["options"], "o"),
                "label": t("analysis.ws.new_option", number=number),
                "scores": {},
            }
        )

    def remove_option(index: int) -> Callable[[dict], None]:
        return lambda data: data["options"].pop(index)

    st.markdown(f"**{t('analysis.ws.criteria')}**")
    for i, criterion in enumerate(criteria):
        left, middle, right = st.columns([5, 2, 1], vertical_alignment="bottom")
        with left:
            key = f"{prefix}_crit_{i}_label"
            st.text_input(
                t("analysis.ws.criterion"),
                value=criterion["label"],
                key=key,
                max_chars=300,
                on_change=lambda key=key, i=i: edit(("criteria", i, "label"), st.session_state[key]),
                disabled=disabled,
            )
        with middle:
            key = f"{prefix}_crit_{i}_weight"
            st.number_input(
                t("analysis.ws.weight"),
                MIN_WEIGHT,
                MAX_WEIGHT,
                int(criterion["weight"]),
                key=key,
                on_change=lambda key=key, i=i: edit(("criteria", i, "weight"), int(st.session_state[key])),
                disabled=disabled,
            )
        right.button(
            "",
            key=f"{prefix}_crit_{i}_remove",
            icon=":material/delete:",
            help=t("analysis.ws.remove"),
            on_click=change,
            args=(remove_criterion(i),),
            disabled=disabled,
        )
    st.button(
        t("analysis.ws.add_criterion"),
        key=f"{prefix}_add_criterion",
        icon=":material/add:",
        on_click=change,
        args=(add_criterion,),
        disabled=disabled,
    )
    hook("criteria")

    st.markdown(f"**{t('analysis.ws.options')}**")
    scores = [None, *range(MIN_SCORE, MAX_SCORE + 1)]
    for j, option in enumerate(options):
        with st.container(border=True, key=f"{prefix}_option_{j}"):
            key = f"{prefix}_opt_{j}_label"
            st.text_input(
                t("analysis.ws.option"),
                value=option["label"],
                key=key,
                max_chars=300,
                on_change=lambda key=key, j=j: edit(("options", j, "label"), st.session_state[key]),
                disabled=disabled,
            )
            columns = st.columns(max(1, len(criteria)))
            for i, (column, criterion) in enumerate(zip(columns, criteria, strict=False)):
                key = f"{prefix}_opt_{j}_score_{i}"
                current = option["scores"].get(criterion["id"])
                column.selectbox(
                    escape_markdown(criterion["label"]) or "—",
                    scores,
                    index=scores.index(current) if current in scores else 0,
                    format_func=lambda value: "—" if value is None else str(value),
                    key=key,
                    on_change=lambda key=key, j=j, cid=criterion["id"]: edit(
                        ("options", j, "scores", cid), st.session_state[key]
                    ),
                    disabled=disabled,
                )
            st.button(
                t("analysis.ws.remove_option"),
                key=f"{prefix}_opt_{j}_remove",
                icon=":material/delete:",
                on_click=change,
                args=(remove_option(j),),
                disabled=disabled,
            )
    st.button(
        t("analysis.ws.add_option"),
        key=f"{prefix}_add_option",
        icon=":material/add:",
        on_click=change,
        args=(add_option,),
        disabled=disabled,
    )
    hook("options")


def totals_table(ranked) -> dict[str, list]:
    """The columns of the weighted totals table (labels are the learner's text: a dataframe shows them as
    text)."""
    return {
        t("analysis.export.rank"): [total.rank for total in ranked],
        t("analysis.export.option"): [total.label for total in ranked],
        t("analysis.export.total"): [total.total for total in ranked],
        t("analysis.export.missing"): [len(total.missing) for total in ranked],
    }


# --- read-only ---------------------------------------------------------------------------------------------


def _shown(text: str) -> None:
    if text.strip():
        st.markdown(escape_lines(text))
    else:
        st.caption("—")


def show_answers(
    defn: WorksheetDefinition, answers: dict, lang: str, after_part: Callable[[str], None] | None = None
) -> None:
    """The answers as text, part by part; ``after_part(section)`` runs after each commentable part."""
    hook = after_part or (lambda _section: None)
    if defn.kind in ("sections", "swot"):
        for field in defn.fields:
            with st.container(border=True):
                st.markdown(f"**{field_label(field, lang)}**")
                _shown(answers.get(field.key, ""))
                hook(field.key)
    elif defn.kind == "grid":
        for row in defn.rows:
            with st.container(border=True):
                st.markdown(f"**{field_label(row, lang)}**")
                for col in defn.cols:
                    text = answers.get(f"{row.key}|{col.key}", "")
                    if text.strip():
                        st.markdown(f"_{field_label(col, lang)}_")
                        _shown(text)
                hook(row.key)
    elif defn.kind == "table":
        for number, row in enumerate(answers.get("rows", []), start=1):
            with st.container(border=True):
                st.markdown(f"**{escape_markdown(t('analysis.ws.row', number=number))}**")
                for field in defn.fields:
                    st.markdown(f"_{field_label(field, lang)}_")
                    _shown(row.get(field.key, ""))
        for field in defn.fields:
            hook(field.key)
    elif defn.kind == "weighted":
        criteria = answers.get("criteria", [])
        st.dataframe(
            {
                t("analysis.ws.criterion"): [c["label"] for c in criteria],
                t("analysis.ws.weight"): [c["weight"] for c in criteria],
            },
            hide_index=True,
        )
        hook("criteria")
        table = {t("analysis.export.option"): [o["label"] for o in answers.get("options", [])]}
        for index, criterion in enumerate(criteria):
            table[f"{index + 1}. {criterion['label']}"] = [
                o["scores"].get(criterion["id"]) for o in answers.get("options", [])
            ]
        st.dataframe(table, hide_index=True)
        hook("options")
