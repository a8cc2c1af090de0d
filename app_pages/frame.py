"""The frame every page shares: database, language, the logged-in user, and safe text display.

Only ids and UI state live in ``st.session_state`` (``user_id``, ``lang``); pages get plain values.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from app_pages.markdown import escape_markdown  # noqa: F401 - re-exported for the pages
from config import settings
from i18n import LANGUAGE_NAMES, LANGUAGES, language_from_locale
from i18n import t as translate
from services import accounts
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


def current_user() -> accounts.UserView | None:
    """The logged-in, still active user, re-read each run so a role change or deactivation applies."""
    user_id = st.session_state.get("user_id")
    if user_id is None:
        return None
    with database().reading() as session:
        try:
            user = accounts.get_user(session, user_id)
        except ServiceError:
            user = None
    if user is None or not user.is_active:
        st.session_state.pop("user_id", None)
        return None
    return user


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
        submitted = st.form_submit_button(t("auth.login.submit"), type="primary")
    if not submitted:
        return
    try:
        user = accounts.log_in(database(), username, password, now())
    except LoginRefused as refusal:
        show_error(refusal)
        return
    st.session_state["user_id"] = user.id
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
    for key in list(st.session_state.keys()):
        if key != "lang":
            del st.session_state[key]
