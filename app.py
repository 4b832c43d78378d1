"""Firedesk's entry point: a thin router.

It applies migrations once per process, picks the language, and shows the setup screen
(empty database), the login page, or the pages the user's role may open.
"""

from __future__ import annotations

import streamlit as st

from db.migrate import upgrade
from pages.registry import pages_for
from services.auth import has_users, session_expired
from services.clock import now
from services.config import LANGUAGES, load_settings
from services.i18n import set_language, t

st.set_page_config(page_title="Firedesk 消防便民服务运营台", page_icon="🚒", layout="wide")


@st.cache_resource(show_spinner=False)
def _migrated() -> bool:
    upgrade()
    return True


def _language() -> None:
    """The sidebar's language switch; it runs before anything else is drawn."""
    language = st.sidebar.selectbox(
        "语言 / Language",
        LANGUAGES,
        index=LANGUAGES.index(load_settings().language),
        key="language",
        format_func=lambda code: {"zh-CN": "简体中文", "en": "English"}[code],
    )
    set_language(language)


def _logged_in() -> bool:
    actor = st.session_state.get("actor")
    if actor is None:
        return False
    if session_expired(st.session_state.get("last_seen")):
        st.session_state.pop("actor", None)
        st.session_state.expired = True
        return False
    st.session_state.last_seen = now()
    return True


def main() -> None:
    _migrated()
    _language()
    if not has_users():
        st.navigation([st.Page("pages/setup.py", title=t("page.setup"), url_path="setup")]).run()
        return
    if not _logged_in():
        st.navigation([st.Page("pages/login.py", title=t("page.login"), url_path="login")]).run()
        return
    actor = st.session_state.actor
    sections: dict[str, list] = {}
    for spec in pages_for(actor.can):
        page = st.Page(spec.path, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path)
        sections.setdefault(t(spec.section_key), []).append(page)
    with st.sidebar:
        st.caption(t("app.signed_in_as", name=actor.username, role=t(f"role.{actor.role}")))
        if st.button(t("app.logout"), key="logout"):
            st.session_state.pop("actor", None)
            st.rerun()
    st.navigation(sections).run()


main()
