"""Demo data for the expert roster (``make seed`` runs it after the course demo): clearly fictitious experts
— every name ends « (fictif) », addresses at example.org, employers « Employeur fictif » — a partner, a
roster manager, and one request in every state of the workflow, each brought there through the services
(so the audit and the notifications are what real use would leave).

Experts are loaded in bulk (their matching vectors computed as a save would); most are listed, vetted
and confirmed, some wait for vetting, some have not confirmed for seven months, a few never consented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select

from access.roles import Grant, Role
from progress.db import Database
from progress.models import RosterExpert, User, UserGrant
from roster.model import (
    CONSENT_VERSION,
    DOMAINS,
    Availability,
    Gender,
    LanguageSkill,
    Level,
    Mission,
    Notice,
    ProfileFields,
    Training,
    Vetting,
)
from roster.workflow import ProposalState, RequestState
from services import roster
from services.passwords import hash_password

DEMO_PASSWORD = "parlez-demo"  # noqa: S105 - documented demo password, demo data only
FIRST = (
    "Awa Kofi Aminata Luc Mariam Ibrahima Chantal Moussa Nadia Serge Fatou Joël Aïcha Didier Rokia".split()
)
LAST = "Diallo Mensah Traoré Kaboré Ndiaye Mbida Koné Dossou Sylla Nkurunziza Rakoto Bamba Sow Obame".split()
NATIONALITIES = (
    "SN",
    "ML",
    "BF",
    "CI",
    "CM",
    "NE",
    "BJ",
    "TG",
    "GN",
    "CD",
    "MG",
    "BE",
    "CA",
    "FR",
    "CH",
    "TN",
    "HT",
)
OTHER_LANGUAGES = ("en", "ar", "es", "pt", "wo", "bm", "ff", "ha", "ln", "sw", "mg", "rw")
ORGANISATIONS = ("MINUSMA", "MONUSCO", "MINUSCA", "ONUCI", "MINUJUSTH", "UA", "CEDEAO", "UE EUTM", "OIF")
TRAININGS = (
    ("Cours de protection des civils", "EMP Bamako"),
    ("Médiation et dialogue", "École de maintien de la paix"),
    ("Réforme du secteur de la sécurité", "Centre de formation fictif"),
    ("Observation électorale", "Institut fictif"),
)
PLACES = (
    ("Gao", "ML"),
    ("Bangui", "CF"),
    ("Goma", "CD"),
    ("Niamey", "NE"),
    ("Port-au-Prince", "HT"),
    ("Tunis", "TN"),
)


@dataclass
class RosterSeedReport:
    experts: int = 0
    requests: int = 0
    proposals: int = 0
    states: dict[str, int] = field(default_factory=dict)


def demo_profile(rng: random.Random, index: int, today: date) -> ProfileFields:
    """One fictitious expert, varied but plausible."""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)} (fictif)"
    french = rng.choices((Level.B2, Level.C1, Level.C2), weights=(2, 4, 4))[0]
    languages = [LanguageSkill("fr", french, Level(max(3, french - rng.randint(0, 1))))]
    for code in rng.sample(OTHER_LANGUAGES, rng.randint(0, 2)):
        languages.append(LanguageSkill(code, Level(rng.randint(2, 6)), Level(rng.randint(1, 5))))
    years = rng.randint(2, 30)
    missions = []
    for _ in range(rng.randint(0, 3)):
        start = today - timedelta(days=rng.randint(400, 6000))
        missions.append(
            Mission(rng.choice(ORGANISATIONS), rng.choice(NATIONALITIES[:10]), "Conseiller (fictif)", start,
                    start + timedelta(days=rng.randint(90, 700)))
        )  # fmt: skip
    trainings = [
        Training(title, provider, rng.randint(2005, today.year))
        for title, provider in rng.sample(TRAININGS, 2)
    ]
    available_from = None if rng.random() < 0.6 else today + timedelta(days=rng.randint(0, 120))
    available_until = None if rng.random() < 0.7 else today + timedelta(days=rng.randint(150, 500))
    return ProfileFields(
        full_name=name,
        nationality=rng.choice(NATIONALITIES),
        gender=rng.choices(list(Gender), weights=(2, 4, 4, 1))[0],
        languages=tuple(languages),
        domains=tuple(sorted(rng.sample(DOMAINS, rng.randint(1, 3)), key=DOMAINS.index)),
        years=years,
        missions=tuple(missions),
        trainings=tuple(trainings),
        availability=Availability(
            available_from, available_until, rng.choice(list(Notice)), rng.random() < 0.5
        ),
        employer=f"Employeur fictif {index}",
        employer_release_needed=rng.random() < 0.4,
        email=f"expert-{index}@example.org",
        phone=f"+000 00 00 {index:04d}",
    )


def _user(username: str, name: str, password_hash: str, now: datetime, locale: str = "fr") -> dict:
    return {
        "username": username, "username_key": username, "display_name": name, "password_hash": password_hash,
        "role": Role.LEARNER.value, "locale": locale, "is_active": True, "created_at": now,
    }  # fmt: skip


def seed_experts(
    session, rng: random.Random, count: int, now: datetime, password_hash: str, prefix: str = "demo"
) -> list[int]:
    """``count`` expert accounts with their profiles, in bulk; returns the profile ids."""
    if count <= 0:
        return []
    users = [
        _user(
            f"{prefix}-expert-{i}", f"Expert {i} (fictif)", password_hash, now, rng.choice(("fr", "en", "es"))
        )
        for i in range(1, count + 1)
    ]
    session.execute(insert(User), users)
    ids = dict(
        session.execute(select(User.username, User.id).where(User.username.like(f"{prefix}-expert-%"))).all()
    )
    user_ids = [ids[u["username"]] for u in users]
    session.execute(
        insert(UserGrant),
        [
            {"user_id": uid, "grant": Grant.EXPERT.value, "granted_by": None, "granted_at": now}
            for uid in user_ids
        ],
    )
    rows = []
    for index, user_id in enumerate(user_ids, start=1):
        fate = rng.random()
        confirmed = now - timedelta(days=rng.randint(0, 150))
        vetting, listed = Vetting.VETTED.value, True
        if fate < 0.08:
            vetting = Vetting.PENDING.value
        elif fate < 0.16:
            confirmed = now - timedelta(days=rng.randint(200, 260))  # not confirmed for seven months or more
        elif fate < 0.20:
            listed = False
        rows.append(
            {
                **roster.profile_columns(demo_profile(rng, index, now.date())),
                "user_id": user_id, "vetting": vetting, "vetted_at": now if vetting == "vetted" else None,
                "listed": listed, "consent_version": CONSENT_VERSION if listed else None,
                "consent_at": confirmed if listed else None, "last_confirmed_at": confirmed,
                "created_at": confirmed, "updated_at": confirmed,
            }
        )  # fmt: skip
    session.execute(insert(RosterExpert), rows)
    return list(session.scalars(select(RosterExpert.id).where(RosterExpert.user_id.in_(user_ids))))


def _request_form(rng: random.Random, number: int, now: datetime) -> dict:
    place, country = PLACES[number % len(PLACES)]
    domains = sorted({DOMAINS[number % len(DOMAINS)], rng.choice(DOMAINS)}, key=DOMAINS.index)
    return {
        "institution": f"Institution partenaire fictive {number}",
        "contact": "Point focal (fictif)",
        "contact_email": "",
        "mandate": "Mandat fictif pour la démonstration.",
        "need": f"Un expert pour appuyer la mission à {place} (demande fictive).",
        "reason": "Démonstration du fichier d'experts.",
        "terms_text": "Termes de référence fictifs.",
        "domains": [d.value for d in domains],
        "languages": [{"code": "fr", "level": rng.choice(("B2", "C1"))}],
        "place": place,
        "country": country,
        "start": (now + timedelta(days=rng.randint(20, 120))).date(),
        "length_days": rng.choice((30, 90, 180)),
        "remote": rng.random() < 0.3,
        "security": rng.choice(("low", "moderate", "substantial")),
        "funding": "Financement fictif",
    }


S, PS = RequestState, ProposalState
# The canonical path, step by step: (kind, …). Side exits are below.
_PATH = (
    ("move", S.DRAFT, S.SUBMITTED, "partner", ""),
    ("move", S.SUBMITTED, S.UNDER_REVIEW, "manager", ""),
    ("move", S.UNDER_REVIEW, S.SEARCH, "manager", ""),
    ("propose", 3),
    ("move", S.SEARCH, S.SHORTLIST_SENT, "manager", ""),
    ("answer", 0, PS.PROPOSED, PS.INTERESTED),
    ("answer", 1, PS.PROPOSED, PS.DECLINED),
    ("move", S.SHORTLIST_SENT, S.PROFILES_SHARED, "manager", ""),
    ("move", S.PROFILES_SHARED, S.INTERVIEWS, "partner", ""),
    ("proposal", 0, PS.INTERESTED, PS.RETAINED, "partner"),
    ("move", S.INTERVIEWS, S.SELECTED, "partner", ""),
    ("proposal", 0, PS.RETAINED, PS.RELEASED, "manager"),
    ("move", S.SELECTED, S.RELEASED, "manager", ""),
    ("move", S.RELEASED, S.DEPLOYED, "manager", ""),
    ("move", S.DEPLOYED, S.CLOSED, "partner", "Mission fictive menée à bien ; expert très apprécié."),
)
_SIDE_EXITS = {
    S.INFO_REQUESTED: (
        2,
        ("move", S.UNDER_REVIEW, S.INFO_REQUESTED, "manager", "Précisez le mandat (demo)."),
    ),
    S.REFUSED: (2, ("move", S.UNDER_REVIEW, S.REFUSED, "manager", "Hors du champ du fichier (demo).")),
    S.CANCELLED: (1, ("move", S.SUBMITTED, S.CANCELLED, "partner", "Besoin couvert autrement (demo).")),
}


def _drive(db: Database, people: dict[str, int], request_id: int, target: RequestState, now: datetime) -> int:
    """Bring a draft request to ``target`` through the services; returns the proposals made."""
    steps = list(_PATH)
    if target in _SIDE_EXITS:
        keep, exit_step = _SIDE_EXITS[target]
        steps = [*steps[:keep], exit_step]
    proposals: list = []
    state = S.DRAFT
    for step in steps:
        if state is target:
            break
        with db.transaction() as session:
            if step[0] == "move":
                _, source, goal, who, reason = step
                roster.move_request(session, people[who], request_id, goal, source, now, reason)
                state = goal
            elif step[0] == "propose":
                found = roster.match_experts(session, people["manager"], request_id, now, limit=step[1])
                for row in found.rows:
                    roster.propose_expert(session, people["manager"], request_id, row.match.expert_id, now)
                proposals = roster.proposals_for(session, people["manager"], request_id)
            elif step[0] in ("answer", "proposal") and step[1] >= len(proposals):
                continue  # too few experts matched for this step
            elif step[0] == "answer":
                _, index, source, goal = step
                proposal = proposals[index]
                user_id = session.scalar(
                    select(RosterExpert.user_id).where(RosterExpert.id == proposal.expert_id)
                )
                roster.move_proposal(session, user_id, proposal.id, goal, source, now)
            else:
                _, index, source, goal, who = step
                roster.move_proposal(session, people[who], proposals[index].id, goal, source, now)
    return len(proposals)


def seed_roster(
    db: Database,
    *,
    experts: int = 60,
    now: datetime | None = None,
    rng_seed: int = 12,
    prefix: str = "demo",
    requests: bool = True,
) -> RosterSeedReport:
    """Fictitious experts, a partner (``<prefix>-partner``), a roster manager (``<prefix>-roster-manager``)
    and, with ``requests``, one request in every state. A second run with the same prefix is refused."""
    rng = random.Random(rng_seed)
    now = now or datetime.now(UTC)
    report = RosterSeedReport()
    password_hash = hash_password(DEMO_PASSWORD)
    with db.transaction() as session:
        if session.scalar(select(User.id).where(User.username_key == f"{prefix}-roster-manager")) is not None:
            raise SystemExit(f"roster demo data with prefix {prefix!r} is already there")
        session.execute(
            insert(User),
            [
                _user(f"{prefix}-partner", "Partenaire de démonstration (fictif)", password_hash, now),
                _user(
                    f"{prefix}-roster-manager", "Gestionnaire de démonstration (fictif)", password_hash, now
                ),
            ],
        )
        people = dict(
            session.execute(
                select(User.username, User.id).where(
                    User.username.in_([f"{prefix}-partner", f"{prefix}-roster-manager"])
                )
            ).all()
        )
        people = {"partner": people[f"{prefix}-partner"], "manager": people[f"{prefix}-roster-manager"]}
        grants = ((people["partner"], Grant.PARTNER), (people["manager"], Grant.ROSTER_MANAGER))
        session.execute(
            insert(UserGrant),
            [{"user_id": uid, "grant": g.value, "granted_by": None, "granted_at": now} for uid, g in grants],
        )
        report.experts = len(seed_experts(session, rng, experts, now, password_hash, prefix))
    if requests:
        for number, target in enumerate(RequestState, start=1):
            with db.transaction() as session:
                created = roster.create_request(
                    session, people["partner"], _request_form(rng, number, now), now
                )
            report.proposals += _drive(db, people, created.id, target, now)
            report.requests += 1
            report.states[target.value] = report.states.get(target.value, 0) + 1
    return report
