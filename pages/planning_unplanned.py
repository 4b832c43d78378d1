"""The publish area's list of requests the published week left unplanned: the duty manager
rolls each over to next week or declines it with a reason (the unit is told either way)."""

from __future__ import annotations

import streamlit as st

from pages.common import show_error
from services.core.errors import FiredeskError
from services.core.permissions import Actor
from services.i18n import current_language, t
from services.planning import unplanned
from services.planning.versions import VersionInfo


def unplanned_requests(actor: Actor, info: VersionInfo) -> None:
    if flash := st.session_state.pop("plan_unplanned_flash", None):
        st.success(flash)
    stranded = unplanned.stranded_requests(info.week_start, current_language())
    if not stranded or not actor.can(unplanned.PERMISSION):
        return
    st.subheader(t("plan.unplanned.title"))
    st.caption(t("plan.unplanned.hint"))
    st.dataframe(
        [
            {
                t("plan.col.task"): s.task,
                t("plan.col.kind"): s.kind,
                t("plan.col.location"): s.unit,
                t("plan.col.reasons"): s.reasons,
            }
            for s in stranded
        ],
        hide_index=True,
        key="plan_unplanned_rows",
    )
    by_id = {s.booking_id: s for s in stranded}
    picked = by_id[
        st.selectbox(
            t("plan.unplanned.pick"),
            list(by_id),
            format_func=lambda b: f"{by_id[b].task} {by_id[b].unit}",
            key="plan_unplanned_pick",
        )
    ]
    roll_col, decline_col = st.columns(2)
    if roll_col.button(t("plan.unplanned.roll_over"), key="plan_unplanned_roll"):
        _act(
            lambda: t(
                "plan.unplanned.rolled",
                week=unplanned.roll_over(actor, picked.booking_id, picked.version).isoformat(),
            )
        )
    reason = decline_col.text_input(t("field.decline_reason"), key="plan_unplanned_reason")
    if decline_col.button(t("plan.unplanned.decline"), key="plan_unplanned_decline"):
        _act(
            lambda: (
                unplanned.decline(actor, picked.booking_id, picked.version, reason)
                or t("plan.unplanned.declined")
            )
        )


def _act(action) -> None:
    try:
        message = action()
    except FiredeskError as error:
        show_error(error)
        return
    st.session_state.plan_unplanned_flash = message
    st.rerun()
