"""Bad-review cases: call back, close, appeal and decide, each step audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import AuditLog, Evaluation, RectificationCase
from db.session import read_session
from services.core.errors import ConflictError, FiredeskError, PermissionDenied, ValidationError
from services.evaluations.bad_review_cases import (
    CASE_FLOW,
    appeal,
    close_case,
    deadline_days,
    decide_appeal,
    get_case,
    list_cases,
    record_callback,
)
from services.evaluations.reviews import record_evaluation
from tests.fixtures.evaluations import rating


def _bad_review(actor, **changes) -> tuple[int, int]:
    evaluation_id = record_evaluation(actor, rating(5, **changes))
    with read_session() as session:
        case = session.scalars(
            select(RectificationCase).where(RectificationCase.evaluation_id == evaluation_id)
        ).one()
    return case.id, evaluation_id


def _real_name():
    return {"anonymous": False, "reviewer_name": "王芳", "reviewer_phone": "13912345678"}


def test_a_real_name_case_needs_a_call_back_before_it_closes(db, staff_actor):
    case_id, _ = _bad_review(staff_actor, **_real_name())
    with pytest.raises(ValidationError) as caught:
        close_case(staff_actor, case_id, 1, "人手不足", "增开窗口", "已答复")
    assert caught.value.errors[0].key == "rectification.error.call_back_first"
    record_callback(staff_actor, case_id, 1, "评价人反映排队久")
    close_case(staff_actor, case_id, 2, "人手不足", "增开窗口", "已答复")
    view = get_case(staff_actor, case_id)
    assert (view.status, view.cause, view.overdue) == ("closed", "人手不足", False)


def test_an_anonymous_case_closes_without_a_call_and_cannot_be_called(db, staff_actor):
    case_id, _ = _bad_review(staff_actor)
    with pytest.raises(FiredeskError) as caught:
        record_callback(staff_actor, case_id, 1, "试图回访")
    assert caught.value.key == "rectification.error.anonymous"
    with pytest.raises(ValidationError) as missing:
        close_case(staff_actor, case_id, 1, "", "增开窗口", "")
    assert {e.field for e in missing.value.errors} == {"rect_cause", "rect_answer"}
    close_case(staff_actor, case_id, 1, "高峰排队", "增开窗口", "公示整改")
    assert get_case(staff_actor, case_id).status == "closed"


def test_an_upheld_appeal_withdraws_the_case_and_uncounts_the_review(db, staff_actor, manager):
    case_id, evaluation_id = _bad_review(staff_actor)
    appeal(staff_actor, case_id, 1, "评价人误按，回访时表示满意")
    with pytest.raises(PermissionDenied):
        decide_appeal(staff_actor, case_id, 2, "upheld", "同意")
    decide_appeal(manager, case_id, 2, "upheld", "录音证实误评")
    with read_session() as session:
        case = session.get(RectificationCase, case_id)
        counted = session.get(Evaluation, evaluation_id).counted
        audit = session.scalars(
            select(AuditLog).where(
                AuditLog.table_name == "rectification_cases", AuditLog.action == "update"
            )
        ).all()
    assert (case.status, case.appeal_decision, case.appeal_decided_by) == (
        "withdrawn",
        "upheld",
        manager.username,
    )
    assert counted is False
    assert audit[-1].after["appeal_decision"] == "upheld" and audit[-1].username == manager.username


def test_a_rejected_appeal_sends_the_case_back_and_cannot_be_repeated(db, staff_actor, manager):
    case_id, _ = _bad_review(staff_actor, **_real_name())
    record_callback(staff_actor, case_id, 1, "已联系")
    appeal(staff_actor, case_id, 2, "恶意差评")
    decide_appeal(manager, case_id, 3, "rejected", "证据不足")
    assert get_case(staff_actor, case_id).status == "called_back"
    with pytest.raises(FiredeskError) as caught:
        appeal(staff_actor, case_id, 4, "再次申诉")
    assert caught.value.key == "rectification.error.appealed_before"


def test_a_rejected_appeal_of_a_case_never_called_back_reopens_it(db, staff_actor, manager):
    case_id, _ = _bad_review(staff_actor)  # anonymous: nobody to call
    appeal(staff_actor, case_id, 1, "误评")
    decide_appeal(manager, case_id, 2, "rejected", "证据不足")
    assert get_case(staff_actor, case_id).status == "open"


def test_a_finished_case_takes_no_further_step(db, staff_actor):
    case_id, _ = _bad_review(staff_actor)
    close_case(staff_actor, case_id, 1, "人手不足", "增开窗口", "已答复")
    for step in (
        lambda: close_case(staff_actor, case_id, 2, "再次", "再次", "再次"),
        lambda: appeal(staff_actor, case_id, 2, "申诉"),
    ):
        with pytest.raises(FiredeskError) as caught:
            step()
        assert (caught.value.key, caught.value.params) == (
            "rectification.error.status",
            {"status": "closed"},
        )
    assert CASE_FLOW.is_final("closed") and CASE_FLOW.is_final("withdrawn")


def test_a_stale_form_is_refused(db, staff_actor):
    case_id, _ = _bad_review(staff_actor, **_real_name())
    record_callback(staff_actor, case_id, 1, "第一次")
    with pytest.raises(ConflictError):
        record_callback(staff_actor, case_id, 1, "同时打开的旧表单")


def test_old_open_cases_are_listed_overdue_and_masked(db, staff_actor):
    from datetime import datetime

    from rules.time import TIME_ZONE

    _bad_review(
        staff_actor, evaluated_at=datetime(2026, 1, 5, 9, 0, tzinfo=TIME_ZONE), **_real_name()
    )
    cases = list_cases(staff_actor)
    assert cases["overdue"].tolist() == [True]
    assert get_case(staff_actor, int(cases["id"][0])).reviewer_phone == "139****5678"


def test_the_deadline_setting():
    assert deadline_days({}) == 15
    assert deadline_days({"FIREDESK_RECTIFICATION_DAYS": "5"}) == 5
    with pytest.raises(ValueError):
        deadline_days({"FIREDESK_RECTIFICATION_DAYS": "0"})
