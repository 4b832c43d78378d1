"""The week's planning instance: valid by the contract, and every id leads back to a record."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from db.models import Booking, Location, Staff
from db.session import read_session
from demo.planning import PAST_TASK_PROVIDERS
from optimizer.contract import parse_instance
from services.bookings import requests as bookings
from services.bookings import tours
from services.core.errors import FiredeskError
from services.core.unit_of_work import unit_of_work
from services.planning.instance import build_week_instance, week_instance
from tests.fixtures.bookings import MONDAY, booking_input

DAY = 1440


@pytest.fixture
def week(world, manager, staff_actor) -> dict[str, int]:
    """An inspection, a remote expert visit, a tour, and a cancelled drill."""
    tours.publish_slots(manager, "S01", [MONDAY + timedelta(days=1)], [time(9, 0)], 90, 1, 40)
    slot = tours.week_slots(MONDAY)[0]
    ids = {
        "inspection": bookings.create_booking(staff_actor, booking_input()),
        "expert": bookings.create_booking(
            staff_actor,
            booking_input(
                kind="expert_visit",
                unit_code="U002",
                mode="remote",
                windows=[{"start": 540, "end": 1020, "cost": 0}],
            ),
        ),
        "tour": bookings.create_booking(
            staff_actor,
            booking_input(
                kind="station_tour", unit_code="S01", tour_slot_id=slot.id, group_size=30
            ),
        ),
        "drill": bookings.create_booking(staff_actor, booking_input(kind="drill", group_size=300)),
    }
    bookings.cancel_booking(staff_actor, ids["drill"], 1, "改期到下月")
    return ids


def test_the_week_instance_is_valid_and_leads_back_to_records(week):
    data = build_week_instance(MONDAY, name="test week")
    instance = parse_instance(data)  # raises on any contract violation
    assert instance.name == "test week"
    assert data["week_start"] == "2026-11-30"
    assert sorted(t.id for t in instance.tasks) == sorted(
        f"B{week[k]}" for k in ("inspection", "expert", "tour")
    )
    with read_session() as session:
        for task in instance.tasks:
            booking = session.get(Booking, int(task.id.removeprefix("B")))
            assert task.kind == booking.kind
            assert task.duration == booking.duration_minutes
        staff_codes = set(session.scalars(select(Staff.code)))
        location_codes = set(session.scalars(select(Location.code)))
    assert {s.id for s in instance.staff} == staff_codes
    assert set(instance.locations) <= location_codes


def test_tasks_carry_skills_windows_and_the_hall(week):
    tasks = {t["id"]: t for t in build_week_instance(MONDAY)["tasks"]}
    inspection = tasks[f"B{week['inspection']}"]
    assert (inspection["skill"], inspection["headcount"], inspection["location"]) == (
        "inspector",
        2,
        "U001",
    )
    assert [w["cost"] for w in inspection["windows"]] == [0, 30]
    # A video visit needs no travel: it is made from headquarters.
    assert tasks[f"B{week['expert']}"]["location"] == "HQ"
    tour = tasks[f"B{week['tour']}"]
    assert tour["windows"] == [{"start": DAY + 540, "end": DAY + 630, "cost": 0}]
    assert (tour["resource"], tour["eligible"], tour["duration"]) == ("hall-S01", ["E003"], 90)


def test_staff_resources_travel_and_offhours(week):
    data = build_week_instance(MONDAY)
    staff = {s["id"]: s for s in data["staff"]}
    assert staff["E001"]["base"] == "HQ"
    assert staff["E001"]["available"][0] == [510, 1050]  # Monday office hours
    assert staff["E004"]["available"][0] == [510, 1320]  # office hours, then the agreed evening
    assert staff["E001"]["max_minutes"] == 40 * 60
    assert data["resources"] == [{"id": "hall-S01", "capacity": 1}]
    assert data["districts"] == ["白塔区", "辽阳县"]
    assert data["travel_minutes"] == [[10, 35], [35, 25]]
    # Weekday evenings and nights from 17:30 to 08:30, and the whole weekend.
    assert data["offhours"][:2] == [[0, 510], [1050, DAY + 510]]
    assert data["offhours"][-1] == [4 * DAY + 1050, 7 * DAY]


def test_a_week_starts_on_a_monday(sqlite_db):
    with pytest.raises(FiredeskError) as caught:
        build_week_instance(MONDAY + timedelta(days=1))
    assert caught.value.key == "planning.error.not_monday"


def test_a_past_week_holds_the_bookings_that_went_ahead(week, admin):
    """A week gone by is re-planned from the bookings done or no-show, each the very task
    the week's live instance had; open and cancelled ones are not in it."""
    live = {t["id"]: t for t in build_week_instance(MONDAY)["tasks"]}
    with unit_of_work(admin) as session:
        session.get(Booking, week["inspection"]).status = "done"
        session.get(Booking, week["expert"]).status = "no_show"
    with read_session() as session:
        past = week_instance(
            session, MONDAY, lambda day: day.weekday() < 5, task_providers=PAST_TASK_PROVIDERS
        )
    went_ahead = [f"B{week['inspection']}", f"B{week['expert']}"]
    assert [t["id"] for t in past["tasks"]] == sorted(went_ahead)
    assert all(task == live[task["id"]] for task in past["tasks"])
    assert past["staff"] == build_week_instance(MONDAY)["staff"]
