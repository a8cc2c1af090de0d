"""Fill a database with realistic demo data: ``python -m commands.seed`` (``make seed``).

Creates an instructor per group, learners with months of history — lessons opened and done, exercise
answers, drill reviews with FSRS cards, quiz attempts, daily activity — groups with assignments. Every demo
account has the password ``parlez-demo`` (printed at the end); use it on a demo machine only.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from config import settings
from directory.loader import load_directory
from directory.model import CentreStatus
from directory.sessions import clean_session
from library.content import load_library
from progress.db import Database
from progress.migrate import upgrade_database
from progress.models import (
    ActivityDay,
    Assignment,
    Card,
    CentreManager,
    ExerciseResult,
    Group,
    GroupMember,
    LessonProgress,
    QuizAnswer,
    QuizAttempt,
    ReviewLog,
    Role,
    User,
    UserGrant,
)
from services.directory import session_row
from services.passwords import hash_password

DEMO_PASSWORD = "parlez-demo"  # noqa: S105 - documented demo password, demo data only
FIRST = (
    "Awa Kofi Rahman Luis Olga Priya Nadia Samuel Chen Fatima Ivan Lucía Amadou Grace Tenzin Mariam "
    "Diego Joseph"
).split()
LAST = (
    "Traoré Mensah Khan Mendoza Petrenko Sharma Haddad Okello Wei Diallo Novak García Sy Wanjiru Thapa Bello "
    "Rojas Mwangi"
).split()
DIRECTIONS = ("fr>meaning", "meaning>fr", "listen")


@dataclass
class SeedReport:
    learners: int = 0
    instructors: int = 0
    groups: int = 0
    cards: int = 0
    reviews: int = 0
    attempts: int = 0
    lessons: int = 0
    sessions: int = 0


def seed(
    db: Database,
    content_dir,
    *,
    learners: int = 40,
    groups: int = 2,
    reviews_per_learner: int = 300,
    attempts_per_learner: int = 10,
    days: int = 120,
    now: datetime | None = None,
    rng_seed: int = 7,
    prefix: str = "demo",
    progress: Callable[[int, int], None] | None = None,
    directory_sessions: int = 60,
) -> SeedReport:
    """Insert demo data in bulk; returns what was made. Safe to run on a database that has other data
    (usernames carry ``prefix``; a second run with the same prefix is refused)."""
    rng = random.Random(rng_seed)
    now = now or datetime.now(UTC)
    library = load_library(content_dir)
    units = list(library.manual.units)
    items = [entry.id for entry in library.glossary.entries]
    report = SeedReport()
    password_hash = hash_password(
        DEMO_PASSWORD
    )  # one hash for every demo account: hashing is slow on purpose
    start = now - timedelta(days=days)

    with db.transaction() as session:
        if session.scalar(select(User.id).where(User.username_key == f"{prefix}-instructor-1")) is not None:
            raise SystemExit(f"demo data with prefix {prefix!r} is already there")
        instructors = []
        for index in range(1, groups + 1):
            instructor = User(
                username=f"{prefix}-instructor-{index}",
                username_key=f"{prefix}-instructor-{index}",
                display_name=f"Capitaine {LAST[index % len(LAST)]}",
                password_hash=password_hash,
                role=Role.INSTRUCTOR.value,
                locale="fr",
                is_active=True,
                created_at=start,
            )
            session.add(instructor)
            instructors.append(instructor)
        session.flush()
        report.instructors = len(instructors)
        group_rows = []
        for index, instructor in enumerate(instructors, start=1):
            group = Group(
                name=f"Contingent {index} — cohort {start:%Y-%m}",
                instructor_id=instructor.id,
                join_code=f"{prefix[:3].upper()}{index:05d}",
                created_at=start,
            )
            session.add(group)
            group_rows.append(group)
        session.flush()
        report.groups = len(group_rows)

        learner_rows = []
        for index in range(1, learners + 1):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            learner_rows.append(
                User(
                    username=f"{prefix}-learner-{index}",
                    username_key=f"{prefix}-learner-{index}",
                    display_name=name,
                    password_hash=password_hash,
                    role=Role.LEARNER.value,
                    locale=rng.choice(("en", "es", "fr")),
                    is_active=True,
                    created_at=start + timedelta(days=rng.randint(0, 10)),
                )
            )
        session.add_all(learner_rows)
        session.flush()
        report.learners = len(learner_rows)
        session.execute(
            insert(GroupMember),
            [
                {
                    "group_id": group_rows[i % len(group_rows)].id,
                    "user_id": learner.id,
                    "joined_at": learner.created_at,
                }
                for i, learner in enumerate(learner_rows)
            ],
        )
        assignments = []
        for group, instructor in zip(group_rows, instructors, strict=True):
            for number, unit in enumerate(units[:6]):
                due = start + timedelta(days=14 * (number + 1))
                assignments.append(
                    {
                        "group_id": group.id,
                        "created_by": instructor.id,
                        "kind": "unit",
                        "target": unit.id,
                        "params": {},
                        "due_at": due,
                        "created_at": due - timedelta(days=14),
                    }
                )
                assignments.append(
                    {
                        "group_id": group.id,
                        "created_by": instructor.id,
                        "kind": "quiz",
                        "target": f"unit:{unit.id}",
                        "params": {},
                        "due_at": due + timedelta(days=2),
                        "created_at": due - timedelta(days=14),
                    }
                )
            assignments.append(
                {
                    "group_id": group.id,
                    "created_by": instructor.id,
                    "kind": "drill",
                    "target": "drill",
                    "params": {"themes": ["ranks", "radio"], "size": 20},
                    "due_at": now + timedelta(days=5),
                    "created_at": now - timedelta(days=2),
                }
            )
        session.execute(insert(Assignment), assignments)

        for done, learner in enumerate(learner_rows, start=1):
            if progress is not None:
                progress(done, len(learner_rows))
            skill = rng.betavariate(4, 2)  # how well this learner does, 0–1
            pace = rng.uniform(0.4, 1.0)  # how far through the course they are
            report.lessons += _lessons(session, rng, learner.id, units, pace, skill, start, now)
            cards, reviews = _reviews(session, rng, learner.id, items, reviews_per_learner, skill, start, now)
            report.cards += cards
            report.reviews += reviews
            report.attempts += _attempts(
                session, rng, learner.id, units, library, attempts_per_learner, skill, start, now
            )
            _activity(session, rng, learner.id, start, now)
    report.sessions = seed_directory(db, content_dir, now, rng, directory_sessions, prefix, password_hash)
    return report


# --- the training directory's demo sessions -------------------------------------------------------------

DEMO_SOURCE = "Demo data (make seed): not a real session"
# (French, English, Spanish title), code, audiences, level, phase, themes, centre categories or tags it suits
COURSES = [
    (
        (
            "Cours de préparation au déploiement des observateurs militaires",
            "UN military observers pre-deployment course",
            "Curso de predespliegue de observadores militares de la ONU",
        ),
        "UNMO",
        ["military"],
        "specialised",
        "pre_deployment",
        "observation;négociation;sécurité",
        "military",
    ),
    (
        (
            "Officiers d'état-major des Nations Unies",
            "UN staff officers course",
            "Curso de oficiales de Estado Mayor de la ONU",
        ),
        "UNSOC",
        ["military"],
        "specialised",
        "pre_deployment",
        "planification;état-major",
        "military",
    ),
    (
        (
            "Police des Nations Unies : préparation au déploiement",
            "United Nations police pre-deployment course",
            "Policía de las Naciones Unidas: predespliegue",
        ),
        "UNPOL",
        ["police"],
        "specialised",
        "pre_deployment",
        "police;droits de l'homme",
        "police",
    ),
    (
        (
            "Unités de police constituées : maintien de l'ordre",
            "Formed police units: public order",
            "Unidades de policía constituidas: orden público",
        ),
        "FPU",
        ["police"],
        "specialised",
        "pre_deployment",
        "maintien de l'ordre;protection des civils",
        "police",
    ),
    (
        ("Protection des civils", "Protection of civilians", "Protección de civiles"),
        "POC",
        ["military", "police", "civilian"],
        "foundation",
        "pre_deployment",
        "protection des civils",
        "general",
    ),
    (
        (
            "Genre et protection contre l'exploitation et les abus sexuels",
            "Gender and protection from sexual exploitation and abuse",
            "Género y protección contra la explotación y los abusos sexuales",
        ),
        "PSEA",
        ["military", "police", "civilian"],
        "foundation",
        "ongoing",
        "genre;conduite et discipline",
        "general",
    ),
    (
        (
            "Formation de formateurs en maintien de la paix",
            "Peacekeeping training of trainers",
            "Formación de formadores en mantenimiento de la paz",
        ),
        "TOT",
        ["military", "police"],
        "trainers",
        "ongoing",
        "pédagogie;maintien de la paix",
        "military",
    ),
    (
        (
            "Déminage humanitaire et neutralisation des explosifs",
            "Humanitarian demining and explosive ordnance disposal",
            "Desminado humanitario y desactivación de explosivos",
        ),
        "EOD",
        ["military", "civilian"],
        "specialised",
        "pre_deployment",
        "déminage;munitions",
        "demining",
    ),
    (
        (
            "Désarmement, démobilisation et réintégration",
            "Disarmament, demobilisation and reintegration",
            "Desarme, desmovilización y reintegración",
        ),
        "DDR",
        ["military", "civilian"],
        "specialised",
        "ongoing",
        "DDR;réforme du secteur de la sécurité",
        "general",
    ),
    (
        ("Analyse stratégique des crises", "Strategic crisis analysis", "Análisis estratégico de crisis"),
        "ASC",
        ["military", "civilian"],
        "strategic",
        "ongoing",
        "analyse stratégique;planification",
        "strategic",
    ),
    (
        (
            "Logistique des opérations de paix",
            "Peace operations logistics",
            "Logística de las operaciones de paz",
        ),
        "LOG",
        ["military"],
        "specialised",
        "pre_deployment",
        "logistique;soutien",
        "logistics",
    ),
    (
        (
            "Français pour les opérations de paix",
            "French for peace operations",
            "Francés para operaciones de paz",
        ),
        "FLE",
        ["military", "police"],
        "foundation",
        "pre_deployment",
        "français;radio",
        "language",
    ),
]
RANK_BANDS = (
    "capitaine – lieutenant-colonel",
    "lieutenant – commandant",
    "sous-officiers",
    "commissaire – officier de police",
)
MOBILE_PLACES = ("Niamey", "Bangui", "Nouakchott", "Koulikoro", "Ouagadougou", "Libreville")
FUNDERS = ("OIF", "État hôte", "Union européenne", "Coopération bilatérale", "PNUD")


def seed_directory(
    db: Database, content_dir, now: datetime, rng: random.Random, count: int, prefix: str, password_hash: str
) -> int:
    """``count`` demo sessions (marked ``demo``, with a source that says so) at the directory's active
    centres, from about ten months ago to ten months ahead, and a demo centre manager
    (``<prefix>-centre-manager``) attached to EMPABB and EIFORCES. Returns the number of sessions."""
    found = load_directory(content_dir)
    centres = [c for c in found.centres if c.status is CentreStatus.ACTIVE]
    if not centres or count <= 0:
        return 0
    today = now.date()
    made = 0
    with db.transaction() as session:
        manager = User(
            username=f"{prefix}-centre-manager",
            username_key=f"{prefix}-centre-manager",
            display_name="Commandant Diarra",
            password_hash=password_hash,
            role=Role.LEARNER.value,
            locale="fr",
            is_active=True,
            created_at=now,
        )
        session.add(manager)
        session.flush()
        session.add(UserGrant(user_id=manager.id, grant="centre_manager", granted_at=now))
        for centre_id in ("empabb", "eiforces"):
            if found.centre(centre_id):
                session.add(CentreManager(user_id=manager.id, centre_id=centre_id, assigned_at=now))
        for number in range(count):
            title, code, audiences, level, phase, themes, suits = COURSES[number % len(COURSES)]
            fitting = [
                c for c in centres if suits in {*(x.value for x in c.categories), *(x.value for x in c.tags)}
            ]
            centre = rng.choice(fitting or centres)
            start = today + timedelta(days=rng.randint(-300, 300))
            length = rng.choice((5, 5, 10, 12, 19, 26, 40))
            end = start + timedelta(days=length - 1)
            if end < today:
                status = "cancelled" if rng.random() < 0.08 else "completed"
            elif start <= today:
                status = "running"
            elif (start - today).days < 45:
                status = rng.choice(("open", "open", "full"))
            else:
                status = rng.choice(("announced", "open"))
            delivery = rng.choices(("residence", "mobile", "online", "hybrid"), (6, 2, 1, 1))[0]
            languages = ["fr"] + (["en"] if "en" in centre.languages and rng.random() < 0.3 else [])
            raw = {
                "centre": centre.id,
                "code": f"{code} {start.year}-{number + 1}",
                "title_fr": title[0],
                "title_en": title[1],
                "title_es": title[2] if rng.random() < 0.6 else "",
                "start": start,
                "end": end,
                "delivery": delivery,
                "place": rng.choice(MOBILE_PLACES) if delivery == "mobile" else "",
                "languages": languages,
                "cefr_level": rng.choice(("A2", "B1", "B1", "B2")),
                "audiences": audiences,
                "rank_band": rng.choice(RANK_BANDS),
                "level": level,
                "phase": phase,
                "themes": themes,
                "prerequisites": "Désignation par l'autorité nationale" if rng.random() < 0.5 else "",
                "admission": rng.choice(("nomination", "nomination", "individual", "exam")),
                "deadline": start - timedelta(days=30),
                "capacity": rng.choice((20, 24, 30, 40)),
                "women_target": rng.choice((None, 20, 30)),
                "un_recognised_until": start + timedelta(days=900) if rng.random() < 0.3 else None,
                "funder": rng.choice(FUNDERS),
                "status": status,
                "contact": "",
                "link": "",
                "source": DEMO_SOURCE,
            }
            values, problems = clean_session(raw, found)
            if problems:  # a demo row the checks refuse is a bug in this list, not data to store
                raise ValueError(f"demo session refused: {problems}")
            session.add(session_row(values, None, now, demo=True))
            made += 1
    return made


def _spread(rng: random.Random, start: datetime, now: datetime) -> datetime:
    return start + timedelta(seconds=rng.randint(0, int((now - start).total_seconds())))


def _lessons(session, rng, user_id, units, pace, skill, start, now) -> int:
    reached = max(1, round(len(units) * pace))
    progress, results = [], []
    for number, unit in enumerate(units[:reached]):
        opened = start + timedelta(days=7 * number + rng.randint(0, 5))
        if opened > now:
            break
        done = number < reached - 1 or rng.random() < 0.5
        progress.append(
            {
                "user_id": user_id,
                "unit_id": unit.id,
                "last_section": "exercises",
                "started_at": opened,
                "updated_at": opened + timedelta(hours=2),
                "completed_at": opened + timedelta(hours=2) if done else None,
            }
        )
        for exercise in unit.exercises:
            correct = rng.random() < skill
            results.append(
                {
                    "user_id": user_id,
                    "unit_id": unit.id,
                    "exercise_id": exercise.id,
                    "answer": exercise.answer if correct else "…",
                    "verdict": "exact" if correct else "wrong",
                    "correct": correct,
                    "answered_at": opened + timedelta(minutes=rng.randint(5, 110)),
                }
            )
    if progress:
        session.execute(insert(LessonProgress), progress)
    if results:
        session.execute(insert(ExerciseResult), results)
    return len(progress)


def _reviews(session, rng, user_id, items, count, skill, start, now) -> tuple[int, int]:
    chosen = rng.sample(items, min(len(items), max(1, count // 4)))
    cards = []
    for item in chosen:
        last = _spread(rng, start, now)
        stability = rng.uniform(0.5, 60.0) * skill
        cards.append(
            {
                "user_id": user_id,
                "item_id": item,
                "direction": rng.choice(DIRECTIONS),
                "state": 2,
                "step": None,
                "stability": stability,
                "difficulty": rng.uniform(3, 8),
                "last_review": last,
                "due": last + timedelta(days=max(0.01, stability)),
                "reps": 4,
                "lapses": rng.randint(0, 2),
            }
        )
    session.execute(insert(Card), cards)
    ids = {
        (item, direction): card_id
        for card_id, item, direction in session.execute(
            select(Card.id, Card.item_id, Card.direction).where(Card.user_id == user_id)
        )
    }
    logs = []
    keys = list(ids)
    for _ in range(count):
        item, direction = rng.choice(keys)
        rating = rng.choices((1, 2, 3, 4), weights=(1 - skill + 0.05, 0.2, skill + 0.3, 0.2 * skill))[0]
        logs.append(
            {
                "card_id": ids[(item, direction)],
                "user_id": user_id,
                "item_id": item,
                "direction": direction,
                "kind": "flashcard",
                "rating": rating,
                "verdict": "wrong" if rating == 1 else "exact",
                "answer": "",
                "duration_ms": rng.randint(1500, 20000),
                "reviewed_at": _spread(rng, start, now),
            }
        )
    session.execute(insert(ReviewLog), logs)
    return len(cards), len(logs)


_QUIZZES: dict = {}


def _attempts(session, rng, user_id, units, library, count, skill, start, now) -> int:
    from exercises.quiz_catalog import build_quiz

    made = 0
    for _ in range(count):
        unit = rng.choice(units)
        quiz_id = f"unit:{unit.id}"
        seed = rng.randrange(1, 20)  # a few draws per quiz, built once each
        if (quiz_id, seed) not in _QUIZZES:
            _QUIZZES[(quiz_id, seed)] = build_quiz(library.manual, quiz_id, seed)
        quiz = _QUIZZES[(quiz_id, seed)]
        started = _spread(rng, start, now - timedelta(hours=1))
        attempt = QuizAttempt(
            user_id=user_id,
            quiz_id=quiz_id,
            seed=seed,
            question_count=len(quiz),
            pass_mark=quiz.pass_mark,
            started_at=started,
            finished_at=started + timedelta(minutes=8),
        )
        session.add(attempt)
        session.flush()
        answers, right = [], 0
        for position, question in enumerate(quiz.questions):
            correct = rng.random() < skill
            right += correct
            answers.append(
                {
                    "attempt_id": attempt.id,
                    "position": position,
                    "question_id": question.id,
                    "unit_id": question.unit_id,
                    "prompt": question.prompt[:500],
                    "expected": question.accepted[0][:300],
                    "answer": question.accepted[0][:300] if correct else "…",
                    "verdict": "exact" if correct else "wrong",
                    "correct": correct,
                    "elapsed_ms": rng.randint(3000, 40000),
                    "answered_at": started + timedelta(seconds=30 * position),
                }
            )
        session.execute(insert(QuizAnswer), answers)
        attempt.score = right / len(quiz)
        attempt.passed = attempt.score >= quiz.pass_mark
        made += 1
    return made


def _activity(session, rng, user_id, start, now) -> None:
    rows, day = [], start.date()
    while day <= now.date():
        if rng.random() < 0.6:
            rows.append(
                {
                    "user_id": user_id,
                    "day": day,
                    "actions": rng.randint(5, 80),
                    "seconds": rng.randint(300, 5400),
                }
            )
        day += timedelta(days=1)
    if rows:
        session.execute(insert(ActivityDay), rows)


def _show_progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    print(f"\rlearners [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)
    if done == total:
        print(file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m commands.seed", description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--groups", type=int, default=2)
    parser.add_argument("--reviews", type=int, default=300, help="review logs per learner")
    parser.add_argument("--attempts", type=int, default=10, help="quiz attempts per learner")
    parser.add_argument("--days", type=int, default=120, help="how many days of history")
    parser.add_argument("--prefix", default="demo")
    parser.add_argument("--sessions", type=int, default=60, help="demo training sessions in the directory")
    parser.add_argument("--experts", type=int, default=60, help="fictitious experts on the roster")
    args = parser.parse_args(argv)
    config = settings()
    upgrade_database(config.database_url)
    db = Database(config.database_url)
    try:
        report = seed(
            db,
            config.content_dir,
            learners=args.learners,
            groups=args.groups,
            reviews_per_learner=args.reviews,
            attempts_per_learner=args.attempts,
            days=args.days,
            prefix=args.prefix,
            progress=_show_progress,
            directory_sessions=args.sessions,
        )
        from commands.seed_roster import seed_roster

        roster_report = seed_roster(db, experts=args.experts, prefix=args.prefix)
    finally:
        db.dispose()
    print(
        f"seeded {report.learners} learners, {report.instructors} instructors, {report.groups} groups, "
        f"{report.lessons} lessons, {report.cards} cards, {report.reviews} reviews, "
        f"{report.attempts} quiz attempts, {report.sessions} demo training sessions"
    )
    print(
        f"roster: {roster_report.experts} fictitious experts, {roster_report.requests} requests "
        f"(one per state), {roster_report.proposals} proposals"
    )
    print(
        f"log in as {args.prefix}-instructor-1, {args.prefix}-learner-1 or {args.prefix}-centre-manager "
        f"with the password {DEMO_PASSWORD}"
    )
    print(
        f"roster: {args.prefix}-partner, {args.prefix}-roster-manager, {args.prefix}-expert-1 (same password)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
