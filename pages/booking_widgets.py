"""Pieces the booking pages share: labels, the accepted-times inputs and their week grid."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from rules.weeks import monday_of, next_monday
from services.bookings import requests as bookings
from services.bookings import tours
from services.bookings.windows import ACCEPTABLE_COST, as_text, describe
from services.core.clock import now
from services.core.errors import FiredeskError
from services.i18n import t


def label(prefix: str):
    """A format_func showing `prefix.<value>` translated (None: "all")."""
    return lambda value: t("bookings.all") if value is None else t(f"{prefix}.{value}")


def default_week() -> date:
    return next_monday(now().date())


def week_input(key: str, default: date | None = None) -> date:
    """A date picker that snaps to the Monday of the chosen week."""
    day = st.date_input(t("field.booking_week"), default or default_week(), key=key)
    monday = monday_of(day)
    st.caption(
        t(
            "bookings.week_of",
            start=monday.isoformat(),
            end=(monday + timedelta(days=6)).isoformat(),
        )
    )
    return monday


@st.cache_data(ttl=60, show_spinner=False)
def unit_options(kind: str) -> dict[str, str]:
    return dict(bookings.unit_choices(kind))


def unit_input(kind: str, key: str, default: str | None = None) -> str | None:
    options = unit_options(kind)
    codes = list(options)
    return st.selectbox(
        t("field.tour_station") if kind == "station_tour" else t("field.booking_unit"),
        codes,
        index=codes.index(default) if default in codes else None,
        format_func=lambda code: f"{code} {options[code]}",
        key=key,
        placeholder=t("bookings.choose"),
    )


def slot_input(slots: list[tours.SlotView], key: str, current: int | None = None) -> int | None:
    """Choose one of the slots offered (only free ones are passed in)."""
    by_id = {slot.id: slot for slot in slots}

    def slot_label(slot_id: int) -> str:
        slot = by_id[slot_id]
        return t(
            "bookings.slot_label",
            weekday=t(f"bookings.weekday.{slot.starts_at.weekday()}"),
            when=slot.starts_at.strftime("%m-%d %H:%M"),
            groups=slot.free_groups,
            visitors=slot.free_visitors,
        )

    return st.selectbox(
        t("field.booking_slot"),
        list(by_id),
        format_func=slot_label,
        key=key,
        index=list(by_id).index(current) if current in by_id else None,
        placeholder=t("bookings.choose"),
    )


def windows_inputs(
    prefix: str, week_start: date, preferred: str, acceptable: str = "", cost: int = ACCEPTABLE_COST
) -> tuple[str, str, int, frozenset[date]]:
    """The preferred and acceptable times as weekly patterns, and the days left out."""
    st.caption(t("bookings.pattern_help"))
    left, right = st.columns(2)
    preferred_text = left.text_area(
        t("field.booking_preferred"), preferred, key=f"{prefix}_preferred"
    )
    acceptable_text = right.text_area(
        t("field.booking_acceptable"), acceptable, key=f"{prefix}_acceptable"
    )
    cost_value = right.number_input(
        t("field.booking_acceptable_cost"), 1, 500, cost, step=10, key=f"{prefix}_cost"
    )
    days = [week_start + timedelta(days=d) for d in range(7)]
    exceptions = left.multiselect(
        t("field.booking_exceptions"),
        days,
        key=f"{prefix}_exceptions",
        format_func=lambda day: f"{t(f'bookings.weekday.{day.weekday()}')} {day:%m-%d}",
    )
    return preferred_text, acceptable_text, int(cost_value), frozenset(exceptions)


def week_grid(windows: list[dict], key: str) -> None:
    """The accepted times on a Monday-to-Sunday grid: preferred dark, acceptable light."""
    week_chart(
        [
            (
                w["start"],
                w["end"],
                t("bookings.preferred" if w["cost"] == 0 else "bookings.acceptable"),
            )
            for w in windows
        ],
        key,
    )


def week_chart(periods: list[tuple[int, int, str | None]], key: str) -> bool:
    """Periods (minutes from Monday 00:00, with an optional label for the colour) on a
    Monday-to-Sunday grid; a period past midnight is drawn on each day it touches.
    Returns False, drawing nothing, when there is no period."""
    rows = []
    for start, end, label in periods:
        while start < end:
            day, offset = divmod(start, 1440)
            stop = min(end, (day + 1) * 1440)
            rows.append(
                {
                    "day": t(f"bookings.weekday.{day % 7}"),
                    "from": offset / 60,
                    "to": (stop - day * 1440) / 60,
                    "kind": label or "",
                }
            )
            start = stop
    if not rows:
        return False
    order = [t(f"bookings.weekday.{d}") for d in range(7)]
    encoding = {
        "x": alt.X("from:Q", scale=alt.Scale(domain=[0, 24]), title=t("bookings.hour")),
        "x2": "to:Q",
        "y": alt.Y("day:N", sort=order, scale=alt.Scale(domain=order), title=None),
    }
    if any(label for _, _, label in periods):
        encoding["color"] = alt.Color("kind:N", title=None)
    chart = (
        alt.Chart(pd.DataFrame(rows)).mark_bar(height=14).encode(**encoding).properties(height=200)
    )
    st.altair_chart(chart, width="stretch", key=key)
    return True


def windows_text(windows: list[dict]) -> str:
    return "；".join(describe(w) + ("" if w["cost"] == 0 else f" (+{w['cost']})") for w in windows)


def booking_fields(
    prefix: str, initial: bookings.BookingInput | None = None
) -> tuple[bookings.BookingInput, FiredeskError | None]:
    """Every field of a booking (new when `initial` is None); returns what the user entered and
    any error in the typed time patterns. Widget keys start with `prefix`."""
    kinds = list(bookings.BOOKING_KINDS)
    kind = st.selectbox(
        t("field.booking_kind"),
        kinds,
        index=kinds.index(initial.kind) if initial else 0,
        format_func=label("bookings.kind"),
        key=f"{prefix}_kind",
        disabled=initial is not None,
    )
    first = (
        initial
        if initial and initial.kind == kind
        else bookings.BookingInput(
            kind=kind, unit_code="", week_start=default_week(), channel="wechat", windows=[]
        ).with_defaults()
    )
    left, right = st.columns(2)
    with left:
        unit = unit_input(kind, f"{prefix}_unit", first.unit_code)
        week = week_input(f"{prefix}_week", first.week_start)
        channels = list(bookings.CHANNELS)
        channel = st.selectbox(
            t("field.booking_channel"),
            channels,
            index=channels.index(first.channel),
            format_func=label("bookings.channel"),
            key=f"{prefix}_channel",
        )
    with right:
        contact_name = st.text_input(
            t("field.booking_contact_name"), first.contact_name, key=f"{prefix}_contact_name"
        )
        contact_phone = st.text_input(
            t("field.booking_contact_phone"), first.contact_phone, key=f"{prefix}_contact_phone"
        )
        visitor_group = st.text_input(
            t("field.booking_group"), first.visitor_group, key=f"{prefix}_group"
        )
        group_size = first.group_size
        if kind in bookings.PARTICIPANT_KINDS:
            group_size = participants_input(f"{prefix}_participants", group_size)
    entered = replace(
        first,
        kind=kind,
        unit_code=unit or "",
        week_start=week,
        channel=channel,
        contact_name=contact_name,
        contact_phone=contact_phone,
        visitor_group=visitor_group,
        group_size=group_size,
    )
    if kind == "station_tour":
        entered, pattern_error = _tour_fields(prefix, entered), None
    else:
        entered, pattern_error = _visit_fields(prefix, entered, initial is None)
    notes = st.text_area(t("field.booking_notes"), first.notes, key=f"{prefix}_notes")
    allow_duplicate = st.checkbox(t("bookings.allow_duplicate"), key=f"{prefix}_allow_duplicate")
    return replace(entered, notes=notes, allow_duplicate=allow_duplicate), pattern_error


def participants_input(
    key: str, value: int | None, label_key: str = "field.booking_participants"
) -> int | None:
    """How many people a training or drill is for; a new booking's stays empty until typed,
    so no made-up number reaches the leadership's count."""
    entered = st.number_input(t(label_key), 1, bookings.MAX_PARTICIPANTS, value, key=key)
    return None if entered is None else int(entered)


def _tour_fields(prefix: str, entered: bookings.BookingInput) -> bookings.BookingInput:
    group_size = st.number_input(
        t("field.booking_group_size"), 1, 500, entered.group_size or 20, key=f"{prefix}_group_size"
    )
    free = (
        tours.week_slots(entered.week_start, entered.unit_code, group_size=int(group_size))
        if entered.unit_code
        else []
    )
    if entered.tour_slot_id and entered.tour_slot_id not in [s.id for s in free]:
        # A booked tour keeps offering its own slot, whose place it already holds.
        free = [s for s in tours.week_slots(entered.week_start, entered.unit_code)
                if s.id == entered.tour_slot_id] + free  # fmt: skip
    if entered.unit_code and not free:
        st.warning(t("bookings.no_free_slots"))
    slot_id = slot_input(free, f"{prefix}_slot", entered.tour_slot_id)
    return replace(entered, mode="on_site", tour_slot_id=slot_id, group_size=int(group_size))


def _visit_fields(
    prefix: str, entered: bookings.BookingInput, new: bool
) -> tuple[bookings.BookingInput, FiredeskError | None]:
    columns = st.columns(4)
    modes = list(bookings.MODES)
    mode = columns[0].radio(
        t("field.booking_mode"),
        modes,
        index=modes.index(entered.mode),
        format_func=label("bookings.mode"),
        key=f"{prefix}_mode",
    )
    # Keys carry the kind so switching kind shows that kind's defaults.
    duration = columns[1].number_input(
        t("field.booking_duration"), 15, 600, entered.duration_minutes, step=15,
        key=f"{prefix}_duration_{entered.kind}",
    )  # fmt: skip
    headcount = columns[2].number_input(
        t("field.booking_headcount"), 1, 10, entered.headcount,
        key=f"{prefix}_headcount_{entered.kind}",
    )  # fmt: skip
    priority = columns[3].number_input(
        t("field.booking_priority"), 1, 10, entered.priority,
        key=f"{prefix}_priority_{entered.kind}",
    )  # fmt: skip
    if new:
        # A new booking starts from the unit's opening hours; the key follows the unit.
        preferred = bookings.standing_pattern(entered.unit_code) if entered.unit_code else ""
        acceptable, cost, key = "", ACCEPTABLE_COST, f"{prefix}_{entered.unit_code}"
    else:
        preferred, acceptable = as_text(entered.windows)
        costs = [w["cost"] for w in entered.windows if w["cost"] > 0]
        cost, key = max(costs, default=ACCEPTABLE_COST), prefix
    texts = windows_inputs(key, entered.week_start, preferred, acceptable, cost)
    windows, error = [], None
    try:
        windows = bookings.windows_from_patterns(entered.week_start, *texts)
    except FiredeskError as caught:
        error = caught
    week_grid(windows, f"{prefix}_grid")
    entered = replace(
        entered,
        mode=mode,
        duration_minutes=int(duration),
        headcount=int(headcount),
        priority=int(priority),
        windows=windows,
    )
    return entered, error
