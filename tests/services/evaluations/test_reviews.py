"""Evaluations: entry rules, masking, audit, and the all-or-nothing import."""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
import pytest
from sqlalchemy import select

from db.models import AuditLog, Evaluation, RectificationCase
from db.session import read_session
from rules.time import TIME_ZONE
from services.core.errors import FiredeskError, PermissionDenied, ValidationError
from services.evaluations.reviews import (
    import_evaluations,
    recent_evaluations,
    record_evaluation,
)
from tests.conftest import make_actor
from tests.fixtures.evaluations import HEADER, make_places, rating


def test_a_real_name_review_is_stored_and_audited_masked(db, staff_actor):
    places = make_places(staff_actor)
    data = rating(
        2,
        station_id=places["station"],
        officer_id=places["officer"],
        scores={"items": 4, "efficiency": 5},
        comment="办事很快",
        anonymous=False,
        reviewer_name="张三丰",
        reviewer_phone="138 0000 5678",
    )
    evaluation_id = record_evaluation(staff_actor, data)
    with read_session() as session:
        stored = session.get(Evaluation, evaluation_id)
        audit = session.scalars(select(AuditLog).where(AuditLog.table_name == "evaluations")).one()
    assert (stored.level, stored.reviewer_phone, stored.score_items) == (2, "13800005678", 4)
    assert str(stored.week_start) == "2026-11-23" and str(stored.month_start) == "2026-11-01"
    assert audit.after["reviewer_name"] == "***" and audit.after["reviewer_phone"] == "***"
    assert audit.username == staff_actor.username


def test_every_problem_is_reported_at_once(db, staff_actor):
    data = rating(
        9,
        channel="fax",
        scores={"process": 7},
        anonymous=False,
        reviewer_name="",
        reviewer_phone="12345",
    )
    with pytest.raises(ValidationError) as caught:
        record_evaluation(staff_actor, data)
    fields = {e.field for e in caught.value.errors}
    assert fields == {
        "eval_level",
        "eval_channel",
        "score_process",
        "reviewer_name",
        "reviewer_phone",
    }
    with read_session() as session:
        assert session.scalar(select(Evaluation.id)) is None


def test_a_future_rating_is_refused(db, staff_actor):
    with pytest.raises(ValidationError) as caught:
        record_evaluation(staff_actor, rating(evaluated_at=datetime(2999, 1, 1, tzinfo=TIME_ZONE)))
    assert caught.value.errors[0].key == "evaluations.error.future"


def test_leadership_cannot_enter_evaluations(db, leader):
    with pytest.raises(PermissionDenied):
        record_evaluation(leader, rating())


def test_a_bad_review_opens_a_case_due_in_fifteen_working_days(db, staff_actor):
    evaluation_id = record_evaluation(staff_actor, rating(4))  # Friday 2026-11-27
    with read_session() as session:
        case = session.scalars(select(RectificationCase)).one()
    assert case.evaluation_id == evaluation_id and case.status == "open"
    due = case.due_at if case.due_at.tzinfo else case.due_at.replace(tzinfo=TIME_ZONE)
    assert due.astimezone(TIME_ZONE).strftime("%Y-%m-%d %H:%M") == "2026-12-18 23:59"


def test_a_good_review_opens_no_case(db, staff_actor):
    record_evaluation(staff_actor, rating(3))
    with read_session() as session:
        assert session.scalar(select(RectificationCase.id)) is None


def _csv(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def test_import_of_a_gbk_export_with_chinese_labels(db, staff_actor):
    make_places(staff_actor)
    text = _csv(
        "P001,2026-11-20 09:15,非常满意,窗口评价器,窗口办事,白塔消防救援站,E01,5,很好,是,,",
        "P002,2026/11/21 14:00,不满意,二维码,消防站参观,ST01,李明,,讲解太快,否,王芳,13912345678",
    )
    count = import_evaluations(staff_actor, "export.csv", text.encode("gbk"))
    assert count == 2
    with read_session() as session:
        rows = session.scalars(select(Evaluation).order_by(Evaluation.external_id)).all()
        cases = session.scalars(select(RectificationCase)).all()
    assert [(r.level, r.channel, r.service, r.anonymous) for r in rows] == [
        (1, "device", "window", True),
        (4, "qr_code", "tour", False),
    ]
    assert rows[1].reviewer_name == "王芳" and rows[0].score_items == 5
    assert [c.evaluation_id for c in cases] == [rows[1].id]


def test_import_is_all_or_nothing_with_row_numbers(db, staff_actor):
    make_places(staff_actor)
    text = _csv(
        "P001,2026-11-20 09:15,满意,二维码,窗口办事,,,,,是,,",
        "P002,2026-11-20 09:20,还行,二维码,窗口办事,,,,,是,,",
        "P003,明天,满意,二维码,窗口办事,不存在站,,9,,是,,",
    )
    with pytest.raises(ValidationError) as caught:
        import_evaluations(staff_actor, "export.csv", text.encode("utf-8-sig"))
    found = {(e.row, e.field) for e in caught.value.errors}
    assert found == {(3, "eval_level"), (4, "eval_time"), (4, "eval_station"), (4, "score_items")}
    assert "第 3 行" in caught.value.messages("zh-CN")[0]
    with read_session() as session:
        assert session.scalar(select(Evaluation.id)) is None


def test_import_refuses_an_export_imported_before(db, staff_actor):
    text = _csv("P001,2026-11-20 09:15,满意,online,window,,,,,yes,,")
    import_evaluations(staff_actor, "a.csv", text.encode())
    with pytest.raises(ValidationError) as caught:
        import_evaluations(staff_actor, "a.csv", text.encode())
    assert [(e.row, e.field, e.key) for e in caught.value.errors] == [
        (2, "eval_external_id", "error.duplicate")
    ]


def test_import_of_an_excel_export(sqlite_db, staff_actor):
    frame = pd.DataFrame(
        {
            "评价时间": [datetime(2026, 11, 2, 8, 30), datetime(2026, 11, 3, 16, 0)],
            "评价等级": ["基本满意", "非常不满意"],
            "评价渠道": ["网上评价", "电话回访"],
            "服务事项": ["消防培训", "投诉举报处理"],
            "便利程度": [3, None],
        }
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    assert import_evaluations(staff_actor, "export.xlsx", buffer.getvalue()) == 2
    with read_session() as session:
        levels = session.scalars(select(Evaluation.level).order_by(Evaluation.id)).all()
    assert levels == [3, 5]


def test_import_names_missing_columns(sqlite_db, staff_actor):
    with pytest.raises(FiredeskError) as caught:
        import_evaluations(staff_actor, "x.csv", "评价时间,评价等级\n2026-11-20,满意\n".encode())
    assert caught.value.key == "evaluations.error.columns"
    assert "评价渠道" in caught.value.params["columns"]


def test_reviewers_are_masked_for_staff_and_managers_alike(db, staff_actor):
    record_evaluation(
        staff_actor,
        rating(anonymous=False, reviewer_name="张三丰", reviewer_phone="13800005678"),
    )
    staff_view = recent_evaluations(staff_actor).iloc[0]
    manager_view = recent_evaluations(make_actor("duty_manager")).iloc[0]
    assert (staff_view.reviewer_name, staff_view.reviewer_phone) == ("张**", "138****5678")
    assert (manager_view.reviewer_name, manager_view.reviewer_phone) == ("张**", "138****5678")
