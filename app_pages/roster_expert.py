"""An expert's own page: the profile (saved = confirmed), listing consent, the requests they are proposed
for, and their data (export as JSON or CSV, delete)."""

from datetime import UTC, date, datetime

import pandas as pd
import streamlit as st

from app_pages.frame import database, escape_markdown, now, require_user, t
from app_pages.roster_labels import (
    LEVEL_NAMES,
    countries_by_name,
    country_label,
    day_text,
    domain_label,
    domains_text,
    language_label,
    languages_by_name,
    proposal_label,
    show_roster_error,
    state_label,
    text_block,
)
from app_pages.roster_widgets import act as run_action
from app_pages.roster_widgets import show_flash
from roster.model import CONSENT_VERSION, DOMAINS, REMIND_BEFORE, Gender, Notice
from services import roster
from services.errors import ServiceError

user = require_user()
st.title(t("roster.expert.title"))
FLASH = "roster_expert_flash"
show_flash(FLASH)

try:
    with database().reading() as session:
        profile = roster.my_profile(session, user.id, now())
        proposals = roster.my_proposals(session, user.id) if profile else []
except ServiceError as error:
    show_roster_error(error)
    st.stop()


def act(action, flash_text: str) -> None:
    run_action(action, FLASH, flash_text)


# --- where the profile stands --------------------------------------------------------------------------
if profile is None:
    st.info(t("roster.expert.first_time"))
else:
    with st.container(border=True, key="roster_status"):
        cols = st.columns(3)
        cols[0].metric(t("roster.expert.vetting"), t(f"roster.vetting.{profile.vetting.value}"))
        cols[1].metric(
            t("roster.expert.listing"),
            t("roster.expert.listed") if profile.consent_current else t("roster.expert.not_listed"),
        )
        cols[2].metric(t("roster.expert.confirmed_until"), day_text(profile.confirm_by.date()))
        if not profile.confirmed:
            st.warning(t("roster.expert.unconfirmed"))
        elif profile.confirm_by - now() < REMIND_BEFORE:
            st.warning(t("roster.expert.confirm_soon", date=day_text(profile.confirm_by.date())))
        if st.button(t("roster.expert.confirm"), key="roster_confirm", icon=":material/task_alt:"):
            act(lambda s: roster.confirm_my_profile(s, user.id, now()), "roster.expert.confirmed")

# --- the profile ---------------------------------------------------------------------------------------
fields = profile.fields if profile else None
st.subheader(t("roster.expert.profile"), anchor=False)
st.caption(t("roster.expert.profile.help"))
form: dict = {}
form["full_name"] = st.text_input(
    t("roster.field.full_name"),
    value=fields.full_name if fields else user.display_name,
    key="roster_p_full_name",
)
countries = countries_by_name()
form["nationality"] = st.selectbox(
    t("roster.field.nationality"),
    countries,
    index=countries.index(fields.nationality) if fields else None,
    format_func=country_label,
    placeholder=t("common.choose"),
    key="roster_p_nationality",
)
genders = [g.value for g in Gender]
form["gender"] = st.selectbox(
    t("roster.field.gender"),
    genders,
    index=genders.index(fields.gender.value) if fields else 0,
    format_func=lambda g: t(f"roster.gender.{g}"),
    help=t("roster.expert.gender.help"),
    key="roster_p_gender",
)
known = {skill.code: skill for skill in fields.languages} if fields else {}
chosen_languages = st.multiselect(
    t("roster.field.languages"),
    languages_by_name(),
    default=[code for code in languages_by_name() if code in known] or None,
    format_func=language_label,
    placeholder=t("common.choose"),
    key="roster_p_languages",
)
form["languages"] = []
for code in chosen_languages:
    speak_col, write_col = st.columns(2)
    skill = known.get(code)
    form["languages"].append(
        {
            "code": code,
            "speaking": speak_col.selectbox(
                t("roster.expert.speaking", language=language_label(code)),
                LEVEL_NAMES,
                index=LEVEL_NAMES.index(skill.speaking.name) if skill else 3,
                key=f"roster_p_speak_{code}",
            ),
            "writing": write_col.selectbox(
                t("roster.expert.writing", language=language_label(code)),
                LEVEL_NAMES,
                index=LEVEL_NAMES.index(skill.writing.name) if skill else 3,
                key=f"roster_p_write_{code}",
            ),
        }
    )
form["domains"] = st.multiselect(
    t("roster.field.domains"),
    [d.value for d in DOMAINS],
    default=[d.value for d in fields.domains] if fields else None,
    format_func=domain_label,
    placeholder=t("common.choose"),
    key="roster_p_domains",
)
form["years"] = st.number_input(
    t("roster.field.years"), 0, 60, fields.years if fields else 0, key="roster_p_years"
)


def _rows(frame: pd.DataFrame) -> list[dict]:
    rows = []
    for record in frame.to_dict("records"):
        clean = {}
        for name, value in record.items():
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                value = None
            elif isinstance(value, pd.Timestamp | datetime):
                value = value.date()
            clean[name] = value
        if any(v not in (None, "") for v in clean.values()):
            rows.append(clean)
    return rows


st.markdown(f"**{t('roster.field.missions')}**")
missions = pd.DataFrame(
    [
        {"organisation": m.organisation, "country": m.country, "role": m.role, "start": m.start, "end": m.end}
        for m in (fields.missions if fields else ())
    ],
    columns=["organisation", "country", "role", "start", "end"],
)
edited_missions = st.data_editor(
    missions.astype({"start": "object", "end": "object"}),
    num_rows="dynamic",
    hide_index=True,
    column_config={
        "organisation": st.column_config.TextColumn(t("roster.expert.organisation"), max_chars=120),
        "country": st.column_config.SelectboxColumn(t("roster.field.country"), options=countries),
        "role": st.column_config.TextColumn(t("roster.expert.role"), max_chars=120),
        "start": st.column_config.DateColumn(t("roster.expert.from")),
        "end": st.column_config.DateColumn(t("roster.expert.until")),
    },
    key="roster_p_missions",
)
form["missions"] = _rows(edited_missions)
st.markdown(f"**{t('roster.field.trainings')}**")
trainings = pd.DataFrame(
    [
        {"title": tr.title, "provider": tr.provider, "year": tr.year}
        for tr in (fields.trainings if fields else ())
    ],
    columns=["title", "provider", "year"],
)
edited_trainings = st.data_editor(
    trainings,
    num_rows="dynamic",
    hide_index=True,
    column_config={
        "title": st.column_config.TextColumn(t("roster.expert.training_title"), max_chars=120),
        "provider": st.column_config.TextColumn(t("roster.expert.provider"), max_chars=120),
        "year": st.column_config.NumberColumn(
            t("roster.expert.year"), min_value=1960, max_value=2100, step=1
        ),
    },
    key="roster_p_trainings",
)
form["trainings"] = _rows(edited_trainings)

availability = fields.availability if fields else None
from_col, until_col = st.columns(2)
form["available_from"] = from_col.date_input(
    t("roster.field.available_from"),
    value=availability.start if availability else None,
    min_value=date(2000, 1, 1),
    key="roster_p_from",
)
form["available_until"] = until_col.date_input(
    t("roster.field.available_until"),
    value=availability.until if availability else None,
    min_value=date(2000, 1, 1),
    key="roster_p_until",
)
notices = [n.value for n in Notice]
form["notice"] = st.segmented_control(
    t("roster.field.notice"),
    notices,
    default=availability.notice.value if availability else Notice.D30.value,
    format_func=lambda n: t(f"roster.notice.{n}"),
    required=True,
    key="roster_p_notice",
)
form["remote"] = st.checkbox(
    t("roster.field.remote"), value=availability.remote if availability else False, key="roster_p_remote"
)
st.markdown(f"**{t('roster.expert.private')}**")
st.caption(t("roster.expert.private.help"))
form["employer"] = st.text_input(
    t("roster.field.employer"), value=fields.employer if fields else "", key="roster_p_employer"
)
form["employer_release_needed"] = st.checkbox(
    t("roster.field.employer_release_needed"),
    value=fields.employer_release_needed if fields else False,
    key="roster_p_release",
)
form["email"] = st.text_input(
    t("roster.field.email"), value=fields.email if fields else "", key="roster_p_email"
)
form["phone"] = st.text_input(
    t("roster.field.phone"), value=fields.phone if fields else "", key="roster_p_phone"
)
if st.button(t("roster.expert.save"), key="roster_p_save", type="primary", icon=":material/save:"):
    act(lambda s: roster.save_my_profile(s, user.id, form, now()), "roster.expert.saved")

if profile is None:
    st.stop()

# --- consent to listing --------------------------------------------------------------------------------
st.subheader(t("roster.expert.consent"), anchor=False)
with st.container(border=True, key="roster_consent_box"):
    st.markdown(t("roster.consent.text"))
    st.caption(t("roster.expert.consent.version", version=CONSENT_VERSION))
    if profile.consent_current:
        st.success(t("roster.expert.consent.given", date=day_text(profile.consent.given_at.date())))
        if st.button(t("roster.expert.consent.withdraw"), key="roster_withdraw"):
            act(lambda s: roster.withdraw_consent(s, user.id, now()), "roster.expert.consent.withdrawn")
    else:
        agreed = st.checkbox(t("roster.expert.consent.agree"), key="roster_consent_agree")
        if st.button(
            t("roster.expert.consent.give"), key="roster_consent", type="primary", disabled=not agreed
        ):
            act(
                lambda s: roster.give_consent(s, user.id, CONSENT_VERSION, now()),
                "roster.expert.consent.thanks",
            )

# --- requests the expert is proposed for ---------------------------------------------------------------
st.subheader(t("roster.expert.proposals"), anchor=False)
if not proposals:
    st.caption(t("roster.expert.proposals.none"))
for offer in proposals:
    with st.container(border=True, key=f"roster_offer_{offer.id}"):
        st.markdown(f"**#{offer.request_id} · {escape_markdown(offer.institution)}**")
        st.text(f"{offer.place}, {country_label(offer.country)}")
        st.caption(
            t(
                "roster.expert.offer.line",
                start=day_text(offer.start),
                days=offer.length_days,
                domains=domains_text(offer.domains),
                state=proposal_label(offer.state),
                request_state=state_label(offer.request_state),
            )
        )
        st.caption(
            ", ".join(
                t("roster.need", language=language_label(n.code), level=n.level.name) for n in offer.languages
            )
            + " · "
            + t(f"roster.security.{offer.security.value}")
            + (" · " + t("roster.field.remote") if offer.remote else "")
        )
        with st.expander(t("roster.field.need")):
            text_block(offer.need)
            st.markdown(f"**{t('roster.field.mandate')}**")
            text_block(offer.mandate)
            if offer.terms_text:
                st.markdown(f"**{t('roster.field.terms_text')}**")
                text_block(offer.terms_text)
        if offer.terms_filename:
            db = database()

            def _terms(request_id=offer.request_id, db=db):
                with db.reading() as session:
                    return roster.terms_file(session, user.id, request_id)[1]

            st.download_button(
                t("roster.terms.download"), _terms, offer.terms_filename, key=f"roster_terms_{offer.id}",
                icon=":material/download:",
            )  # fmt: skip
        buttons = st.columns(max(1, len(offer.moves)))
        for column, target in zip(buttons, offer.moves, strict=False):
            if column.button(
                t(f"roster.expert.answer.{target.value}"), key=f"roster_answer_{offer.id}_{target.value}"
            ):
                act(
                    lambda s, o=offer, target=target: roster.move_proposal(
                        s, user.id, o.id, target, o.state, now()
                    ),
                    "roster.expert.answered",
                )

# --- my data --------------------------------------------------------------------------------------------
st.subheader(t("roster.expert.data"), anchor=False)
st.caption(t("roster.expert.data.help"))
db = database()


def _export(fmt: str, db=db) -> bytes:
    with db.transaction() as session:
        return roster.export_my_data(session, user.id, fmt, datetime.now(UTC))


json_col, csv_col = st.columns(2)
json_col.download_button(
    t("roster.expert.export.json"), lambda: _export("json"), "my-expert-data.json", "application/json",
    key="roster_export_json", icon=":material/download:",
)  # fmt: skip
csv_col.download_button(
    t("roster.expert.export.csv"), lambda: _export("csv"), "my-expert-data.csv", "text/csv",
    key="roster_export_csv", icon=":material/download:",
)  # fmt: skip
with st.expander(t("roster.expert.delete"), icon=":material/delete:"):
    st.warning(t("roster.expert.delete.warning"))
    sure = st.checkbox(t("roster.expert.delete.sure"), key="roster_delete_sure")
    if st.button(t("roster.expert.delete.button"), key="roster_delete", disabled=not sure):
        act(lambda s: roster.delete_my_data(s, user.id, now()), "roster.expert.deleted")
