"""The frame every page shares: database, language, the logged-in user, and safe text display.

Only ids and UI state live in ``st.session_state`` (``auth_session``, the sign-in session's id, and
``lang``); pages get plain values. A signed-in browser also holds an HttpOnly cookie (see
services/sessions.py and server.py), which brings the user back after a refresh, a lost connection or on
another replica.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from app_pages.markdown import escape_markdown  # noqa: F401 - re-exported for the pages
from config import settings
from i18n import LANGUAGE_NAMES, LANGUAGES, language_from_locale
from i18n import t as translate
from services import accounts, sessions
from services.database import Database, open_database
from services.errors import ServiceError


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    return open_database(url)


def database() -> Database:
    return _database(settings().database_url)


def now() -> datetime:
    return datetime.now(UTC)


def lang() -> str:
    if "lang" not in st.session_state:
        st.session_state["lang"] = language_from_locale(_browser_locale())
    return st.session_state["lang"]


def _browser_locale() -> str | None:
    try:
        return st.context.locale
    except Exception:  # noqa: BLE001 - no browser context (bare script run)
        return None


def t(key: str, **params: object) -> str:
    """Interface text in the current language."""
    return translate(key, lang(), **params)


def _cookie_token() -> str | None:
    try:
        value = st.context.cookies.get(sessions.SESSION_COOKIE)
    except Exception:  # noqa: BLE001 - no browser context (bare script run)
        return None
    return value if isinstance(value, str) else None  # (a test harness may hand back a mock)


def _context_value(name: str) -> str:
    try:
        value = st.context.ip_address if name == "ip" else st.context.headers.get("User-Agent", "")
    except Exception:  # noqa: BLE001 - no browser context
        return ""
    return value if isinstance(value, str) else ""


def current_user() -> accounts.UserView | None:
    """The signed-in, still active user, re-checked on every run: a log-out in another tab, a password
    change, a deactivation or an ended session applies at the next action; a role change too."""
    session_id = st.session_state.get("auth_session")
    with database().reading() as session:
        if session_id is not None:
            found = sessions.resolve_session(session, session_id, now())
        else:
            token = _cookie_token()
            found = sessions.resolve_token(session, token, now()) if token else None
    if found is None:
        st.session_state.pop("auth_session", None)
        return None
    st.session_state["auth_session"] = found.session_id
    if found.touch_due:
        with database().transaction() as session:
            sessions.touch(session, found.session_id, now())
    return found.user


def current_session_id() -> int | None:
    return st.session_state.get("auth_session")


def require_user() -> accounts.UserView:
    """The logged-in user; otherwise the log-in form in place of the page (after a browser reload, say),
    which comes back to this very page, with its query parameters, once logged in."""
    user = current_user()
    if user is None:
        st.title(t("auth.login.title"))
        st.info(t("errors.login_required"))
        login_form()
        st.stop()
    return user


def login_form() -> None:
    """The log-in form; on success the user's id goes into the session and the app reruns."""
    from services.errors import LoginRefused

    with st.form("login_form"):
        username = st.text_input(t("auth.username"), key="login_username")
        password = st.text_input(t("auth.password"), type="password", key="login_password")
        keep = st.checkbox(t("auth.keep_signed_in"), key="login_keep", help=t("auth.keep_signed_in.help"))
        submitted = st.form_submit_button(t("auth.login.submit"), type="primary")
    if not submitted:
        return
    with database().reading() as session:
        device = sessions.device_user(session, _cookie_token())
    try:
        user = accounts.log_in(
            database(), username, password, now(), client=_context_value("ip"), known_device_user=device
        )
    except LoginRefused as refusal:
        show_error(refusal)
        return
    with database().transaction() as session:
        started = sessions.start_session(
            session,
            user.id,
            now(),
            persistent=keep,
            user_agent=_context_value("user_agent"),
            client=_context_value("ip"),
        )
    st.session_state["auth_session"] = started.id
    st.session_state["cookie_handoff"] = started.handoff
    if user.locale:
        st.session_state["lang_of_account"] = user.locale  # applied before the selector is drawn
    else:
        with database().transaction() as session:
            accounts.set_locale(session, user.id, st.session_state.get("lang", "en"))
    st.rerun()


def show_error(error: ServiceError) -> None:
    st.error(t(error.key, **error.params))


def language_selector(user: accounts.UserView | None) -> None:
    """Sidebar choice of interface language, labelled in all three so a beginner can find it."""

    def _changed() -> None:
        if user is not None:
            with database().transaction() as session:
                accounts.set_locale(session, user.id, st.session_state["lang"])

    if "lang_of_account" in st.session_state:
        st.session_state["lang"] = st.session_state.pop("lang_of_account")
    lang()
    st.sidebar.selectbox(
        "Language · Langue · Idioma",
        LANGUAGES,
        format_func=LANGUAGE_NAMES.get,
        key="lang",
        on_change=_changed,
    )


def log_out() -> None:
    """End the sign-in session (in every tab that shares it) and forget this tab's state."""
    session_id = st.session_state.get("auth_session")
    if session_id is not None:
        with database().transaction() as session:
            sessions.end_session(session, session_id, now())
    for key in list(st.session_state.keys()):
        if key != "lang":
            del st.session_state[key]
    st.session_state["cookie_clear"] = True


# The browser trades the one-time hand-off code for its HttpOnly session cookie by posting it to the
# /api/session/cookie route (web/session_routes.py): a page cannot set an HttpOnly cookie itself. Our own
# constant script: the only value in it is the URL-safe hand-off code, checked below; nothing a user or an
# author wrote.
_COOKIE_SCRIPT = """<script>
fetch("{path}", {{method: "POST", credentials: "same-origin", keepalive: true,
  headers: {{"Content-Type": "text/plain"}},
  body: "{code}"}});
</script>"""


def exchange_cookie() -> None:
    """Called by app.py once per run: after a log-in, have the browser fetch its cookie; after a log-out,
    have it drop the cookie. Without server.py (a bare ``streamlit run app.py``) the fetch fails quietly
    and the sign-in simply lasts as long as the tab."""
    handoff = st.session_state.pop("cookie_handoff", None)
    clear = st.session_state.pop("cookie_clear", False)
    if handoff and all(ch.isalnum() or ch in "-_" for ch in handoff):
        st.html(_COOKIE_SCRIPT.format(path="/api/session/cookie", code=handoff), unsafe_allow_javascript=True)
    elif clear:
        st.html(_COOKIE_SCRIPT.format(path="/api/session/logout", code=""), unsafe_allow_javascript=True)
