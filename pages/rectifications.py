"""差评整改: every bad review's case — call back, fix, answer, or appeal — with its deadline."""

from __future__ import annotations

import streamlit as st

from pages.common import current_actor, reported_errors
from pages.evaluation_widgets import assignee_form, reveal_button
from services.evaluations.bad_review_cases import (
    APPEAL_DECISIONS,
    CASE_FLOW,
    CASE_STATUSES,
    OPEN_STATUSES,
    appeal,
    assign_case,
    close_case,
    decide_appeal,
    get_case,
    list_cases,
    record_callback,
    reveal_reviewer,
)
from services.evaluations.reviews import officer_choices
from services.i18n import t

actor = current_actor()

st.title(t("page.rectifications"))
scope = st.radio(
    t("rectification.show"),
    ["open", "all"],
    format_func=lambda v: t(f"rectification.filter_{v}"),
    horizontal=True,
    key="rect_scope",
)
frame = list_cases(actor, OPEN_STATUSES if scope == "open" else CASE_STATUSES)
unfinished = frame[frame["status"].isin(OPEN_STATUSES)]
st.caption(
    t("rectification.overdue_count", open=len(unfinished), overdue=int(unfinished.overdue.sum()))
)
if frame.empty:
    st.info(t("rectification.none"))
    st.stop()

shown = frame.assign(
    status=frame["status"].map(lambda v: t(f"rectification.status.{v}")),
    level=frame["level"].map(lambda v: t(f"evaluations.level.{v}")),
    service=frame["service"].map(lambda v: t(f"evaluations.service.{v}")),
)
st.dataframe(shown, hide_index=True, key="rect_table")

labels = {
    int(r.id): t(
        "rectification.label",
        id=int(r.id),
        station=r.station or "—",
        level=t(f"evaluations.level.{r.level}"),
        due=r.due_at.strftime("%Y-%m-%d"),
        flag=t("rectification.flag_overdue") if r.overdue else "",
    )
    for r in frame.itertuples()
}
chosen = st.selectbox(
    t("rectification.pick"), list(labels), format_func=labels.get, key="rect_pick"
)
case = get_case(actor, chosen)

st.subheader(labels[chosen])
st.write(
    t(
        "rectification.review",
        when=case.evaluated_at.strftime("%Y-%m-%d %H:%M"),
        service=t(f"evaluations.service.{case.service}"),
        level=t(f"evaluations.level.{case.level}"),
        reviewer=t("rectification.anonymous")
        if case.anonymous
        else f"{case.reviewer_name} {case.reviewer_phone}",
    )
)
if case.comment:
    st.markdown(f"> {case.comment}")
st.write(t(f"rectification.status.{case.status}"))
st.write(f"{t('callbacks.assignee')}：{case.assignee or t('callbacks.nobody')}")
if case.may_reveal:
    reveal_button("rect_reveal", lambda: reveal_reviewer(actor, case.id))
if CASE_FLOW.allows("close", case.status) and actor.can("callbacks.assign"):
    assignee_form(
        "rect_assign",
        officer_choices(),
        case.assignee_staff_id,
        lambda staff_id: assign_case(actor, case.id, case.version, staff_id),
    )
if case.due_provisional:
    st.caption(t("rectification.provisional"))

if CASE_FLOW.allows("close", case.status):
    if not case.anonymous:
        st.markdown(f"**{t('rectification.callback_heading')}**")
        with st.form("rect_callback"):
            note = st.text_area(
                t("field.callback_note"), value=case.callback_note, key="rect_callback_note"
            )
            if st.form_submit_button(t("rectification.save_callback"), key="rect_save_callback"):
                with reported_errors():
                    record_callback(actor, case.id, case.version, note)
                    st.rerun()
    st.markdown(f"**{t('rectification.close_heading')}**")
    with st.form("rect_close"):
        cause = st.text_area(t("field.rect_cause"), key="rect_cause")
        action_taken = st.text_area(t("field.rect_action"), key="rect_action")
        answer = st.text_area(t("field.rect_answer"), key="rect_answer")
        if st.form_submit_button(t("rectification.close"), type="primary", key="rect_close_btn"):
            with reported_errors():
                close_case(actor, case.id, case.version, cause, action_taken, answer)
                st.rerun()
    if case.appeal_decision is None:
        st.markdown(f"**{t('rectification.appeal_heading')}**")
        with st.form("rect_appeal"):
            reason = st.text_area(t("field.appeal_reason"), key="rect_appeal_reason")
            if st.form_submit_button(t("rectification.submit_appeal"), key="rect_submit_appeal"):
                with reported_errors():
                    appeal(actor, case.id, case.version, reason)
                    st.rerun()

if CASE_FLOW.allows("uphold_appeal", case.status):
    st.write(f"{t('field.appeal_reason')}：{case.appeal_reason}")
    if actor.can("evaluations.decide"):
        st.markdown(f"**{t('rectification.decide_heading')}**")
        with st.form("rect_decide"):
            decision = st.radio(
                t("field.appeal_decision"),
                APPEAL_DECISIONS,
                format_func=lambda v: t(f"rectification.decision.{v}"),
                key="rect_decision",
            )
            note = st.text_area(t("field.appeal_note"), key="rect_decision_note")
            if st.form_submit_button(t("rectification.decide"), key="rect_decide_btn"):
                with reported_errors():
                    decide_appeal(actor, case.id, case.version, decision, note)
                    st.rerun()

if CASE_FLOW.is_final(case.status):
    for field, value in (
        ("callback_note", case.callback_note),
        ("rect_cause", case.cause),
        ("rect_action", case.action_taken),
        ("rect_answer", case.answer),
        ("appeal_reason", case.appeal_reason),
        ("appeal_note", case.appeal_note),
    ):
        if value:
            st.write(f"**{t(f'field.{field}')}**：{value}")
