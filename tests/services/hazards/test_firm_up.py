"""Hazard clocks counted into a year not yet confirmed are provisional, and are recounted
and firmed up when an administrator confirms that year."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from db.models.hazards import HazardCase
from db.session import read_session
from rules.time import local
from services.calendar import workdays
from services.hazards import cases
from tests.services.hazards.conftest import at


def _by_unit() -> dict[int, HazardCase]:
    with read_session() as session:
        return {
            c.location_id: c for c in session.scalars(select(HazardCase).order_by(HazardCase.id))
        }


def test_confirming_the_next_year_recounts_the_open_hazard_clocks(
    clock, staff_actor, admin, inspect, monkeypatch
):
    monkeypatch.setattr(cases, "now", clock)
    clock.set("2026-12-02 10:00")
    inspect(staff_actor, "R001", "2026-12-02 09:00")
    lapsing = max(_by_unit().values(), key=lambda c: c.id)
    cases.issue_order(staff_actor, lapsing.id, lapsing.version, date(2026, 12, 30))
    clock.set("2026-12-31 10:00")
    cases.advance_deadlines(staff_actor)
    inspect(staff_actor, "R002", "2026-12-30 09:00")  # order due Thu 31, Fri 1, Mon 4
    before = sorted(
        (
            local(c.reinspection_due_at or c.order_due_at),
            c.state,
            c.reinspection_due_provisional or c.order_due_provisional,
        )
        for c in _by_unit().values()
    )
    assert before == [
        (at("2027-01-04 23:59:59"), "opened", True),
        (at("2027-01-04 23:59:59"), "reinspection_due", True),
    ]
    workdays.create_year(admin, 2027)
    summary = workdays.year_summary(2027)
    workdays.save_days(admin, 2027, summary.version, {date(2027, 1, 1): (False, "元旦")})
    changed = workdays.set_confirmed(admin, 2027, workdays.year_summary(2027).version, True)
    assert changed["hazards"] == 2
    after = sorted(
        (
            local(c.reinspection_due_at or c.order_due_at),
            c.reinspection_due_provisional or c.order_due_provisional,
        )
        for c in _by_unit().values()
    )
    assert after == [(at("2027-01-05 23:59:59"), False), (at("2027-01-05 23:59:59"), False)]


def test_confirming_the_next_year_recounts_a_seal_to_decide(
    clock, staff_actor, admin, inspect, monkeypatch
):
    from db.models.hazards import HazardSeal
    from services.hazards import seals

    monkeypatch.setattr(seals, "now", clock)
    clock.set("2026-12-30 10:00")
    inspect(staff_actor, "R001", "2026-12-30 09:00")
    [case] = _by_unit().values()
    cases.adjust(
        staff_actor, case.id, case.version, major=True, report=cases.MajorReport("corps", "总队")
    )
    [case] = _by_unit().values()
    seals.propose_seal(staff_actor, case.id, case.version, "二楼", urgent=False)

    def seal() -> HazardSeal:
        with read_session() as session:
            return session.scalars(select(HazardSeal)).one()

    # Wed 30 Dec: Thu 31, then 2027 as the provisional rule counts it (Fri 1, Mon 4).
    assert (local(seal().decide_due_at), seal().decide_due_provisional) == (
        at("2027-01-04 23:59:59"),
        True,
    )
    workdays.create_year(admin, 2027)
    summary = workdays.year_summary(2027)
    workdays.save_days(admin, 2027, summary.version, {date(2027, 1, 1): (False, "元旦")})
    changed = workdays.set_confirmed(admin, 2027, workdays.year_summary(2027).version, True)
    assert changed["hazards"] == 2  # the order to issue and the seal to decide
    assert (local(seal().decide_due_at), seal().decide_due_provisional) == (
        at("2027-01-05 23:59:59"),
        False,
    )
