"""On tiny random weeks the solver's optimum equals exhaustive enumeration."""

from __future__ import annotations

import itertools

import pytest
from opt_helpers import solve_dict
from random_weeks import random_week

from optimizer.bounds import lower_bound
from optimizer.contract import parse_instance
from optimizer.model import prepare
from optimizer.validator import validate_plan


def options(data: dict, t: dict) -> list:
    slot = data["slot_minutes"]
    starts = sorted(
        {
            s
            for w in t["windows"]
            for s in range(0, w["end"], slot)
            if w["start"] <= s and s + t["duration"] <= w["end"]
        }
    )
    ids = [p["id"] for p in data["staff"]]
    return [None] + [
        (s, team) for s in starts for team in itertools.combinations(ids, t["headcount"])
    ]


def brute_force(data: dict) -> int:
    best = None
    per_task = [options(data, t) for t in data["tasks"]]
    for combo in itertools.product(*per_task):
        plan = {
            "assignments": [
                {"task": t["id"], "start": c[0], "staff": list(c[1])}
                for t, c in zip(data["tasks"], combo, strict=True)
                if c is not None
            ],
            "unscheduled": [
                {"task": t["id"]} for t, c in zip(data["tasks"], combo, strict=True) if c is None
            ],
        }
        report = validate_plan(data, plan)
        if report.ok and (best is None or report.objective < best):
            best = report.objective
    return best


@pytest.mark.parametrize("seed", range(12))
def test_optimum_matches_brute_force(seed):
    data = random_week(seed, staff=3, tasks=3, horizon=300)
    plan, _ = solve_dict(data, workers=1)
    optimum = brute_force(data)
    assert plan.status == "OPTIMAL"
    assert plan.objective == optimum
    assert lower_bound(prepare(parse_instance(data))) <= optimum
