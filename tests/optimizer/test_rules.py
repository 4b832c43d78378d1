"""Each hard rule on its own: breaking it would be the only way to plan more."""

from __future__ import annotations

from opt_helpers import instance, person, solve_dict, task


def assigned(doc: dict) -> dict[str, dict]:
    return {a["task"]: a for a in doc["assignments"]}


def test_within_a_window_leaves_one_of_two_tasks_that_do_not_both_fit():
    data = instance(
        [person("P1")],
        [task("T1", windows=[(0, 90, 0)]), task("T2", windows=[(0, 90, 0)])],
    )
    plan, doc = solve_dict(data)
    assert len(doc["assignments"]) == 1
    assert plan.status == "OPTIMAL"


def test_within_a_window_uses_the_slot_grid():
    data = instance([person("P1")], [task("T1", windows=[(10, 100, 0)])])
    _, doc = solve_dict(data)
    assert assigned(doc)["T1"]["start"] == 30  # 10 is off the 30-minute grid


def test_required_skill_excludes_people_without_it():
    data = instance([person("P1", skills=["other"])], [task("T1")])
    _, doc = solve_dict(data)
    assert doc["assignments"] == []


def test_required_skill_respects_eligible():
    data = instance([person("P1"), person("P2")], [task("T1", eligible=["P2"])])
    _, doc = solve_dict(data)
    assert assigned(doc)["T1"]["staff"] == ["P2"]


def test_required_skill_needs_the_full_headcount():
    data = instance([person("P1"), person("P2", skills=["x"])], [task("T1", headcount=2)])
    _, doc = solve_dict(data)
    assert doc["assignments"] == []


def test_free_for_the_blocked_period_includes_travel():
    # Available 60-200; the trip to FAR is 30 min each way, so the run can start at 90 at
    # the earliest (60 would need the person from 30).
    data = instance(
        [person("P1", available=[(60, 200)])],
        [task("T1", windows=[(0, 600, 0)], location="FAR")],
    )
    _, doc = solve_dict(data)
    assert assigned(doc)["T1"]["start"] == 90


def test_free_for_the_blocked_period_rejects_a_trip_longer_than_the_shift():
    data = instance([person("P1", available=[(0, 110)])], [task("T1", location="FAR")])
    _, doc = solve_dict(data)
    assert doc["assignments"] == []


def test_free_for_the_blocked_period_lies_inside_one_available_interval():
    # Two touching periods do not make one long one.
    data = instance(
        [person("P1", available=[(0, 60), (60, 120)])],
        [task("T1", windows=[(0, 120, 0)], duration=90)],
    )
    _, doc = solve_dict(data)
    assert doc["assignments"] == []


def test_no_double_booking_of_one_person():
    data = instance(
        [person("P1")],
        [task("T1", windows=[(0, 60, 0)]), task("T2", windows=[(0, 60, 0)])],
    )
    _, doc = solve_dict(data)
    assert len(doc["assignments"]) == 1


def test_no_double_booking_counts_the_trips():
    # The runs 30-90 and 90-150 do not overlap, but the trips to FAR do.
    data = instance(
        [person("P1")],
        [
            task("T1", windows=[(30, 90, 0)], location="FAR"),
            task("T2", windows=[(90, 150, 0)], location="FAR"),
        ],
    )
    _, doc = solve_dict(data)
    assert len(doc["assignments"]) == 1


def test_weekly_hours_cap():
    data = instance(
        [person("P1", max_minutes=100)],
        [task("T1", windows=[(0, 60, 0)]), task("T2", windows=[(120, 180, 0)])],
    )
    _, doc = solve_dict(data)
    assert len(doc["assignments"]) == 1


def test_weekly_hours_cap_counts_travel():
    data = instance([person("P1", max_minutes=100)], [task("T1", location="FAR")])
    _, doc = solve_dict(data)  # 60 + 2 * 30 = 120 > 100
    assert doc["assignments"] == []


def test_resource_capacity_one():
    data = instance(
        [person("P1"), person("P2")],
        [
            task("T1", windows=[(0, 60, 0)], resource="hall"),
            task("T2", windows=[(0, 60, 0)], resource="hall"),
        ],
        resources=[{"id": "hall", "capacity": 1}],
    )
    _, doc = solve_dict(data)
    assert len(doc["assignments"]) == 1


def test_resource_capacity_two_holds_both():
    data = instance(
        [person("P1"), person("P2"), person("P3")],
        [task(f"T{i}", windows=[(0, 60, 0)], resource="hall", priority=i) for i in (1, 2, 3)],
        resources=[{"id": "hall", "capacity": 2}],
    )
    _, doc = solve_dict(data)
    assert sorted(assigned(doc)) == ["T2", "T3"]


def test_pinned_kept_even_when_costly():
    data = instance(
        [person("P1"), person("P2")],
        [task("T1", windows=[(0, 60, 0), (120, 180, 90)], pinned={"start": 120, "staff": ["P2"]})],
    )
    _, doc = solve_dict(data)
    assert assigned(doc)["T1"] == {"task": "T1", "start": 120, "staff": ["P2"]}


def test_pinned_task_blocks_its_people_for_others():
    data = instance(
        [person("P1")],
        [
            task("T1", windows=[(0, 60, 0)], priority=1, pinned={"start": 0, "staff": ["P1"]}),
            task("T2", windows=[(0, 60, 0)], priority=9),
        ],
    )
    _, doc = solve_dict(data)
    assert list(assigned(doc)) == ["T1"]


def test_pinned_that_cannot_be_kept_makes_the_week_infeasible():
    data = instance(
        [person("P1", available=[(600, 900)])],
        [task("T1", windows=[(0, 60, 0)], pinned={"start": 0, "staff": ["P1"]})],
    )
    from optimizer.contract import parse_instance
    from optimizer.solver import solve

    plan = solve(parse_instance(data), time_limit=5, lang="en")
    assert plan.status == "INFEASIBLE"
    reasons = plan.unscheduled[0].reasons
    assert reasons[0].startswith("the pinned assignment cannot be kept")
    assert "no plan keeps all pinned assignments together (T1)" in reasons[-1]


def test_a_window_shorter_than_the_task_is_never_used():
    data = instance([person("P1")], [task("T1", windows=[(0, 30, 0)], duration=60)])
    _, doc = solve_dict(data, lang="en")
    assert doc["assignments"] == []
    assert doc["unscheduled"][0]["reasons"]
