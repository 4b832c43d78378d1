"""Stored draws: made from the registers, audited, never re-run silently; redraws."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, update

from db.models import AuditLog, Location
from db.models.hazards import HazardCase
from db.session import read_session
from rules.time import TIME_ZONE
from services.core.errors import FiredeskError, PermissionDenied, ValidationError
from services.core.unit_of_work import unit_of_work
from services.draws import plans, records
from services.draws.registers import register_inspectors, register_units

SEED = "2027-01 深证成指收盘 10234.56"


def test_the_registers_as_the_draw_sees_them(draw_world):
    with read_session() as session:
        units = {u.code: u for u in register_units(session)}
        inspectors = {i.code: i for i in register_inspectors(session)}
    assert len(units) == 40  # U001/U002 have no credit class: not in the register
    assert units["R003"].key_unit and not units["R004"].key_unit
    assert units["R007"].last_inspectors == ("E001",)
    assert units["R000"].district == "辽阳县"
    assert set(inspectors) == {"E001", "E002", "E004"}
    assert inspectors["E001"].districts == ("白塔区",)  # default: the base's district
    assert set(inspectors["E002"].districts) == {"白塔区", "辽阳县"}
    assert inspectors["E004"].conflicts == ("R011",)


def test_a_draw_is_stored_with_its_snapshot_seed_and_author(draw_world, manager):
    draw_id = plans.make_draw(manager, plans.DrawRequest("2027-01", SEED))
    row = plans.get_draw(manager, draw_id)
    assert (row.period, row.number, row.status, row.seed) == ("2027-01", 1, "current", SEED)
    assert row.created_by == manager.username
    assert len(row.snapshot["units"]) == 40
    assert row.result["snapshot_hash"] == row.snapshot_hash
    # 10 units per class: A 3 % -> 0, B 5 % -> 1 (0.5 rounds up), C 10 % -> 1, D 20 % -> 2
    counts = row.result["counts"]
    assert [counts[c]["drawn"] for c in "ABCD"] == [0, 1, 1, 2]
    assert len(row.result["assignments"]) + len(row.result["unstaffed"]) == 4
    for assignment in row.result["assignments"]:
        assert len(set(assignment["inspectors"])) == 2
    with read_session() as session:
        audited = session.scalars(select(AuditLog).where(AuditLog.table_name == "draws")).all()
    assert [a.action for a in audited] == ["insert"]
    assert "snapshot" not in (audited[0].after or {})


def test_same_registers_and_seed_give_the_same_draw_after_a_redraw_elsewhere(draw_world, manager):
    first = plans.get_draw(manager, plans.make_draw(manager, plans.DrawRequest("2027-01", SEED)))
    other = plans.get_draw(manager, plans.make_draw(manager, plans.DrawRequest("2027-02", SEED)))
    assert first.snapshot_hash == other.snapshot_hash
    assert first.draw_key != other.draw_key


def test_a_period_is_never_drawn_twice_silently(draw_world, manager):
    plans.make_draw(manager, plans.DrawRequest("2027-01", SEED))
    with pytest.raises(FiredeskError) as refused:
        plans.make_draw(manager, plans.DrawRequest("2027-01", "another seed"))
    assert refused.value.key == "draws.error.exists"


def test_a_redraw_needs_a_reason_and_supersedes_the_draw(draw_world, manager):
    first = plans.make_draw(manager, plans.DrawRequest("2027-01", SEED))
    with pytest.raises(ValidationError):
        plans.redraw(manager, plans.DrawRequest("2027-01", SEED + "b"))
    second = plans.redraw(manager, plans.DrawRequest("2027-01", SEED + "b", reason="种子公布有误"))
    rows = {r.id: r for r in plans.list_draws(manager, "2027-01")}
    assert (rows[first].status, rows[second].status) == ("superseded", "current")
    assert rows[second].number == 2 and rows[second].reason == "种子公布有误"
    assert rows[first].superseded_at is not None
    assert plans.find_draw(manager, "2027-01").id == second
    assert plans.find_draw(manager, "2027-01", 1).id == first


def test_who_may_draw(draw_world, staff_actor, leader):
    with pytest.raises(PermissionDenied):
        plans.make_draw(staff_actor, plans.DrawRequest("2027-01", SEED))
    with pytest.raises(PermissionDenied):
        plans.make_draw(leader, plans.DrawRequest("2027-01", SEED))
    assert plans.list_draws(leader) == []


@pytest.mark.parametrize(
    "request_",
    [
        plans.DrawRequest("2027-13", SEED),
        plans.DrawRequest("2027-01", "  "),
        plans.DrawRequest("2027-01", SEED, shares={"A": 300, "B": 500, "C": 1000}),
        plans.DrawRequest("2027-01", SEED, shares={"A": 300, "B": 500, "C": 1000, "D": 20000}),
        plans.DrawRequest("2027-01", SEED, key_units="sometimes"),
        plans.DrawRequest("2027-01", SEED, hazard_units="sometimes"),
    ],
)
def test_bad_requests_are_refused(draw_world, manager, request_):
    with pytest.raises(ValidationError):
        plans.make_draw(manager, request_)
    assert plans.list_draws(manager) == []


def _correction_order(actor, unit: str) -> int:
    """An inspection of `unit` with a correction order: it opens a hazard case."""
    data = records.InspectionInput(
        unit_code=unit,
        kind="offhours_inspection",
        inspected_at=datetime(2026, 11, 3, 10, 0, tzinfo=TIME_ZONE),
        officers=["E001", "E002"],
        outcome="correction_order",
        findings=["exits"],
    )
    records.record_inspection(actor, data)
    with read_session() as session:
        location_id = session.scalar(select(Location.id).where(Location.code == unit))
        return session.scalar(select(HazardCase.id).where(HazardCase.location_id == location_id))


def _drawn(row) -> set[str]:
    return {a["unit"] for a in row.result["assignments"]} | set(row.result["unstaffed"])


def test_units_with_an_open_hazard_case_are_drawn_by_rule(draw_world, manager, staff_actor):
    # R004 (class A: 3 % of 10 draws none) has an open case, R008 (class A) a closed one.
    _correction_order(staff_actor, "R004")
    closed = _correction_order(staff_actor, "R008")
    with unit_of_work(manager) as session:
        session.execute(
            update(HazardCase).where(HazardCase.id == closed).values(state="closed_fixed")
        )
    with read_session() as session:
        units = {u.code: u for u in register_units(session)}
    assert units["R004"].open_hazard and not units["R008"].open_hazard
    always = plans.get_draw(
        manager, plans.make_draw(manager, plans.DrawRequest("2027-01", SEED, hazard_units="always"))
    )
    assert always.rules["hazard_units"] == "always"
    assert "R004" in _drawn(always) and "R008" not in _drawn(always)
    assert {u["code"]: u["open_hazard"] for u in always.snapshot["units"]}["R004"] is True
    never = plans.get_draw(
        manager,
        plans.redraw(
            manager,
            plans.DrawRequest(
                "2027-01",
                SEED,
                shares={"A": 10000, "B": 500, "C": 1000, "D": 2000},
                hazard_units="never",
                reason="隐患单位另行复查",
            ),
        ),
    )
    assert "R004" not in _drawn(never) and "R008" in _drawn(never)
