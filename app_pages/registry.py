"""Which screens exist, for which roles: the single source for navigation and the home page."""

from __future__ import annotations

from dataclasses import dataclass, replace

from access.roles import LEARNING, TEACHING, Grant, Role


@dataclass(frozen=True)
class Screen:
    key: str  # i18n keys nav.<key> (title) and nav.<key>.help (one line on the home page)
    path: str  # file under app_pages/, relative to app.py
    icon: str
    roles: tuple[Role, ...]
    group: str  # i18n key nav.group.<group>
    hidden: bool = False  # reachable from another page (with its query parameters), not from the menu
    public: bool = False  # open to visitors without an account as well as to every role
    grants: tuple[Grant, ...] = ()  # also shown to an account holding one of these grants (admins: all)

    def open_to(self, role: Role, grants: frozenset[Grant] = frozenset()) -> bool:
        if role in self.roles:
            return True
        return bool(self.grants) and (role == Role.ADMIN or any(g in grants for g in self.grants))


ANONYMOUS_SCREENS = (
    Screen("login", "app_pages/login.py", ":material/login:", (), "account"),
    Screen("signup", "app_pages/signup.py", ":material/person_add:", (), "account"),
)

# Open to everyone, logged in or not (REFFOP's public interface).
PUBLIC_SCREENS = (
    Screen("verify", "app_pages/verify.py", ":material/verified:", (), "public", public=True),
    Screen("analysis", "app_pages/analysis.py", ":material/travel_explore:", (), "public", public=True),
    Screen("directory", "app_pages/directory.py", ":material/map:", (), "public", public=True),
    Screen(
        "directory_centre",
        "app_pages/directory_centre.py",
        ":material/school:",
        (),
        "public",
        hidden=True,
        public=True,
    ),  # fmt: skip
    Screen("roster", "app_pages/roster_public.py", ":material/diversity_3:", (), "public", public=True),
)


def _roster_screen(key: str, icon: str, grant: Grant) -> Screen:
    return Screen(key, f"app_pages/{key}.py", icon, (), "roster", grants=(grant,))


# The expert roster: screens opened by grants (navigation only; the services check the grant again).
ROSTER_SCREENS = (
    _roster_screen("roster_expert", ":material/badge:", Grant.EXPERT),
    _roster_screen("roster_requests", ":material/work:", Grant.PARTNER),
    _roster_screen("roster_manage", ":material/manage_search:", Grant.ROSTER_MANAGER),
    _roster_screen("roster_experts", ":material/groups_3:", Grant.ROSTER_MANAGER),
    _roster_screen("roster_audit", ":material/policy:", Grant.ROSTER_MANAGER),
)

SCREENS = (
    Screen("home", "app_pages/home.py", ":material/home:", LEARNING, "main"),
    Screen("course", "app_pages/course.py", ":material/menu_book:", LEARNING, "learn"),
    Screen("lesson", "app_pages/lesson.py", ":material/school:", LEARNING, "learn", hidden=True),
    Screen("glossary", "app_pages/glossary.py", ":material/dictionary:", LEARNING, "learn"),
    Screen("drill", "app_pages/drill.py", ":material/exercise:", LEARNING, "learn"),
    Screen("assignments", "app_pages/assignments.py", ":material/assignment:", LEARNING, "learn"),
    Screen("quiz", "app_pages/quiz.py", ":material/quiz:", LEARNING, "learn"),
    Screen("my_progress", "app_pages/my_progress.py", ":material/insights:", LEARNING, "learn"),
    Screen("worksheet", "app_pages/worksheet.py", ":material/edit_note:", LEARNING, "learn"),
    Screen(
        "chapter_quiz", "app_pages/chapter_quiz.py", ":material/fact_check:", LEARNING, "learn", hidden=True
    ),
    Screen("groups", "app_pages/groups.py", ":material/groups:", TEACHING, "teach"),
    Screen("dashboard", "app_pages/dashboard.py", ":material/monitoring:", TEACHING, "teach"),
    Screen("analysis_review", "app_pages/analysis_review.py", ":material/rate_review:", TEACHING, "teach"),
    Screen("account", "app_pages/account.py", ":material/manage_accounts:", LEARNING, "account"),
    Screen(
        "notifications", "app_pages/notifications.py", ":material/notifications:", LEARNING, "account", True
    ),
    *ROSTER_SCREENS,
    Screen(
        "admin_users", "app_pages/admin_users.py", ":material/admin_panel_settings:", (Role.ADMIN,), "admin"
    ),
    Screen(
        "directory_manage",
        "app_pages/directory_manage.py",
        ":material/edit_calendar:",
        (),
        "admin",
        grants=(Grant.CENTRE_MANAGER,),
    ),  # fmt: skip
)

GROUP_ORDER = ("main", "learn", "teach", "roster", "public", "admin", "account")


def screens_for(role: Role | None, grants: frozenset[Grant] = frozenset()) -> list[Screen]:
    """The screens a user with ``role`` and ``grants`` may open (anonymous visitors: log-in, sign-up and the
    public ones). Navigation only: each service checks the role or grant again."""
    if role is None:
        return [*ANONYMOUS_SCREENS, *PUBLIC_SCREENS]
    return [*(screen for screen in SCREENS if screen.open_to(role, grants)), *PUBLIC_SCREENS]


def hidden_for_anonymous() -> list[Screen]:
    """Every member screen, registered hidden for a visitor who is not logged in: a reloaded or bookmarked
    page then shows the log-in form in place and comes back to itself, instead of "page not found"."""
    return [replace(screen, hidden=True) for screen in SCREENS]
