"""Small UI pieces every page shares: the current actor, error display, language."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager

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
