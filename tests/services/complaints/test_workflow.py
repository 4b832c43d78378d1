"""The case steps: timestamped and audited, in order, two inspectors, reopening, follow-up."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import AuditLog
from db.models.followups import FollowUp
from db.session import read_session
from services.complaints.intake import intake
from services.complaints.queue import case_detail
from services.complaints.workflow import assign, handle, reopen, verify
from services.core.errors import ConflictError, FiredeskError, PermissionDenied, ValidationError
from tests.fixtures.complaints import only_case, run_through, ticket


def test_the_whole_workflow_is_timestamped_and_audited(detachment, staff_actor, manager):
    [case_id] = intake(staff_actor, [ticket()])
    run_through(case_id, staff_actor, manager, [detachment["王强"], detachment["李明"]])
    detail = case_detail(staff_actor, case_id)
    assert detail.row.status == "closed"
    assert detail.row.inspectors == "王强、李明"
    assert [e.action for e in detail.events] == [
        "received",
        "assign",
        "verify",
        "handle",
        "inform",
        "close",
    ]
    with read_session() as session:
        updates = session.scalars(
            select(AuditLog.after).where(
                AuditLog.table_name == "complaint_cases", AuditLog.action == "update"
            )
        ).all()
    assert [u["status"] for u in updates] == [
        "assigned",
        "verified",
        "handled",
        "informed",
        "closed",
    ]


def test_reopen_needs_a_reason_and_keeps_the_first_verification(detachment, staff_actor, manager):
    [case_id] = intake(staff_actor, [ticket()])
    run_through(case_id, staff_actor, manager, [detachment["王强"], detachment["李明"]])
    case_ = only_case()
    with pytest.raises(ValidationError):
        reopen(manager, case_id, case_.version, " ")
    reopen(manager, case_id, case_.version, "投诉人反映仍然上锁")
    reopened = only_case()
    assert reopened.status == "assigned"
    assert reopened.verified_at is None
    assert reopened.first_verified_at == case_.first_verified_at
    # a merged ticket may now join the reopened case again
    assert intake(staff_actor, [ticket(ticket_no="T9")]) == [case_id]


def test_steps_out_of_order_and_stale_versions_are_refused(detachment, staff_actor, manager):
    [case_id] = intake(staff_actor, [ticket()])
    version = only_case().version
    with pytest.raises(FiredeskError, match="not possible"):
        verify(staff_actor, case_id, version, True)
    assign(manager, {case_id: version}, [detachment["王强"], detachment["李明"]])
    with pytest.raises(ConflictError):
        verify(staff_actor, case_id, version, True)


def test_assignment_needs_two_distinct_inspectors(detachment, staff_actor, manager):
    [case_id] = intake(staff_actor, [ticket()])
    version = only_case().version
    with pytest.raises(PermissionDenied):
        assign(staff_actor, {case_id: version}, [detachment["王强"], detachment["李明"]])
    with pytest.raises(ValidationError) as raised:
        assign(manager, {case_id: version}, [detachment["王强"], detachment["王强"]])
    assert raised.value.errors[0].key == "complaints.error.two_inspectors"
    with pytest.raises(ValidationError) as raised:
        assign(manager, {case_id: version}, [detachment["王强"], detachment["赵丽"]])
    assert raised.value.errors[0].key == "complaints.error.not_inspector"


def test_handling_must_match_the_verification(detachment, staff_actor, manager):
    [case_id] = intake(staff_actor, [ticket()])
    assign(manager, {case_id: 1}, [detachment["王强"], detachment["李明"]])
    verify(staff_actor, case_id, 2, False, "现场出口畅通")
    with pytest.raises(ValidationError):
        handle(staff_actor, case_id, 3, "correction_order")
    handle(staff_actor, case_id, 3, "no_violation")
    assert only_case().handling == "no_violation"


def test_closing_a_case_schedules_its_follow_up_call(detachment, staff_actor, manager):
    [case_id] = intake(staff_actor, [ticket()])
    run_through(case_id, staff_actor, manager, [detachment["王强"], detachment["李明"]])
    with read_session() as session:
        followups = session.execute(
            select(FollowUp.source_kind, FollowUp.mode).where(FollowUp.source_id == case_id)
        ).all()
    assert followups == [("complaint", "phone")]
