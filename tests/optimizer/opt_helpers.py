"""Helpers for the optimizer tests: tiny two-line instances and a plan checker."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

from optimizer.contract import Plan, parse_instance, plan_to_dict
from optimizer.validator import validate_plan

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
TINY = SHARED / "spec" / "examples" / "tiny.json"


def person(pid: str, skills=("s",), available=((0, 10080),), base="HQ", max_minutes=10080) -> dict:
    return {
        "id": pid,
        "name": f"name-{pid}",
        "base": base,
        "skills": list(skills),
        "available": [list(a) for a in available],
        "max_minutes": max_minutes,
    }


def task(
    tid: str,
    windows=((0, 600, 0),),
    duration: int = 60,
    skill: str = "s",
    headcount: int = 1,
    priority: int = 1,
    location: str = "HQ",
    **extra: Any,
) -> dict:
    return {
        "id": tid,
        "kind": extra.pop("kind", "follow_up"),
        "location": location,
        "duration": duration,
        "skill": skill,
        "headcount": headcount,
        "priority": priority,
        "windows": [{"start": a, "end": b, "cost": c} for a, b, c in windows],
        **extra,
    }


def instance(staff: list[dict], tasks: list[dict], **overrides: Any) -> dict:
    """A week with two districts 30 minutes apart; HQ and NEAR in A, FAR in B."""
    data = {
        "schema": "firedesk.instance/1",
        "name": "test",
        "week_start": "2026-11-30",
        "slot_minutes": 30,
        "offhours": [[1050, 1950]],
        "districts": ["A", "B"],
        "travel_minutes": [[0, 30], [30, 0]],
        "locations": [
            {"id": "HQ", "name": "HQ", "district": "A"},
            {"id": "NEAR", "name": "Near", "district": "A"},
            {"id": "FAR", "name": "Far", "district": "B"},
        ],
        "staff": staff,
        "resources": [],
        "tasks": tasks,
        "weights": {"unscheduled": 1000, "offhours_peak": 2, "change": 50},
    }
    data.update(copy.deepcopy(overrides))
    return data


def check_plan(data: dict, plan: Plan) -> dict:
    """Every plan the engine returns must validate and list every task exactly once."""
    report = validate_plan(data, plan)
    assert report.ok, report.violations
    doc = plan_to_dict(plan)
    ids = [a["task"] for a in doc["assignments"]] + [u["task"] for u in doc["unscheduled"]]
    assert sorted(ids) == sorted(t["id"] for t in data["tasks"])
    assert report.objective == plan.objective
    assert plan.bound is None or plan.bound <= plan.objective
    return doc


def solve_dict(data: dict, **kwargs: Any) -> tuple[Plan, dict]:
    from optimizer.solver import solve

    kwargs.setdefault("time_limit", 10.0)
    plan = solve(parse_instance(data), **kwargs)
    return plan, check_plan(data, plan)


def tiny_data() -> dict:
    return json.loads(TINY.read_text(encoding="utf-8"))


def options(data: dict, t: dict) -> list:
    """Every way to place task `t`: unscheduled, or a start with a team."""
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
    """The best objective of a tiny week by exhaustive enumeration of every placement."""
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
