"""Sick leave during a planned week."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from db.models import Availability
from db.session import read_session
from rules.time import TIME_ZONE
from services.core.errors import PermissionDenied
from services.core.unit_of_work import unit_of_work
from services.planning import illness as plan_illness
from services.planning import locks as plan_locks
from tests.fixtures.planning import WEEK, imported


def test_mark_ill_records_leave_and_drops_later_locks(db, manager, admin, staff_actor):
    from db.models import District, Location, Staff

    with unit_of_work(admin) as session:
        district = District(name="白塔区")
        session.add(district)
        session.flush()
        station = Location(code="S01", kind="station", name="白塔站", district_id=district.id)
        session.add(station)
        session.flush()
        session.add(Staff(code="E01", name="张伟", base_location_id=station.id))
    week = {
        "schema": "firedesk.instance/1",
        "name": "ill",
        "week_start": WEEK.isoformat(),
        "slot_minutes": 30,
        "offhours": [],
        "districts": ["白塔区"],
        "travel_minutes": [[10]],
        "locations": [{"id": "S01", "name": "白塔站", "district": "白塔区"}],
        "staff": [
            {"id": "E01", "name": "张伟", "base": "S01", "skills": ["guide"],
             "available": [[0, 10080]], "max_minutes": 2400}
        ],
        "resources": [],
        "tasks": [
            {"id": f"T{day}", "kind": "station_tour", "location": "S01", "duration": 60,
             "skill": "guide", "headcount": 1, "priority": 1,
             "windows": [{"start": day * 1440 + 600, "end": day * 1440 + 660, "cost": 0}]}
            for day in (0, 3)
        ],
        "weights": {"unscheduled": 1000, "offhours_peak": 1, "change": 50},
    }  # fmt: skip
    draft = imported(manager, week)
    for task in ("T0", "T3"):
        plan_locks.lock(manager, draft.id, task)

    wednesday = datetime.combine(date(2026, 12, 2), time(8, 0), TIME_ZONE)
    assert plan_illness.mark_ill(manager, WEEK, "E01", wednesday) == 1
    assert set(plan_locks.week_locks(WEEK)) == {"T0"}
    with read_session() as session:
        leave = session.scalars(select(Availability).where(Availability.kind == "leave")).one()
    assert leave.end_at is not None

    with pytest.raises(PermissionDenied):
        plan_illness.mark_ill(staff_actor, WEEK, "E01", wednesday)
