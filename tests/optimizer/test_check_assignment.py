"""check_assignment names the rule a manual move would break."""

from __future__ import annotations

from opt_helpers import tiny_data

from optimizer.contract import parse_instance
from optimizer.model import check_assignment
from optimizer.solver import solve


def setup():
    inst = parse_instance(tiny_data())
    return inst, solve(inst, time_limit=10)


def rules(violations):
    return {v.rule for v in violations}


def test_a_legal_move_breaks_nothing():
    inst, plan = setup()
    current = plan.assignment_of("T6")
    assert check_assignment(inst, plan, "T6", current.start, current.staff) == []


def test_moving_into_the_booked_hall_breaks_resource_capacity():
    inst, plan = setup()
    found = check_assignment(inst, plan, "T5", 600, ["E04"])
    assert 6 in rules(found)  # T4 holds the hall
    assert 4 in rules(found)  # and E04 guides T4 then
    assert any("Resource capacity" in v.message for v in found)


def test_wrong_person_breaks_required_skill_and_availability():
    inst, plan = setup()
    found = check_assignment(inst, plan, "T1", 1110, ["E01", "E04"])
    assert rules(found) == {2}
    assert any("Required skill" in v.message and v.staff == "E04" for v in found)
    off_duty = check_assignment(inst, plan, "T1", 1110, ["E01", "E03"])
    assert rules(off_duty) == {3}  # E03 starts Tuesday
    assert off_duty[0].staff == "E03"


def test_outside_windows_and_off_grid():
    inst, plan = setup()
    assert rules(check_assignment(inst, plan, "T6", 1020, ["E01"])) == {1}
    assert 1 in rules(check_assignment(inst, plan, "T6", 545, ["E01"]))


def test_weekly_cap_and_pins():
    data = tiny_data()
    data["staff"][0]["max_minutes"] = 100
    data["tasks"][5]["pinned"] = {"start": 540, "staff": ["E01"]}
    inst = parse_instance(data)
    plan = solve(inst, time_limit=10)
    found = check_assignment(inst, plan, "T6", 600, ["E01"])
    assert 7 in rules(found)
    t1 = check_assignment(inst, plan, "T1", 1110, ["E01", "E02"])
    assert 5 in rules(t1)  # 50 + 110 blocked minutes > 100
