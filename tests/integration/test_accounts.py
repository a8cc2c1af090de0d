"""Accounts on a real database (SQLite and PostgreSQL): sign-up, log-in, throttling, roles, admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from access.roles import Role
from progress.models import LoginFailure, User
from services import accounts
from services.errors import InvalidInput, LoginRefused, NotFound, PermissionDenied
from tests.helpers import PASSWORD, make_user


def test_sign_up_then_log_in_returns_the_user(db, now):
    created = make_user(db, "Rahman", now, name="Md. Rahman")
    user = accounts.log_in(db, "rahman", PASSWORD, now)
    assert user.id == created.id
    assert user.display_name == "Md. Rahman"
    assert user.role is Role.LEARNER
    with db.reading() as session:
        stored = session.get(User, user.id)
        assert stored.password_hash.startswith("$argon2id$")
        assert PASSWORD not in stored.password_hash
        assert stored.last_login_at == now


@pytest.mark.parametrize("other", ["RAHMAN", "rahman", " Rahman "])
def test_usernames_are_unique_whatever_the_case(db, now, other):
    make_user(db, "Rahman", now)
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        accounts.sign_up(session, other, "Someone", PASSWORD, now)
    assert refusal.value.key == "errors.username_taken"


def test_non_latin_usernames_are_unique_case_insensitively(db, now):
    make_user(db, "Ольга", now, name="Ольга Петренко")
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        accounts.sign_up(session, "ОЛЬГА", "Другая", PASSWORD, now)
    assert refusal.value.key == "errors.username_taken"
    assert accounts.log_in(db, "ольга", PASSWORD, now).display_name == "Ольга Петренко"


def test_wrong_password_is_refused_and_recorded(db, now):
    make_user(db, "diallo", now)
    with pytest.raises(LoginRefused) as refusal:
        accounts.log_in(db, "diallo", "not the password", now)
    assert refusal.value.key == "errors.login_failed"
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == 1


def test_unknown_account_gets_the_same_message_as_a_wrong_password(db, now):
    with pytest.raises(LoginRefused) as refusal:
        accounts.log_in(db, "nobody", PASSWORD, now)
    assert refusal.value.key == "errors.login_failed"


def test_failures_from_one_device_bring_growing_delays_even_for_the_right_password(db, now):
    make_user(db, "okafor", now)
    at = now
    for _ in range(3):  # three free tries
        with pytest.raises(LoginRefused) as refusal:
            accounts.log_in(db, "okafor", "wrong password", at, client="10.0.0.7")
        assert refusal.value.key == "errors.login_failed"
    waits = []
    for _ in range(4):  # each further failure doubles the wait: 15 s, 30 s, 60 s, 120 s
        with pytest.raises(LoginRefused) as refusal:
            accounts.log_in(db, "okafor", PASSWORD, at, client="10.0.0.7")
        assert refusal.value.key == "errors.login_wait"
        waits.append(refusal.value.params["seconds"])
        at += timedelta(seconds=refusal.value.params["seconds"])
        with pytest.raises(LoginRefused):
            accounts.log_in(db, "okafor", "wrong again", at, client="10.0.0.7")
    assert waits == [15, 30, 60, 120]
    # Another address is not slowed by this one's failures.
    assert accounts.log_in(db, "okafor", PASSWORD, at, client="10.0.0.8").username == "okafor"
    # The state lives in the database: a new Database object (another replica) sees it too.
    from progress.db import Database

    other = Database(db.url)
    try:
        with pytest.raises(LoginRefused) as refusal:
            accounts.log_in(other, "OKAFOR", PASSWORD, at, client="10.0.0.7")
        assert refusal.value.params["seconds"] == 240
        # Once the wait has passed, the right password works and clears this device's failures.
        later = at + timedelta(seconds=240)
        assert accounts.log_in(other, "okafor", PASSWORD, later, client="10.0.0.7").username == "okafor"
    finally:
        other.dispose()
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == 0


def test_an_attacker_cannot_lock_out_the_owner_on_a_known_device(db, now):
    owner = make_user(db, "okafor", now)
    at = now
    for address in range(25):  # a spread-out attack: 25 addresses, one failure each
        with pytest.raises(LoginRefused):
            accounts.log_in(db, "okafor", "guess", at, client=f"203.0.113.{address}")
    with pytest.raises(LoginRefused) as refusal:  # a stranger now waits for the window to pass
        accounts.log_in(db, "okafor", PASSWORD, at, client="198.51.100.1")
    assert refusal.value.key == "errors.login_throttled"
    # The owner, on a browser that was signed in to this account before, still gets in at once.
    view = accounts.log_in(db, "okafor", PASSWORD, at, client="192.0.2.10", known_device_user=owner.id)
    assert view.id == owner.id
    # A device known for ANOTHER account does not count.
    other = make_user(db, "morel", now)
    with pytest.raises(LoginRefused):
        accounts.log_in(db, "okafor", PASSWORD, at, client="192.0.2.11", known_device_user=other.id)


def test_unknown_accounts_are_throttled_like_real_ones(db, now):
    for name in ("ghost", "okafor"):
        if name == "okafor":
            make_user(db, name, now)
        for _ in range(3):
            with pytest.raises(LoginRefused):
                accounts.log_in(db, name, "wrong password", now, client="10.0.0.9")
        with pytest.raises(LoginRefused) as refusal:
            accounts.log_in(db, name, "anything", now, client="10.0.0.9")
        assert (refusal.value.key, refusal.value.params) == ("errors.login_wait", {"seconds": 15})


@pytest.mark.parametrize("password", ["password", "Azerty123", "motdepasse!", "CONTRASEÑA", "soldat2024"])
def test_common_passwords_are_refused(db, now, password):
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        accounts.sign_up(
            session, "newcomer", "New Comer", password + ("" if len(password) >= 8 else "1234"), now
        )
    assert refusal.value.key in ("errors.password_common", "errors.password_length")


def test_common_password_check_reads_the_shipped_list():
    assert accounts.is_common_password("Qwerty123!")
    assert accounts.is_common_password("  iloveyou ")
    assert not accounts.is_common_password("trois chats sur la piste")
    assert not accounts.is_common_password("correct horse battery")


def test_throttling_is_per_account(db, now):
    make_user(db, "morel", now)
    make_user(db, "kouassi", now)
    for _ in range(5):
        with pytest.raises(LoginRefused):
            accounts.log_in(db, "morel", "wrong password", now)
    assert accounts.log_in(db, "kouassi", PASSWORD, now).username == "kouassi"


def test_password_is_rehashed_when_parameters_change(db, now):
    user = make_user(db, "silva", now)
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with db.transaction() as session:
        session.get(User, user.id).password_hash = weak
    accounts.log_in(db, "silva", PASSWORD, now)
    with db.reading() as session:
        rehashed = session.get(User, user.id).password_hash
    assert rehashed != weak
    assert "m=65536,t=3,p=4" in rehashed
    assert accounts.log_in(db, "silva", PASSWORD, now).username == "silva"


def test_deactivated_account_cannot_log_in(db, now):
    admin = make_user(db, "chief", now, Role.ADMIN)
    learner = make_user(db, "novak", now)
    with db.transaction() as session:
        accounts.set_active(session, admin.id, learner.id, False)
    with pytest.raises(LoginRefused) as refusal:
        accounts.log_in(db, "novak", PASSWORD, now)
    assert refusal.value.key == "errors.account_inactive"


def test_admin_lists_users_and_changes_roles(db, now):
    admin = make_user(db, "chief", now, Role.ADMIN)
    learner = make_user(db, "novak", now)
    with db.transaction() as session:
        changed = accounts.change_role(session, admin.id, learner.id, "instructor")
    assert changed.role is Role.INSTRUCTOR
    with db.reading() as session:
        listed = accounts.list_users(session, admin.id)
    assert [u.username for u in listed] == ["chief", "novak"]
    assert listed[1].role is Role.INSTRUCTOR


@pytest.mark.parametrize("role", [Role.LEARNER, Role.INSTRUCTOR])
def test_only_admins_may_administer(db, now, role):
    actor = make_user(db, "actor", now, role)
    victim = make_user(db, "victim", now)
    with db.transaction() as session:
        for action in (
            lambda: accounts.list_users(session, actor.id),
            lambda: accounts.change_role(session, actor.id, victim.id, Role.ADMIN),
            lambda: accounts.change_role(session, actor.id, actor.id, Role.ADMIN),
            lambda: accounts.set_active(session, actor.id, victim.id, False),
        ):
            with pytest.raises(PermissionDenied) as refusal:
                action()
            assert refusal.value.key == "errors.permission_denied"
    with db.reading() as session:
        assert session.get(User, actor.id).role == role.value
        assert session.get(User, victim.id).is_active


def test_a_deactivated_admin_loses_its_rights_at_once(db, now):
    first = make_user(db, "first", now, Role.ADMIN)
    second = make_user(db, "second", now, Role.ADMIN)
    with db.transaction() as session:
        accounts.set_active(session, first.id, second.id, False)
    with pytest.raises(PermissionDenied), db.reading() as session:
        accounts.list_users(session, second.id)


def test_the_last_admin_cannot_be_demoted_nor_deactivate_itself(db, now):
    admin = make_user(db, "chief", now, Role.ADMIN)
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        accounts.change_role(session, admin.id, admin.id, Role.LEARNER)
    assert refusal.value.key == "errors.last_admin"
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        accounts.set_active(session, admin.id, admin.id, False)
    assert refusal.value.key == "errors.cannot_deactivate_self"


def test_unknown_role_and_unknown_user_are_clear_errors(db, now):
    admin = make_user(db, "chief", now, Role.ADMIN)
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        accounts.change_role(session, admin.id, admin.id, "general")
    assert refusal.value.key == "errors.unknown_role"
    with pytest.raises(NotFound), db.transaction() as session:
        accounts.change_role(session, admin.id, 99999, Role.LEARNER)


def test_create_admin_promotes_an_existing_account(db, now):
    learner = make_user(db, "major", now)
    with db.transaction() as session:
        promoted = accounts.create_admin(session, "MAJOR", "", "a new long password", now)
    assert promoted.id == learner.id and promoted.role is Role.ADMIN
    assert accounts.log_in(db, "major", "a new long password", now).role is Role.ADMIN


def test_locale_and_password_change(db, now):
    user = make_user(db, "lucia", now)
    with db.transaction() as session:
        accounts.set_locale(session, user.id, "es")
        accounts.change_password(session, user.id, PASSWORD, "una contraseña nueva")
    assert accounts.log_in(db, "lucia", "una contraseña nueva", now).locale == "es"
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        accounts.change_password(session, user.id, "wrong old one", "another new one")
    assert refusal.value.key == "errors.wrong_password"
    with pytest.raises(InvalidInput), db.transaction() as session:
        accounts.set_locale(session, user.id, "de")


HOSTILE_NAMES = [
    "<script>alert('x')</script>",
    "Robert'); DROP TABLE users;--",
    "**bold** [link](javascript:alert(1))",
    "王小明",
    "محمد عبد الله",
    "Ngozi Okonkwo-Adébáyọ̀",
    "x" * 80,
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_display_names_are_stored_verbatim(db, now, name):
    with db.transaction() as session:
        user = accounts.sign_up(session, "hostile", name, PASSWORD, now)
    with db.reading() as session:
        assert accounts.get_user(session, user.id).display_name == name
        assert session.scalar(select(func.count()).select_from(User)) == 1


# --- grants beside the role -----------------------------------------------------------------------


def test_admin_gives_and_takes_back_grants_and_each_change_is_logged(db, now):
    from access.roles import Grant

    admin = make_user(db, "chief", now, Role.ADMIN)
    learner = make_user(db, "kone", now)
    with db.transaction() as session:
        assert accounts.set_grant(session, admin.id, learner.id, Grant.EXPERT, True, now).grants == {
            Grant.EXPERT
        }
        # idempotent: a second grant neither duplicates the row nor logs twice
        accounts.set_grant(session, admin.id, learner.id, "expert", True, now)
        accounts.set_grant(session, admin.id, learner.id, Grant.PARTNER, True, now)
    with db.reading() as session:
        view = accounts.get_user(session, learner.id)
        assert view.grants == {Grant.EXPERT, Grant.PARTNER}
        assert view.role is Role.LEARNER
        assert (
            accounts.require_grant(session, learner.id, Grant.ROSTER_MANAGER, Grant.PARTNER).id == learner.id
        )
        with pytest.raises(PermissionDenied):
            accounts.require_grant(session, learner.id, Grant.ROSTER_MANAGER)
    with db.transaction() as session:
        assert accounts.set_grant(session, admin.id, learner.id, Grant.EXPERT, False, now).grants == {
            Grant.PARTNER
        }
    with db.reading() as session:
        log = accounts.admin_actions(session, admin.id)
    assert [(a.action, a.detail, a.actor, a.target) for a in reversed(log)] == [
        ("grant", "expert", "chief", "kone"),
        ("grant", "partner", "chief", "kone"),
        ("revoke", "expert", "chief", "kone"),
    ]


def test_admins_hold_every_grant_and_inactive_accounts_none(db, now):
    from access.roles import Grant

    admin = make_user(db, "chief", now, Role.ADMIN)
    manager = make_user(db, "mgr", now, Role.INSTRUCTOR)
    with db.transaction() as session:
        accounts.set_grant(session, admin.id, manager.id, Grant.CENTRE_MANAGER, True, now)
    with db.transaction() as session:
        assert accounts.require_grant(session, admin.id, Grant.CENTRE_MANAGER).id == admin.id
        assert accounts.get_user(session, admin.id).holds(Grant.ROSTER_MANAGER)
        accounts.set_active(session, admin.id, manager.id, False)
    with db.reading() as session, pytest.raises(PermissionDenied):
        accounts.require_grant(session, manager.id, Grant.CENTRE_MANAGER)


@pytest.mark.parametrize("role", [Role.LEARNER, Role.INSTRUCTOR])
def test_only_admins_give_grants_or_read_the_action_log(db, now, role):
    from access.roles import Grant

    actor = make_user(db, "someone", now, role)
    with db.transaction() as session:
        with pytest.raises(PermissionDenied):
            accounts.set_grant(session, actor.id, actor.id, Grant.ROSTER_MANAGER, True, now)
        with pytest.raises(PermissionDenied):
            accounts.admin_actions(session, actor.id)
    with db.reading() as session:
        assert accounts.get_user(session, actor.id).grants == frozenset()


def test_an_unknown_grant_is_refused_and_role_changes_are_logged(db, now):
    admin = make_user(db, "chief", now, Role.ADMIN)
    learner = make_user(db, "kone", now)
    with db.transaction() as session:
        with pytest.raises(InvalidInput) as refusal:
            accounts.set_grant(session, admin.id, learner.id, "superuser", True, now)
        assert refusal.value.key == "errors.unknown_grant"
        accounts.change_role(session, admin.id, learner.id, Role.INSTRUCTOR)
        accounts.set_active(session, admin.id, learner.id, False)
    with db.reading() as session:
        assert [(a.action, a.detail) for a in accounts.admin_actions(session, admin.id)][::-1] == [
            ("role", "learner -> instructor"),
            ("deactivate", ""),
        ]
