"""Capacity advice: checked suggestions, only qualified people off leave, brute force on a
tiny week, and the command line."""

from __future__ import annotations

import json

import pytest
from opt_helpers import instance, person, task

from optimizer.__main__ import main
from optimizer.advice import advise, candidate_additions, check_addition
from optimizer.contract import parse_instance
from optimizer.solver import solve
from optimizer.validator import validate_plan

DAY = 1440


def tiny_week() -> dict:
    """Three inspectors on day shifts and one trainer away all week; evening work waits."""
    staff = [
        person("E1", available=((480, 1020), (DAY + 480, DAY + 1020)), max_minutes=900),
        person("E2", available=((2 * DAY + 480, 2 * DAY + 1020),), max_minutes=600),
        person("E3", skills=("t",), available=()),
        person("E4", skills=("x",), available=((480, 1020),)),
    ]
    staff[0]["leave"] = [[3 * DAY, 4 * DAY]]
    evening = lambda d: ((d * DAY + 1080, d * DAY + 1320, 0),)  # noqa: E731
    tasks = [
        task("T1", windows=((480, 1020, 0),), duration=120, priority=2),
        task("T2", windows=evening(0), duration=120, priority=5),
        task("T3", windows=evening(2), duration=180, priority=3),
        task("T4", skill="t", windows=((480, 1020, 0),), priority=9),
        task("T5", windows=evening(3), duration=60, priority=4),
        task("T6", windows=evening(1), duration=60, priority=1, headcount=2),
    ]
    return instance(staff, tasks)


@pytest.fixture(scope="module")
def week():
    data = tiny_week()
    base = solve(parse_instance(data), time_limit=5, workers=1)
    assert base.status == "OPTIMAL"
    return data, base


@pytest.fixture(scope="module")
def advice(week):
    data, base = week
    return advise(data, base, top=10, time_limit=3, checks=50)


def assigned(plan: dict) -> set[str]:
    return {a["task"] for a in plan["assignments"]}


def test_every_suggestion_is_a_feasible_plan_serving_what_it_names(week, advice):
    data, base = week
    before = {a.task for a in base.assignments}
    priority = {t["id"]: t["priority"] for t in data["tasks"]}
    assert advice.suggestions
    for s in advice.suggestions:
        modified = s.addition.apply(data)
        report = validate_plan(modified, s.plan)
        assert report.ok, report.violations
        assert report.objective == s.plan["objective"]
        assert not validate_plan(data, s.plan).ok  # it uses what was added
        assert set(s.serves) == assigned(s.plan) - before
        assert set(s.drops) == before - assigned(s.plan)
        gained = sum(priority[t] for t in s.serves) - sum(priority[t] for t in s.drops)
        assert s.priority_gained == gained > 0
    gains = [s.per_hour for s in advice.suggestions]
    assert gains == sorted(gains, reverse=True)


def test_the_evening_inspection_is_served_by_asking_e1_for_monday_evening(advice):
    best = advice.suggestions[0].as_dict()
    assert best["staff"] == "E1"
    assert best["add"] == {"start": 1080, "end": 1320}
    assert best["serves"] == ["T2"]
    assert best["priority_gained"] == 5


def test_never_outside_skills_nor_on_leave(week, advice):
    data, base = week
    inst = parse_instance(data)
    everything = [c.addition for c in candidate_additions(inst, base.assignments, prefilter=False)]
    suggested = [s.addition for s in advice.suggestions]
    assert everything and suggested
    for add in everything + suggested:
        assert add.staff not in ("E3", "E4")  # away all week; no unplanned task's skill
        if add.staff == "E1" and add.kind == "block":
            assert not (add.start < 4 * DAY and add.end > 3 * DAY), add  # E1's leave
    for s in advice.suggestions:
        for a in s.plan["assignments"]:
            t = inst.task_by_id[a["task"]]
            assert all(t.skill in inst.staff_by_id[pid].skills for pid in a["staff"])


def test_best_found_equals_brute_force_over_all_additions(week):
    data, base = week
    inst = parse_instance(data)
    everything = [c.addition for c in candidate_additions(inst, base.assignments, prefilter=False)]
    tried = [check_addition(data, list(base.assignments), add, time_limit=3) for add in everything]
    best = max(s.per_hour for s in tried)
    assert best > 0
    found = advise(data, base, top=1, time_limit=3)  # the default number of checks
    assert found.suggestions[0].per_hour == best
    assert found.stats["checked"] < len(everything)


def test_cli_writes_the_advice(tmp_path, week):
    data, base = week
    (tmp_path / "week.json").write_text(json.dumps(data), "utf-8")
    out = tmp_path / "advice.json"
    code = main(
        [
            "advise",
            str(tmp_path / "week.json"),
            "--top",
            "2",
            "--time-limit",
            "2",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    advice = json.loads(out.read_text("utf-8"))
    assert 1 <= len(advice) <= 2
    assert {"staff", "add", "serves", "priority_gained", "plan"} <= set(advice[0])
    assert advice[0]["plan"]["schema"] == "firedesk.plan/1"
