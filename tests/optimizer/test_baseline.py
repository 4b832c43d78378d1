"""The hand-made baseline and the warm start built from it."""

from __future__ import annotations

from opt_helpers import check_plan, instance, person, task, tiny_data

from optimizer.baseline import baseline_assignments, baseline_plan, warm_start
from optimizer.contract import parse_instance
from optimizer.model import prepare

TUE_19, WED_19 = 1440 + 1140, 2 * 1440 + 1140


def two_inspections() -> dict:
    inspectors = [person("P1", skills=["inspector"]), person("P2", skills=["inspector"])]
    both = {"skill": "inspector", "headcount": 2, "duration": 120}
    return instance(
        inspectors,
        [
            task(
                "A",
                windows=[(TUE_19, TUE_19 + 120, 0), (WED_19, WED_19 + 120, 10)],
                priority=5,
                **both,
            ),
            task("B", windows=[(TUE_19, TUE_19 + 120, 0)], priority=1, **both),
        ],
    )


def test_baseline_plans_the_important_task_at_its_cheapest_time():
    data = two_inspections()
    plan = baseline_plan(parse_instance(data), lang="en")
    check_plan(data, plan)
    assert [(a.task, a.start) for a in plan.assignments] == [("A", TUE_19)]
    assert "at A Tue 19:00" in plan.unscheduled[0].reasons[0]


def test_warm_start_moves_a_blocking_task_to_fit_the_left_out_one():
    prep = prepare(parse_instance(two_inspections()))
    assert len(baseline_assignments(prep)) == 1
    moved = {a.task: a.start for a in warm_start(prep)}
    assert moved == {"A": WED_19, "B": TUE_19}


def test_baseline_on_tiny_leaves_the_second_tour_out():
    data = tiny_data()
    plan = baseline_plan(parse_instance(data))
    check_plan(data, plan)
    assert [u.task for u in plan.unscheduled] == ["T5"]
    assert plan.objective == 8220  # the solver's 8180 is 40 cheaper
