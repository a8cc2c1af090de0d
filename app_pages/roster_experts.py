"""Roster managers: every expert profile with the flags to act on (vetting, consent, confirmation), a
full profile on demand (audited), and the vetting decision."""

import streamlit as st

from app_pages.frame import database, now, require_user, t
from app_pages.roster_labels import country_label, day_text, domains_text, show_roster_error, skill_text
from app_pages.roster_widgets import act, full_profile, show_flash
from roster.model import Vetting
from services import roster
from services.errors import ServiceError

FLASH = "roster_experts_flash"
user = require_user()
st.title(t("roster.experts.title"))
show_flash(FLASH)

vetting = st.segmented_control(
    t("roster.experts.filter"),
    [v.value for v in Vetting],
    format_func=lambda v: t(f"roster.vetting.{v}"),
    key="roster_experts_vetting",
)
try:
    with database().reading() as session:
        experts = roster.list_experts(session, user.id, now(), vetting=vetting)
except ServiceError as error:
    show_roster_error(error)
    st.stop()
if not experts:
    st.info(t("roster.experts.none"))
    st.stop()

st.dataframe(
    {
        t("roster.field.full_name"): [e.full_name for e in experts],
        t("roster.field.nationality"): [country_label(e.nationality) for e in experts],
        t("roster.field.domains"): [domains_text(e.domains) for e in experts],
        t("roster.field.languages"): [", ".join(skill_text(s) for s in e.languages) for e in experts],
        t("roster.field.years"): [e.years for e in experts],
        t("roster.experts.vetting"): [t(f"roster.vetting.{e.vetting.value}") for e in experts],
        t("roster.experts.listed"): [e.consent_current for e in experts],
        t("roster.experts.confirmed"): [
            day_text(e.last_confirmed_at.date()) if e.confirmed else t("roster.experts.unconfirmed")
            for e in experts
        ],
    },
    hide_index=True,
    key="roster_experts_table",
)

by_id = {e.id: e for e in experts}
chosen = st.selectbox(
    t("roster.experts.choose"),
    list(by_id),
    format_func=lambda eid: by_id[eid].full_name,
    key="roster_experts_choice",
)
expert = by_id[chosen]
with st.container(border=True, key="roster_expert_actions"):
    if not expert.confirmed:
        st.warning(t("roster.experts.flag_unconfirmed"))
    statuses = [v.value for v in Vetting]
    status = st.selectbox(
        t("roster.experts.vetting"),
        statuses,
        index=statuses.index(expert.vetting.value),
        format_func=lambda v: t(f"roster.vetting.{v}"),
        key=f"roster_experts_status_{expert.id}",
    )
    left, right = st.columns(2)
    if left.button(t("roster.experts.save_vetting"), key="roster_experts_save", type="primary"):
        act(lambda s: roster.set_vetting(s, user.id, expert.id, status, now()), FLASH, "roster.experts.saved")
    # shown in the run of the click only: every view of a full profile is audited
    if right.button(t("roster.shortlist.open"), key="roster_experts_open", icon=":material/person:"):
        try:
            with database().transaction() as session:
                profile = roster.view_expert_profile(session, user.id, expert.id, now())
        except ServiceError as error:
            show_roster_error(error)
        else:
            full_profile(profile)
