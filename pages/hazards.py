"""隐患整改: hazard cases by clock (overdue first, major hazards counted), and one case's
steps: adjust the guidance, issue and print the correction order, extension requests and
their decision, the unit's application and the re-inspection that closes or escalates."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from pages.common import current_actor, download, show_error
from rules.hazards import EXTENSION_REASONS
from rules.time import TIME_ZONE, iso_day, local
from services.core.clock import now
from services.core.errors import FiredeskError
from services.core.spreadsheet import csv_bytes
from services.draws import records
from services.hazards import cases, extensions, guidance, orders, seals
from services.hazards.queue import (
    EXPORT_COLUMNS,
    export_rows,
    figures,
    get_case,
    list_cases,
    major_open,
    rates,
)
from services.i18n import t

actor = current_actor()
st.title(t("page.hazards"))
if message := st.session_state.pop("hz_flash", None):
    st.success(message)


def _done(action) -> None:
    try:
        action()
    except FiredeskError as error:
        show_error(error)
        return
    st.session_state.hz_flash = t("hazards.case.saved")
    st.rerun()


if actor.can("hazards.write") and st.button(t("hazards.queue.advance"), key="hz_advance"):
    try:
        moved = cases.advance_deadlines(actor)
        st.session_state.hz_flash = t("hazards.queue.advanced", count=len(moved))
        st.rerun()
    except FiredeskError as error:
        show_error(error)

open_only = st.toggle(t("hazards.queue.open_only"), value=True, key="hz_open")
rows = list_cases(actor, open_only=open_only)
everything = list_cases(actor)
counts, shares = figures(everything), rates(everything)
tiles = st.columns(5)
tiles[0].metric(t("hazards.queue.open_count"), counts["open"])
tiles[1].metric(t("hazards.queue.overdue_count"), counts["overdue"])
tiles[2].metric(t("hazards.queue.major_open"), counts["major_open"])
for tile, name in zip(tiles[3:], ("reinspection_on_time", "closed_fixed"), strict=True):
    value = shares[name]
    tile.metric(t(f"hazards.kpi.{name}"), "—" if value is None else f"{value:.0%}")


def _highlight(row):
    overdue = row[t("hazards.col.urgency")] == t("hazards.queue.overdue")
    return ["background-color: #fde2e1" if overdue else "" for _ in row]


def _major_table(rows) -> None:
    st.dataframe(
        pd.DataFrame(
            {
                t("hazards.col.case_no"): [r.case_no for r in rows],
                t("hazards.col.unit"): [r.unit_name for r in rows],
                t("hazards.col.state"): [t(f"hazards.state.{r.state}") for r in rows],
                t("hazards.col.urgency"): [t(f"hazards.queue.{r.urgency}") for r in rows],
                t("hazards.col.reported_at"): [iso_day(r.major_reported_at) for r in rows],
                t("hazards.col.reported_to"): [
                    f"{t(f'hazards.report_level.{r.major_report_level}')} {r.major_reported_to}"
                    if r.major_report_level
                    else ""
                    for r in rows
                ],
            }
        ).style.apply(_highlight, axis=1),
        hide_index=True,
        key="hz_major_table",
    )


def _seal_table(rows, key: str) -> None:
    st.dataframe(
        pd.DataFrame(
            {
                t("hazards.col.case_no"): [s.case_no for s in rows],
                t("hazards.col.unit"): [s.unit_name for s in rows],
                t("field.seal_scope"): [s.scope for s in rows],
                t("hazards.col.state"): [t(f"hazards.seal.state.{s.state}") for s in rows],
                t("hazards.seal.due"): [
                    iso_day(s.decide_due_at) if s.state == "proposed" else "" for s in rows
                ],
                t("hazards.col.urgency"): [
                    t(f"hazards.queue.{s.urgency}")
                    if s.urgency in ("overdue", "due_soon", "on_track")
                    else t(f"hazards.seal.state.{s.state}")
                    for s in rows
                ],
                t("hazards.seal.urgent"): [s.urgent for s in rows],
                t("hazards.col.provisional"): [s.provisional for s in rows],
            }
        ).style.apply(_highlight, axis=1),
        hide_index=True,
        key=key,
    )


all_seals = seals.list_seals(actor)
active_seals = [s for s in all_seals if s.state in seals.ACTIVE]
# A case with a seal to decide or in force stays on the open list (an escalated one too).
sealed_ids = {s.case_id for s in active_seals}
rows += [r for r in everything if r.id in sealed_ids and r not in rows]
st.metric(t("hazards.seal.to_decide"), sum(s.state == "proposed" for s in all_seals))
majors = major_open(everything)
st.subheader(t("hazards.major.title"))
if majors:
    _major_table(majors)
else:
    st.caption(t("hazards.major.none"))
if active_seals:
    st.subheader(t("hazards.seal.title"))
    _seal_table(active_seals, "hz_seal_table")

if not rows:
    st.info(t("hazards.queue.empty"))
    st.stop()
st.subheader(t("hazards.queue.title"))


table = pd.DataFrame(
    {
        t("hazards.col.case_no"): [r.case_no for r in rows],
        t("hazards.col.unit"): [r.unit_name for r in rows],
        t("hazards.col.state"): [t(f"hazards.state.{r.state}") for r in rows],
        t("hazards.col.clock"): [iso_day(r.clock_at) for r in rows],
        t("hazards.col.urgency"): [t(f"hazards.queue.{r.urgency}") for r in rows],
        t("hazards.col.inspected_on"): [iso_day(r.inspected_at) for r in rows],
        t("hazards.col.deadline"): [iso_day(r.deadline) for r in rows],
        t("hazards.col.major"): [r.major for r in rows],
        t("hazards.col.provisional"): [r.provisional for r in rows],
    }
)
st.dataframe(table.style.apply(_highlight, axis=1), hide_index=True, key="hz_table")
download(
    "CSV",
    lambda: csv_bytes(EXPORT_COLUMNS, export_rows(list_cases(actor, open_only=open_only))),
    file_name="hazards.csv",
    mime="text/csv",
    key="hz_export",
)

picked = st.selectbox(
    t("hazards.case.pick"),
    [r.id for r in rows],
    format_func=lambda i: next(f"{r.case_no} · {r.unit_name}" for r in rows if r.id == i),
    key="hz_pick",
)
row = get_case(actor, picked)
st.subheader(f"{row.case_no} · {row.unit_name} · {t(f'hazards.state.{row.state}')}")
if row.escalation:
    st.warning(t(f"hazards.escalation.{row.escalation}"))
if row.major:
    st.error(
        t(
            "hazards.major.reported",
            at=iso_day(row.major_reported_at),
            by=row.major_reported_by,
            level=t(f"hazards.report_level.{row.major_report_level}"),
            to=row.major_reported_to,
        )
        if row.major_reported_at
        else t("hazards.major.not_reported")
    )
provisional = t("hazards.case.provisional") if row.provisional else ""
if row.state == "opened":
    st.caption(t("hazards.case.order_due", due=iso_day(row.order_due_at)) + provisional)
if row.reinspection_due_at:
    st.caption(
        t("hazards.case.reinspection_due", due=iso_day(row.reinspection_due_at)) + provisional
    )
if row.order_no:
    st.markdown(t("hazards.case.order_no", no=row.order_no))
st.markdown(
    t("hazards.case.findings") + ": " + "、".join(orders.type_name(code) for code in row.findings)
)
offered = cases.actions_for(actor, row.state)

if row.state == "opened" and actor.can("hazards.write"):
    st.markdown(f"**{t('hazards.case.guidance')}**")
    plans = []
    for n, plan in enumerate(row.guidance):
        text = st.text_area(
            orders.type_name(plan["hazard_type"]), plan["plan"], key=f"hz_plan_{row.id}_{n}"
        )
        standard = st.text_input(
            t("field.hazard_standard"), plan.get("standard", ""), key=f"hz_std_{row.id}_{n}"
        )
        plans.append({"hazard_type": plan["hazard_type"], "plan": text, "standard": standard})
    basis = st.text_input(t("field.hazard_legal_basis"), row.legal_basis, key=f"hz_basis_{row.id}")
    major = st.checkbox(t("field.hazard_major"), row.major, key=f"hz_major_{row.id}")
    report = None
    if major and not row.major_reported_at:
        report = cases.MajorReport(
            st.selectbox(
                t("field.hazard_report_level"),
                cases.MAJOR_REPORT_LEVELS,
                format_func=lambda v: t(f"hazards.report_level.{v}"),
                key=f"hz_level_{row.id}",
            ),
            st.text_input(t("field.hazard_reported_to"), key=f"hz_to_{row.id}"),
        )
    note = st.text_area(t("field.hazard_note"), row.note, key=f"hz_note_{row.id}")
    if st.button(t("hazards.case.save"), key=f"hz_save_{row.id}"):
        _done(
            lambda: cases.adjust(
                actor,
                row.id,
                row.version,
                guidance_plans=plans,
                legal_basis=basis,
                major=major,
                report=report,
                note=note,
            )
        )
    deadline = st.date_input(
        t("field.hazard_deadline"),
        local(now()).date() + timedelta(days=30),
        key=f"hz_deadline_{row.id}",
    )
    if "issue_order" in offered and st.button(
        t("hazards.action.issue_order"), type="primary", key=f"hz_issue_{row.id}"
    ):
        _done(lambda: cases.issue_order(actor, row.id, row.version, deadline))

if row.order_no:
    download(
        t("hazards.case.print"),
        lambda: orders.order_page(actor, row.id),
        file_name=f"{row.case_no}.html",
        mime="text/html",
        key=f"hz_print_{row.id}",
    )
    download(
        t("hazards.case.print_pdf"),
        lambda: orders.order_pdf_file(actor, row.id),
        file_name=f"{row.case_no}.pdf",
        mime="application/pdf",
        key=f"hz_pdf_{row.id}",
    )

if row.extensions:
    st.markdown(f"**{t('hazards.case.extensions')}**")
    st.dataframe(
        pd.DataFrame(
            {
                t("field.extension_reason"): [
                    t(f"hazards.reason.{e['reason']}")
                    + (f": {e['reason_text']}" if e["reason_text"] else "")
                    for e in row.extensions
                ],
                t("field.extension_requested_at"): [
                    iso_day(e["requested_at"]) for e in row.extensions
                ],
                t("field.extension_deadline"): [
                    iso_day(e["requested_deadline"]) for e in row.extensions
                ],
                t("hazards.col.state"): [
                    t(f"hazards.extension.{e['decision']}")
                    if e["decision"]
                    else t("hazards.extension.pending", due=iso_day(e["decide_due_at"]))
                    for e in row.extensions
                ],
            }
        ),
        hide_index=True,
        key=f"hz_ext_{row.id}",
    )

if "request_extension" in offered:
    with st.expander(t("hazards.action.request_extension")):
        reason = st.selectbox(
            t("field.extension_reason"),
            EXTENSION_REASONS,
            format_func=lambda r: t(f"hazards.reason.{r}"),
            key=f"hz_reason_{row.id}",
        )
        text = st.text_input(t("field.extension_reason_text"), key=f"hz_reason_text_{row.id}")
        until = st.date_input(
            t("field.extension_deadline"),
            (row.deadline or local(now()).date()) + timedelta(days=30),
            key=f"hz_until_{row.id}",
        )
        if st.button(t("hazards.action.request_extension"), key=f"hz_request_{row.id}"):
            data = extensions.ExtensionInput(reason, until, text)
            _done(lambda: extensions.request_extension(actor, row.id, row.version, data))
for action, grant in (("grant_extension", True), ("refuse_extension", False)):
    if action in offered and st.button(t(f"hazards.action.{action}"), key=f"hz_{action}_{row.id}"):
        _done(lambda grant=grant: extensions.decide_extension(actor, row.id, row.version, grant))
if "apply_reinspection" in offered and st.button(
    t("hazards.action.apply_reinspection"), key=f"hz_apply_{row.id}"
):
    _done(lambda: cases.apply_reinspection(actor, row.id, row.version))

if row.state == "reinspection_due" and actor.can("inspections.write"):
    with st.expander(t("hazards.case.reinspect")):
        fixed = st.radio(
            t("hazards.case.reinspect"),
            [True, False],
            format_func=lambda f: t("hazards.case.fixed" if f else "hazards.case.not_fixed"),
            key=f"hz_fixed_{row.id}",
            horizontal=True,
        )
        officers = st.text_input(
            t("hazards.case.officers"), ", ".join(row.officers), key=f"hz_officers_{row.id}"
        )
        if st.button(t("hazards.case.reinspect"), type="primary", key=f"hz_reinspect_{row.id}"):
            data = records.InspectionInput(
                unit_code=row.unit_code,
                kind="reinspection",
                inspected_at=now().astimezone(TIME_ZONE),
                officers=[c.strip() for c in officers.split(",") if c.strip()],
                outcome="no_problem" if fixed else "correction_order",
                findings=[] if fixed else row.findings,
            )
            _done(lambda: records.record_inspection(actor, data))

case_seals = [s for s in all_seals if s.case_id == row.id]
if case_seals or seals.sealable(row.state, row.major):
    st.markdown(f"**{t('hazards.seal.title')}**")
if case_seals:
    _seal_table(case_seals, f"hz_case_seals_{row.id}")
for seal in case_seals:
    offered_seal = seals.actions_for(actor, seal.state)
    if not offered_seal:
        continue
    seal_note = st.text_input(t("field.seal_note"), key=f"hz_seal_note_{seal.id}")
    for action in offered_seal:
        if st.button(t(f"hazards.action.{action}"), key=f"hz_seal_{action}_{seal.id}"):
            if action == "lift":
                _done(
                    lambda seal=seal, note=seal_note: seals.lift_seal(
                        actor, seal.id, seal.version, note
                    )
                )
            else:
                _done(
                    lambda seal=seal, action=action, note=seal_note: seals.decide_seal(
                        actor, seal.id, seal.version, action == "seal", note
                    )
                )
if (
    seals.sealable(row.state, row.major)
    and actor.can("hazards.write")
    and not any(s.state in seals.ACTIVE for s in case_seals)
):
    with st.expander(t("hazards.action.propose_seal")):
        scope = st.text_input(t("field.seal_scope"), key=f"hz_seal_scope_{row.id}")
        urgent = st.checkbox(t("hazards.seal.urgent"), key=f"hz_seal_urgent_{row.id}")
        if st.button(t("hazards.action.propose_seal"), key=f"hz_seal_propose_{row.id}"):
            _done(lambda: seals.propose_seal(actor, row.id, row.version, scope, urgent))

if actor.can("hazards.guidance"):
    with st.expander(t("hazards.guidance.title")):
        for entry in guidance.library():
            st.markdown(f"**{orders.type_name(entry.hazard_type)}**")
            zh = st.text_area(
                t("field.hazard_plan_zh"), entry.plan_zh, key=f"hz_g_zh_{entry.hazard_type}"
            )
            en = st.text_area(
                t("field.hazard_plan_en"), entry.plan_en, key=f"hz_g_en_{entry.hazard_type}"
            )
            standard = st.text_input(
                t("field.hazard_standard"), entry.standard, key=f"hz_g_std_{entry.hazard_type}"
            )
            if st.button(t("hazards.case.save"), key=f"hz_g_save_{entry.hazard_type}"):
                _done(
                    lambda entry=entry, zh=zh, en=en, standard=standard: guidance.save_guidance(
                        actor, entry.hazard_type, entry.version, zh, en, standard
                    )
                )
