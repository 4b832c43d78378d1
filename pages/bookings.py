"""Bookings: the list with filters, and one booking's edit, status flow and cancellation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages.admin_widgets import attempt, flash, form_key, shown_version
from pages.booking_widgets import (
    booking_fields,
    label,
    participants_input,
    week_input,
    windows_text,
)
from pages.common import current_actor, show_error
from services.bookings import requests as bookings
from services.core.errors import FiredeskError
from services.i18n import t, written_date
from services.planning import publish as plan_publish

SCOPE = "booking"

actor = current_actor()
st.title(t("page.bookings"))
flash(SCOPE)


def _filters() -> bookings.BookingFilter:
    top = st.columns([1, 2, 2])
    all_weeks = top[0].checkbox(t("bookings.all_weeks"), key="bl_all_weeks")
    week = None if all_weeks else week_input("bl_week")
    kinds = top[1].multiselect(
        t("field.booking_kind"),
        bookings.BOOKING_KINDS,
        format_func=label("bookings.kind"),
        key="bl_kinds",
    )
    statuses = top[2].multiselect(
        t("field.booking_status"),
        bookings.BOOKING_STATUSES,
        format_func=label("bookings.status"),
        key="bl_statuses",
    )
    places = st.columns(2)
    stations = dict(bookings.unit_choices("station_tour"))
    station = places[0].selectbox(
        t("field.tour_station"),
        [None, *stations],
        format_func=lambda c: t("bookings.all") if c is None else f"{c} {stations[c]}",
        key="bl_station",
    )
    districts = bookings.district_names()
    district = places[1].selectbox(
        t("bookings.district"),
        [None, *districts],
        format_func=lambda d: t("bookings.all") if d is None else d,
        key="bl_district",
    )
    return bookings.BookingFilter(week, tuple(kinds), tuple(statuses), station, district)


def _table(rows: list[bookings.BookingRow]) -> None:
    frame = pd.DataFrame(
        {
            t("bookings.column.id"): [r.id for r in rows],
            t("field.booking_kind"): [t(f"bookings.kind.{r.kind}") for r in rows],
            t("field.booking_status"): [t(f"bookings.status.{r.status}") for r in rows],
            t("field.booking_week"): [r.week_start.isoformat() for r in rows],
            t("field.booking_unit"): [r.unit_name for r in rows],
            t("bookings.district"): [r.district for r in rows],
            t("field.booking_group"): [r.visitor_group for r in rows],
            t("field.booking_contact_name"): [r.contact for r in rows],
            t("field.booking_channel"): [t(f"bookings.channel.{r.channel}") for r in rows],
            t("field.booking_mode"): [t(f"bookings.mode.{r.mode}") for r in rows],
            t("field.booking_windows"): [
                r.slot_start.strftime("%m-%d %H:%M") if r.slot_start else windows_text(r.windows)
                for r in rows
            ],
        }
    )
    st.caption(t("bookings.count", count=len(rows)))
    st.dataframe(frame, hide_index=True, key="bl_table")


def _status_actions(booking_id: int, detail: bookings.BookingDetail, version: int) -> None:
    targets = bookings.STATUS_FLOW.targets_from(detail.status)
    moves = [s for s in targets if s != "cancelled"]
    left, right = st.columns(2)
    with left:
        if moves:
            target = st.selectbox(
                t("bookings.next_status"),
                moves,
                format_func=label("bookings.status"),
                key=f"bl_next_{booking_id}",
            )
            participants = None
            if target == "done" and detail.data.kind in bookings.PARTICIPANT_KINDS:
                # Prefilled with the expected number: staff correct it to who actually came.
                # The key follows the stored version, so an edited expectation shows at once.
                participants = participants_input(
                    f"bl_participants_{booking_id}_{detail.version}",
                    detail.data.group_size,
                    label_key="field.booking_actual_participants",
                )
            if st.button(t("bookings.change_status"), key=f"bl_change_{booking_id}"):
                attempt(
                    SCOPE,
                    booking_id,
                    lambda: bookings.change_status(
                        actor, booking_id, version, target, participants=participants
                    ),
                )
    with right:
        if "cancelled" in targets:
            reason = st.text_input(t("field.booking_cancel_reason"), key=f"bl_reason_{booking_id}")
            if st.button(t("bookings.cancel"), key=f"bl_cancel_{booking_id}"):
                attempt(
                    SCOPE,
                    booking_id,
                    lambda: bookings.cancel_booking(actor, booking_id, version, reason),
                )


def _appointment(booking_id: int, detail: bookings.BookingDetail) -> None:
    """Once the week is published: when and by whom the plan serves this booking."""
    found = plan_publish.booking_appointment(detail.data.week_start, booking_id)
    if found is not None:
        when = f"{written_date(found.start)} {found.start:%H:%M}"
        st.info(t("bookings.appointment", when=when, officers="、".join(found.officers)))


def _editor(booking_id: int) -> None:
    try:
        detail = bookings.get_booking(actor, booking_id)
    except FiredeskError as error:
        show_error(error)
        return
    # The version first shown is what the user is editing: a save after someone else's is refused.
    version = shown_version(SCOPE, booking_id, detail.version)
    st.subheader(
        t("bookings.edit_heading", id=booking_id, status=t(f"bookings.status.{detail.status}"))
    )
    history = pd.DataFrame(
        {
            t("bookings.column.at"): [h.at.strftime("%Y-%m-%d %H:%M") for h in detail.history],
            t("bookings.column.by"): [h.username for h in detail.history],
            t("field.booking_status"): [
                t(f"bookings.status.{h.to_status}") for h in detail.history
            ],
            t("field.booking_cancel_reason"): [h.reason for h in detail.history],
        }
    )
    st.dataframe(history, hide_index=True, key=f"bl_history_{booking_id}")
    _appointment(booking_id, detail)
    _status_actions(booking_id, detail, version)
    if detail.status not in bookings.OPEN_STATUSES:
        return
    with st.expander(t("bookings.edit"), expanded=False):
        # The keys carry the version shown: after a conflict the form starts from the stored
        # booking, not from what was typed on the old one.
        data, pattern_error = booking_fields(f"be_{form_key(booking_id, version)}", detail.data)
        if st.button(t("bookings.save"), type="primary", key=f"bl_save_{booking_id}"):
            if pattern_error is not None:
                show_error(pattern_error)
            else:
                attempt(
                    SCOPE,
                    booking_id,
                    lambda: bookings.update_booking(actor, booking_id, version, data),
                )


rows = bookings.list_bookings(_filters())
_table(rows)
choices = {r.id: f"#{r.id} {r.unit_name} {t(f'bookings.kind.{r.kind}')}" for r in rows}
selected = st.selectbox(
    t("bookings.select"),
    list(choices),
    index=None,
    format_func=choices.get,
    key="bl_selected",
    placeholder=t("bookings.choose"),
)
if selected is not None:
    _editor(selected)
