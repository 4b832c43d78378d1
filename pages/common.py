"""Small UI pieces every page shares: the session (sign in, sign out), the current actor,
error display (expected errors and unexpected ones), downloads."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

import streamlit as st

from services.core.clock import now
from services.core.errors import FiredeskError, ValidationError
from services.core.permissions import Actor
from services.i18n import t

log = logging.getLogger("firedesk")

# What the language switch needs to survive a sign-out: the sidebar selectbox's key.
KEPT_ON_SIGN_OUT = ("language",)


def sign_in(actor: Actor) -> None:
    """Start a session for `actor` (login, first administrator); the router takes over."""
    moment = now()
    st.session_state.actor = actor
    st.session_state.signed_in_at = moment
    st.session_state.last_seen = moment
    st.session_state.new_login = True  # the router restores the account's language


def end_session(notice: str | None = None) -> None:
    """Sign out: clear the WHOLE session state (revealed data, filters, forms, everything)
    but the chosen language, so nothing of this user is left for the next person at the
    same browser. `notice` is a catalog key the login page shows once."""
    kept = {key: st.session_state[key] for key in KEPT_ON_SIGN_OUT if key in st.session_state}
    st.session_state.clear()
    for key, value in kept.items():
        st.session_state[key] = value
    if notice:
        st.session_state.auth_notice = notice


def unexpected_error(error: BaseException) -> str:
    """Log an unexpected error's traceback under a new incident id and show the user a
    short localized message with that id (never the traceback). Returns the id."""
    incident = secrets.token_hex(4)
    log.error("incident %s: %s: %s", incident, type(error).__name__, error, exc_info=error)
    st.error(t("error.incident", incident=incident))
    return incident


def guarded(run: Callable[[], object]) -> None:
    """Run `run`; an unexpected exception becomes `unexpected_error`.

    Streamlit's control flow (st.rerun, st.stop, st.switch_page raise RerunException and
    StopException, which derive from BaseException, not Exception) passes through untouched.
    """
    try:
        run()
    except Exception as error:
        unexpected_error(error)


def current_actor() -> Actor:
    actor = st.session_state.get("actor")
    if actor is None:  # the router never shows a page without one; guard direct loads
        st.stop()
    return actor


def show_error(error: FiredeskError) -> None:
    if isinstance(error, ValidationError):
        st.error(
            t("error.validation", count=len(error.errors))
            + "\n\n"
            + "\n".join(f"- {m}" for m in error.messages())
        )
    else:
        st.error(error.message())


@contextmanager
def reported_errors():
    """Run a service call; a FiredeskError becomes a localised message instead of a traceback."""
    try:
        yield
    except FiredeskError as error:
        show_error(error)


def run_action(action: Callable[[], object], success_key: str, **params: object) -> bool:
    try:
        action()
    except FiredeskError as error:
        show_error(error)
        return False
    st.success(t(success_key, **params))
    return True


def download(
    label: str,
    data: bytes | str | Callable[[], bytes | str],
    *,
    file_name: str,
    mime: str,
    key: str,
    where: Any = st,
) -> None:
    """A download button that does not rerun the page when clicked.

    Every page download goes through here. A file built when clicked (``data`` a
    callable) is registered under a placeholder id that Streamlit renews on every
    rerun and revokes the old one. With the default ``on_click="rerun"`` the click
    both asks the server for the file and reruns the script; when the rerun wins,
    the id the browser asked for is gone and the download silently fails. Nothing
    on a page depends on that rerun, so downloads never trigger one.
    """
    where.download_button(label, data, file_name=file_name, mime=mime, key=key, on_click="ignore")
