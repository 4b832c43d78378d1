"""On tiny random weeks the solver's optimum equals exhaustive enumeration."""

from __future__ import annotations

import pytest
from opt_helpers import brute_force, solve_dict
from random_weeks import random_week

from optimizer.bounds import lower_bound
from optimizer.contract import parse_instance
from optimizer.model import prepare


@pytest.mark.parametrize("seed", range(12))
def test_optimum_matches_brute_force(seed):
    data = random_week(seed, staff=3, tasks=3, horizon=300)
    plan, _ = solve_dict(data, workers=1)
    optimum = brute_force(data)
    assert plan.status == "OPTIMAL"
    assert plan.objective == optimum
    assert lower_bound(prepare(parse_instance(data))) <= optimum
