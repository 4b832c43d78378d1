"""Requests a published week left unplanned: listed, rolled over with their windows and
history, or declined with a reason, and the unit is told either way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from db.models import AuditLog, Booking, OutboxMessage
from db.session import read_session
from services.bookings import requests as bookings
from services.core.errors import FiredeskError, PermissionDenied, ValidationError
from services.core.permissions import SYSTEM
from services.planning import unplanned
from tests.fixtures.bookings import (
    MONDAY,
    booking_input,
    build_world,
    publish_tour_slots,
    tour,
)
from tests.fixtures.notifications import published_week

LATE_WINDOWS = [{"start": 1440 + 600, "end": 1440 + 900, "cost": 0}]


def _messages(booking_id: int) -> list[OutboxMessage]:
    with read_session() as session:
        return list(
            session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.recipient_id == str(booking_id))
                .order_by(OutboxMessage.id)
            )
        )


def test_nothing_is_stranded_before_a_week_is_published(db, manager):
    build_world()
    bookings.create_booking(manager, booking_input(windows=LATE_WINDOWS))
    assert unplanned.stranded_requests(MONDAY) == []


def test_a_request_left_unplanned_is_listed_with_why(db, manager):
    planned_id, _ = published_week(manager)
    late = bookings.create_booking(manager, booking_input(unit_code="U002", windows=LATE_WINDOWS))
    [stranded] = unplanned.stranded_requests(MONDAY, "en")
    assert (stranded.booking_id, stranded.task) == (late, f"B{late}")
    assert stranded.reasons == "Booked after the plan was built"
    assert planned_id != late


def test_roll_over_keeps_the_windows_one_week_on_and_records_it(db, manager):
    published_week(manager)
    late = bookings.create_booking(manager, booking_input(unit_code="U002", windows=LATE_WINDOWS))
    [stranded] = unplanned.stranded_requests(MONDAY)
    new_week = unplanned.roll_over(manager, late, stranded.version)
    assert new_week == MONDAY + timedelta(days=7)
    with read_session() as session:
        booking = session.get(Booking, late)
        assert booking.week_start == new_week
        assert booking.windows == LATE_WINDOWS
        assert booking.status == "requested"
        history = [(h.from_status, h.to_status, h.reason) for h in booking.history]
    assert history[-1] == ("requested", "requested", "rolled over 2026-11-30 → 2026-12-07")
    assert len(history) == 2  # the request, then the roll-over: nothing lost
    assert unplanned.stranded_requests(MONDAY) == []
    [notice] = _messages(late)
    assert notice.template_key == "booking.rolled_over"
    assert "2026-12-07" in notice.body and notice.address == "13812345678"


def test_decline_needs_a_reason_cancels_and_tells_the_unit(db, manager):
    published_week(manager)
    late = bookings.create_booking(manager, booking_input(unit_code="U002", windows=LATE_WINDOWS))
    [stranded] = unplanned.stranded_requests(MONDAY)
    with pytest.raises(ValidationError):
        unplanned.decline(manager, late, stranded.version, "  ")
    unplanned.decline(manager, late, stranded.version, "本周检查力量已满")
    detail = bookings.get_booking(SYSTEM, late)
    with read_session() as session:
        booking = session.get(Booking, late)
        assert (booking.status, booking.cancel_reason) == ("cancelled", "本周检查力量已满")
    [notice] = _messages(late)
    assert notice.template_key == "booking.declined" and "本周检查力量已满" in notice.body
    with read_session() as session:
        actions = session.scalars(select(AuditLog.action).where(AuditLog.row_id == str(late)))
        assert "decline" in set(actions)
    with pytest.raises(FiredeskError):
        unplanned.roll_over(manager, late, detail.version)


def test_only_a_duty_manager_rolls_over_or_declines(db, manager, staff_actor):
    published_week(manager)
    late = bookings.create_booking(manager, booking_input(unit_code="U002", windows=LATE_WINDOWS))
    [stranded] = unplanned.stranded_requests(MONDAY)
    with pytest.raises(PermissionDenied):
        unplanned.roll_over(staff_actor, late, stranded.version)
    with pytest.raises(PermissionDenied):
        unplanned.decline(staff_actor, late, stranded.version, "不安排")


def test_a_station_tour_cannot_roll_over(db, manager):
    published_week(manager)
    [slot, *_] = publish_tour_slots(manager)
    booking_id = bookings.create_booking(manager, tour(slot.id, 20))
    version = bookings.get_booking(SYSTEM, booking_id).version
    with pytest.raises(FiredeskError) as refused:
        unplanned.roll_over(manager, booking_id, version)
    assert refused.value.key == "plan.unplanned.error.tour"
