"""Pieces the roster pages share: the request form, a request's details, the move buttons, an anonymised
line, a full profile. Presentation only: every decision is the services'."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import streamlit as st

from app_pages.frame import database, escape_markdown, now, t
from app_pages.roster_labels import (
    LEVEL_NAMES,
    countries_by_name,
    country_label,
    day_text,
    domain_label,
    domains_text,
    language_label,
    languages_by_name,
    level_name,
    proposal_label,
    show_roster_error,
    skill_text,
    state_label,
    text_block,
)
from roster.anonymise import AnonymisedLine
from roster.matching import Match
from roster.model import DOMAINS, RequestFields, SecurityLevel
from roster.workflow import ProposalState, RequestState, request_move
from services import notifications
from services.errors import ServiceError
from services.roster import ExpertProfileView, RequestView


def act(action: Callable, flash_key: str, flash_text: str) -> bool:
    """One service call in its own transaction; on success the pending e-mails go, a flash message is
    kept for the next run and the page reruns; a refusal is shown in place (returns False)."""
    try:
        with database().transaction() as session:
            action(session)
    except ServiceError as error:
        show_roster_error(error)
        return False
    notifications.deliver_pending(database(), now())
    st.session_state[flash_key] = flash_text
    st.rerun()
    return True  # pragma: no cover - st.rerun() does not return


def show_flash(flash_key: str) -> None:
    text = st.session_state.pop(flash_key, None)
    if text:
        st.success(t(text))


def request_form(prefix: str, fields: RequestFields | None) -> dict:
    """The request's widgets (prefilled from ``fields``); returns the raw values for the service."""
    form: dict = {}
    form["institution"] = st.text_input(
        t("roster.field.institution"), value=fields.institution if fields else "", key=f"{prefix}_institution"
    )
    left, right = st.columns(2)
    form["contact"] = left.text_input(
        t("roster.field.contact"), value=fields.contact if fields else "", key=f"{prefix}_contact"
    )
    form["contact_email"] = right.text_input(
        t("roster.field.contact_email"),
        value=fields.contact_email if fields else "",
        key=f"{prefix}_contact_email",
    )
    for name in ("mandate", "need", "reason"):
        form[name] = st.text_area(
            t(f"roster.field.{name}"),
            value=getattr(fields, name) if fields else "",
            height=90,
            key=f"{prefix}_{name}",
        )
    form["domains"] = st.multiselect(
        t("roster.field.domains"),
        [d.value for d in DOMAINS],
        default=[d.value for d in fields.domains] if fields else None,
        format_func=domain_label,
        placeholder=t("common.choose"),
        key=f"{prefix}_domains",
    )
    known = {need.code: need for need in fields.languages} if fields else {}
    codes = st.multiselect(
        t("roster.field.languages"),
        languages_by_name(),
        default=[c for c in languages_by_name() if c in known] or (None if fields else ["fr"]),
        format_func=language_label,
        placeholder=t("common.choose"),
        key=f"{prefix}_languages",
    )
    form["languages"] = [
        {
            "code": code,
            "level": st.selectbox(
                t("roster.requests.minimum", language=language_label(code)),
                LEVEL_NAMES,
                index=LEVEL_NAMES.index(known[code].level.name) if code in known else 3,
                key=f"{prefix}_level_{code}",
            ),
        }
        for code in codes
    ]
    left, right = st.columns(2)
    form["place"] = left.text_input(
        t("roster.field.place"), value=fields.place if fields else "", key=f"{prefix}_place"
    )
    countries = countries_by_name()
    form["country"] = right.selectbox(
        t("roster.field.country"),
        countries,
        index=countries.index(fields.country) if fields else None,
        format_func=country_label,
        placeholder=t("common.choose"),
        key=f"{prefix}_country",
    )
    left, right = st.columns(2)
    form["start"] = left.date_input(
        t("roster.field.start"),
        value=fields.start if fields else now().date() + timedelta(days=30),
        min_value=now().date(),
        key=f"{prefix}_start",
    )
    form["length_days"] = right.number_input(
        t("roster.field.length_days"), 1, 730, fields.length_days if fields else 90, key=f"{prefix}_length"
    )
    levels = [s.value for s in SecurityLevel]
    form["security"] = st.selectbox(
        t("roster.field.security"),
        levels,
        index=levels.index(fields.security.value) if fields else 1,
        format_func=lambda s: t(f"roster.security.{s}"),
        key=f"{prefix}_security",
    )
    form["remote"] = st.checkbox(
        t("roster.requests.remote"), value=fields.remote if fields else False, key=f"{prefix}_remote"
    )
    form["funding"] = st.text_input(
        t("roster.field.funding"), value=fields.funding if fields else "", key=f"{prefix}_funding"
    )
    form["terms_text"] = st.text_area(
        t("roster.field.terms_text"),
        value=fields.terms_text if fields else "",
        height=120,
        key=f"{prefix}_terms_text",
    )
    return form


def show_request(view: RequestView, *, with_contact: bool) -> None:
    """A request's details as text (what the partner wrote is never read as Markdown)."""
    fields = view.fields
    st.markdown(f"**{escape_markdown(fields.institution)}** · {escape_markdown(state_label(view.state))}")
    st.text(
        t(
            "roster.requests.summary",
            place=fields.place,
            country=country_label(fields.country),
            start=day_text(fields.start),
            days=fields.length_days,
        )
    )
    st.caption(
        domains_text(fields.domains)
        + " · "
        + ", ".join(
            t("roster.need", language=language_label(n.code), level=n.level.name) for n in fields.languages
        )
        + " · "
        + t("roster.requests.security_line", level=t(f"roster.security.{fields.security.value}"))
        + (" · " + t("roster.requests.remote") if fields.remote else "")
    )
    if with_contact:
        st.text(f"{t('roster.field.contact')}: {fields.contact}  {fields.contact_email}")
    for name in ("mandate", "need", "reason"):
        st.markdown(f"**{t(f'roster.field.{name}')}**")
        text_block(getattr(fields, name))
    st.markdown(f"**{t('roster.field.funding')}**")
    text_block(fields.funding)
    if fields.terms_text:
        with st.expander(t("roster.field.terms_text")):
            text_block(fields.terms_text)


def move_controls(
    prefix: str, user_id: int, view: RequestView, targets, move_request, flash_key: str
) -> None:
    """One button per state the user may move the request to; a reason box when one of them needs it."""
    if not targets:
        return
    needs_reason = [target for target in targets if request_move(view.state, target).reason]
    reason = ""
    if needs_reason:
        reason = st.text_area(
            t("roster.moves.reason"),
            key=f"{prefix}_reason_{view.id}",
            help=t("roster.moves.reason.help", states=", ".join(state_label(s) for s in needs_reason)),
        )
    columns = st.columns(min(4, len(targets)))
    for index, target in enumerate(targets):
        if columns[index % len(columns)].button(
            t("roster.moves.to", state=state_label(target)),
            key=f"{prefix}_move_{view.id}_{target.value}",
            type="secondary" if target is RequestState.CANCELLED else "primary",
        ):
            act(
                lambda s, target=target: move_request(s, user_id, view.id, target, view.state, now(), reason),
                flash_key,
                "roster.moves.done",
            )


def anonymised_line(line: AnonymisedLine) -> None:
    title = t("roster.shortlist.expert", alias=line.alias)
    st.markdown(f"**{escape_markdown(title)}** · {escape_markdown(proposal_label(line.state))}")
    st.caption(
        t(
            "roster.shortlist.line",
            domains=domains_text(line.domains) or "—",
            languages=", ".join(skill_text(s) for s in line.languages) or "—",
            years=line.years_band,
            missions=line.missions,
            trainings=line.trainings,
        )
    )
    st.caption(
        t(f"roster.window.{line.window}")
        + " · "
        + t("roster.shortlist.notice", notice=t(f"roster.notice.{line.notice}"))
        + (" · " + t("roster.field.remote") if line.remote else "")
        + (" · " + t("roster.shortlist.release") if line.employer_release_needed else "")
    )


def full_profile(profile: ExpertProfileView) -> None:
    """A full profile (name, contact, employer included): shown only where a service returned it."""
    fields = profile.fields
    st.markdown(f"### {escape_markdown(fields.full_name)}")
    st.text(
        f"{country_label(fields.nationality)} · {t(f'roster.gender.{fields.gender.value}')} · "
        + t("roster.profile.years", years=fields.years)
    )
    st.text(
        f"{t('roster.field.email')}: {fields.email or '—'}   {t('roster.field.phone')}: {fields.phone or '—'}"
    )
    st.text(f"{t('roster.field.employer')}: {fields.employer or '—'}")
    if fields.employer_release_needed:
        st.caption(t("roster.shortlist.release"))
    st.caption(domains_text(fields.domains))
    st.caption(", ".join(skill_text(skill) for skill in fields.languages))
    availability = fields.availability
    st.caption(
        t(
            "roster.profile.availability",
            start=day_text(availability.start),
            until=day_text(availability.until),
            notice=t(f"roster.notice.{availability.notice.value}"),
        )
        + (" · " + t("roster.field.remote") if availability.remote else "")
    )
    if fields.missions:
        st.markdown(f"**{t('roster.field.missions')}**")
        for mission in fields.missions:
            st.text(
                f"{mission.organisation} · {country_label(mission.country)} · {mission.role} · "
                f"{day_text(mission.start)} – {day_text(mission.end)}"
            )
    if fields.trainings:
        st.markdown(f"**{t('roster.field.trainings')}**")
        for training in fields.trainings:
            st.text(f"{training.title} · {training.provider} · {training.year}")


def proposal_buttons(
    prefix: str, proposal_id: int, state: ProposalState, moves, move_proposal, user_id, flash_key
):
    for target in moves:
        if st.button(
            t(f"roster.proposal.move.{target.value}"), key=f"{prefix}_pmove_{proposal_id}_{target.value}"
        ):
            act(
                lambda s, target=target: move_proposal(s, user_id, proposal_id, target, state, now()),
                flash_key,
                "roster.moves.done",
            )


def match_explanation(match: Match) -> list[str]:
    """One line per part of a match's score, saying why it got those points."""
    languages = ", ".join(
        t(
            "roster.match.language",
            language=language_label(fit.code),
            minimum=level_name(fit.minimum),
            speaking=level_name(fit.speaking),
            writing=level_name(fit.writing),
        )
        for fit in match.languages
    )
    notice_key = "roster.match.notice_ok" if match.notice_ok else "roster.match.notice_short"
    if not match.remote_asked:
        remote = t("roster.match.on_site")
    else:
        remote = t("roster.match.remote_yes" if match.remote_ok else "roster.match.remote_no")
    return [
        t(
            "roster.match.domains",
            points=match.domains_points,
            matched=len(match.matched_domains),
            wanted=match.wanted_domains,
            names=domains_text(match.matched_domains) or "—",
        ),
        t("roster.match.languages", points=match.languages_points, detail=languages or "—"),
        t(
            "roster.match.availability",
            points=match.availability_points,
            window=t(f"roster.window.{match.window}"),
            notice=t(notice_key, notice=t(f"roster.notice.{match.notice.value}"), days=match.days_to_start),
        ),
        t("roster.match.remote", points=match.remote_points, detail=remote),
    ]
