"""我的检查: an officer's own inspections of every kind (booked off-hours inspections,
complaint checks, re-inspections and random inspections a published week sends them on,
and the random inspections drawn for them) and the form to record one: the officers (at
least two), the time, the checklist items found and the outcome. The record's kind and task
come from the item (services.draws.officer); recording goes through services.draws.records."""

from __future__ import annotations

from datetime import datetime, time

import pandas as pd
import streamlit as st

from pages.common import current_actor, show_error
from rules.time import TIME_ZONE
from services.core import clock
from services.core.errors import FiredeskError
from services.draws import officer, records
from services.draws.records import CHECKLIST
from services.i18n import t

actor = current_actor()
st.title(t("page.my_inspections"))
st.caption(t("mine.intro"))
if message := st.session_state.pop("mine_flash", None):
    st.success(message)

code = officer.staff_code(actor)
if code is None:
    st.info(t("mine.no_staff"))
    st.stop()
mine = officer.own_inspections(actor)
if not mine:
    st.info(t("mine.empty"))
    st.stop()


def _unit(item: officer.OwnInspection) -> str:
    return f"{item.unit_code} {item.unit_name}" if item.unit_code else t("mine.no_unit")


def _status(item: officer.OwnInspection) -> str:
    if item.outcome:
        return t(f"inspections.outcome.{item.outcome}")
    return t("mine.open")


st.dataframe(
    pd.DataFrame(
        [
            {
                t("mine.col.kind"): t(f"disclosure.kind.{i.kind}"),
                t("mine.col.period"): i.period or "",
                t("mine.col.unit"): _unit(i),
                t("mine.col.planned"): (
                    f"{i.planned_at:%Y-%m-%d %H:%M}" if i.planned_at else t("mine.not_planned")
                ),
                t("mine.col.officers"): "、".join(i.officers),
                t("mine.col.status"): _status(i),
            }
            for i in mine
        ]
    ),
    hide_index=True,
    key="mine_table",
)

open_items = {i.task: i for i in mine if i.record_id is None}
if not open_items:
    st.success(t("mine.all_recorded"))
    st.stop()
chosen = st.selectbox(
    t("mine.choose"),
    list(open_items),
    format_func=lambda k: f"{t(f'disclosure.kind.{open_items[k].kind}')} {_unit(open_items[k])}",
    key="mine_pick",
)
item = open_items[chosen]
if item.unit_code is None:
    st.info(t("mine.no_unit"))
    st.stop()
moment = clock.now()
default = item.planned_at if item.planned_at and item.planned_at <= moment else moment
day_col, time_col = st.columns(2)
day = day_col.date_input(
    t("mine.date"), default.date(), max_value=moment.date(), key=f"mine_day_{chosen}"
)
start = time_col.time_input(
    t("mine.time"), time(default.hour, default.minute), key=f"mine_time_{chosen}"
)
officers = st.multiselect(
    t("field.officers"),
    sorted({*officer.inspector_codes(), *item.officers}),
    sorted({*item.officers, code}),
    key=f"mine_officers_{chosen}",
)
outcome = st.selectbox(
    t("field.outcome"),
    records.INSPECTION_OUTCOMES,
    format_func=lambda o: t(f"inspections.outcome.{o}"),
    key=f"mine_outcome_{chosen}",
)
findings = st.multiselect(
    t("field.findings"),
    list(CHECKLIST),
    format_func=lambda c: t(f"inspections.check.{c}"),
    key=f"mine_findings_{chosen}",
)
note = st.text_area(t("mine.note"), max_chars=500, key=f"mine_note_{chosen}")
if st.button(t("mine.submit"), type="primary", key="mine_submit"):
    data = records.InspectionInput(
        unit_code=item.unit_code,
        kind=item.kind,
        inspected_at=datetime.combine(day, start, tzinfo=TIME_ZONE),
        officers=list(officers),
        outcome=outcome,
        findings=list(findings),
        note=note,
        draw_id=item.draw_id,
        task=item.task,
    )
    try:
        records.record_inspection(actor, data)
    except FiredeskError as error:
        show_error(error)
    else:
        st.session_state.mine_flash = t(
            "mine.recorded",
            unit=f"{item.unit_code} {item.unit_name}",
            outcome=t(f"inspections.outcome.{outcome}"),
        )
        st.rerun()
