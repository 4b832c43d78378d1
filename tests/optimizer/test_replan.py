"""Re-planning: pins kept, published plan kept unless a change pays, illness changes little;
progress reporting, early stop and determinism."""

from __future__ import annotations

import copy

from opt_helpers import check_plan, solve_dict, tiny_data
from random_weeks import random_week

from optimizer.contract import parse_instance, plan_from_dict
from optimizer.solver import Progress, solve


def week() -> dict:
    return random_week(7, staff=5, tasks=10, horizon=1440)


def publish(data: dict, doc: dict) -> dict:
    published = copy.deepcopy(data)
    by_task = {a["task"]: a for a in doc["assignments"]}
    for t in published["tasks"]:
        if t["id"] in by_task:
            t["previous"] = {"start": by_task[t["id"]]["start"], "staff": by_task[t["id"]]["staff"]}
    return published


def test_replanning_an_unchanged_week_keeps_the_published_plan():
    data = week()
    _, doc = solve_dict(data)
    plan, again = solve_dict(publish(data, doc))
    assert again["assignments"] == doc["assignments"]
    assert plan.stats["terms"]["Change from published"] == 0


def test_illness_changes_only_the_ill_persons_tasks():
    data = week()
    _, doc = solve_dict(data)
    ill = max(
        (p["id"] for p in data["staff"]),
        key=lambda pid: sum(pid in a["staff"] for a in doc["assignments"]),
    )
    theirs = {a["task"] for a in doc["assignments"] if ill in a["staff"]}
    assert theirs
    replan = publish(data, doc)
    replan["weights"]["change"] = 10**6  # any avoidable change costs more than it gains
    next(p for p in replan["staff"] if p["id"] == ill)["available"] = []
    _, new = solve_dict(replan)
    before = {a["task"]: a for a in doc["assignments"]}
    after = {a["task"]: a for a in new["assignments"]}
    changed = {t for t in before if before[t] != after.get(t)}
    assert changed == theirs
    assert all(ill not in a["staff"] for a in new["assignments"])


def test_pins_survive_a_replan():
    data = tiny_data()
    data["tasks"][4]["pinned"] = {"start": 600, "staff": ["E04"]}  # T5 wins the hall now
    plan, doc = solve_dict(data)
    assert {"task": "T5", "start": 600, "staff": ["E04"]} in doc["assignments"]
    assert [u["task"] for u in doc["unscheduled"]] == ["T4"]


def test_progress_reports_improving_plans():
    seen: list[Progress] = []
    plan, _ = solve_dict(tiny_data(), on_progress=seen.append)
    assert seen, "at least the warm start is reported"
    objectives = [p.objective for p in seen]
    assert objectives == sorted(objectives, reverse=True)
    assert seen[-1].objective == plan.objective == 8180
    assert all(p.bound is None or p.bound <= p.objective for p in seen)
    check_plan(tiny_data(), plan_from_dict(seen[0].plan))


def test_stop_ends_early_with_a_valid_plan():
    data = random_week(3, staff=5, tasks=12, horizon=1440)
    plan = solve(parse_instance(data), time_limit=60, should_stop=lambda: True)
    check_plan(data, plan)
    assert plan.stats["solve_seconds"] < 30


def test_one_worker_with_a_seed_is_deterministic():
    data = random_week(11, staff=5, tasks=12, horizon=1440)
    inst = parse_instance(data)
    first = solve(inst, workers=1, seed=3, time_limit=20)
    second = solve(inst, workers=1, seed=3, time_limit=20)
    assert first.assignments == second.assignments
    assert first.objective == second.objective
