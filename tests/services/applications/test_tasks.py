"""An accepted pre-opening check becomes an inspection task of the weekly plan: two
inspectors, the unit's opening hours, before its 10-working-day clock; and it is planned."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from db.models import Location
from db.session import read_session
from optimizer.contract import parse_instance
from optimizer.solver import solve
from services.applications import tasks, types
from services.applications.intake import ApplicationInput, intake
from services.planning.instance import build_week_instance
from tests.conftest import make_actor
from tests.fixtures.applications import PRE_OPENING_COMPLETE

CLERK = make_actor("staff")
MONDAY = date(2026, 11, 30)


def _location_id(code: str) -> int:
    with read_session() as session:
        return session.scalar(select(Location.id).where(Location.code == code))


def _take(code: str, documents=PRE_OPENING_COMPLETE) -> int:
    kind = types.type_by_code(types.PRE_OPENING)
    data = ApplicationInput(
        kind.id, "华联KTV", "张三丰", "13812345678", documents, location_id=_location_id(code)
    )
    return intake(CLERK, data).application_id


def test_the_task_runs_in_opening_hours_before_the_clock(world, clock, monkeypatch):
    monkeypatch.setattr(tasks, "now", clock)
    clock.set("2026-11-18 09:00")  # a Wednesday: due Wed 2 Dec 23:59:59
    ktv = _take("U001")  # open Mon 18:00-23:00 and Sat 10:00-22:00
    _take("U002", PRE_OPENING_COMPLETE[:2])  # documents missing: not planned yet
    clock.set("2026-11-30 08:00")
    with read_session() as session:
        found = tasks.planning_tasks(session, MONDAY, date(2026, 12, 7))
    assert [t["id"] for t in found] == [f"A{ktv}"]
    task = found[0]
    assert (task["kind"], task["skill"], task["headcount"], task["location"]) == (
        "pre_opening_inspection",
        "inspector",
        2,
        "U001",
    )
    assert task["windows"] == [{"start": 18 * 60, "end": 23 * 60, "cost": 0}]  # not Saturday


def test_the_inspection_is_planned_before_its_deadline(world, clock, monkeypatch):
    monkeypatch.setattr(tasks, "now", clock)
    clock.set("2026-11-18 09:00")
    plant = _take("U002")  # no opening hours registered: office hours on working days
    clock.set("2026-11-30 08:00")
    instance = build_week_instance(MONDAY)
    task = next(t for t in instance["tasks"] if t["id"] == f"A{plant}")
    deadline = 2 * 1440 + 1440  # the end of Wednesday 2 December
    assert max(w["end"] for w in task["windows"]) <= deadline
    plan = solve(parse_instance(instance), time_limit=5, workers=1)
    placed = next(a for a in plan.assignments if a.task == f"A{plant}")
    assert placed.start + task["duration"] <= deadline
    assert len(placed.staff) == 2
