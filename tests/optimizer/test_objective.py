"""The soft terms, each on a two-line fixture, and the tiny example's known optimum."""

from __future__ import annotations

from opt_helpers import instance, person, solve_dict, task, tiny_data


def test_tiny_example_solves_to_its_optimum():
    plan, doc = solve_dict(tiny_data())
    assert plan.objective == 8180
    assert plan.status == "OPTIMAL"
    assert plan.bound == 8180
    assert [u["task"] for u in doc["unscheduled"]] == ["T5"]
    assert plan.stats["terms"] == {
        "Unscheduled penalty": 8000,
        "Window cost": 0,
        "Off-hours peak": 180,
        "Change from published": 0,
    }


def test_window_cost_prefers_the_cheap_window():
    data = instance([person("P1")], [task("T1", windows=[(0, 60, 30), (120, 180, 0)])])
    plan, doc = solve_dict(data)
    assert doc["assignments"][0]["start"] == 120
    assert plan.objective == 0


def test_overlapping_windows_charge_the_lowest_cost():
    data = instance([person("P1")], [task("T1", windows=[(0, 60, 30), (0, 120, 10)])])
    plan, _ = solve_dict(data)
    assert plan.objective == 10


def test_offhours_peak_spreads_evening_work():
    evening = [(1080, 1200, 0)]
    data = instance(
        [person("P1"), person("P2")],
        [task("T1", windows=evening), task("T2", windows=evening)],
    )
    plan, doc = solve_dict(data)
    staff = {a["staff"][0] for a in doc["assignments"]}
    assert staff == {"P1", "P2"}
    assert plan.stats["terms"]["Off-hours peak"] == 2 * 60


def test_offhours_minutes_follow_the_start():
    # Off-hours start at 1050: a run at 1020 has 30 off-hours minutes, at 960 none.
    data = instance([person("P1")], [task("T1", windows=[(960, 1080, 0)])])
    plan, doc = solve_dict(data)
    assert doc["assignments"][0]["start"] == 960
    assert plan.objective == 0


def test_unscheduled_penalty_is_priority_times_weight():
    data = instance([person("P1", skills=["x"])], [task("T1", priority=7)])
    plan, _ = solve_dict(data)
    assert plan.objective == 7000


def test_previous_kept_when_nothing_is_gained():
    data = instance(
        [person("P1"), person("P2")],
        [task("T1", windows=[(0, 600, 0)], previous={"start": 300, "staff": ["P2"]})],
    )
    plan, doc = solve_dict(data)
    assert doc["assignments"][0] == {"task": "T1", "start": 300, "staff": ["P2"]}
    assert plan.objective == 0


def test_previous_changed_when_the_change_pays_for_itself():
    data = instance(
        [person("P1")],
        [task("T1", windows=[(0, 60, 80), (120, 180, 0)], previous={"start": 0, "staff": ["P1"]})],
    )
    plan, doc = solve_dict(data)
    assert doc["assignments"][0]["start"] == 120
    assert plan.stats["terms"]["Change from published"] == 50
    assert plan.objective == 50


def test_empty_weeks_solve():
    for data in (instance([], []), instance([person("P1")], [])):
        plan, doc = solve_dict(data)
        assert plan.status == "OPTIMAL" and plan.objective == 0 and doc["assignments"] == []
    plan, _ = solve_dict(instance([], [task("T1", priority=2)]), lang="en")
    assert plan.objective == plan.bound == 2000
    assert plan.unscheduled[0].reasons == ["no one holds the skill s"]
