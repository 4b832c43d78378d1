"""Pieces the administration pages share: remembering which version a form showed, a
record's edit form that draws afresh after a concurrent edit, picking the record to edit,
and turning a frame's columns into translated headings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from pages.common import show_error
from services.core.errors import BusyError, ConflictError, FiredeskError
from services.i18n import t


def _version_key(scope: str, record_id: int) -> str:
    return f"{scope}_shown_version_{record_id}"


def shown_version(scope: str, record_id: int, stored: int) -> int:
    """The version of the record when its form was first drawn in this session.

    Streamlit reruns the page on every click, so reading the version at save time would
    quietly accept a concurrent edit; the first one seen is what the user is editing. The
    key names the page's scope and the record: forgetting one record's version (after its
    save or a conflict) leaves every other form as it is.
    """
    return st.session_state.setdefault(_version_key(scope, record_id), stored)


def forget_version(scope: str, record_id: int) -> None:
    st.session_state.pop(_version_key(scope, record_id), None)


def _refused_by_a_newer_version(error: FiredeskError) -> bool:
    # A busy database changed nothing: the form keeps what the user typed for a retry.
    return isinstance(error, ConflictError) and not isinstance(error, BusyError)


def attempt(scope: str, record_id: int, action: Callable[[], object]) -> None:
    """Run a write; on success rerun so the forms show the new version, and say it was saved
    (the write's result, e.g. a new record's id, waits in `{scope}_result`).

    When someone else saved the record first, the form is drawn again from the stored record
    (its new version, see `form_key`) and the page says so, so the user redoes the change
    on what is there now instead of being refused until the browser reloads."""
    try:
        result = action()
    except FiredeskError as error:
        if not _refused_by_a_newer_version(error):
            show_error(error)
            return
        forget_version(scope, record_id)
        st.session_state[f"{scope}_conflict"] = True
        st.rerun()
    forget_version(scope, record_id)
    st.session_state[f"{scope}_result"] = result
    st.session_state[f"{scope}_flash"] = "common.saved"
    st.rerun()


def flash(scope: str) -> None:
    """The message of the save that caused this rerun, shown once: saved, or refused because
    the record had changed (the form now shows the stored record)."""
    if st.session_state.pop(f"{scope}_conflict", False):
        st.error(t("admin.conflict_reloaded"))
    key = st.session_state.pop(f"{scope}_flash", None)
    if key:
        st.success(t(key))


def form_key(record_id: int, version: int) -> str:
    """What a record's form widgets end their keys with: the record and the version shown.

    A widget keeps what the user typed for as long as its key lives, so a new version (after
    a save or a conflict) gives new widgets that start from the stored record. A new
    record's form (id 0, version 0) ends in `_0`."""
    return f"{record_id}_v{version}" if record_id else "0"


class RecordForm:
    """The inputs of one record's edit form: each starts from the record's value (`empty`
    for a new record) and is keyed `{prefix}_{name}_{form_key}`."""

    def __init__(self, prefix: str, record: Any, record_id: int, version: int) -> None:
        self.prefix, self.record = prefix, record
        self.suffix = form_key(record_id, version)

    def key(self, name: str) -> str:
        return f"{self.prefix}_{name}_{self.suffix}"

    def value(self, attr: str, empty: Any) -> Any:
        if self.record is None:
            return empty
        if isinstance(self.record, Mapping):
            return self.record[attr]
        return getattr(self.record, attr)

    def text(self, label_key: str, attr: str, name: str, **options: Any) -> str:
        return st.text_input(
            t(label_key), self.value(attr, "") or "", key=self.key(name), **options
        )

    def choice(self, label_key: str, names: Mapping[int, str], attr: str, name: str) -> Any:
        """One of `names` (id → label), preset to the record's; none for a new record."""
        ids = list(names)
        current = self.value(attr, None)
        return st.selectbox(
            t(label_key),
            ids,
            index=None if self.record is None else ids.index(current),
            format_func=names.get,
            key=self.key(name),
        )


def pick_record(scope: str, label_key: str, new_key: str, labels: Mapping[int, str], key: str):
    """The record to edit (0: a new one); a record just created is picked."""
    created = st.session_state.pop(f"{scope}_result", None)
    if created:
        st.session_state[key] = created
    return st.selectbox(
        t(label_key),
        [0, *labels],
        format_func=lambda i: t(new_key) if i == 0 else labels[i],
        key=key,
    )


def records_table(rows: list[dict], empty_key: str, heading: str, key: str) -> bool:
    """`rows` (column → value) as a table headed by their `{heading}.<column>` translations,
    or the `empty_key` note when there are none (then False: the page has nothing to edit)."""
    if not rows:
        st.info(t(empty_key))
        return False
    frame = pd.DataFrame(rows).rename(columns=lambda column: t(f"{heading}.{column}"))
    st.dataframe(frame, hide_index=True, key=key)
    return True


def headed(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """`columns` of `frame`, headed by their `column.<name>` translations."""
    return frame[columns].rename(columns={c: t(f"admin.column.{c}") for c in columns})
