"""Pieces the administration pages share: remembering which version a form showed, and
turning a frame's columns into translated headings."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from pages.common import show_error
from services.core.errors import FiredeskError
from services.i18n import t


def shown_version(scope: str, record_id: int, stored: int) -> int:
    """The version of the record when its form was first drawn in this session.

    Streamlit reruns the page on every click, so reading the version at save time would
    quietly accept a concurrent edit; the first one seen is what the user is editing.
    """
    versions = st.session_state.setdefault(f"{scope}_versions", {})
    return versions.setdefault(record_id, stored)


def forget_version(scope: str, record_id: int) -> None:
    st.session_state.setdefault(f"{scope}_versions", {}).pop(record_id, None)


def attempt(scope: str, record_id: int, action: Callable[[], object]) -> None:
    """Run a write; on success rerun so the forms show the new version, and say it was saved
    (the write's result, e.g. a new record's id, waits in `{scope}_result`)."""
    try:
        result = action()
    except FiredeskError as error:
        show_error(error)
        return
    forget_version(scope, record_id)
    st.session_state[f"{scope}_result"] = result
    st.session_state[f"{scope}_flash"] = "common.saved"
    st.rerun()


def flash(scope: str) -> None:
    """The success message of the save that caused this rerun, shown once."""
    key = st.session_state.pop(f"{scope}_flash", None)
    if key:
        st.success(t(key))


def headed(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """`columns` of `frame`, headed by their `column.<name>` translations."""
    return frame[columns].rename(columns={c: t(f"admin.column.{c}") for c in columns})
