"""Random small weeks: every plan validates and lists every task exactly once."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opt_helpers import check_plan, solve_dict
from random_weeks import random_week

from optimizer.baseline import baseline_plan
from optimizer.bounds import lower_bound
from optimizer.contract import parse_instance
from optimizer.model import prepare

weeks = st.builds(
    random_week,
    seed=st.integers(0, 10**6),
    staff=st.integers(1, 5),
    tasks=st.integers(1, 8),
    horizon=st.sampled_from([300, 600, 1440]),
)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(weeks)
def test_solver_plans_validate(data):
    plan, _ = solve_dict(data, time_limit=3.0)
    assert plan.objective <= plan.stats["baseline_objective"]
    for u in plan.unscheduled:
        assert u.reasons and all(isinstance(r, str) and r for r in u.reasons)


@SETTINGS
@given(weeks)
def test_baseline_plans_validate_and_bound_is_below(data):
    inst = parse_instance(data)
    plan = baseline_plan(inst)
    check_plan(data, plan)
    assert lower_bound(prepare(inst)) <= plan.objective


@SETTINGS
@given(weeks)
def test_warm_start_validates_and_never_loses_to_the_baseline(data):
    from optimizer.baseline import baseline_assignments, warm_start
    from optimizer.contract import Plan, Unscheduled
    from optimizer.model import score

    inst = parse_instance(data)
    prep = prepare(inst)
    warm = warm_start(prep)
    done = {a.task for a in warm}
    plan = Plan(
        inst.name,
        "FEASIBLE",
        sum(score(inst, warm).values()),
        None,
        warm,
        [Unscheduled(t.id) for t in inst.tasks if t.id not in done],
    )
    check_plan(data, plan)
    assert plan.objective <= sum(score(inst, baseline_assignments(prep)).values())
