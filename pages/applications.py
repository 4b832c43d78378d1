"""申请办理: the applications queue by state and clock, and one application's next steps
(supplements, inspection, decision, delivery) with its printouts."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from pages.common import current_actor, download, show_error
from rules.time import TIME_ZONE, iso_day, local
from services.applications import metrics, printouts, workflow
from services.applications.queue import (
    EXPORT_COLUMNS,
    export_rows,
    get_application,
    list_applications,
)
from services.core.clock import now
from services.core.errors import FiredeskError
from services.core.spreadsheet import csv_bytes
from services.i18n import current_language, t

actor = current_actor()
st.title(t("page.applications"))
if message := st.session_state.pop("ap_flash", None):
    st.success(message)


def _type(row) -> str:
    return row.type_name_en if current_language() == "en" else row.type_name_zh


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


today = local(now()).date()
month = today.replace(day=1)
figures = metrics.application_metrics(actor, month, (month + pd.DateOffset(months=1)).date())
tiles = st.columns(5)
tiles[0].metric(t("applications.kpi.accepted"), figures.accepted)
tiles[1].metric(t("applications.kpi.with_notice"), figures.with_notice)
tiles[2].metric(t("applications.kpi.inspections_on_time"), _rate(figures.inspections.value))
tiles[3].metric(t("applications.kpi.decisions_on_time"), _rate(figures.decisions.value))
tiles[4].metric(t("applications.kpi.post_share"), _rate(figures.delivery_share("post")))

open_only = st.toggle(t("applications.queue.open_only"), value=True, key="ap_open")
rows = list_applications(actor, open_only=open_only)
if not rows:
    st.info(t("applications.queue.empty"))
    st.stop()
moment = now()
st.dataframe(
    pd.DataFrame(
        {
            t("applications.col.no"): [r.application_no for r in rows],
            t("applications.col.type"): [_type(r) for r in rows],
            t("applications.col.unit"): [r.unit_name for r in rows],
            t("applications.col.applicant"): [r.applicant for r in rows],
            t("applications.col.status"): [t(f"applications.status.{r.status}") for r in rows],
            t("applications.col.accepted"): [iso_day(r.accepted_at) for r in rows],
            t("applications.col.missing"): [len(r.missing) for r in rows],
            t("applications.col.due"): [iso_day(r.next_due()) for r in rows],
            t("applications.col.overdue"): [r.overdue(moment) for r in rows],
            t("applications.col.delivery"): [
                t(f"applications.delivery.{r.delivery_method}") for r in rows
            ],
        }
    ),
    hide_index=True,
    key="ap_table",
)
download(
    t("applications.queue.export"),
    lambda: csv_bytes(EXPORT_COLUMNS, export_rows(list_applications(actor, open_only=open_only))),
    file_name="applications.csv",
    mime="text/csv",
    key="ap_export",
)

picked = st.selectbox(
    t("applications.queue.pick"),
    [r.id for r in rows],
    format_func=lambda i: next(f"{r.application_no} · {r.unit_name}" for r in rows if r.id == i),
    key="ap_pick",
)
row = get_application(actor, picked)
st.subheader(f"{row.application_no} · {t(f'applications.status.{row.status}')}")
st.caption(
    t(
        "applications.detail.clocks",
        inspection=iso_day(row.inspection_due_at) or "—",
        decision=iso_day(row.decision_due_at) or "—",
    )
)
names = {
    item["code"]: item["name_en" if current_language() == "en" else "name_zh"]
    for item in row.notice_items
}
if row.notice_no:
    st.markdown(
        t("applications.detail.notice", no=row.notice_no, due=iso_day(row.supplement_due_at))
    )
    download(
        t("applications.print.notice"),
        printouts.notice_html(row),
        file_name=f"{row.notice_no}.html",
        mime="text/html",
        key="ap_notice",
    )
download(
    t("applications.print.receipt"),
    printouts.receipt_html(row),
    file_name=f"{row.application_no}.html",
    mime="text/html",
    key="ap_receipt",
)


def act(action, *args) -> None:
    try:
        action(actor, row.id, row.version, *args)
    except FiredeskError as error:
        show_error(error)
        return
    st.session_state.ap_flash = t("applications.done")
    st.rerun()


if row.status == "supplementing" and row.missing:
    codes = st.multiselect(
        t("applications.action.supplement"),
        list(row.missing),
        format_func=lambda c: names.get(c, c),
        key=f"ap_supp_{row.id}",
    )
    if st.button(t("applications.action.supplement_short"), key=f"ap_supp_go_{row.id}"):
        act(workflow.supplement, codes)

if "inspect" in row.actions:
    left, right = st.columns(2)
    day = left.date_input(t("field.inspected_at"), local(moment).date(), key=f"ap_in_day_{row.id}")
    hour = right.time_input(
        " ", local(moment).time().replace(second=0, microsecond=0), key=f"ap_in_time_{row.id}"
    )
    notes = st.text_area(t("applications.action.inspect"), key=f"ap_in_notes_{row.id}")
    if st.button(t("applications.action.inspect"), key=f"ap_inspect_{row.id}"):
        act(workflow.inspect, datetime.combine(day, hour, TIME_ZONE), notes)
if "approve" in row.actions and st.button(
    t("applications.action.approve"), type="primary", key=f"ap_approve_{row.id}"
):
    act(workflow.approve)
if "refuse" in row.actions:
    with st.expander(t("applications.action.refuse")):
        reasons = st.text_area(t("field.decision_reasons"), key=f"ap_reasons_{row.id}")
        document = st.selectbox(
            t("applications.detail.refuse_document"),
            [None, *row.missing],
            format_func=lambda c: (
                t("applications.detail.no_document") if c is None else names.get(c, c)
            ),
            key=f"ap_refuse_doc_{row.id}",
        )
        if st.button(t("applications.action.refuse"), key=f"ap_refuse_{row.id}"):
            act(workflow.refuse, reasons, document)
if "send" in row.actions:
    tracking = st.text_input(t("field.tracking_no"), key=f"ap_tracking_{row.id}")
    if st.button(t("applications.action.send"), key=f"ap_send_{row.id}"):
        act(workflow.send, tracking)
if "hand_over" in row.actions and st.button(
    t("applications.action.hand_over"), key=f"ap_hand_{row.id}"
):
    act(workflow.hand_over)
if "receive" in row.actions and st.button(
    t("applications.action.receive"), key=f"ap_receive_{row.id}"
):
    act(workflow.receive)
