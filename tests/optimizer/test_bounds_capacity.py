"""The capacity part of the lower bound: valid on every week, and it prices over-capacity.

A bound above any feasible plan is a bug, so it is checked against exhaustive
enumeration on tiny weeks built to be over capacity (few people, short agreed periods,
tasks that need two people), and on the shared over-capacity week against a real plan.
"""

from __future__ import annotations

import json
import random

import pytest
from opt_helpers import SHARED, brute_force, instance, person, solve_dict, task

from optimizer.baseline import baseline_plan
from optimizer.bounds import capacity_rows, lower_bound, packing_rows
from optimizer.contract import parse_instance
from optimizer.model import prepare


def evening_rush() -> dict:
    """Three inspectors on duty 08:00-22:00; four two-person evening inspections that all
    must run 18:00-20:00.  Only one pair can work at a time, so two stay unplanned, and
    the people's weekly time (14 h each) says nothing about it."""
    people = [person(f"P{i}", skills=["inspector"], available=[(480, 1320)]) for i in range(3)]
    jobs = [
        task(f"T{j}", windows=[(1080, 1200, 0)], duration=60, skill="inspector", headcount=2)
        for j in range(4)
    ]
    data = instance(people, jobs, offhours=[[1050, 1950]])
    data["weights"] = {"unscheduled": 1000, "offhours_peak": 0, "change": 50}
    return data


def test_capacity_row_sees_the_evening_rush() -> None:
    prep = prepare(parse_instance(evening_rush()))
    rows = capacity_rows(prep)
    # 4 tasks x 2 people x 60 minutes needed, 3 people x 120 minutes inside the windows.
    assert any(r.demand == 480 and r.capacity == 360 for r in rows), rows


def test_capacity_rows_raise_the_bound_but_not_past_the_optimum() -> None:
    data = evening_rush()
    prep = prepare(parse_instance(data))
    without = lower_bound(prep, capacity_cuts=False)
    with_rows = lower_bound(prep)
    plan, _ = solve_dict(data, workers=1)
    assert plan.status == "OPTIMAL" and plan.objective == 2000  # two stay unplanned
    assert without < 1000 <= with_rows <= plan.objective


def test_packing_counts_whole_tasks_in_one_agreed_period() -> None:
    """One person agreed to 18:00-20:30; three one-person tasks of 60 minutes plus a
    30-minute trip each way need 120 minutes each: the period holds one, not 1.25."""
    people = [
        person("P0", skills=["s"], available=[(1080, 1230)], base="HQ"),
        person("P1", skills=["s"], available=[(1080, 1230)], base="HQ"),
    ]
    jobs = [task(f"T{j}", windows=[(1080, 1230, 0)], duration=60, location="FAR") for j in range(3)]
    data = instance(people, jobs)
    data["weights"] = {"unscheduled": 1000, "offhours_peak": 0, "change": 50}
    prep = prepare(parse_instance(data))
    _, rows = packing_rows(prep)
    assert {(r.person, r.capacity, r.fit) for r in rows} == {("P0", 150, 1), ("P1", 150, 1)}
    plan, _ = solve_dict(data, workers=1)
    assert plan.objective == 1000
    # Minutes alone would allow 2 x 150 / 120 = 2.5 tasks (penalty 500); whole tasks: 1000.
    assert lower_bound(prep, budget=0) == 1000 > lower_bound(prep, budget=0, capacity_cuts=False)


def over_capacity_week(seed: int) -> dict:
    """Tiny weeks where capacity binds: 2-3 people with short agreed periods, some far
    away, tasks of one or two people competing for them."""
    rnd = random.Random(seed)
    people = []
    for i in range(rnd.choice([2, 3])):
        start = rnd.choice([0, 30, 60, 120])
        periods = [(start, start + rnd.choice([90, 120, 150]))]
        if rnd.random() < 0.5:
            later = periods[0][1] + rnd.choice([30, 60])
            periods.append((later, later + rnd.choice([60, 90])))
        people.append(
            person(
                f"P{i}",
                skills=rnd.sample(["a", "b"], rnd.randint(1, 2)),
                available=periods,
                base=rnd.choice(["HQ", "HQ", "FAR"]),
                max_minutes=rnd.choice([120, 180, 10080]),
            )
        )
    jobs = []
    for j in range(3):
        a = rnd.randrange(0, 180, 30)
        jobs.append(
            task(
                f"T{j}",
                windows=[(a, a + rnd.choice([60, 90, 120]), rnd.choice([0, 10]))],
                duration=rnd.choice([30, 60]),
                skill=rnd.choice(["a", "b"]),
                headcount=rnd.choice([1, 2]),
                priority=rnd.randint(1, 4),
                location=rnd.choice(["HQ", "NEAR", "FAR"]),
            )
        )
    data = instance(people, jobs, offhours=[[0, 60], [240, 10080]])
    data["weights"] = {"unscheduled": 100, "offhours_peak": rnd.choice([0, 1]), "change": 20}
    return data


SEEDS = range(40)


@pytest.mark.parametrize("seed", SEEDS)
def test_bound_never_exceeds_the_brute_force_optimum(seed: int) -> None:
    data = over_capacity_week(seed)
    optimum = brute_force(data)
    prep = prepare(parse_instance(data))
    assert lower_bound(prep) <= optimum
    assert lower_bound(prep, budget=0) <= optimum  # the capacity rows without the exact cuts


def test_the_property_weeks_exercise_the_capacity_rows() -> None:
    """Else the property test above would prove nothing about them."""
    raised = 0
    for seed in SEEDS:
        prep = prepare(parse_instance(over_capacity_week(seed)))
        raised += lower_bound(prep, budget=0) > lower_bound(prep, budget=0, capacity_cuts=False)
    assert raised >= 5


def test_shared_over_capacity_week_bound_is_below_its_plans() -> None:
    data = json.loads((SHARED / "spec" / "examples" / "city-overload.json").read_text("utf-8"))
    inst = parse_instance(data)
    prep = prepare(inst)
    bound = lower_bound(prep)
    base = baseline_plan(inst)
    # The best plan known for this week (its README) is 262,220; the bound must stay below.
    assert 0 < bound <= min(base.objective, 262_220)
    # Its 60 two-person evening and weekend inspections are what the team cut prices
    # (README, bounds.py): 0.63 of the baseline without it, 0.83 with it.
    without = lower_bound(prep, team_cuts=False)
    assert without < 0.64 * base.objective and bound > 0.82 * base.objective


# -- two-person tasks in the off-hours: the team cut (optimizer.bounds.team_minimum) ------


def three_for_one_evening() -> dict:
    """Three inspectors each agreed to 18:00-20:30; three two-person inspections at the far
    site (a 30-minute trip each way: 120 minutes blocked) fit one per person.  Minutes and
    whole tasks per person allow 3 x 1 / 2 = 1.5 inspections; a team is two people who are
    there together, so only one runs."""
    people = [person(f"P{i}", skills=["inspector"], available=[(1080, 1230)]) for i in range(3)]
    jobs = [
        task(
            f"T{j}",
            windows=[(1080, 1230, 0)],
            duration=60,
            skill="inspector",
            headcount=2,
            location="FAR",
        )
        for j in range(3)
    ]
    data = instance(people, jobs, offhours=[[1050, 1950]])
    data["weights"] = {"unscheduled": 1000, "offhours_peak": 0, "change": 50}
    return data


def test_team_cut_counts_whole_teams_in_an_evening() -> None:
    data = three_for_one_evening()
    prep = prepare(parse_instance(data))
    optimum = brute_force(data)
    assert optimum == 2000  # two of the three stay unplanned
    assert lower_bound(prep, budget=0, team_cuts=False) == 1500
    assert lower_bound(prep, budget=0) == 2000 == optimum


def evening_team_week(seed: int) -> dict:
    """Tiny weeks of two-person off-hours tasks: 3-4 people with one or two agreed
    evening periods, bases near or far from the sites, tasks whose windows all lie in the
    off-hours (the evening) and sometimes one daytime task of the same skill."""
    rnd = random.Random(1000 + seed)
    people = []
    for i in range(rnd.choice([3, 3, 4])):
        start = rnd.choice([1020, 1050, 1080])
        periods = [(start, start + rnd.choice([120, 150, 180]))]
        if rnd.random() < 0.3:
            periods = [(480, 600)] + periods
        people.append(
            person(
                f"P{i}",
                skills=["inspector"],
                available=periods,
                base=rnd.choice(["HQ", "FAR"]),
                max_minutes=rnd.choice([150, 10080]),
            )
        )
    jobs = []
    for j in range(3):
        a = rnd.choice([1080, 1110])
        jobs.append(
            task(
                f"T{j}",
                windows=[(a, a + rnd.choice([90, 120]), rnd.choice([0, 10]))],
                duration=rnd.choice([30, 60]),
                skill="inspector",
                headcount=2,
                priority=rnd.randint(1, 4),
                location=rnd.choice(["HQ", "NEAR", "FAR"]),
            )
        )
    if rnd.random() < 0.3:
        jobs[-1]["windows"] = [{"start": 480, "end": 600, "cost": 0}]
        jobs[-1]["headcount"] = 1
    data = instance(people, jobs, offhours=[[0, 480], [1050, 1950]])
    data["weights"] = {"unscheduled": 100, "offhours_peak": rnd.choice([0, 1]), "change": 20}
    return data


TEAM_SEEDS = range(30)


@pytest.mark.parametrize("seed", TEAM_SEEDS)
def test_bound_with_team_cuts_never_exceeds_the_brute_force_optimum(seed: int) -> None:
    data = evening_team_week(seed)
    optimum = brute_force(data)
    prep = prepare(parse_instance(data))
    assert lower_bound(prep) <= optimum
    assert lower_bound(prep, budget=0) <= optimum


def test_the_team_weeks_exercise_the_team_cut() -> None:
    """Else the property test above would prove nothing about it."""
    raised = 0
    for seed in TEAM_SEEDS:
        prep = prepare(parse_instance(evening_team_week(seed)))
        raised += lower_bound(prep, budget=0) > lower_bound(prep, budget=0, team_cuts=False)
    assert raised >= 3
