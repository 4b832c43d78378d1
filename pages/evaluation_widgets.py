"""Inputs shared by the evaluation, follow-up and rectification pages: scores, the reveal
button and the callback assignment."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from pages.common import reported_errors
from services.core.privacy import Revealed
from services.evaluations.reviews import DIMENSIONS
from services.i18n import t


def reveal_button(key: str, reveal: Callable[[], Revealed]) -> None:
    """One audited reveal: the identity is shown in this run only and kept nowhere (a
    button is true only in the rerun its click caused)."""
    if st.button(t("privacy.reveal"), key=key, help=t("privacy.reveal_help")):
        with reported_errors():
            shown = reveal()
            st.info(t("privacy.revealed", name=shown.name or "—", phone=shown.phone or "—"))


def assignee_form(
    key: str, choices: dict[int, str], current: int | None, assign: Callable[[int | None], None]
) -> None:
    """A duty manager picks who makes the call (the one staff member who may reveal it)."""
    options = [None, *choices]
    with st.form(key):
        picked = st.selectbox(
            t("callbacks.assignee"),
            options,
            index=options.index(current) if current in options else 0,
            format_func=lambda v: t("callbacks.nobody") if v is None else choices[v],
            key=f"{key}_pick",
        )
        if st.form_submit_button(t("callbacks.assign"), key=f"{key}_save"):
            with reported_errors():
                assign(picked)
                st.rerun()


def score_inputs(prefix: str) -> dict[str, int | None]:
    """One 1–5 score per dimension (事项管理 … 便利程度), each optional."""
    columns = st.columns(len(DIMENSIONS))
    return {
        d: column.selectbox(
            t(f"evaluations.dimension.{d}"),
            [None, 5, 4, 3, 2, 1],
            format_func=lambda v: t("evaluations.no_score") if v is None else str(v),
            key=f"{prefix}_score_{d}",
        )
        for d, column in zip(DIMENSIONS, columns, strict=True)
    }
