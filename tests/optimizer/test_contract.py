"""Instance loading: every documented error is reported, all at once, naming what is wrong."""

from __future__ import annotations

import copy

import pytest
from opt_helpers import instance, person, task, tiny_data

from optimizer.contract import (
    InstanceError,
    load_instance,
    parse_instance,
    plan_from_dict,
    plan_to_dict,
    write_plan,
)


def errors_of(data: dict) -> list[str]:
    with pytest.raises(InstanceError) as info:
        parse_instance(data)
    assert isinstance(info.value, ValueError)
    return info.value.errors


def base() -> dict:
    return instance([person("P1")], [task("T1")])


def broken(change) -> dict:
    data = base()
    change(data)
    return data


CASES = [
    ("unknown location", lambda d: d["tasks"][0].update(location="NOWHERE"), ["T1", "NOWHERE"]),
    ("base not a location", lambda d: d["staff"][0].update(base="MARS"), ["P1", "MARS"]),
    (
        "window end at or before start",
        lambda d: d["tasks"][0].update(windows=[{"start": 100, "end": 100, "cost": 0}]),
        ["T1", "window end 100"],
    ),
    ("duration <= 0", lambda d: d["tasks"][0].update(duration=0), ["T1", "duration"]),
    ("headcount < 1", lambda d: d["tasks"][0].update(headcount=0), ["T1", "headcount"]),
    ("unknown eligible", lambda d: d["tasks"][0].update(eligible=["P9"]), ["T1", "P9"]),
    ("unknown resource", lambda d: d["tasks"][0].update(resource="hall"), ["T1", "hall"]),
    (
        "pinned staff lacking the skill",
        lambda d: (
            d["staff"].append(person("P2", skills=["x"])),
            d["tasks"][0].update(pinned={"start": 0, "staff": ["P2"]}),
        ),
        ["T1", "P2", "may not take"],
    ),
    (
        "pinned staff not eligible",
        lambda d: (
            d["staff"].append(person("P2")),
            d["tasks"][0].update(eligible=["P1"], pinned={"start": 0, "staff": ["P2"]}),
        ),
        ["T1", "P2", "not in eligible"],
    ),
    ("slot not dividing 1440", lambda d: d.update(slot_minutes=7), ["slot_minutes"]),
    ("slot not allowed", lambda d: d.update(slot_minutes=45), ["slot_minutes"]),
    ("missing required key", lambda d: d.pop("weights"), ["weights"]),
    ("missing task key", lambda d: d["tasks"][0].pop("skill"), ["T1", "skill"]),
    (
        "duplicate task id",
        lambda d: d["tasks"].append(copy.deepcopy(d["tasks"][0])),
        ["duplicate", "T1"],
    ),
    ("duplicate staff id", lambda d: d["staff"].append(person("P1")), ["duplicate", "P1"]),
    ("travel not square", lambda d: d["travel_minutes"][0].append(5), ["travel_minutes", "row 0"]),
    ("travel size != districts", lambda d: d["travel_minutes"].append([1, 2]), ["travel_minutes"]),
    (
        "district of a location unknown",
        lambda d: d["locations"][0].update(district="Z"),
        ["HQ", "district 'Z'"],
    ),
    ("negative weight", lambda d: d["weights"].update(change=-1), ["weights.change"]),
    ("bad availability", lambda d: d["staff"][0].update(available=[[50, 10]]), ["P1", "available"]),
]


@pytest.mark.parametrize("label, change, words", CASES, ids=[c[0] for c in CASES])
def test_each_documented_error_is_reported(label, change, words):
    errors = errors_of(broken(change))
    assert any(all(w in e for w in words) for e in errors), errors


def test_all_problems_are_reported_together():
    def many(d):
        d["tasks"][0].update(location="NOWHERE", duration=-5)
        d["staff"][0].update(base="MARS")

    errors = errors_of(broken(many))
    assert len(errors) >= 3
    assert "NOWHERE" in str(InstanceError(errors))


def test_unknown_top_level_keys_are_ignored():
    data = base()
    data["future_extension"] = {"anything": 1}
    assert parse_instance(data).tasks[0].id == "T1"


def test_tiny_loads_from_the_shared_spec(tmp_path):
    inst = parse_instance(tiny_data())
    assert len(inst.tasks) == 6
    assert inst.travel(inst.staff_by_id["E04"], inst.task_by_id["T4"]) == 0  # at its base
    assert inst.travel(inst.staff_by_id["E02"], inst.task_by_id["T2"]) == 45


def test_load_instance_reports_bad_json(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InstanceError, match="not valid JSON"):
        load_instance(path)


def test_plan_round_trip(tmp_path):
    from optimizer.baseline import baseline_plan

    plan = baseline_plan(parse_instance(tiny_data()), lang="en")
    path = tmp_path / "plan.json"
    write_plan(plan, path)
    import json

    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema"] == "firedesk.plan/1"
    assert set(doc) == {
        "schema",
        "instance",
        "status",
        "objective",
        "bound",
        "assignments",
        "unscheduled",
        "stats",
    }
    again = plan_from_dict(doc)
    assert plan_to_dict(again)["assignments"] == doc["assignments"]
