"""This week's availability: who can work when, and quick entry of leave and agreed periods.

Staff see and edit their own week; managers see everyone and edit for anyone.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pandas as pd
import streamlit as st

from pages.booking_widgets import week_chart, week_input
from pages.common import current_actor, show_error
from rules.time import TIME_ZONE, local
from services.core.errors import FiredeskError
from services.i18n import t
from services.staff import availability_week as aw

actor = current_actor()
st.title(t("page.availability_week"))
if message := st.session_state.pop("aw_flash", None):
    st.success(t(message))

week = week_input("aw_week")
people = aw.week_of_staff(actor, week)
if not people:
    st.info(t("availability.not_linked"))
    st.stop()

st.dataframe(
    pd.DataFrame(
        {
            t("availability.column.person"): [f"{p.code} {p.name}" for p in people],
            t("availability.column.base"): [p.base for p in people],
            t("availability.column.hours"): [p.hours for p in people],
            t("availability.column.offhours"): [p.offhours_hours for p in people],
            t("availability.column.leave"): [
                sum(1 for r in p.rules if r.kind == "leave") for p in people
            ],
        }
    ),
    hide_index=True,
    key="aw_table",
)

by_id = {p.staff_id: p for p in people}
chosen = st.selectbox(
    t("availability.person"),
    list(by_id),
    format_func=lambda i: f"{by_id[i].code} {by_id[i].name}",
    key="aw_person",
)
person = by_id[chosen]


if not week_chart([(start, end, None) for start, end in person.periods], "aw_chart"):
    st.warning(t("availability.none"))


def day_label(day) -> str:
    return f"{t(f'bookings.weekday.{day.weekday()}')} {day:%m-%d}"


def _attempt(action) -> None:
    try:
        action()
    except FiredeskError as error:
        show_error(error)
        return
    st.session_state.aw_flash = "common.saved"
    st.rerun()


for rule in person.rules:
    if rule.kind == "leave":
        text = t(
            "availability.leave_rule",
            start=f"{local(rule.start_at):%m-%d %H:%M}",
            end=f"{local(rule.end_at):%m-%d %H:%M}",
            note=rule.note,
        )
    else:
        text = t(
            "availability.agreed_rule",
            day=t(f"bookings.weekday.{rule.weekday}"),
            start=f"{rule.start_time:%H:%M}",
            end=f"{rule.end_time:%H:%M}",
            note=rule.note,
        )
    left, right = st.columns([4, 1])
    left.write(text)
    if aw.may_edit(actor, person.staff_id) and right.button(
        t("availability.remove"), key=f"aw_remove_{rule.id}"
    ):
        _attempt(lambda rule_id=rule.id: aw.remove_rule(actor, rule_id))

if aw.may_edit(actor, person.staff_id):
    leave_tab, agreed_tab = st.tabs([t("availability.add_leave"), t("availability.add_agreed")])
    days = [week + timedelta(days=d) for d in range(7)]
    with leave_tab:
        columns = st.columns(4)
        first = columns[0].selectbox(
            t("field.leave_start"), days, format_func=day_label, key="aw_leave_from"
        )
        last = columns[1].selectbox(
            t("field.leave_end"), days, index=0, format_func=day_label, key="aw_leave_to"
        )
        note = columns[2].text_input(t("field.rule_note"), key="aw_leave_note")
        if columns[3].button(t("availability.save_leave"), key="aw_leave_submit"):
            start = datetime.combine(first, time(0, 0), TIME_ZONE)
            end = datetime.combine(last + timedelta(days=1), time(0, 0), TIME_ZONE)
            _attempt(lambda: aw.add_leave(actor, person.staff_id, start, end, note))
    with agreed_tab:
        columns = st.columns(5)
        weekday = columns[0].selectbox(
            t("field.weekday"),
            range(7),
            index=5,
            format_func=lambda d: t(f"bookings.weekday.{d}"),
            key="aw_agreed_day",
        )
        start_time = columns[1].time_input(
            t("field.rule_start_time"), time(18, 30), key="aw_agreed_start"
        )
        end_time = columns[2].time_input(
            t("field.rule_end_time"), time(21, 30), key="aw_agreed_end"
        )
        agreed_note = columns[3].text_input(t("field.rule_note"), key="aw_agreed_note")
        if columns[4].button(t("availability.save_agreed"), key="aw_agreed_submit"):
            _attempt(
                lambda: aw.add_agreed_period(
                    actor, person.staff_id, weekday, start_time, end_time, agreed_note
                )
            )
