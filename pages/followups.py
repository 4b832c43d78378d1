"""回访: the follow-ups due after completed services; record the answer or that nobody answered."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages.common import current_actor, reported_errors
from pages.evaluation_widgets import assignee_form, reveal_button, score_inputs
from services.evaluations.followups import (
    FOLLOWUP_STATUSES,
    assign_followup,
    list_followups,
    mark_unreachable,
    record_result,
    reveal_contact,
)
from services.evaluations.reviews import LEVELS, EvaluationInput, officer_choices
from services.i18n import t

actor = current_actor()

st.title(t("page.followups"))
status = st.radio(
    t("followups.show"),
    FOLLOWUP_STATUSES,
    format_func=lambda v: t(f"followups.status.{v}"),
    horizontal=True,
    key="followup_status",
)
frame = list_followups(actor, status)
if frame.empty:
    st.info(t("followups.none"))
    st.stop()

shown = frame.drop(columns=["version", "evaluation_id", "assignee_staff_id", "may_reveal"]).assign(
    source_kind=frame["source_kind"].map(lambda v: t(f"followups.kind.{v}")),
    mode=frame["mode"].map(lambda v: t(f"followups.mode.{v}")),
    status=frame["status"].map(lambda v: t(f"followups.status.{v}")),
)
st.dataframe(shown, hide_index=True, key="followup_table")
if status != "open":
    st.stop()

rows = {int(r.id): r for r in frame.itertuples()}


def _label(followup_id: int) -> str:
    row = rows[followup_id]
    label = t(
        "followups.label",
        id=followup_id,
        kind=t(f"followups.kind.{row.source_kind}"),
        unit=row.unit or "—",
        mode=t(f"followups.mode.{row.mode}"),
        due=row.due.isoformat(),
    )
    return f"{label} · {t('followups.overdue')}" if row.overdue else label


chosen = st.selectbox(t("followups.pick"), list(rows), format_func=_label, key="followup_pick")
row = rows[chosen]
st.write(t("followups.contact", name=row.contact_name or "—", phone=row.contact_phone or "—"))
st.write(f"{t('callbacks.assignee')}：{row.assignee or t('callbacks.nobody')}")
if row.may_reveal:
    reveal_button("followup_reveal", lambda: reveal_contact(actor, chosen))
if actor.can("callbacks.assign"):
    assignee_form(
        "followup_assign",
        officer_choices(),
        None if pd.isna(row.assignee_staff_id) else int(row.assignee_staff_id),
        lambda staff_id: assign_followup(actor, chosen, int(row.version), staff_id),
    )

st.subheader(t("followups.result_heading"))
with st.form("followup_result"):
    level = st.radio(
        t("field.eval_level"),
        LEVELS,
        format_func=lambda v: t(f"evaluations.level.{v}"),
        horizontal=True,
        key="followup_level",
    )
    scores = score_inputs("followup")
    comment = st.text_area(t("field.eval_comment"), key="followup_comment")
    anonymous = st.checkbox(t("field.eval_anonymous"), value=False, key="followup_anonymous")
    # Never prefilled: the contact's number stays on the server, which records it when
    # these are left blank.
    st.caption(t("followups.reviewer_blank"))
    left, right = st.columns(2)
    name = left.text_input(t("field.reviewer_name"), key="followup_reviewer_name")
    phone = right.text_input(t("field.reviewer_phone"), key="followup_reviewer_phone")
    save = st.form_submit_button(t("followups.save"), type="primary", key="followup_save")
if save:
    data = EvaluationInput(
        evaluated_at=None,
        level=level,
        channel="phone_followup",
        service=row.source_kind,
        scores=scores,
        comment=comment,
        anonymous=anonymous,
        reviewer_name=name,
        reviewer_phone=phone,
    )
    with reported_errors():
        evaluation_id = record_result(actor, chosen, int(row.version), data)
        st.success(t("followups.saved", id=evaluation_id))

st.subheader(t("followups.unreachable_heading"))
with st.form("followup_unreachable"):
    note = st.text_input(t("field.followup_note"), key="followup_note")
    mark = st.form_submit_button(t("followups.mark_unreachable"), key="followup_mark")
if mark:
    with reported_errors():
        mark_unreachable(actor, chosen, int(row.version), note)
        st.success(t("followups.marked"))
