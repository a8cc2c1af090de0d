"""Which screens exist, for which roles: the single source for navigation and the home page."""

from __future__ import annotations

from dataclasses import dataclass

from progress.models import Role

LEARNING = (Role.LEARNER, Role.INSTRUCTOR, Role.ADMIN)
TEACHING = (Role.INSTRUCTOR, Role.ADMIN)


@dataclass(frozen=True)
class Screen:
    key: str  # i18n keys nav.<key> (title) and nav.<key>.help (one line on the home page)
    path: str  # file under app_pages/, relative to app.py
    icon: str
    roles: tuple[Role, ...]
    group: str  # i18n key nav.group.<group>


ANONYMOUS_SCREENS = (
    Screen("login", "app_pages/login.py", ":material/login:", (), "account"),
    Screen("signup", "app_pages/signup.py", ":material/person_add:", (), "account"),
)

SCREENS = (
    Screen("home", "app_pages/home.py", ":material/home:", LEARNING, "main"),
    Screen("account", "app_pages/account.py", ":material/manage_accounts:", LEARNING, "account"),
    Screen(
        "admin_users", "app_pages/admin_users.py", ":material/admin_panel_settings:", (Role.ADMIN,), "admin"
    ),
)

GROUP_ORDER = ("main", "learn", "teach", "admin", "account")


def screens_for(role: Role | None) -> list[Screen]:
    """The screens a user with ``role`` may open (anonymous visitors: log-in and sign-up only)."""
    if role is None:
        return list(ANONYMOUS_SCREENS)
    return [screen for screen in SCREENS if role in screen.roles]
