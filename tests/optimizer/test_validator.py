"""The independent validator catches each rule's violation and recomputes the objective."""

from __future__ import annotations

import pytest
from opt_helpers import instance, person, task, tiny_data

from optimizer.validator import validate_plan


def plan(assignments, unscheduled=()):
    return {
        "schema": "firedesk.plan/1",
        "instance": "test",
        "status": "FEASIBLE",
        "objective": 0,
        "bound": None,
        "assignments": [{"task": t, "start": s, "staff": list(st)} for t, s, st in assignments],
        "unscheduled": [{"task": t, "reasons": []} for t in unscheduled],
        "stats": {},
    }


def rules(data, p):
    report = validate_plan(data, p)
    return {v.rule for v in report.violations}


def two_tasks(**t2):
    return instance(
        [person("P1", max_minutes=100), person("P2", skills=["x"], available=[(0, 60)])],
        [task("T1", windows=[(0, 600, 0)]), task("T2", windows=[(0, 600, 0)], **t2)],
        resources=[{"id": "hall", "capacity": 1}],
    )


def test_a_good_plan_passes():
    report = validate_plan(two_tasks(), plan([("T1", 0, ["P1"])], ["T2"]))
    assert report.ok
    assert report.objective == 1000
    assert report.terms["Unscheduled penalty"] == 1000


@pytest.mark.parametrize(
    "assignments, unscheduled, rule",
    [
        ([("T1", 0, ["P1"])], [], 0),  # T2 missing
        ([("T1", 0, ["P1"]), ("T2", 0, ["P1"])], ["T2"], 0),  # twice
        ([("T1", 570, ["P1"])], ["T2"], 1),  # runs past the window
        ([("T1", 10, ["P1"])], ["T2"], 1),  # off the grid
        ([("T1", 0, ["P2"])], ["T2"], 2),  # lacks skill
        ([("T1", 0, ["P1", "P1"])], ["T2"], 2),  # not distinct / wrong headcount
        ([("T1", 120, ["P1"])], [], 0),
    ],
)
def test_each_rule_violation_is_caught(assignments, unscheduled, rule):
    assert rule in rules(two_tasks(), plan(assignments, unscheduled))


def test_eligible_is_checked():
    data = two_tasks(eligible=["P2"])
    assert 2 in rules(data, plan([("T1", 0, ["P1"]), ("T2", 200, ["P1"])]))


def test_availability_and_travel_are_checked():
    data = instance([person("P1", available=[(0, 100)])], [task("T1", location="FAR")])
    assert rules(data, plan([("T1", 0, ["P1"])])) == {3}  # needs [-30, 90)


def test_double_booking_is_checked():
    data = two_tasks()
    assert 4 in rules(data, plan([("T1", 0, ["P1"]), ("T2", 30, ["P1"])]))


def test_double_booking_inside_a_long_task_is_checked():
    data = instance(
        [person("P1")],
        [task("T1", duration=300), task("T2", duration=30), task("T3", duration=30)],
    )
    assert 4 in rules(data, plan([("T1", 0, ["P1"]), ("T2", 60, ["P1"]), ("T3", 200, ["P1"])]))


def test_weekly_cap_is_checked():
    data = two_tasks()
    assert 5 in rules(data, plan([("T1", 0, ["P1"]), ("T2", 120, ["P1"])]))


def test_resource_capacity_is_checked():
    data = instance(
        [person("P1"), person("P2")],
        [task("T1", resource="hall"), task("T2", resource="hall")],
        resources=[{"id": "hall", "capacity": 1}],
    )
    assert rules(data, plan([("T1", 0, ["P1"]), ("T2", 30, ["P2"])])) == {6}
    assert validate_plan(data, plan([("T1", 0, ["P1"]), ("T2", 60, ["P2"])])).ok


def test_pinned_is_checked():
    data = instance(
        [person("P1"), person("P2")], [task("T1", pinned={"start": 0, "staff": ["P1"]})]
    )
    assert rules(data, plan([("T1", 0, ["P2"])])) == {7}
    assert rules(data, plan([], ["T1"])) == {7}


def test_tiny_optimum_objective_recomputed():
    data = tiny_data()
    p = plan(
        [
            ("T1", 1110, ["E01", "E02"]),
            ("T2", 570, ["E02"]),
            ("T3", 2040, ["E01", "E03"]),
            ("T4", 570, ["E04"]),
            ("T6", 900, ["E01"]),
        ],
        ["T5"],
    )
    report = validate_plan(data, p)
    assert report.ok, report.violations
    assert report.objective == 8000 + 20 + 2 * 90
