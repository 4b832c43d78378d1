"""Station tour slots: publishing, free places, and capacity that holds under concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import time

import pytest

from db import session as db_session
from services.bookings import requests as bookings
from services.bookings import tours
from services.core.errors import FiredeskError, PermissionDenied, ValidationError
from services.core.permissions import SYSTEM
from tests.conftest import _empty_all_tables
from tests.fixtures.bookings import MONDAY, build_world, publish_tour_slots, tour


@pytest.mark.usefixtures("world")
def test_published_slots_are_listed_in_time_order_and_not_duplicated(manager):
    slots = publish_tour_slots(manager)
    assert [s.starts_at.strftime("%a %H:%M") for s in slots] == [
        "Mon 09:00",
        "Mon 14:00",
        "Sat 09:00",
        "Sat 14:00",
    ]
    again = tours.publish_slots(manager, "S01", [MONDAY], [time(9, 0), time(10, 0)], 60, 2, 30)
    assert again == 1


@pytest.mark.usefixtures("world")
def test_publishing_needs_a_station_and_the_permission(manager, staff_actor):
    with pytest.raises(ValidationError) as caught:
        tours.publish_slots(manager, "U001", [MONDAY], [], 0, 1, 30)
    assert {(e.field, e.key) for e in caught.value.errors} == {
        ("tour_station", "error.unknown"),
        ("tour_starts", "error.required"),
        ("tour_duration", "error.range"),
    }
    with pytest.raises(PermissionDenied):
        tours.publish_slots(staff_actor, "S01", [MONDAY], [time(9, 0)], 60, 1, 30)


@pytest.mark.usefixtures("world")
def test_a_tour_holds_its_place_and_gives_it_back_when_cancelled(manager, staff_actor):
    slot = publish_tour_slots(manager, groups=2, visitors=30)[0]
    booking_id = bookings.create_booking(staff_actor, tour(slot.id, 25))
    detail = bookings.get_booking(SYSTEM, booking_id)
    # The tour's time and length are the slot's.
    assert detail.data.windows == [{"start": 540, "end": 600, "cost": 0}]
    assert [s.id for s in tours.week_slots(MONDAY, group_size=10)] != []
    assert slot.id not in [s.id for s in tours.week_slots(MONDAY, group_size=10)]
    assert slot.id in [s.id for s in tours.week_slots(MONDAY, group_size=5)]
    bookings.cancel_booking(staff_actor, booking_id, detail.version, "学校临时停课")
    again = next(s for s in tours.week_slots(MONDAY) if s.id == slot.id)
    assert (again.booked_groups, again.booked_visitors) == (0, 0)


@pytest.mark.usefixtures("world")
def test_a_group_larger_than_the_slot_is_refused(manager, staff_actor):
    slot = publish_tour_slots(manager, visitors=30)[0]
    with pytest.raises(ValidationError) as caught:
        bookings.create_booking(staff_actor, tour(slot.id, 31))
    assert [(e.field, e.key) for e in caught.value.errors] == [
        ("booking_group_size", "tours.error.group_too_large")
    ]
    assert "最多 30 人" in caught.value.messages("zh-CN")[0]


@pytest.mark.usefixtures("world")
def test_a_full_slot_says_so(manager, staff_actor):
    slot = publish_tour_slots(manager, groups=1)[0]
    bookings.create_booking(staff_actor, tour(slot.id, 10))
    with pytest.raises(FiredeskError) as caught:
        bookings.create_booking(staff_actor, tour(slot.id, 5, phone="13900001111"))
    assert caught.value.key == "tours.error.full"
    assert "约满" in caught.value.message("zh-CN")


@pytest.mark.usefixtures("world")
def test_moving_a_tour_to_another_slot_moves_its_place(manager, staff_actor):
    first, second = publish_tour_slots(manager, groups=1)[:2]
    booking_id = bookings.create_booking(staff_actor, tour(first.id, 10))
    bookings.update_booking(staff_actor, booking_id, 1, tour(second.id, 12))
    counts = {s.id: (s.booked_groups, s.booked_visitors) for s in tours.week_slots(MONDAY)}
    assert counts[first.id] == (0, 0)
    assert counts[second.id] == (1, 12)


def test_twenty_people_booking_the_last_places_at_once(postgres_url, manager, staff_actor):
    """On PostgreSQL: the slot row lock lets exactly the capacity through."""
    db_session.configure(postgres_url)
    try:
        build_world()
        slot = publish_tour_slots(manager, groups=3, visitors=100)[0]

        def attempt(n: int) -> str:
            try:
                bookings.create_booking(staff_actor, tour(slot.id, 10, phone=f"139{n:08d}"))
            except FiredeskError as error:
                return error.key
            return "booked"

        with ThreadPoolExecutor(max_workers=20) as pool:
            outcomes = list(pool.map(attempt, range(20)))
        assert outcomes.count("booked") == 3
        assert outcomes.count("tours.error.full") == 17
        final = next(s for s in tours.week_slots(MONDAY) if s.id == slot.id)
        assert (final.booked_groups, final.booked_visitors) == (3, 30)
    finally:
        _empty_all_tables(postgres_url)
        db_session._current_url = None


@pytest.mark.usefixtures("world")
def test_only_a_slot_nobody_booked_can_be_withdrawn(manager, staff_actor):
    booked, free = publish_tour_slots(manager, groups=2)[:2]
    bookings.create_booking(staff_actor, tour(booked.id, 10))
    with pytest.raises(FiredeskError) as caught:
        tours.withdraw_slot(manager, booked.id, booked.version + 1)
    assert caught.value.key == "tours.error.slot_booked"
    tours.withdraw_slot(manager, free.id, free.version)
    assert free.id not in [s.id for s in tours.week_slots(MONDAY)]


def test_start_times_are_read_from_text():
    assert tours.parse_start_times("9:00, 14:30；16:00") == [time(9, 0), time(14, 30), time(16, 0)]
    with pytest.raises(ValidationError) as caught:
        tours.parse_start_times("09:00, 下午")
    assert [e.params for e in caught.value.errors] == [{"value": "下午"}]


@pytest.mark.usefixtures("world")
def test_a_bigger_group_in_the_same_slot_is_counted_once(manager, staff_actor):
    slot = publish_tour_slots(manager, groups=1, visitors=30)[0]
    booking_id = bookings.create_booking(staff_actor, tour(slot.id, 10))
    bookings.update_booking(staff_actor, booking_id, 1, tour(slot.id, 25))
    again = next(s for s in tours.week_slots(MONDAY) if s.id == slot.id)
    assert (again.booked_groups, again.booked_visitors) == (1, 25)


def test_sqlite_never_overbooks_either(sqlite_db, manager, staff_actor):
    """SQLite has no row locks: a writer that lost the race is told someone else saved first
    (the slot's version changed), and the counters still never pass the capacity."""
    build_world()
    slot = publish_tour_slots(manager, groups=3, visitors=100)[0]

    def attempt(n: int) -> str:
        try:
            bookings.create_booking(staff_actor, tour(slot.id, 10, phone=f"139{n:08d}"))
        except FiredeskError as error:
            return error.key
        return "booked"

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(attempt, range(20)))
    assert set(outcomes) <= {"booked", "tours.error.full", "error.conflict"}
    booked = outcomes.count("booked")
    assert 1 <= booked <= 3
    final = next(s for s in tours.week_slots(MONDAY) if s.id == slot.id)
    assert (final.booked_groups, final.booked_visitors) == (booked, 10 * booked)
    assert len(bookings.list_bookings(bookings.BookingFilter())) == booked
