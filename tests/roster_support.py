"""Builders for the roster tests: people with their grants, profile and request forms, experts listed and
vetted, requests brought to a given state through the services."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from access.roles import Grant, Role
from progress.db import Database
from roster.model import CONSENT_VERSION
from roster.workflow import RequestState
from services import accounts, roster
from tests.helpers import make_user

# Hidden fields carry these markers, so a test can look for them in anything a page or an export shows.
CANARY_EMPLOYER = "Canary Employer Ltd"
CANARY_EMAIL_DOMAIN = "canary.example.org"
CANARY_PHONE = "+999 000 111"


def grant(db: Database, admin, user, *grants: Grant, now: datetime | None = None) -> None:
    with db.transaction() as session:
        for one in grants:
            accounts.set_grant(session, admin.id, user.id, one, True, now)


def make_people(db: Database, now: datetime) -> dict:
    """An admin, two roster managers, two partners, three would-be experts and an outsider."""
    people = {"admin": make_user(db, "admin", now, Role.ADMIN, "Admin")}
    for name, grants in (
        ("manager", (Grant.ROSTER_MANAGER,)),
        ("manager2", (Grant.ROSTER_MANAGER,)),
        ("partner", (Grant.PARTNER,)),
        ("partner2", (Grant.PARTNER,)),
        ("awa", (Grant.EXPERT,)),
        ("kofi", (Grant.EXPERT,)),
        ("lucia", (Grant.EXPERT,)),
        ("outsider", ()),
    ):
        people[name] = make_user(db, name, now, name=name.title())
        grant(db, people["admin"], people[name], *grants, now=now)
    return people


def profile_form(name: str = "Awa Traoré", **changes) -> dict:
    local = name.split()[0].lower()
    form = {
        "full_name": name,
        "nationality": "SN",
        "gender": "woman",
        "languages": [
            {"code": "fr", "speaking": "C2", "writing": "C1"},
            {"code": "en", "speaking": "B2", "writing": "B2"},
        ],
        "domains": ["mediation", "elections"],
        "years": 12,
        "missions": [{"organisation": "MINUSMA", "country": "ML", "role": "Political affairs officer",
                      "start": "2016-03-01", "end": "2019-06-30"}],
        "trainings": [{"title": "Cours de médiation", "provider": "EMP Bamako", "year": 2018}],
        "available_from": None,
        "available_until": None,
        "notice": "7d",
        "remote": True,
        "employer": CANARY_EMPLOYER,
        "employer_release_needed": True,
        "email": f"{local}@{CANARY_EMAIL_DOMAIN}",
        "phone": CANARY_PHONE,
    }  # fmt: skip
    form.update(changes)
    return form


def request_form(now: datetime, **changes) -> dict:
    form = {
        "institution": "Mission d'appui au dialogue",
        "contact": "Jean Dupont, section politique",
        "contact_email": "jean@partner.example.org",
        "mandate": "Résolution 2100 (2013) du Conseil de sécurité",
        "need": "Un médiateur pour les comités de dialogue locaux",
        "reason": "Élections locales dans six mois",
        "terms_text": "Termes de référence : appuyer les comités.",
        "domains": ["mediation"],
        "languages": [{"code": "fr", "level": "C1"}],
        "place": "Gao",
        "country": "ML",
        "start": (now + timedelta(days=40)).date(),
        "length_days": 90,
        "remote": False,
        "security": "substantial",
        "funding": "Bailleur bilatéral",
    }
    form.update(changes)
    return form


def listed_expert(db: Database, people: dict, who: str, now: datetime, *, vet: bool = True, **changes) -> int:
    """``who``'s profile saved, consented and (unless ``vet=False``) vetted; returns its id."""
    user = people[who]
    with db.transaction() as session:
        view = roster.save_my_profile(
            session, user.id, profile_form(user.display_name + " Exemple", **changes), now
        )
        roster.give_consent(session, user.id, CONSENT_VERSION, now)
        if vet:
            roster.set_vetting(session, people["manager"].id, view.id, "vetted", now)
    return view.id


PATH = [
    (RequestState.DRAFT, RequestState.SUBMITTED, "partner", ""),
    (RequestState.SUBMITTED, RequestState.UNDER_REVIEW, "manager", ""),
    (RequestState.UNDER_REVIEW, RequestState.SEARCH, "manager", ""),
]


def request_in_search(db: Database, people: dict, now: datetime, **changes) -> int:
    with db.transaction() as session:
        request = roster.create_request(session, people["partner"].id, request_form(now, **changes), now)
    for source, target, who, reason in PATH:
        with db.transaction() as session:
            roster.move_request(session, people[who].id, request.id, target, source, now, reason)
    return request.id


def sent_shortlist(db: Database, people: dict, now: datetime, experts: list[int], **changes) -> int:
    """A request in search with ``experts`` proposed, its shortlist sent to the partner."""
    request_id = request_in_search(db, people, now, **changes)
    with db.transaction() as session:
        for expert_id in experts:
            roster.propose_expert(session, people["manager"].id, request_id, expert_id, now)
        roster.move_request(
            session, people["manager"].id, request_id, RequestState.SHORTLIST_SENT, RequestState.SEARCH, now
        )
    return request_id


def day(text: str) -> date:
    return date.fromisoformat(text)
