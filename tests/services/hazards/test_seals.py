"""Temporary seals (临时查封) and major-hazard reports: a seal is proposed only for a major
or escalated case, decided by a duty manager or an administrator within 3 working days
(24 h when urgent), lifted by hand or by the re-inspection that closes the case fixed, on
the queue with its clock; a major hazard is reported up when flagged (when, by whom, to
which level and whom), stays major, and is listed open until closed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db.models import AuditLog
from db.models.hazards import HazardCase, HazardSeal
from db.session import read_session
from rules.time import local
from services.core.errors import FiredeskError, PermissionDenied, ValidationError
from services.hazards import cases, queue, seals
from tests.conftest import make_actor
from tests.services.hazards.conftest import at

REPORT = cases.MajorReport("detachment", "辽阳支队防火监督处")


@pytest.fixture
def hazard_clock(clock, monkeypatch):
    monkeypatch.setattr(seals, "now", clock)
    monkeypatch.setattr(queue, "now", clock)
    return clock


def _case() -> HazardCase:
    with read_session() as session:
        return session.scalars(select(HazardCase).order_by(HazardCase.id.desc())).first()


def _seal() -> HazardSeal:
    with read_session() as session:
        return session.scalars(select(HazardSeal).order_by(HazardSeal.id.desc())).first()


def _major(staff_actor, inspect, unit="R001") -> HazardCase:
    inspect(staff_actor, unit, "2026-02-13 15:00")
    case = _case()
    cases.adjust(staff_actor, case.id, case.version, major=True, report=REPORT)
    return _case()


def test_a_major_hazard_is_reported_up_when_flagged(hazard_clock, staff_actor, inspect):
    inspect(staff_actor, "R001", "2026-02-13 15:00")
    case = _case()
    with pytest.raises(ValidationError) as unreported:
        cases.adjust(staff_actor, case.id, case.version, major=True)
    assert [e.field for e in unreported.value.errors] == ["hazard_reported_to"]
    with pytest.raises(ValidationError) as bad_level:
        cases.adjust(
            staff_actor, case.id, case.version, major=True, report=cases.MajorReport("x", "")
        )
    assert sorted(e.field for e in bad_level.value.errors) == [
        "hazard_report_level",
        "hazard_reported_to",
    ]
    cases.adjust(staff_actor, case.id, case.version, major=True, report=REPORT)
    case = _case()
    assert (
        case.major,
        local(case.major_reported_at),
        case.major_reported_by,
        case.major_report_level,
        case.major_reported_to,
    ) == (True, at("2026-02-13 16:00"), "test-staff", "detachment", "辽阳支队防火监督处")
    with pytest.raises(FiredeskError) as unflag:
        cases.adjust(staff_actor, case.id, case.version, major=False)
    assert unflag.value.key == "hazards.error.major_reported"
    with read_session() as session:
        audited = session.scalars(
            select(AuditLog.after).where(
                AuditLog.table_name == "hazard_cases", AuditLog.action == "update"
            )
        ).all()
    assert any(a.get("major_report_level") == "detachment" for a in audited)


def test_major_hazards_open_are_listed_until_closed(hazard_clock, staff_actor, inspect):
    major = _major(staff_actor, inspect, "R001")
    inspect(staff_actor, "R002", "2026-02-13 15:00")
    rows = queue.list_cases(staff_actor)
    assert [r.case_no for r in queue.major_open(rows)] == [major.case_no]
    assert queue.figures(rows)["major_open"] == 1
    [row] = queue.major_open(rows)
    assert (row.major_report_level, row.major_reported_to) == ("detachment", "辽阳支队防火监督处")
    hazard_clock.set("2026-02-14 09:00")
    cases.issue_order(staff_actor, major.id, _case_of(major.id).version, date(2026, 3, 31))
    cases.apply_reinspection(staff_actor, major.id, _case_of(major.id).version)
    inspect(
        staff_actor,
        "R001",
        "2026-02-14 09:00",
        outcome="no_problem",
        findings=(),
        kind="reinspection",
    )
    assert queue.major_open(queue.list_cases(staff_actor)) == []


def _case_of(case_id: int) -> HazardCase:
    with read_session() as session:
        return session.get(HazardCase, case_id)


def test_a_seal_is_proposed_only_for_a_major_or_escalated_case(hazard_clock, staff_actor, inspect):
    inspect(staff_actor, "R002", "2026-02-13 15:00")
    ordinary = _case()
    with pytest.raises(FiredeskError) as refused:
        seals.propose_seal(staff_actor, ordinary.id, ordinary.version, "二楼仓库", urgent=False)
    assert refused.value.key == "hazards.error.not_sealable"
    case = _major(staff_actor, inspect)
    with pytest.raises(ValidationError):
        seals.propose_seal(staff_actor, case.id, case.version, "  ", urgent=False)
    with pytest.raises(PermissionDenied):
        seals.propose_seal(make_actor("leader"), case.id, case.version, "二楼", urgent=False)
    seals.propose_seal(staff_actor, case.id, case.version, "二楼仓库", urgent=False)
    with pytest.raises(FiredeskError) as twice:
        seals.propose_seal(staff_actor, case.id, case.version, "三楼", urgent=True)
    assert twice.value.key == "hazards.error.seal_open"


def test_the_seal_clock_is_three_working_days_or_24_hours(hazard_clock, staff_actor, inspect):
    case = _major(staff_actor, inspect, "R001")
    # Fri 13 Feb 16:00: Sat 14 (调休), then Spring Festival to 23 Feb, Tue 24, Wed 25.
    seals.propose_seal(staff_actor, case.id, case.version, "二楼仓库", urgent=False)
    assert (local(_seal().decide_due_at), _seal().decide_due_provisional) == (
        at("2026-02-25 23:59:59"),
        False,
    )
    other = _major(staff_actor, inspect, "R005")
    seals.propose_seal(staff_actor, other.id, other.version, "地下室", urgent=True)
    assert local(_seal().decide_due_at) == at("2026-02-14 16:00")


def test_a_duty_manager_decides_and_lifts_and_it_is_audited(
    hazard_clock, staff_actor, manager, inspect
):
    case = _major(staff_actor, inspect)
    seal_id = seals.propose_seal(staff_actor, case.id, case.version, "二楼仓库", urgent=True)
    with pytest.raises(PermissionDenied):
        seals.decide_seal(staff_actor, seal_id, 1, True)
    assert seals.actions_for(staff_actor, "proposed") == []
    assert seals.actions_for(manager, "proposed") == ["seal", "not_seal"]
    hazard_clock.set("2026-02-14 09:00")
    seals.decide_seal(manager, seal_id, 1, True, "现场查封")
    with pytest.raises(FiredeskError):
        seals.decide_seal(manager, seal_id, 2, False)
    seal = _seal()
    assert (seal.state, seal.decided_by, local(seal.decided_at)) == (
        "sealed",
        "test-duty_manager",
        at("2026-02-14 09:00"),
    )
    seals.lift_seal(make_actor("admin"), seal_id, seal.version, "已整改")
    assert (_seal().state, _seal().lifted_by) == ("lifted", "test-admin")
    with read_session() as session:
        states = [
            a["state"]
            for a in session.scalars(
                select(AuditLog.after).where(AuditLog.table_name == "hazard_seals")
            )
            if a and "state" in a
        ]
    assert states == ["proposed", "sealed", "lifted"]


def test_the_reinspection_that_closes_a_case_fixed_lifts_its_seal(
    hazard_clock, staff_actor, manager, inspect
):
    case = _major(staff_actor, inspect)
    seal_id = seals.propose_seal(staff_actor, case.id, case.version, "二楼仓库", urgent=False)
    seals.decide_seal(manager, seal_id, 1, True)
    hazard_clock.set("2026-02-14 09:00")
    cases.issue_order(staff_actor, case.id, _case_of(case.id).version, date(2026, 3, 31))
    cases.apply_reinspection(staff_actor, case.id, _case_of(case.id).version)
    inspect(
        staff_actor,
        "R001",
        "2026-02-14 09:00",
        outcome="no_problem",
        findings=(),
        kind="reinspection",
    )
    seal = _seal()
    assert (seal.state, local(seal.lifted_at)) == ("lifted", at("2026-02-14 09:00"))


def test_an_escalated_case_may_be_sealed_and_the_queue_shows_the_overdue_seal(
    hazard_clock, staff_actor, inspect
):
    inspect(staff_actor, "R001", "2026-02-13 15:00")
    case = _case()
    hazard_clock.set("2026-02-14 09:00")
    cases.issue_order(staff_actor, case.id, case.version, date(2026, 3, 31))
    cases.apply_reinspection(staff_actor, case.id, _case_of(case.id).version)
    inspect(staff_actor, "R001", "2026-02-14 09:00", kind="reinspection")
    assert _case_of(case.id).state == "escalated"
    seals.propose_seal(staff_actor, case.id, _case_of(case.id).version, "整栋", urgent=True)
    [row] = seals.list_seals(staff_actor)
    assert (row.state, row.urgency) == ("proposed", "due_soon")
    hazard_clock.set("2026-02-15 10:00")  # past 24 h
    [row] = seals.list_seals(staff_actor)
    assert (row.case_no, row.urgency) == (case.case_no, "overdue")


def test_an_extension_asked_after_the_deadlines_end_is_refused_with_a_clear_error(
    hazard_clock, staff_actor, inspect
):
    from services.hazards import extensions
    from services.hazards.extensions import ExtensionInput

    inspect(staff_actor, "R001", "2026-02-13 15:00")
    case = _case()
    hazard_clock.set("2026-02-14 09:00")
    cases.issue_order(staff_actor, case.id, case.version, date(2026, 3, 31))
    version = _case_of(case.id).version
    hazard_clock.set("2026-04-01 00:00")  # the first second after the deadline's day
    with pytest.raises(ValidationError) as late:
        extensions.request_extension(
            staff_actor, case.id, version, ExtensionInput("epidemic_measures", date(2026, 4, 30))
        )
    [error] = late.value.errors
    assert error.field == "extension_requested_at"
    assert "期限届满前" in late.value.messages("zh-CN")[0]
    assert "before the deadline" in late.value.messages("en")[0]
    assert _case_of(case.id).state == "order_issued"
    hazard_clock.set("2026-03-31 23:59")  # the deadline's last minute is still in time
    extensions.request_extension(
        staff_actor, case.id, version, ExtensionInput("epidemic_measures", date(2026, 4, 30))
    )
    assert _case_of(case.id).state == "extension_requested"
