"""Firedesk's entry point: a thin router.

It applies migrations once per process, checks the session (idle and absolute lifetime,
and the account as the database has it now, on every script run), picks the language,
and shows the setup screen (empty database), the login page, or the pages the user's
role may open. An unexpected error anywhere below shows a short message with an incident
id; the traceback goes to the server log under that id.
"""

from __future__ import annotations

import logging

import streamlit as st

from db.migrate import upgrade
from pages.common import end_session, guarded, log
from pages.registry import pages_for
from services.accounts.auth import current_account, has_users, remember_language, session_expired
from services.core.clock import now
from services.core.config import LANGUAGES, load_settings
from services.core.permissions import Actor
from services.i18n import set_language, t

st.set_page_config(page_title="Firedesk 消防便民服务运营台", page_icon="🚒", layout="wide")

if not any(getattr(handler, "firedesk", False) for handler in log.handlers):
    # Incidents (and anything else the app logs) reach the server's stderr with a time.
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _handler.firedesk = True
    log.addHandler(_handler)
    log.setLevel(logging.INFO)


@st.cache_resource(show_spinner=False)
def _migrated() -> bool:
    upgrade()
    return True


def _signed_in() -> Actor | None:
    """The signed-in actor as the account is now, or None (and the session cleared).

    Runs before any widget is drawn, so ending the session can clear everything and still
    keep the language the sidebar switch shows.
    """
    state = st.session_state
    actor = state.get("actor")
    if actor is None:
        return None
    moment = now()
    started = state.setdefault("signed_in_at", state.get("last_seen") or moment)
    if session_expired(state.get("last_seen"), started, moment):
        end_session(notice="auth.expired")
        return None
    account = current_account(actor.user_id)
    credential = state.setdefault("credential", account.credential if account else None)
    if account is None or account.credential != credential:
        # Deactivated, deleted, or its password reset since this session signed in.
        end_session(notice="auth.ended")
        return None
    if state.pop("new_login", False) and account.language:
        state.language = account.language  # the language kept on the account
    state.actor = account.actor  # a changed role or linked staff member counts at once
    state.last_seen = moment
    return account.actor


def _language_changed() -> None:
    actor = st.session_state.get("actor")
    language = st.session_state.get("language")
    if actor is not None and language in LANGUAGES:
        guarded(lambda: remember_language(actor, language))


def _language() -> None:
    """The sidebar's language switch."""
    language = st.sidebar.selectbox(
        "语言 / Language",
        LANGUAGES,
        index=LANGUAGES.index(load_settings().language),
        key="language",
        format_func=lambda code: {"zh-CN": "简体中文", "en": "English"}[code],
        on_change=_language_changed,
    )
    set_language(language)


def main() -> None:
    _migrated()
    actor = _signed_in()
    _language()
    if actor is None:
        if not has_users():
            setup = st.Page("pages/setup.py", title=t("page.setup"), url_path="setup")
            st.navigation([setup]).run()
            return
        st.navigation([st.Page("pages/login.py", title=t("page.login"), url_path="login")]).run()
        return
    sections: dict[str, list] = {}
    for spec in pages_for(actor.can):
        page = st.Page(spec.path, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path)
        sections.setdefault(t(spec.section_key), []).append(page)
    with st.sidebar:
        st.caption(t("app.signed_in_as", name=actor.username, role=t(f"role.{actor.role}")))
        # As a callback, the session is cleared before the next run draws anything.
        st.button(t("app.logout"), key="logout", on_click=end_session)
    st.navigation(sections).run()


guarded(main)
