"""Station open days: the week's tour slots with their free places; managers publish slots."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from pages.booking_widgets import unit_input, week_input
from pages.common import current_actor, show_error
from services.bookings import tours
from services.core.errors import FiredeskError
from services.i18n import t

actor = current_actor()
st.title(t("page.tour_slots"))
if message := st.session_state.pop("ts_flash", None):
    st.success(message)

left, right = st.columns(2)
with left:
    station = unit_input("station_tour", "ts_station")
with right:
    week = week_input("ts_week")

slots = tours.week_slots(week, station)
frame = pd.DataFrame(
    {
        t("field.tour_station"): [s.station_name for s in slots],
        t("tours.column.start"): [
            f"{t(f'bookings.weekday.{s.starts_at.weekday()}')} {s.starts_at:%m-%d %H:%M}"
            for s in slots
        ],
        t("field.tour_duration"): [s.duration_minutes for s in slots],
        t("tours.column.groups"): [f"{s.booked_groups}/{s.capacity_groups}" for s in slots],
        t("tours.column.visitors"): [f"{s.booked_visitors}/{s.capacity_visitors}" for s in slots],
    }
)
st.caption(t("tours.count", count=len(slots)))
st.dataframe(frame, hide_index=True, key="ts_table")

if actor.can("tours.write") and station:
    st.subheader(t("tours.publish_heading"))
    days = [week + timedelta(days=d) for d in range(7)]
    chosen_days = st.multiselect(
        t("field.tour_days"),
        days,
        key="ts_days",
        format_func=lambda day: f"{t(f'bookings.weekday.{day.weekday()}')} {day:%m-%d}",
    )
    starts_text = st.text_input(t("field.tour_starts"), "09:00, 14:30", key="ts_starts")
    columns = st.columns(3)
    duration = columns[0].number_input(
        t("field.tour_duration"), 15, 480, 60, step=15, key="ts_duration"
    )
    groups = columns[1].number_input(t("field.tour_capacity_groups"), 1, 20, 1, key="ts_groups")
    visitors = columns[2].number_input(
        t("field.tour_capacity_visitors"), 1, 500, 40, key="ts_visitors"
    )
    if st.button(t("tours.publish"), type="primary", key="ts_publish"):
        try:
            starts = tours.parse_start_times(starts_text)
            created = tours.publish_slots(
                actor, station, chosen_days, starts, int(duration), int(groups), int(visitors)
            )
        except FiredeskError as error:
            show_error(error)
        else:
            st.session_state.ts_flash = t("tours.published", count=created)
            st.rerun()
    free = {s.id: s for s in slots if s.booked_groups == 0}
    if free:
        withdraw = st.selectbox(
            t("tours.withdraw_which"),
            list(free),
            format_func=lambda i: f"{free[i].station_name} {free[i].starts_at:%m-%d %H:%M}",
            key="ts_withdraw_slot",
            index=None,
            placeholder=t("bookings.choose"),
        )
        if withdraw is not None and st.button(t("tours.withdraw"), key="ts_withdraw"):
            try:
                tours.withdraw_slot(actor, withdraw, free[withdraw].version)
            except FiredeskError as error:
                show_error(error)
            else:
                st.session_state.ts_flash = t("common.saved")
                st.rerun()
