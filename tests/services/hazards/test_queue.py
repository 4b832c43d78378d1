"""The queue by clock (overdue first, major hazards counted) and `manage.py hazards`."""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy import select

import manage
from db.models import Location
from db.models.hazards import HazardCase
from db.session import read_session
from services.core.permissions import SYSTEM
from services.core.unit_of_work import unit_of_work
from services.hazards import cases, queue


def _latest() -> HazardCase:
    with read_session() as session:
        return session.scalars(select(HazardCase).order_by(HazardCase.id.desc())).first()


def _world(clock, actor, inspect, monkeypatch):
    monkeypatch.setattr(queue, "now", clock)
    with unit_of_work(SYSTEM) as session:
        session.scalar(select(Location).where(Location.code == "R002")).name = "=HYPERLINK(1)"
    clock.set("2026-12-21 10:00")
    inspect(actor, "R001", "2026-12-21 09:00")  # order due Thu 24 Dec
    inspect(actor, "R002", "2026-12-21 09:30")
    case = _latest()
    report = cases.MajorReport("detachment", "支队防火处")
    cases.adjust(actor, case.id, case.version, major=True, report=report)
    cases.issue_order(actor, case.id, _latest().version, date(2026, 12, 30))
    clock.set("2026-12-31 10:00")  # R001's order is overdue, R002's deadline has passed


def test_the_queue_puts_the_overdue_first_and_counts_major_hazards(
    clock, staff_actor, inspect, monkeypatch
):
    _world(clock, staff_actor, inspect, monkeypatch)
    rows = queue.list_cases(staff_actor)
    assert [(r.unit_code, r.state, r.urgency) for r in rows] == [
        ("R001", "opened", "overdue"),
        ("R002", "order_issued", "overdue"),
    ]
    assert queue.figures(rows) == {"open": 2, "overdue": 2, "major_open": 1}


def test_the_command_lists_cases_formula_safe_with_provisional_clocks(
    clock, staff_actor, inspect, monkeypatch, capsys
):
    _world(clock, staff_actor, inspect, monkeypatch)
    monkeypatch.setattr("services.hazards.cli.advance_deadlines", lambda actor: [])
    assert manage.main(["hazards", "--format", "csv"]) == 0
    lines = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert lines[0] == list(queue.EXPORT_COLUMNS)
    assert lines[1] == [
        "YH2026-0001",
        "单位001",
        "opened",
        "2026-12-21",
        "2026-12-24",
        "",
        "",
        "no",
        "no",
    ]
    assert lines[2][:3] == ["YH2026-0002", "'=HYPERLINK(1)", "order_issued"]
    assert lines[2][5:] == ["2026-12-30", "", "yes", "no"]


def test_the_command_moves_lapsed_deadlines_first_and_open_leaves_closed_out(
    clock, staff_actor, inspect, monkeypatch, capsys
):
    _world(clock, staff_actor, inspect, monkeypatch)
    monkeypatch.setattr(cases, "now", clock)
    assert manage.main(["hazards", "--open", "--format", "csv"]) == 0
    lines = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    # Deadline Wed 30 Dec: Thu 31 Dec, then Fri 1 and Mon 4 Jan 2027, not confirmed yet.
    assert lines[2][2:] == [
        "reinspection_due",
        "2026-12-21",
        "2026-12-24",
        "2026-12-30",
        "2027-01-04",
        "yes",
        "yes",
    ]
    inspect(
        staff_actor,
        "R002",
        "2026-12-31 09:00",
        outcome="no_problem",
        findings=(),
        kind="reinspection",
    )
    assert manage.main(["hazards", "--open", "--format", "csv"]) == 0
    remaining = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [line[0] for line in remaining[1:]] == ["YH2026-0001"]


def test_the_rates_count_on_time_reinspections_and_fixed_closures(
    clock, staff_actor, inspect, monkeypatch
):
    monkeypatch.setattr(queue, "now", clock)
    monkeypatch.setattr(cases, "now", clock)
    assert queue.rates(queue.list_cases(staff_actor)) == {
        "reinspection_on_time": None,
        "closed_fixed": None,
    }
    clock.set("2026-03-02 10:00")
    for unit in ("R001", "R002"):
        inspect(staff_actor, unit, "2026-03-02 09:00")
        case = _latest()
        cases.issue_order(staff_actor, case.id, case.version, date(2026, 3, 20))
    clock.set("2026-03-23 10:00")
    cases.advance_deadlines(staff_actor)  # due Wed 25 Mar
    inspect(
        staff_actor,
        "R001",
        "2026-03-23 09:00",
        outcome="no_problem",
        findings=(),
        kind="reinspection",
    )
    clock.set("2026-03-27 10:00")  # R002 re-inspected late and not fixed
    inspect(staff_actor, "R002", "2026-03-27 09:00", kind="reinspection")
    assert queue.rates(queue.list_cases(staff_actor)) == {
        "reinspection_on_time": 0.5,
        "closed_fixed": 0.5,
    }
