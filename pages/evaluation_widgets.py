"""Inputs shared by the evaluation entry form and the follow-up result form."""

from __future__ import annotations

import streamlit as st

from db.models.evaluations import DIMENSIONS
from services.i18n import t


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
