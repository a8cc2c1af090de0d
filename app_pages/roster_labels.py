"""How the roster's values are named on screen, in the interface language, and its refusals shown.

Every label is an interface text (``roster.<kind>.<value>``); country names come from pycountry's
translations. Nothing here decides anything: it only names what the services return.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from datetime import date
from functools import cache

import streamlit as st

from app_pages.certificate import format_date
from app_pages.frame import escape_markdown, lang, t
from roster.model import LANGUAGE_CODES, Domain, LanguageSkill, Level
from roster.workflow import ProposalState, RequestState
from services.errors import ServiceError
from text.normalise import fold_accents

_STATE_PARAMS = ("source", "target", "state")


def state_label(state: RequestState | str) -> str:
    return t(f"roster.state.{RequestState(state).value}")


def proposal_label(state: ProposalState | str) -> str:
    return t(f"roster.proposal.{ProposalState(state).value}")


def domain_label(domain: Domain | str) -> str:
    return t(f"roster.domain.{Domain(domain).value}")


def domains_text(domains: Iterable[Domain | str]) -> str:
    return ", ".join(domain_label(d) for d in domains)


def language_label(code: str) -> str:
    return t(f"roster.language.{code}")


def languages_by_name() -> list[str]:
    return sorted(LANGUAGE_CODES, key=lambda code: fold_accents(language_label(code)).casefold())


def skill_text(skill: LanguageSkill) -> str:
    return t(
        "roster.skill",
        language=language_label(skill.code),
        speaking=skill.speaking.name,
        writing=skill.writing.name,
    )


LEVEL_NAMES: list[str] = [level.name for level in Level]


def level_name(level: int) -> str:
    """« B2 » for 4; « — » for 0 (the language is not spoken)."""
    return Level(level).name if level else "—"


@cache
def _country_names(language: str) -> dict[str, str]:
    import pycountry

    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
    return {country.alpha_2: translation.gettext(country.name) for country in pycountry.countries}


def country_label(code: str) -> str:
    return _country_names(lang()).get(code, code)


def countries_by_name() -> list[str]:
    names = _country_names(lang())
    return sorted(names, key=lambda code: fold_accents(names[code]).casefold())


def day_text(value: date | None) -> str:
    return format_date(value, lang()) if value else "—"


def _param_label(name: str, value: object) -> object:
    if name == "field":
        return t(f"roster.field.{value}")
    if name in _STATE_PARAMS and isinstance(value, str) and value:
        for enum, label in ((RequestState, state_label), (ProposalState, proposal_label)):
            if value in enum._value2member_map_:
                return label(value)
    return value


def show_roster_error(error: ServiceError) -> None:
    """A refusal in the user's language, with field names and states named, not coded."""
    params = {name: _param_label(name, value) for name, value in error.params.items()}
    st.error(t(error.key, **params))


def text_block(text: str) -> None:
    """Text a user wrote, shown as text (several lines kept), never as Markdown or HTML."""
    st.markdown("  \n".join(escape_markdown(line) for line in text.split("\n")) or "—")
