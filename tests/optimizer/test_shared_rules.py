"""Rules 4–6 are implemented once (optimizer.rules) and agree with the independent referee."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_weeks import random_week

import optimizer
from optimizer.baseline import baseline_assignments
from optimizer.contract import Assignment, Plan, parse_instance
from optimizer.generator import generate_week
from optimizer.model import prepare
from optimizer.rules import Ledger
from optimizer.validator import validate_plan

PACKAGE = Path(optimizer.__file__).parent


def _plan(instance, assignments) -> Plan:
    return Plan(instance.name, "FEASIBLE", 0, None, list(assignments), [])


def _compare(data: dict, seed: int) -> int:
    """Try left-out tasks at random starts and teams; return how many moves were compared."""
    inst = parse_instance(data)
    prep = prepare(inst)
    placed = baseline_assignments(prep)
    ledger = Ledger.of(inst, placed)
    done = {a.task for a in placed}
    rnd = random.Random(seed)
    checked = 0
    for opt in prep.options:
        if opt.task.id in done or len(opt.candidates) < opt.task.headcount:
            continue
        for lo, hi in opt.starts:
            k = rnd.randint(lo, hi)
            team = rnd.sample(opt.candidates, opt.task.headcount)
            if not all(any(a <= k <= b for a, b in c.allowed) for c in team):
                continue  # rules 1–3 would fail too; only 4–6 are compared here
            staff_ids = tuple(c.person.id for c in team)
            move = Assignment(opt.task.id, k * prep.slot, staff_ids)
            broken = {v.rule for v in validate_plan(data, _plan(inst, [*placed, move])).violations}
            assert (ledger.fits(opt.task.id, move.start, staff_ids) is None) == (
                not broken & {4, 5, 6}
            ), (move, broken)
            checked += 1
    return checked


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.integers(2, 6), st.integers(3, 10))
def test_ledger_fits_agrees_with_the_validator_on_rules_4_to_6(seed, staff, tasks):
    _compare(random_week(seed, staff=staff, tasks=tasks, horizon=1440), seed)


def test_the_comparison_sees_moves_on_an_over_capacity_week():
    assert _compare(generate_week(staff=12, load=1.5, seed=4), 0) > 20


def test_baseline_explain_and_check_assignment_share_the_ledger_and_the_referee_does_not():
    for name in ("baseline.py", "explain.py", "model.py"):
        assert "from optimizer.rules import" in (PACKAGE / name).read_text(encoding="utf-8")
    referee = (PACKAGE / "validator.py").read_text(encoding="utf-8")
    assert "optimizer.rules" not in referee
    for module in ("rules", "model", "baseline", "explain"):
        assert f"optimizer.{module}" not in referee
