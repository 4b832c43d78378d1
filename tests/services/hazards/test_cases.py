"""Hazard cases: opened by a correction order, every step allowed and refused by state and
role, extensions granted and refused, re-inspection closing or escalating, all audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db.models import AuditLog
from db.models.hazards import CASE_STATES, HazardCase, HazardExtension
from db.session import read_session
from rules.time import local
from services.core.errors import FiredeskError, PermissionDenied, ValidationError
from services.core.permissions import ROLES
from services.hazards import cases, extensions, queue
from services.hazards.extensions import ExtensionInput
from tests.conftest import make_actor
from tests.services.hazards.conftest import at


def _case(case_id: int) -> HazardCase:
    with read_session() as session:
        return session.get(HazardCase, case_id)


def _only_case() -> HazardCase:
    with read_session() as session:
        return session.scalars(select(HazardCase)).one()


def test_a_correction_order_opens_a_case_with_the_library_guidance(clock, staff_actor, inspect):
    inspect(staff_actor, "R001", "2026-02-13 15:00", findings=["exits", "electrical"])
    case = _only_case()
    assert (case.state, case.case_no, case.findings) == (
        "opened",
        "YH2026-0001",
        ["electrical", "exits"],
    )
    # Fri 13 Feb: Sat 14 (调休), then Spring Festival to 23 Feb, Tue 24, Wed 25.
    assert local(case.order_due_at) == at("2026-02-25 23:59:59")
    assert [g["hazard_type"] for g in case.guidance] == ["electrical", "exits"]
    assert "持证电工" in case.guidance[0]["plan"]
    assert case.officers == ["E001", "E002"]


@pytest.mark.parametrize("outcome", ["no_problem", "minor_corrected", "referred_penalty"])
def test_other_outcomes_open_no_case(clock, staff_actor, inspect, outcome):
    findings = () if outcome == "no_problem" else ("exits",)
    inspect(staff_actor, "R001", "2026-02-13 15:00", outcome=outcome, findings=findings)
    with read_session() as session:
        assert session.scalars(select(HazardCase)).all() == []


@pytest.mark.parametrize("action", sorted(cases.FLOW.steps))
@pytest.mark.parametrize("state", CASE_STATES)
def test_every_step_is_allowed_only_from_its_states(action, state):
    case = HazardCase(state=state)
    if state in cases.FLOW.sources(action):
        cases.step(make_actor("admin"), case, action)
        assert case.state == cases.FLOW.steps[action][1]
    else:
        with pytest.raises(FiredeskError):
            cases.step(make_actor("admin"), case, action)
        assert case.state == state


@pytest.mark.parametrize("action", sorted(cases.FLOW.steps))
@pytest.mark.parametrize("role", ROLES)
def test_every_step_is_allowed_only_to_its_roles(action, role):
    actor = make_actor(role)
    state = cases.FLOW.sources(action)[0]
    case = HazardCase(state=state)
    allowed = {
        "staff": {a for a, p in cases.PERMISSIONS.items() if p != "hazards.decide"},
        "duty_manager": set(cases.PERMISSIONS),
        "admin": set(cases.PERMISSIONS),
        "leader": set(),
    }[role]
    if action in allowed:
        cases.step(actor, case, action)
        assert case.state == cases.FLOW.steps[action][1]
    else:
        with pytest.raises(PermissionDenied):
            cases.step(actor, case, action)
        assert case.state == state
    assert (action in cases.actions_for(actor, state)) == (action in allowed)


def _issued(clock, staff_actor, inspect, unit="R001", deadline=date(2026, 3, 31)) -> HazardCase:
    inspect(staff_actor, unit, "2026-02-13 15:00")
    with read_session() as session:
        case = session.scalars(
            select(HazardCase).where(HazardCase.state == "opened").order_by(HazardCase.id.desc())
        ).first()
    clock.set("2026-02-14 09:00")
    cases.issue_order(staff_actor, case.id, case.version, deadline)
    return _case(case.id)


def test_the_order_is_numbered_per_detachment_and_year(clock, staff_actor, inspect):
    first = _issued(clock, staff_actor, inspect, "R001")
    second = _issued(clock, staff_actor, inspect, "R002")
    assert (first.order_year, first.order_seq, second.order_seq) == (2026, 1, 2)
    clock.set("2027-01-05 09:00")
    inspect(staff_actor, "R003", "2027-01-05 08:00")
    third = max(_all(), key=lambda c: c.id)
    assert third.case_no == "YH2027-0001"
    cases.issue_order(staff_actor, third.id, third.version, date(2027, 2, 1))
    assert (_case(third.id).order_year, _case(third.id).order_seq) == (2027, 1)


def _all() -> list[HazardCase]:
    with read_session() as session:
        return list(session.scalars(select(HazardCase)))


def test_an_order_needs_a_deadline_after_today_and_cannot_be_issued_twice(
    clock, staff_actor, inspect
):
    inspect(staff_actor, "R001", "2026-02-13 15:00")
    case = _only_case()
    with pytest.raises(ValidationError):
        cases.issue_order(staff_actor, case.id, case.version, date(2026, 2, 13))
    cases.issue_order(staff_actor, case.id, case.version, date(2026, 3, 1))
    with pytest.raises(FiredeskError):
        cases.issue_order(staff_actor, case.id, _case(case.id).version, date(2026, 3, 2))


def test_guidance_is_adjusted_for_the_case_before_the_order(clock, staff_actor, inspect):
    inspect(staff_actor, "R001", "2026-02-13 15:00")
    case = _only_case()
    plans = [{"hazard_type": "exits", "plan": "拆除二楼东侧出口铁栅栏", "standard": "GB 50016"}]
    report = cases.MajorReport("corps", "省总队")
    cases.adjust(
        staff_actor, case.id, case.version, guidance_plans=plans, major=True, report=report
    )
    assert (_case(case.id).guidance, _case(case.id).major) == (plans, True)
    cases.issue_order(staff_actor, case.id, _case(case.id).version, date(2026, 3, 1))
    with pytest.raises(FiredeskError):
        cases.adjust(staff_actor, case.id, _case(case.id).version, major=False)


def test_a_granted_extension_moves_the_deadline_and_a_refused_one_keeps_it(
    clock, staff_actor, manager, inspect
):
    case = _issued(clock, staff_actor, inspect)
    clock.set("2026-03-20 10:00")
    request = ExtensionInput("epidemic_measures", date(2026, 4, 30))
    extensions.request_extension(staff_actor, case.id, case.version, request)
    case = _case(case.id)
    assert case.state == "extension_requested"
    with pytest.raises(PermissionDenied):
        extensions.decide_extension(staff_actor, case.id, case.version, grant=True)
    extensions.decide_extension(manager, case.id, case.version, grant=True)
    case = _case(case.id)
    assert (case.state, case.deadline) == ("order_issued", date(2026, 4, 30))
    clock.set("2026-04-20 10:00")
    again = ExtensionInput("other", date(2026, 5, 31), reason_text="设备未到货")
    extensions.request_extension(staff_actor, case.id, case.version, again)
    extensions.decide_extension(manager, case.id, _case(case.id).version, grant=False)
    case = _case(case.id)
    assert (case.state, case.deadline) == ("order_issued", date(2026, 4, 30))
    with read_session() as session:
        rows = extensions.extensions_of(session, case.id)
        decisions = [(r.decision, r.decided_by, r.old_deadline) for r in rows]
        # Asked Fri 20 Mar: decided by the end of Wed 25 Mar.
        assert local(rows[0].decide_due_at) == at("2026-03-25 23:59:59")
        audited = session.scalars(
            select(AuditLog.action).where(AuditLog.table_name == "hazard_extensions")
        ).all()
    assert decisions == [
        ("granted", "test-duty_manager", date(2026, 3, 31)),
        ("refused", "test-duty_manager", date(2026, 4, 30)),
    ]
    assert sorted(audited) == ["insert", "insert", "update", "update"]


def test_an_extension_is_refused_after_the_deadline_or_without_its_reason(
    clock, staff_actor, inspect
):
    case = _issued(clock, staff_actor, inspect)
    clock.set("2026-04-01 09:00")
    late = ExtensionInput("epidemic_measures", date(2026, 4, 30))
    with pytest.raises(ValidationError) as refused:
        extensions.request_extension(staff_actor, case.id, case.version, late)
    assert [e.field for e in refused.value.errors] == ["extension_requested_at"]
    clock.set("2026-03-01 09:00")
    with pytest.raises(ValidationError) as vague:
        extensions.request_extension(
            staff_actor, case.id, case.version, ExtensionInput("other", date(2026, 4, 30))
        )
    assert [e.field for e in vague.value.errors] == ["extension_reason_text"]
    with read_session() as session:
        assert session.scalars(select(HazardExtension)).all() == []


def test_the_units_application_then_a_fixed_reinspection_closes_the_case(
    clock, staff_actor, inspect
):
    case = _issued(clock, staff_actor, inspect)
    clock.set("2026-03-05 10:00")  # Thu: Fri 6, Mon 9, Tue 10
    cases.apply_reinspection(staff_actor, case.id, case.version)
    case = _case(case.id)
    assert (case.state, local(case.reinspection_due_at)) == (
        "reinspection_due",
        at("2026-03-10 23:59:59"),
    )
    clock.set("2026-03-09 11:00")
    record_id = inspect(
        staff_actor,
        "R001",
        "2026-03-09 10:00",
        outcome="no_problem",
        findings=(),
        kind="reinspection",
    )
    case = _case(case.id)
    assert (case.state, case.reinspection_id, case.escalation) == (
        "closed_fixed",
        record_id,
        None,
    )
    with read_session() as session:
        updates = session.scalars(
            select(AuditLog.after).where(
                AuditLog.table_name == "hazard_cases", AuditLog.action == "update"
            )
        ).all()
    assert [u["state"] for u in updates if "state" in u][-1] == "closed_fixed"


@pytest.mark.parametrize(
    ("major", "escalation"), [(False, "penalty_referral"), (True, "major_reported")]
)
def test_a_passed_deadline_and_a_failed_reinspection_escalate(
    clock, staff_actor, manager, inspect, major, escalation
):
    inspect(staff_actor, "R001", "2026-02-13 15:00")
    case = _only_case()
    report = cases.MajorReport("government", "白塔区人民政府") if major else None
    cases.adjust(staff_actor, case.id, case.version, major=major, report=report)
    clock.set("2026-02-14 09:00")
    cases.issue_order(staff_actor, case.id, _case(case.id).version, date(2026, 9, 30))
    clock.set("2026-09-30 12:00")
    assert cases.advance_deadlines(manager) == []  # the deadline's day is not over
    clock.set("2026-10-01 08:00")
    assert cases.advance_deadlines(manager) == ["YH2026-0001"]
    case = _case(case.id)
    # National Day: 1-7 Oct off, Thu 8, Fri 9, Sat 10 (调休).
    assert (case.state, local(case.reinspection_due_at)) == (
        "reinspection_due",
        at("2026-10-10 23:59:59"),
    )
    clock.set("2026-10-09 11:00")
    inspect(staff_actor, "R001", "2026-10-09 10:00", kind="reinspection")
    case = _case(case.id)
    assert (case.state, case.escalation) == ("escalated", escalation)
    # An escalated major hazard has been reported up: no longer counted open on this desk.
    assert queue.figures(queue.list_cases(staff_actor))["major_open"] == 0
    # The failed re-inspection escalates this case; it opens no second one.
    assert len(_all()) == 1


def test_a_leader_reads_but_cannot_move_a_case(clock, staff_actor, leader, inspect):
    inspect(staff_actor, "R001", "2026-02-13 15:00")
    case = _only_case()
    with pytest.raises(PermissionDenied):
        cases.issue_order(leader, case.id, case.version, date(2026, 3, 1))
    with pytest.raises(PermissionDenied):
        cases.advance_deadlines(leader)
    assert _case(case.id).state == "opened"
