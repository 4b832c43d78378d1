"""Large-neighbourhood search: valid, never worse than its start, repeatable, stoppable."""

from __future__ import annotations

import json
import pickle
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opt_helpers import TINY, check_plan
from random_weeks import random_week

from optimizer.baseline import warm_start
from optimizer.contract import Plan, Unscheduled, load_instance, parse_instance, plan_from_dict
from optimizer.generator import generate_week
from optimizer.lns import KINDS, Lns, improve
from optimizer.model import PlanningModel, add_plan_hint, prepare, score
from optimizer.solver import Progress, solve
from optimizer.validator import validate_plan

weeks = st.builds(
    random_week,
    seed=st.integers(0, 10**6),
    staff=st.integers(2, 6),
    tasks=st.integers(4, 14),
    horizon=st.sampled_from([600, 1440]),
)


def _as_plan(instance, assignments) -> Plan:
    done = {a.task for a in assignments}
    return Plan(
        instance=instance.name,
        status="FEASIBLE",
        objective=sum(score(instance, assignments).values()),
        bound=None,
        assignments=list(assignments),
        unscheduled=[Unscheduled(t.id) for t in instance.tasks if t.id not in done],
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks, st.integers(0, 50))
def test_lns_plans_validate_and_never_lose_to_their_start(data, seed):
    inst = parse_instance(data)
    prep = prepare(inst)
    start = warm_start(prep)
    pm = PlanningModel(prep)
    add_plan_hint(pm, start)
    inc, lns = improve(pm, start, seed=seed, workers=1, deadline=time.monotonic() + 60, rounds=6)
    assert lns.stats.rounds == (6 if lns.movable else 0)
    report = validate_plan(data, _as_plan(inst, inc.assignments))
    assert report.ok, report.violations
    assert report.objective == inc.objective
    assert inc.objective <= sum(score(inst, start).values())


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks)
def test_solve_with_lns_rounds_returns_valid_plans(data):
    plan = solve(parse_instance(data), workers=1, lns_rounds=4, time_limit=60)
    check_plan(data, plan)
    assert plan.objective <= plan.stats["warm_start_objective"]
    assert plan.stats["phases"] in (["lns"], [])


def _mid_week() -> dict:
    return generate_week(staff=12, load=1.2, seed=4)


def test_one_worker_fixed_seed_and_rounds_repeat_the_plan():
    inst = parse_instance(_mid_week())
    first = solve(inst, workers=1, seed=7, lns_rounds=8, time_limit=300)
    second = solve(inst, workers=1, seed=7, lns_rounds=8, time_limit=300)
    assert first.stats["lns"]["rounds"] == 8
    assert first.stats["lns"]["tried"] == second.stats["lns"]["tried"]
    assert first.assignments == second.assignments
    assert first.objective == second.objective


def test_lns_improves_an_over_capacity_week():
    data = _mid_week()
    plan = solve(parse_instance(data), workers=1, seed=1, lns_rounds=25, time_limit=300)
    check_plan(data, plan)
    assert plan.objective < plan.stats["warm_start_objective"]
    assert plan.stats["lns"]["improvements"] >= 1


def test_neighbourhoods_free_only_movable_tasks_and_respect_the_size():
    inst = parse_instance(_mid_week())
    prep = prepare(inst)
    start = warm_start(prep)
    pm = PlanningModel(prep)
    add_plan_hint(pm, start)
    inc, lns = improve(pm, start, workers=1, deadline=time.monotonic() + 60, rounds=0)
    movable = set(lns.movable)
    for kind in KINDS:
        lns.size[kind] = 5
        free = lns.neighbourhood(kind, inc)
        assert free and free <= movable, kind
        if kind != "unplanned":  # it keeps each chosen task's competitors together
            assert len(free) <= 5, kind


def test_domains_are_restored_after_each_round():
    inst = parse_instance(_mid_week())
    prep = prepare(inst)
    start = warm_start(prep)
    pm = PlanningModel(prep)
    add_plan_hint(pm, start)
    lns = Lns(pm, workers=1)
    before = [list(v.domain) for v in pm.model.proto.variables]
    improve(pm, start, workers=1, deadline=time.monotonic() + 60, rounds=3, lns=lns)
    assert [list(v.domain) for v in pm.model.proto.variables] == before


def test_the_shared_tiny_week_is_still_solved_to_its_optimum():
    plan = solve(load_instance(TINY), time_limit=20)
    assert plan.objective == 8180
    assert plan.status == "OPTIMAL"
    assert plan.bound == 8180
    assert plan.stats["phases"] == ["full"]  # a small week: the full model proves it


def test_the_old_stop_event_still_works_with_a_warning():
    stop = threading.Event()
    stop.set()
    data = random_week(5, staff=5, tasks=12, horizon=1440)
    with pytest.warns(DeprecationWarning):
        plan = solve(parse_instance(data), time_limit=60, stop=stop)
    check_plan(data, plan)
    assert plan.stats["phases"] == []


def test_should_stop_ends_the_lns_promptly_with_the_incumbent():
    data = generate_week(staff=20, load=1.3, seed=2)
    seen: list[Progress] = []
    calls = {"n": 0}

    def should_stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 3  # a few LNS rounds, then stop

    plan = solve(
        parse_instance(data), time_limit=300, should_stop=should_stop, on_progress=seen.append
    )
    check_plan(data, plan)
    assert plan.stats["solve_seconds"] < 120  # far below the 300 s limit
    assert plan.objective <= plan.stats["warm_start_objective"]
    assert plan.objective == seen[-1].objective


def test_progress_is_plain_data():
    seen: list[Progress] = []
    data = json.loads(TINY.read_text(encoding="utf-8"))
    solve(parse_instance(data), time_limit=10, on_progress=seen.append)
    assert seen
    for p in seen:
        assert pickle.loads(pickle.dumps(p)) == p
        doc = json.loads(json.dumps(p.as_dict()))
        assert doc["objective"] == p.objective
        assert doc["plan"]["objective"] == p.objective
        assert p.unplanned == len(p.plan["unscheduled"])
        check_plan(data, plan_from_dict(p.plan))
