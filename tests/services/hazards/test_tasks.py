"""A due re-inspection becomes a `re_inspection` task of the week's plan: two inspectors, the
unit's opening hours, windows up to the end of its 3-working-day clock; and it is planned."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from db.models.hazards import HazardCase
from db.session import read_session
from optimizer.contract import parse_instance
from optimizer.solver import solve
from services.hazards import cases, tasks
from services.planning.instance import build_week_instance

MONDAY = date(2026, 10, 5)  # the National Day week: 5-7 Oct off, Sat 10 Oct (调休) works
DAY = 1440


def _issue(clock, actor, inspect, unit: str, deadline: date) -> int:
    clock.set("2026-09-01 10:00")
    inspect(actor, unit, "2026-09-01 09:00")
    with read_session() as session:
        case = session.scalars(select(HazardCase).order_by(HazardCase.id.desc())).first()
    cases.issue_order(actor, case.id, case.version, deadline)
    return case.id


def test_a_passed_deadline_plans_the_reinspection_up_to_its_clock(
    clock, staff_actor, inspect, monkeypatch
):
    monkeypatch.setattr(tasks, "now", clock)
    lapsed = _issue(clock, staff_actor, inspect, "R001", date(2026, 9, 30))
    _issue(clock, staff_actor, inspect, "R002", date(2026, 12, 31))  # still being fixed
    clock.set("2026-10-08 08:00")  # Thu; the re-inspection is due by the end of Sat 10 Oct
    with read_session() as session:
        found = tasks.planning_tasks(session, MONDAY, date(2026, 10, 12))
    assert [t["id"] for t in found] == [f"H{lapsed}"]
    task = found[0]
    assert (task["kind"], task["skill"], task["headcount"], task["location"]) == (
        "re_inspection",
        "inspector",
        2,
        "R001",
    )
    # R001 is open Monday to Saturday 09:00-18:00: Thursday, Friday and Saturday are left.
    assert task["windows"] == [
        {"start": d * DAY + 9 * 60, "end": d * DAY + 18 * 60, "cost": 0} for d in (3, 4, 5)
    ]


def test_an_application_plans_it_and_the_plan_places_it_in_time(
    clock, staff_actor, inspect, monkeypatch
):
    monkeypatch.setattr(tasks, "now", clock)
    case_id = _issue(clock, staff_actor, inspect, "R001", date(2026, 12, 31))
    clock.set("2026-10-08 08:00")
    with read_session() as session:
        version = session.get(HazardCase, case_id).version
    cases.apply_reinspection(staff_actor, case_id, version)  # due Mon 12 Oct 23:59:59
    instance = build_week_instance(MONDAY)
    task = next(t for t in instance["tasks"] if t["id"] == f"H{case_id}")
    assert max(w["end"] for w in task["windows"]) == 5 * DAY + 18 * 60  # the week ends first
    plan = solve(parse_instance(instance), time_limit=5, workers=1)
    placed = next(a for a in plan.assignments if a.task == f"H{case_id}")
    assert any(w["start"] <= placed.start <= w["end"] - 60 for w in task["windows"])
    assert len(placed.staff) == 2


def test_a_closed_case_is_not_planned(clock, staff_actor, inspect, monkeypatch):
    monkeypatch.setattr(tasks, "now", clock)
    case_id = _issue(clock, staff_actor, inspect, "R001", date(2026, 9, 30))
    clock.set("2026-10-08 10:00")
    cases.advance_deadlines(staff_actor)
    inspect(
        staff_actor,
        "R001",
        "2026-10-08 09:30",
        outcome="no_problem",
        findings=(),
        kind="reinspection",
    )
    with read_session() as session:
        assert session.get(HazardCase, case_id).state == "closed_fixed"
        assert tasks.planning_tasks(session, MONDAY, date(2026, 10, 12)) == []
