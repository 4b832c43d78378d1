"""Inspection, decision and delivery of an application: the state machine, the decision
clock, refusals bound to the one-time notice, and both delivery methods."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

import manage
from rules.time import TIME_ZONE, local
from services.applications import types, workflow
from services.applications.intake import ApplicationInput, intake
from services.applications.queue import get_application
from services.core.errors import FiredeskError, ValidationError
from tests.conftest import make_actor
from tests.fixtures.applications import PRE_OPENING_COMPLETE

CLERK = make_actor("staff")


def take(kind_code: str, documents: list[str], **changes) -> int:
    kind = types.type_by_code(kind_code)
    data = ApplicationInput(
        type_id=kind.id,
        unit_name="好时光KTV",
        applicant_name="张三丰",
        applicant_phone="13812345678",
        documents=documents,
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return intake(CLERK, data).application_id


def step(action, application_id: int, *args, **kwargs) -> None:
    row = get_application(CLERK, application_id)
    action(CLERK, application_id, row.version, *args, **kwargs)


def test_a_pre_opening_check_goes_through_inspection_decision_and_free_post(clock):
    app_id = take(
        types.PRE_OPENING,
        PRE_OPENING_COMPLETE,
        delivery_method="post",
        delivery_address="白塔区 1 号",
    )
    assert get_application(CLERK, app_id).actions == ("inspect", "refuse")
    with pytest.raises(FiredeskError) as refused:
        step(workflow.approve, app_id)  # not before the inspection
    assert refused.value.key == "applications.error.step"
    clock.set("2026-02-13 17:00")
    step(workflow.inspect, app_id, datetime(2026, 2, 13, 15, 0, tzinfo=TIME_ZONE), "合格")
    row = get_application(CLERK, app_id)
    assert row.status == "inspected"
    # Sat 14 Feb (调休), then Tue 24 and Wed 25 after the Spring Festival.
    assert local(row.decision_due_at) == datetime(2026, 2, 25, 23, 59, 59, tzinfo=TIME_ZONE)
    assert row.actions == ("approve", "refuse")
    step(workflow.approve, app_id)
    assert get_application(CLERK, app_id).actions == ("send",)
    with pytest.raises(ValidationError):
        step(workflow.send, app_id, " ")
    step(workflow.send, app_id, "EMS1234567890")
    row = get_application(CLERK, app_id)
    assert (row.status, row.tracking_no, row.actions) == ("sent", "EMS1234567890", ("receive",))
    clock.set("2026-02-16 10:00")
    step(workflow.receive, app_id, datetime(2026, 2, 16, 9, 0, tzinfo=TIME_ZONE))
    row = get_application(CLERK, app_id)
    assert row.status == "delivered"
    assert local(row.received_at) == datetime(2026, 2, 16, 9, 0, tzinfo=TIME_ZONE)
    assert row.actions == ()


def test_an_inspection_cannot_be_recorded_in_the_future(clock):
    app_id = take(types.PRE_OPENING, PRE_OPENING_COMPLETE)
    with pytest.raises(ValidationError):
        step(workflow.inspect, app_id, datetime(2026, 2, 12, 9, 0, tzinfo=TIME_ZONE))
    assert get_application(CLERK, app_id).status == "accepted"


def test_a_name_change_is_decided_without_inspection_and_collected_in_person(clock):
    app_id = take(
        types.NAME_CHANGE,
        ["change_application", "name_preapproval", "original_permit", "representative_ids"],
    )
    row = get_application(CLERK, app_id)
    assert row.inspection_due_at is None
    assert row.actions == ("approve", "refuse")
    with pytest.raises(FiredeskError):
        step(workflow.inspect, app_id, clock())
    step(workflow.approve, app_id)
    with pytest.raises(FiredeskError):
        step(workflow.send, app_id, "EMS1")  # chosen: in person
    step(workflow.hand_over, app_id)
    row = get_application(CLERK, app_id)
    assert row.status == "delivered"
    assert row.sent_at == row.received_at is not None


def test_refusing_for_a_document_not_on_the_notice_is_impossible(clock):
    app_id = take(types.NAME_CHANGE, ["change_application", "original_permit"])
    for code in ("original_permit", "previous_check", "business_licence"):
        with pytest.raises(FiredeskError) as refused:
            step(workflow.refuse, app_id, "材料不全", code)
        assert refused.value.key == "applications.error.not_on_notice"
    assert get_application(CLERK, app_id).status == "supplementing"
    with pytest.raises(ValidationError):
        step(workflow.refuse, app_id, "  ", "name_preapproval")  # reasons are required
    step(workflow.refuse, app_id, "逾期未补正新场所名称预先核准通知书", "name_preapproval")
    row = get_application(CLERK, app_id)
    assert (row.status, row.decision) == ("refused", "refused")
    assert row.actions == ("hand_over",)


def test_a_supplemented_document_is_no_reason_for_refusal(clock):
    app_id = take(types.NAME_CHANGE, ["change_application", "original_permit"])
    step(workflow.supplement, app_id, ["name_preapproval"])
    with pytest.raises(FiredeskError) as refused:
        step(workflow.refuse, app_id, "缺材料", "name_preapproval")
    assert refused.value.key == "applications.error.already_in"


def test_the_csv_export_lists_the_issue_columns(clock, capsys):
    take(types.PRE_OPENING, ["application_form", "applicant_id"])
    changed = take(
        types.NAME_CHANGE,
        ["change_application", "name_preapproval", "original_permit", "representative_ids"],
        delivery_method="post",
        delivery_address="白塔区 1 号",
    )
    step(workflow.approve, changed)
    step(workflow.send, changed, "EMS9")
    clock.set("2026-02-12 09:00")
    step(workflow.receive, changed)
    assert manage.main(["applications", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == [
        "application_no",
        "type",
        "state",
        "accepted_on",
        "missing_documents",
        "inspection_due",
        "decision_due",
        "delivery",
    ]
    by_no = {row[0]: row for row in rows[1:]}
    assert by_no["SQ20260211001"] == [
        "SQ20260211001",
        "pre_opening_check",
        "supplementing",
        "2026-02-11",
        "floor_plan;safety_rules;training_records;material_certificates;facility_test_report",
        "2026-03-03",
        "",
        "in_person",
    ]
    assert by_no["SQ20260211002"][2:] == ["delivered", "2026-02-11", "", "", "", "post"]
    assert manage.main(["applications", "--open", "--format", "csv"]) == 0
    open_rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [row[0] for row in open_rows[1:]] == ["SQ20260211001"]
