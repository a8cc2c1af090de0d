"""The training directory's services on SQLite and PostgreSQL: session CRUD, CSV import with refused rows,
role checks, concurrent edits of one session, shortlists, recommendations and readiness."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from access.roles import Grant, Role
from directory.loader import load_directory
from directory.model import SessionStatus
from services import accounts, groups
from services import directory as service
from services.errors import NotFound, PermissionDenied
from tests.helpers import make_user

DIRECTORY = load_directory(Path(__file__).resolve().parents[2] / "content")


def _fields(**changes):
    fields = {
        "centre": "empabb", "code": "POC 2027-1", "title_fr": "Protection des civils",
        "title_en": "Protection of civilians", "start": "2027-02-01", "end": "2027-02-12",
        "delivery": "residence", "languages": ["fr"], "cefr_level": "B1", "audiences": ["military", "police"],
        "level": "specialised", "phase": "pre_deployment", "themes": "protection des civils;genre",
        "capacity": "30", "women_target": "30", "status": "open", "source": "https://www.empbamako.org/",
    }  # fmt: skip
    fields.update(changes)
    return fields


@pytest.fixture
def people(db, now):
    admin = make_user(db, "chief", now, Role.ADMIN)
    bamako = make_user(db, "bamako", now)
    awae = make_user(db, "awae", now, Role.INSTRUCTOR)
    learner = make_user(db, "learner", now)
    with db.transaction() as session:
        service.attach_manager(session, admin.id, bamako.id, "empabb", DIRECTORY, now)
        service.attach_manager(session, admin.id, awae.id, "eiforces", DIRECTORY, now)
    return {"admin": admin, "bamako": bamako, "awae": awae, "learner": learner}


def test_a_centre_manager_creates_edits_cancels_and_duplicates_its_sessions(db, now, people):
    bamako = people["bamako"].id
    with db.transaction() as session:
        created = service.create_session(session, bamako, _fields(), DIRECTORY, now)
    assert (created.centre_id, created.code, created.version, created.capacity) == (
        "empabb",
        "POC 2027-1",
        1,
        30,
    )
    assert created.title.en == "Protection of civilians" and created.themes == (
        "protection des civils",
        "genre",
    )
    with db.transaction() as session:
        edited = service.update_session(
            session, bamako, created.id, {"capacity": "40", "code": "POC 2027-1"}, DIRECTORY, now
        )
    assert (edited.capacity, edited.version) == (40, 2)
    with db.transaction() as session:
        same = service.update_session(session, bamako, created.id, {"capacity": "40"}, DIRECTORY, now)
    assert same.version == 2  # nothing changed, nothing written
    with db.transaction() as session:
        copy = service.duplicate_session(session, bamako, created.id, DIRECTORY, now, start=date(2027, 9, 6))
        cancelled = service.cancel_session(session, bamako, created.id, DIRECTORY, now)
    assert (copy.start, copy.end, copy.status) == (
        date(2027, 9, 6),
        date(2027, 9, 17),
        SessionStatus.ANNOUNCED,
    )
    assert cancelled.status is SessionStatus.CANCELLED
    with db.reading() as session:
        listed = service.manager_sessions(session, bamako, DIRECTORY, "empabb")
        public = service.centre_sessions(session, "empabb", date(2027, 1, 1))
    assert [s.id for s in listed] == [copy.id, created.id]
    assert [s.id for s in public] == [created.id, copy.id]  # upcoming first, soonest first


def test_an_invalid_session_is_refused_with_every_reason(db, now, people):
    with db.transaction() as session, pytest.raises(service.SessionInvalid) as refused:
        service.create_session(
            session, people["bamako"].id, _fields(end="2027-01-01", delivery="mobile"), DIRECTORY, now
        )
    assert {(p.field, p.key) for p in refused.value.problems} == {
        ("end", "directory.invalid.end_before_start"),
        ("place", "directory.invalid.place_needed"),
    }


def test_a_centre_manager_cannot_touch_another_centres_sessions(db, now, people):
    with db.transaction() as session:
        theirs = service.create_session(
            session, people["awae"].id, _fields(centre="eiforces"), DIRECTORY, now
        )
    bamako = people["bamako"].id
    attempts = [
        lambda s: service.create_session(s, bamako, _fields(centre="eiforces"), DIRECTORY, now),
        lambda s: service.update_session(s, bamako, theirs.id, {"capacity": "1"}, DIRECTORY, now),
        lambda s: service.cancel_session(s, bamako, theirs.id, DIRECTORY, now),
        lambda s: service.duplicate_session(s, bamako, theirs.id, DIRECTORY, now),
        lambda s: service.manager_sessions(s, bamako, DIRECTORY, "eiforces"),
        lambda s: service.export_sessions(s, bamako, DIRECTORY, "eiforces"),
    ]
    for attempt in attempts:
        with db.transaction() as session, pytest.raises(PermissionDenied):
            attempt(session)
    # nor move one of its own to the other centre
    with db.transaction() as session:
        mine = service.create_session(session, bamako, _fields(), DIRECTORY, now)
    with db.transaction() as session, pytest.raises(PermissionDenied):
        service.update_session(session, bamako, mine.id, {"centre": "eiforces"}, DIRECTORY, now)
    with db.reading() as session:
        assert service.get_session(session, theirs.id).capacity == 30


def test_a_learner_or_an_unattached_instructor_cannot_edit_anything(db, now, people):
    with db.transaction() as session:
        created = service.create_session(session, people["admin"].id, _fields(), DIRECTORY, now)
    outsider = make_user(db, "outsider", now, Role.INSTRUCTOR)
    for user in (people["learner"], outsider):
        for attempt in (
            lambda s, u=user: service.create_session(s, u.id, _fields(), DIRECTORY, now),
            lambda s, u=user: service.update_session(s, u.id, created.id, {"capacity": "2"}, DIRECTORY, now),
            lambda s, u=user: service.cancel_session(s, u.id, created.id, DIRECTORY, now),
            lambda s, u=user: service.preview_import(s, u.id, b"centre\n", DIRECTORY),
            lambda s, u=user: service.attach_manager(s, u.id, u.id, "empabb", DIRECTORY, now),
            lambda s, u=user: service.centre_managers(s, u.id),
        ):
            with db.transaction() as session, pytest.raises(PermissionDenied):
                attempt(session)
    # a grant without an attachment opens no centre
    with db.transaction() as session:
        accounts.set_grant(session, people["admin"].id, outsider.id, Grant.CENTRE_MANAGER, True, now)
        assert service.managed_centres(session, outsider.id, DIRECTORY) == ()
    with db.transaction() as session, pytest.raises(PermissionDenied):
        service.update_session(session, outsider.id, created.id, {"capacity": "2"}, DIRECTORY, now)


def test_admins_attach_and_detach_managers(db, now, people):
    admin = people["admin"].id
    with db.reading() as session:
        managers = service.centre_managers(session, admin)
        assert [(m.user.username, m.centres) for m in managers] == [
            ("awae", ("eiforces",)),
            ("bamako", ("empabb",)),
        ]
        assert people["bamako"].id in {m.user.id for m in managers}
        assert accounts.get_user(session, people["bamako"].id).holds(Grant.CENTRE_MANAGER)
        log = [(a.action, a.detail) for a in accounts.admin_actions(session, admin)]
    assert ("centre", "+empabb") in log and ("grant", "centre_manager") in log
    with db.transaction() as session:
        service.detach_manager(session, admin, people["bamako"].id, "empabb", now)
    with db.transaction() as session, pytest.raises(PermissionDenied):
        service.create_session(session, people["bamako"].id, _fields(), DIRECTORY, now)


CSV_HEADER = "id,centre,code,title_fr,start,end,delivery,languages,audiences,level,capacity,status\n"


def test_csv_import_previews_every_refused_row_then_writes_only_the_valid_ones(db, now, people):
    bamako = people["bamako"].id
    with db.transaction() as session:
        existing = service.create_session(session, bamako, _fields(), DIRECTORY, now)
        other = service.create_session(session, people["awae"].id, _fields(centre="eiforces"), DIRECTORY, now)
    data = (
        CSV_HEADER
        + ",empabb,DDR-1,Désarmement et réinsertion,2027-04-05,2027-04-16,residence,fr,military,"
        + "foundation,25,open\n"
        + ",eiforces,X,Pas mon centre,2027-04-05,2027-04-16,residence,fr,police,foundation,,open\n"
        + ',empabb,,"Titre ok, dates fausses",2027-05-10,2027-05-01,online,fr,civilian,foundation,,open\n'
        + f"{existing.id},empabb,POC 2027-1,Protection des civils,2027-02-01,2027-02-12,residence,fr,"
        + "military,specialised,45,full\n"
        + f"{other.id},empabb,,Vol,2027-02-01,2027-02-12,residence,fr,police,foundation,,open\n"
        + "999999,empabb,,Inconnue,2027-02-01,2027-02-12,residence,fr,police,foundation,,open\n"
        + ',empabb,,=HYPERLINK("x"),2027-06-01,2027-06-02,hybrid,fr;zz,police,strategic,abc,open\n'
    ).encode()
    with db.reading() as session:
        preview = service.preview_import(session, bamako, data, DIRECTORY)
    assert [row.line for row in preview.accepted] == [2, 5]
    assert (preview.created, preview.updated) == (1, 1)
    reasons = {refusal.line: {(p.field, p.key) for p in refusal.problems} for refusal in preview.refused}
    assert reasons == {
        3: {("centre", "directory.invalid.not_your_centre")},
        4: {("end", "directory.invalid.end_before_start")},
        6: {("id", "directory.invalid.not_your_centre")},
        7: {("id", "directory.invalid.unknown_session")},
        8: {("languages", "directory.invalid.language"), ("capacity", "directory.invalid.number")},
    }
    with db.reading() as session:
        assert len(service.list_sessions(session)) == 2  # the preview wrote nothing
    with db.transaction() as session:
        done = service.apply_import(session, bamako, data, DIRECTORY, now)
    assert done.written == 2
    with db.reading() as session:
        sessions = {s.code: s for s in service.list_sessions(session) if s.centre_id == "empabb"}
        assert service.get_session(session, other.id).title.fr == "Protection des civils"  # untouched
    assert sessions["DDR-1"].title.fr == "Désarmement et réinsertion" and sessions["DDR-1"].capacity == 25
    updated = sessions["POC 2027-1"]
    assert (updated.capacity, updated.status, updated.version) == (45, SessionStatus.FULL, 2)
    assert updated.title.en == "Protection of civilians"  # a column the file does not have is kept


def test_export_then_import_round_trips(db, now, people):
    bamako = people["bamako"].id
    with db.transaction() as session:
        service.create_session(
            session, bamako, _fields(code="=1+1", rank_band="capitaine – colonel"), DIRECTORY, now
        )
        exported = service.export_sessions(session, bamako, DIRECTORY)
    assert "'=1+1" in exported
    with db.transaction() as session:
        result = service.apply_import(session, bamako, exported.encode(), DIRECTORY, now)
    assert result.refused == () and result.updated == 1 and result.written == 1
    with db.reading() as session:
        (only,) = service.list_sessions(session)
    assert only.code == "=1+1" and only.version == 1  # same values: nothing rewritten


def test_a_whole_file_problem_refuses_before_any_row(db, now, people):
    with db.reading() as session:
        preview = service.preview_import(session, people["bamako"].id, b"centre,title_fr,colour\n", DIRECTORY)
    assert preview.file_problem == "directory.import.unknown_columns" and not preview.accepted


def test_concurrent_edits_of_one_session_keep_every_field(db, now, people):
    """Two managers edit one session at once, each a different field, both starting from version 1: both
    changes survive; on a field both change, the last committed value stays."""
    with db.transaction() as session:
        created = service.create_session(session, people["admin"].id, _fields(), DIRECTORY, now)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def edit(actor_id: int, changes: dict) -> None:
        try:
            with db.transaction() as session:
                barrier.wait()
                service.update_session(session, actor_id, created.id, changes, DIRECTORY, now)
        except BaseException as error:  # noqa: BLE001 - asserted below
            errors.append(error)

    threads = [
        threading.Thread(target=edit, args=(people["bamako"].id, {"capacity": "44", "status": "full"})),
        threading.Thread(
            target=edit, args=(people["admin"].id, {"title_en": "Civilian protection", "status": "open"})
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with db.reading() as session:
        final = service.get_session(session, created.id)
    assert final.capacity == 44 and final.title.en == "Civilian protection"
    assert final.version == 3
    assert final.status in (SessionStatus.FULL, SessionStatus.OPEN)
    assert final.title.fr == "Protection des civils" and final.cefr_level == "B1"  # untouched fields


def test_many_concurrent_edits_lose_none(db, now, people):
    with db.transaction() as session:
        created = service.create_session(session, people["admin"].id, _fields(), DIRECTORY, now)
    fields = ["code", "title_en", "title_es", "rank_band", "funder", "contact"]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(fields))

    def edit(name: str) -> None:
        barrier.wait()
        for round_ in range(5):
            try:
                with db.transaction() as session:
                    service.update_session(
                        session, people["admin"].id, created.id, {name: f"{name} {round_}"}, DIRECTORY, now
                    )
            except BaseException as error:  # noqa: BLE001
                errors.append(error)

    threads = [threading.Thread(target=edit, args=(name,)) for name in fields]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with db.reading() as session:
        final = service.get_session(session, created.id)
    assert final.version == 1 + 5 * len(fields)
    assert (final.code, final.title.en, final.funder, final.contact) == (
        "code 4",
        "title_en 4",
        "funder 4",
        "contact 4",
    )


def test_shortlist_recommendation_and_readiness(db, now, people, content):
    learner, instructor = people["learner"], people["awae"]
    with db.transaction() as session:
        created = service.create_session(
            session, people["admin"].id, _fields(cefr_level="A2"), DIRECTORY, now
        )
        service.add_to_shortlist(session, learner.id, created.id, now)
        service.add_to_shortlist(session, learner.id, created.id, now)  # twice: kept once
        group = groups.create_group(session, instructor.id, "Section Alfa", now)
        groups.join_group(session, learner.id, group.join_code, now)
        service.recommend_session(
            session, instructor.id, group.id, created.id, "Pour les chefs de section", now
        )
    with db.reading() as session:
        assert [s.id for s in service.shortlist(session, learner.id)] == [created.id]
        (recommended,) = service.learner_recommendations(session, learner.id)
        ready = service.learner_readiness(session, learner.id, "A2", content)
    assert (recommended.session.id, recommended.group_name, recommended.note) == (
        created.id, "Section Alfa", "Pour les chefs de section",
    )  # fmt: skip
    assert not ready.ready and ready.placement_unit is None
    assert (
        len(ready.to_work_on)
        == ready.needed
        == sum(1 for u in content.manual.units if u.level in ("A1", "A2"))
    )
    with db.transaction() as session:
        service.remove_from_shortlist(session, learner.id, created.id)
        assert service.shortlist(session, learner.id) == []
    other = make_user(db, "other-instructor", now, Role.INSTRUCTOR)
    with db.transaction() as session, pytest.raises(PermissionDenied):
        service.recommend_session(session, other.id, group.id, created.id, "", now)
    with db.transaction() as session, pytest.raises(PermissionDenied):
        service.recommend_session(session, learner.id, group.id, created.id, "", now)
    with db.transaction() as session, pytest.raises(NotFound):
        service.add_to_shortlist(session, learner.id, 123456, now)


def test_the_revision_changes_with_every_edit(db, now, people):
    with db.reading() as session:
        empty = service.sessions_revision(session)
    with db.transaction() as session:
        created = service.create_session(session, people["admin"].id, _fields(), DIRECTORY, now)
    with db.reading() as session:
        one = service.sessions_revision(session)
    with db.transaction() as session:
        service.update_session(
            session, people["admin"].id, created.id, {"capacity": "31"}, DIRECTORY, now + timedelta(seconds=1)
        )
    with db.reading() as session:
        two = service.sessions_revision(session)
    assert len({empty, one, two}) == 3
