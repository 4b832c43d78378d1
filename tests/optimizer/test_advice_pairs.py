"""Capacity advice for two asks together: the best two singles checked by one solve, shown
only when together they serve more than each alone; on a tiny week it equals brute force
over every pair of additions. And advice with fixed rounds repeats exactly."""

from __future__ import annotations

import itertools

import pytest
from opt_helpers import instance, person, task

from optimizer.advice import advise, apply_all, candidate_additions, planned_priority
from optimizer.contract import parse_instance
from optimizer.solver import solve
from optimizer.validator import validate_plan

DAY = 1440


def two_asks_week() -> dict:
    """E1 (inspector) works Monday days, E2 (guide) Tuesday days; each has an evening task
    only they can do, and E1 a lesser one on Wednesday evening."""
    evening = lambda d: ((d * DAY + 1080, d * DAY + 1320, 0),)  # noqa: E731
    staff = [
        person("E1", skills=("s",), available=((480, 1020),), max_minutes=900),
        person("E2", skills=("g",), available=((DAY + 480, DAY + 1020),), max_minutes=900),
    ]
    tasks = [
        task("A", windows=evening(0), duration=120, priority=5),
        task("B", skill="g", windows=evening(1), duration=120, priority=4),
        task("C", windows=evening(2), duration=60, priority=1),
        task("D", windows=((480, 1020, 0),), duration=60, priority=2),
    ]
    return instance(staff, tasks)


@pytest.fixture(scope="module")
def week():
    data = two_asks_week()
    base = solve(parse_instance(data), time_limit=5, workers=1)
    assert base.status == "OPTIMAL" and {a.task for a in base.assignments} == {"D"}
    return data, base


def test_the_best_two_together_equal_brute_force_over_all_pairs(week):
    data, base = week
    found = advise(data, base, top=3, time_limit=3)
    pair = found.combination
    assert pair is not None
    assert {(a.staff, a.add["start"]) for a in pair.additions} == {("E1", 1080), ("E2", 2520)}
    assert pair.priority_gained == 9 > max(pair.alone)
    assert pair.alone == (5, 4)
    both = apply_all(data, pair.additions)
    assert validate_plan(both, pair.plan).ok
    assert not any(validate_plan(a.apply(data), pair.plan).ok for a in pair.additions)
    assert sorted(pair.serves) == ["A", "B"]

    inst = parse_instance(data)
    everything = [c.addition for c in candidate_additions(inst, base.assignments, prefilter=False)]
    before = planned_priority(inst, base.assignments)
    best = 0
    for a, b in itertools.combinations(everything, 2):
        modified = parse_instance(apply_all(data, (a, b)))
        plan = solve(modified, time_limit=2, workers=1)
        best = max(best, planned_priority(modified, plan.assignments) - before)
    assert best == pair.priority_gained
    assert found.as_dict()["combination"]["priority_gained"] == 9


def test_no_pair_is_shown_when_one_ask_does_it_all():
    """One evening task: a second ask adds nothing, so no combination."""
    data = instance(
        [
            person("E1", available=((480, 1020),), max_minutes=900),
            person("E2", available=((480, 1020),), max_minutes=900),
        ],
        [task("A", windows=((1080, 1320, 0),), duration=120, priority=5)],
    )
    found = advise(data, None, top=3, time_limit=2)
    assert len(found.suggestions) >= 2  # either person could be asked
    assert found.combination is None
    assert found.as_dict()["combination"] is None


def test_advice_with_fixed_rounds_repeats_exactly(week):
    data, base = week

    def run() -> list[dict]:
        found = advise(data, base, top=3, time_limit=30, rounds=2)
        return [
            {k: v for k, v in s.items() if k != "check_seconds"}
            for s in found.as_dict()["suggestions"]
        ]

    first = run()
    assert first and first == run()
