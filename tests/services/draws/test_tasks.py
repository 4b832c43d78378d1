"""Drawn units reach the week's planning instance as unannounced random inspections that
only the two drawn inspectors may take."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from db.models import Location, PlanVersion
from db.models.draws import Draw
from db.session import read_session
from optimizer.contract import parse_instance
from rules.time import TIME_ZONE
from services.core.unit_of_work import unit_of_work
from services.draws import plans
from services.draws import tasks as draw_tasks
from services.planning import views as plan_views
from services.planning.instance import build_week_instance
from tests.fixtures.bookings import MONDAY

SEED = "2026-12 公开种子"


@pytest.fixture
def frozen(monkeypatch):
    moment = datetime(2026, 11, 30, 0, 0, tzinfo=TIME_ZONE)
    monkeypatch.setattr("services.draws.tasks.now", lambda: moment)
    return moment


def _all_in_draw(manager) -> Draw:
    shares = {"A": 10000, "B": 10000, "C": 2000, "D": 5000}
    draw_id = plans.make_draw(manager, plans.DrawRequest("2026-12", SEED, shares=shares))
    return plans.get_draw(manager, draw_id)


def test_drawn_units_reach_the_week_with_only_the_drawn_inspectors(draw_world, manager, frozen):
    row = _all_in_draw(manager)
    instance = build_week_instance(MONDAY)
    parse_instance(instance)  # a valid contract instance
    random = {t["id"]: t for t in instance["tasks"] if t["kind"] == "random_inspection"}
    expected = {draw_tasks.task_id(row.id, a["unit"]): a for a in row.result["assignments"]}
    assert set(random) == set(expected) and len(random) >= 10
    for identifier, task in random.items():
        assignment = expected[identifier]
        assert task["eligible"] == assignment["inspectors"]
        assert task["location"] == assignment["unit"]
        assert (task["skill"], task["headcount"]) == ("inspector", 2)
        # The period starts on Tuesday 1 December: nothing on Monday 30 November.
        assert min(w["start"] for w in task["windows"]) >= 1440
        assert all(w["end"] - w["start"] >= draw_tasks.INSPECTION_MINUTES for w in task["windows"])
    assert not any(plan_views.announced(t["kind"]) for t in random.values())


def test_windows_are_the_opening_hours_within_the_period(draw_world, manager, frozen):
    row = _all_in_draw(manager)
    first = row.result["assignments"][0]
    with read_session() as session:
        tasks = draw_tasks.planning_tasks(session, MONDAY, date(2026, 12, 7))
    task = next(t for t in tasks if t["location"] == first["unit"])
    # Open 09:00-18:00 Monday to Saturday; Monday is still November.
    assert task["windows"] == [
        {"start": d * 1440 + 540, "end": d * 1440 + 1080, "cost": 0} for d in range(1, 6)
    ]


def test_no_tasks_outside_the_period_or_of_a_superseded_draw(draw_world, manager, frozen):
    row = _all_in_draw(manager)
    with read_session() as session:
        assert draw_tasks.planning_tasks(session, date(2027, 1, 4), date(2027, 1, 11)) == []
        assert draw_tasks.planning_tasks(session, date(2026, 11, 23), date(2026, 11, 30)) == []
    plans.redraw(manager, plans.DrawRequest("2026-12", SEED + "2", reason="更正"))
    with read_session() as session:
        tasks = draw_tasks.planning_tasks(session, MONDAY, date(2026, 12, 7))
    assert tasks and not any(t["id"].startswith(f"R{row.id}-") for t in tasks)


def test_a_unit_without_opening_hours_gets_office_hours(draw_world, manager, frozen):
    with unit_of_work(manager) as session:
        for location in session.scalars(select(Location).where(Location.code.like("R%"))):
            location.opening_hours = {}
    _all_in_draw(manager)
    with read_session() as session:
        tasks = draw_tasks.planning_tasks(session, MONDAY, date(2026, 12, 7))
    assert tasks[0]["windows"] == [
        {"start": d * 1440 + 510, "end": d * 1440 + 1050, "cost": 0} for d in range(1, 5)
    ]


def test_a_unit_planned_in_an_earlier_published_week_is_not_planned_again(
    draw_world, manager, frozen
):

    row = _all_in_draw(manager)
    planned = draw_tasks.task_id(row.id, row.result["assignments"][0]["unit"])
    with unit_of_work(manager) as session:
        session.add(
            PlanVersion(
                week_start=MONDAY,
                number=1,
                status="published",
                source="solve",
                instance={},
                plan={"assignments": [{"task": planned, "start": 2000, "staff": []}]},
                objective=0,
                created_by="test",
            )
        )
    with read_session() as session:
        next_week = draw_tasks.planning_tasks(session, date(2026, 12, 7), date(2026, 12, 14))
    ids = {t["id"] for t in next_week}
    assert planned not in ids
    assert len(ids) == len(row.result["assignments"]) - 1
