"""Intake with 容缺受理: the checklists, the one-time notice (once, complete, never an
internal document) and the refusal of anything not on it."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from db.models import AuditLog
from db.models.applications import Application, ApplicationNotice, ApplicationType
from db.session import read_session
from rules.time import TIME_ZONE, local
from services.applications import intake as intake_module
from services.applications import types, workflow
from services.applications.intake import ApplicationInput, demand_document, intake, issue_notice
from services.applications.queue import get_application
from services.core.errors import FiredeskError, PermissionDenied, ValidationError
from services.core.permissions import SYSTEM
from services.core.unit_of_work import unit_of_work
from tests.conftest import make_actor

CLERK = make_actor("staff")


def application(kind: types.TypeView, documents: list[str], **changes) -> ApplicationInput:
    data = ApplicationInput(
        type_id=kind.id,
        unit_name="白塔区好时光KTV",
        applicant_name="张三丰",
        applicant_phone="13812345678",
        documents=documents,
        address="白塔区中华大街 88 号",
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_the_standard_types_are_seeded_once_with_their_checklists(clock):
    kinds = {k.code: k for k in types.list_types()}
    assert set(kinds) == {types.PRE_OPENING, types.NAME_CHANGE}
    change = kinds[types.NAME_CHANGE]
    assert change.needs_inspection is False
    # Measure 02: the four documents, plus the earlier check the detachment looks up itself.
    askable = [d.code for d in change.askable()]
    assert askable == [
        "change_application",
        "name_preapproval",
        "original_permit",
        "representative_ids",
    ]
    assert [d.code for d in change.documents if d.requirement == "internal"] == ["previous_check"]
    assert kinds[types.PRE_OPENING].needs_inspection is True
    types.list_types()
    with read_session() as session:
        assert session.scalar(select(func.count()).select_from(ApplicationType)) == 2


def test_complete_documents_are_accepted_without_a_notice(clock):
    kind = types.type_by_code(types.NAME_CHANGE)
    result = intake(CLERK, application(kind, [d.code for d in kind.askable()]))
    assert result.status == "accepted"
    assert result.notice_items == []
    assert result.application_no == "SQ20260211001"
    with read_session() as session:
        assert session.scalar(select(func.count()).select_from(ApplicationNotice)) == 0


def test_missing_supplementable_documents_get_one_notice_listing_all_of_them(clock):
    kind = types.type_by_code(types.PRE_OPENING)
    result = intake(CLERK, application(kind, ["application_form", "applicant_id", "floor_plan"]))
    expected = ["safety_rules", "training_records", "material_certificates", "facility_test_report"]
    assert result.status == "supplementing"
    assert result.notice_items == expected
    with read_session() as session:
        notices = list(session.scalars(select(ApplicationNotice)))
    assert len(notices) == 1
    assert [item["code"] for item in notices[0].items] == expected
    internal = {d.code for d in kind.documents if d.requirement == "internal"}
    assert internal == {"business_licence", "construction_acceptance"}
    assert not internal & {item["code"] for item in notices[0].items}
    # Due five working days on: Feb 12, 13, Sat 14 (调休), then after the holiday Feb 24, 25.
    assert local(notices[0].supplement_due_at) == datetime(
        2026, 2, 25, 23, 59, 59, tzinfo=TIME_ZONE
    )
    row = get_application(CLERK, result.application_id)
    assert local(row.inspection_due_at) == datetime(2026, 3, 3, 23, 59, 59, tzinfo=TIME_ZONE)
    assert row.missing == tuple(expected)


def test_a_second_notice_is_refused_by_the_service_and_by_the_database(clock):
    kind = types.type_by_code(types.PRE_OPENING)
    result = intake(CLERK, application(kind, ["application_form", "applicant_id"]))
    with pytest.raises(FiredeskError) as refused, unit_of_work(SYSTEM) as session:
        row = session.get(Application, result.application_id)
        issue_notice(session, row, kind, ["floor_plan"], clock(), clock())
    assert refused.value.key == "applications.error.notice_exists"
    with pytest.raises(IntegrityError), unit_of_work(SYSTEM) as session:
        session.add(
            ApplicationNotice(
                application_id=result.application_id,
                notice_no="GZ-other",
                issued_at=clock(),
                supplement_due_at=clock(),
                items=[],
            )
        )
        session.flush()


def test_a_missing_required_document_is_not_accepted(clock):
    kind = types.type_by_code(types.PRE_OPENING)
    with pytest.raises(ValidationError) as refused:
        intake(CLERK, application(kind, ["floor_plan"]))
    keys = [(e.key, e.params.get("name")) for e in refused.value.errors]
    assert ("applications.error.required_missing", "消防安全检查申请表") in keys
    assert ("applications.error.required_missing", "申请人身份证明") in keys
    with read_session() as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 0


def test_an_internal_document_is_never_taken_from_the_applicant(clock):
    kind = types.type_by_code(types.PRE_OPENING)
    with pytest.raises(ValidationError) as refused:
        intake(CLERK, application(kind, ["application_form", "applicant_id", "business_licence"]))
    assert [e.key for e in refused.value.errors] == ["applications.error.internal_document"]


def test_free_post_needs_an_address(clock):
    kind = types.type_by_code(types.NAME_CHANGE)
    with pytest.raises(ValidationError) as refused:
        intake(CLERK, application(kind, ["change_application"], delivery_method="post"))
    assert [e.field for e in refused.value.errors] == ["delivery_address"]


def test_a_leader_cannot_take_applications(clock):
    kind = types.type_by_code(types.NAME_CHANGE)
    with pytest.raises(PermissionDenied):
        intake(make_actor("leader"), application(kind, ["change_application"]))


def test_a_later_demand_for_a_document_not_on_the_notice_is_refused(clock):
    kind = types.type_by_code(types.PRE_OPENING)
    result = intake(CLERK, application(kind, ["application_form", "applicant_id", "floor_plan"]))
    # Handed in at intake, checked internally, not on the checklist at all: none was on it.
    for code in ("floor_plan", "business_licence", "anything_else"):
        with pytest.raises(FiredeskError) as refused:
            demand_document(CLERK, result.application_id, code)
        assert refused.value.key == "applications.error.not_on_notice"
    demand_document(CLERK, result.application_id, "safety_rules")  # on the notice: a reminder
    with read_session() as session:
        demands = list(session.scalars(select(AuditLog.detail).where(AuditLog.action == "demand")))
    assert demands == ["safety_rules"]


def test_supplements_complete_the_file_only_with_every_notice_item(clock):
    kind = types.type_by_code(types.NAME_CHANGE)
    result = intake(CLERK, application(kind, ["change_application", "original_permit"]))
    assert result.notice_items == ["name_preapproval", "representative_ids"]
    row = get_application(CLERK, result.application_id)
    with pytest.raises(FiredeskError) as refused:
        workflow.supplement(CLERK, row.id, row.version, ["previous_check"])
    assert refused.value.key == "applications.error.not_on_notice"
    assert workflow.supplement(CLERK, row.id, row.version, ["name_preapproval"]) == "supplementing"
    row = get_application(CLERK, row.id)
    assert row.missing == ("representative_ids",)
    assert workflow.supplement(CLERK, row.id, row.version, ["representative_ids"]) == "accepted"
    assert get_application(CLERK, row.id).missing == ()


def test_a_number_taken_meanwhile_is_retried_with_the_next(clock, monkeypatch):
    kind = types.type_by_code(types.NAME_CHANGE)
    documents = [d.code for d in kind.askable()]
    first = intake(CLERK, application(kind, documents))
    real = intake_module._next_number
    calls = []

    def stale_then_real(session, prefix, column):
        calls.append(prefix)
        # The first try counts as if the other desk's row were not there yet.
        return first.application_no if len(calls) == 1 else real(session, prefix, column)

    monkeypatch.setattr(intake_module, "_next_number", stale_then_real)
    second = intake(CLERK, application(kind, documents))
    assert (len(calls), second.application_no) == (2, "SQ20260211002")
