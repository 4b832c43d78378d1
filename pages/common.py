"""Small UI pieces every page shares: the current actor, error display, downloads."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

import streamlit as st

from services.errors import FiredeskError, ValidationError
from services.i18n import t
from services.permissions import Actor


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
