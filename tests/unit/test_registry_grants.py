"""Navigation shows a screen to its roles and, when it names grants, to the accounts holding one."""

from access.roles import Grant, Role
from app_pages.registry import Screen

MANAGER_SCREEN = Screen("x", "app_pages/x.py", ":material/home:", (), "admin", grants=(Grant.CENTRE_MANAGER,))
PLAIN = Screen("y", "app_pages/y.py", ":material/home:", (Role.INSTRUCTOR,), "teach")


def test_a_grant_screen_is_open_to_its_grant_holders_and_admins_only():
    assert MANAGER_SCREEN.open_to(Role.LEARNER, frozenset({Grant.CENTRE_MANAGER}))
    assert MANAGER_SCREEN.open_to(Role.ADMIN)
    assert not MANAGER_SCREEN.open_to(Role.INSTRUCTOR)
    assert not MANAGER_SCREEN.open_to(Role.LEARNER, frozenset({Grant.EXPERT}))


def test_a_screen_without_grants_ignores_them():
    assert PLAIN.open_to(Role.INSTRUCTOR)
    assert not PLAIN.open_to(Role.LEARNER, frozenset(Grant))
    assert not PLAIN.open_to(Role.ADMIN)
