"""The 12345 complaint queue: intake, clocks, workflow, merging, masking, metrics, planning."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from db.models import AuditLog, District, Location, Staff, StaffSkill
from db.models.complaints import ComplaintCase, ComplaintTicket
from db.models.evaluations import FollowUp
from db.session import read_session
from rules.time import TIME_ZONE, local
from services.calendar import workdays
from services.complaints.intake import TicketInput, intake
from services.complaints.metrics import metrics
from services.complaints.queue import Filters, case_detail, export_rows, queue
from services.complaints.tasks import planning_tasks
from services.complaints.workflow import assign, close, handle, inform, reopen, verify
from services.core.clock import now
from services.core.errors import ConflictError, FiredeskError, PermissionDenied, ValidationError
from services.core.unit_of_work import unit_of_work

PHONE = "13812345678"


@pytest.fixture(autouse=True)
def fresh_calendar():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


def seed_detachment(actor) -> dict[str, int]:
    """Two districts, a station, a registered unit, and three staff (ids by name; 赵丽 is a
    guide, the others inspectors)."""
    with unit_of_work(actor) as session:
        city = District(name="白塔区")
        county = District(name="辽阳县")
        session.add_all([city, county])
        session.flush()
        station = Location(code="ST01", kind="station", name="白塔站", district_id=city.id)
        unit = Location(code="U001", kind="unit", name="万达广场", district_id=city.id)
        office = Location(code="HQ", kind="office", name="支队机关", district_id=city.id)
        session.add_all([station, unit, office])
        session.flush()
        people = [
            Staff(code=f"E0{i}", name=name, base_location_id=station.id)
            for i, name in enumerate(["王强", "李明", "赵丽"], start=1)
        ]
        session.add_all(people)
        session.flush()
        session.add_all(StaffSkill(staff_id=p.id, skill="inspector") for p in people[:2])
        session.add(StaffSkill(staff_id=people[2].id, skill="guide"))
    return {"王强": people[0].id, "李明": people[1].id, "赵丽": people[2].id}


@pytest.fixture
def detachment(db, admin) -> dict[str, int]:
    return seed_detachment(admin)


def ticket(**changes) -> TicketInput:
    values = {
        "ticket_no": "LY20261127001",
        "received_at": "2026-11-27 09:30",
        "channel": "12345",
        "category": "locked_exit",
        "unit_name": "万达广场",
        "address": "辽阳市白塔区民主路1号",
        "district": "白塔区",
        "complainant_name": "张三丰",
        "complainant_phone": PHONE,
        "description": "二楼安全出口上锁",
    }
    return TicketInput(**{**values, **changes})


def fixed_now(monkeypatch, text: str) -> datetime:
    moment = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TIME_ZONE)
    for module in ("intake", "workflow", "queue", "metrics", "tasks"):
        monkeypatch.setattr(f"services.complaints.{module}.now", lambda: moment)
    return moment


def only_case() -> ComplaintCase:
    with read_session() as session:
        return session.scalars(select(ComplaintCase)).one()


def test_urgent_category_gets_24_calendar_hours(detachment, staff_actor):
    [case_id] = intake(staff_actor, [ticket(category="安全出口锁闭")])
    row = case_detail(staff_actor, case_id).row
    assert row.deadline_at == datetime(2026, 11, 28, 9, 30, tzinfo=TIME_ZONE)
    assert (row.category, row.status, row.provisional) == ("locked_exit", "received", False)


def test_other_violation_gets_three_working_days(detachment, staff_actor):
    # Friday 27 Nov 2026: Mon 30 Nov, Tue 1 Dec, Wed 2 Dec, until the day's last second.
    intake(staff_actor, [ticket(category="其他消防违法行为")])
    deadline = only_case().deadline_at
    assert local(deadline) == datetime(2026, 12, 2, 23, 59, 59, tzinfo=TIME_ZONE)


def test_every_bad_row_is_reported_and_nothing_is_written(detachment, staff_actor):
    future = (now() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    rows = [
        ticket(ticket_no="A1"),
        ticket(ticket_no="", unit_name="另一家"),
        ticket(ticket_no="A1", unit_name="第三家"),
        ticket(ticket_no="A4", category="乱停车"),
        ticket(ticket_no="A5", received_at=future),
        ticket(ticket_no="A6", complainant_phone="12345"),
        ticket(ticket_no="A7", received_at="27/11/2026"),
    ]
    with pytest.raises(ValidationError) as raised:
        intake(staff_actor, rows, first_row=2)
    found = {(e.row, e.field, e.key) for e in raised.value.errors}
    assert found == {
        (3, "complaint_ticket_no", "error.required"),
        (4, "complaint_ticket_no", "error.duplicate"),
        (5, "complaint_category", "complaints.error.category"),
        (6, "complaint_received_at", "complaints.error.future"),
        (7, "complaint_complainant_phone", "error.phone"),
        (8, "complaint_received_at", "complaints.error.time_format"),
    }
    assert "第 3 行 工单号" in raised.value.messages("zh-CN")[0]
    with read_session() as session:
        assert session.scalars(select(ComplaintTicket)).all() == []


def test_a_ticket_number_already_stored_is_refused(detachment, staff_actor):
    intake(staff_actor, [ticket()])
    with pytest.raises(ValidationError) as raised:
        intake(staff_actor, [ticket(unit_name="别家")])
    assert [e.key for e in raised.value.errors] == ["error.duplicate"]


def test_anonymous_ticket_is_accepted(detachment, staff_actor):
    intake(staff_actor, [ticket(complainant_name="", complainant_phone="")])
    with read_session() as session:
        stored = session.scalars(select(ComplaintTicket)).one()
    assert (stored.complainant_name, stored.complainant_phone) == (None, None)


def test_duplicate_while_open_is_merged_into_the_case(detachment, staff_actor):
    first, second, other = intake(
        staff_actor,
        [
            ticket(ticket_no="T1"),
            ticket(ticket_no="T2", received_at="2026-11-27 11:00"),
            ticket(ticket_no="T3", category="facility_disabled"),
        ],
    )
    assert first == second != other
    detail = case_detail(staff_actor, first)
    assert [t.ticket_no for t in detail.tickets] == ["T1", "T2"]
    assert [e.action for e in detail.events] == ["received", "merged"]
    assert detail.row.deadline_at == datetime(2026, 11, 28, 9, 30, tzinfo=TIME_ZONE)


def test_unit_registered_in_locations_is_matched(detachment, staff_actor):
    intake(staff_actor, [ticket(), ticket(ticket_no="X2", unit_name="无名小店")])
    with read_session() as session:
        matched = dict(
            session.execute(select(ComplaintCase.unit_name, ComplaintCase.location_id)).all()
        )
        unit_id = session.scalar(select(Location.id).where(Location.code == "U001"))
    assert matched == {"万达广场": unit_id, "无名小店": None}


def run_through(case_id: int, actor, manager, inspectors: list[int]) -> None:
    def version() -> int:
        with read_session() as session:
            return session.get(ComplaintCase, case_id).version

    assign(manager, {case_id: version()}, inspectors)
    verify(actor, case_id, version(), True, "出口确被锁闭")
    handle(actor, case_id, version(), "corrected_on_spot")
    inform(actor, case_id, version(), "phone")
    close(actor, case_id, version())


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


def test_queue_is_sorted_by_time_left_and_marked(detachment, staff_actor, monkeypatch):
    intake(
        staff_actor,
        [
            ticket(ticket_no="LATE", unit_name="甲", received_at="2026-11-25 08:00"),
            ticket(ticket_no="SOON", unit_name="乙", received_at="2026-11-26 12:00"),
            ticket(ticket_no="CALM", unit_name="丙", received_at="2026-11-27 09:00"),
            ticket(ticket_no="SLOW", unit_name="丁", category="other_violation"),
        ],
    )
    fixed_now(monkeypatch, "2026-11-27 09:00")
    rows = queue(staff_actor)
    assert [(r.ticket_no, r.urgency) for r in rows] == [
        ("LATE", "overdue"),
        ("SOON", "due_soon"),
        ("CALM", "on_track"),
        ("SLOW", "on_track"),
    ]
    overdue = queue(staff_actor, Filters(overdue_only=True))
    assert [r.ticket_no for r in overdue] == ["LATE"]
    assert queue(staff_actor, Filters(category="other_violation"))[0].ticket_no == "SLOW"
    assert queue(staff_actor, Filters(district="辽阳县")) == []


def test_roles_without_the_right_never_see_a_phone_number(detachment, staff_actor):
    [case_id] = intake(staff_actor, [ticket()])
    [row] = queue(staff_actor)
    assert (row.complainant_name, row.complainant_phone) == ("张**", "138****5678")
    detail = case_detail(staff_actor, case_id)
    assert PHONE not in repr(detail)
    assert PHONE not in repr(list(export_rows(queue(staff_actor))))
    with pytest.raises(PermissionDenied):
        case_detail(staff_actor, case_id, unmask=True)


def test_unmasking_is_explicit_and_audited(detachment, staff_actor, manager):
    [case_id] = intake(staff_actor, [ticket()])
    assert PHONE not in repr(case_detail(manager, case_id))
    detail = case_detail(manager, case_id, unmask=True)
    assert (detail.tickets[0].complainant_name, detail.tickets[0].complainant_phone) == (
        "张三丰",
        PHONE,
    )
    with read_session() as session:
        entries = session.scalars(select(AuditLog).order_by(AuditLog.id)).all()
    assert [(e.action, e.username) for e in entries if e.action == "unmask"] == [
        ("unmask", manager.username)
    ]
    inserted = [e.after for e in entries if e.table_name == "complaint_tickets"]
    assert inserted[0]["complainant_phone"] == "***"
    assert PHONE not in repr([(e.before, e.after, e.detail) for e in entries])


def test_metrics_per_clock_district_and_category(detachment, staff_actor, manager, monkeypatch):
    ids = intake(
        staff_actor,
        [
            ticket(ticket_no="M1", unit_name="甲", received_at="2026-11-20 08:00"),
            ticket(ticket_no="M2", unit_name="乙", received_at="2026-11-25 08:00"),
            ticket(ticket_no="M3", unit_name="丙", received_at="2026-11-27 08:00"),
            ticket(
                ticket_no="M4",
                unit_name="丁",
                category="other_violation",
                district="辽阳县",
                received_at="2026-11-20 08:00",
            ),
        ],
    )
    pair = [detachment["王强"], detachment["李明"]]
    # M1 verified 10 hours after receipt (on time); M4 verified a week later (late).
    fixed_now(monkeypatch, "2026-11-20 18:00")
    assign(manager, {ids[0]: 1}, pair)
    verify(staff_actor, ids[0], 2, True)
    handle(staff_actor, ids[0], 3, "correction_order")
    fixed_now(monkeypatch, "2026-11-27 08:00")
    assign(manager, {ids[3]: 1}, pair)
    verify(staff_actor, ids[3], 2, False)
    fixed_now(monkeypatch, "2026-11-27 09:00")

    overall = {m.clock: m for m in metrics()}
    assert (overall["24h"].cases, overall["24h"].on_time, overall["24h"].decided) == (3, 1, 2)
    assert overall["24h"].overdue_now == 1  # M2; M3 is still inside its 24 hours
    assert overall["24h"].on_time_rate == 0.5
    assert overall["24h"].median_hours_to_verify == 10
    assert overall["24h"].feedback_rate == 0.0
    assert (overall["3d"].on_time, overall["3d"].decided, overall["3d"].overdue_now) == (0, 1, 0)
    assert overall["3d"].median_hours_to_verify == 7 * 24

    by_district = {(m.group, m.clock): m.cases for m in metrics("district")}
    assert by_district == {("白塔区", "24h"): 3, ("辽阳县", "3d"): 1}
    by_category = {m.group for m in metrics("category")}
    assert by_category == {"locked_exit", "other_violation"}
    since = datetime(2026, 11, 24, tzinfo=TIME_ZONE)
    assert sum(m.cases for m in metrics(since=since)) == 2


def test_open_cases_feed_the_weekly_plan(detachment, staff_actor, manager, monkeypatch):
    fixed_now(monkeypatch, "2026-11-30 12:00")
    ids = intake(
        staff_actor,
        [
            ticket(ticket_no="P1", received_at="2026-11-30 10:00"),
            ticket(
                ticket_no="P2",
                unit_name="无名小店",
                category="other_violation",
                received_at="2026-11-30 10:00",
            ),
            ticket(ticket_no="P3", unit_name="已核查", received_at="2026-11-30 10:00"),
        ],
    )
    assign(manager, {ids[2]: 1}, [detachment["王强"], detachment["李明"]])
    verify(staff_actor, ids[2], 2, True)
    with read_session() as session:
        tasks = planning_tasks(session, date(2026, 11, 30), date(2026, 12, 7))
    by_id = {t["id"]: t for t in tasks}
    assert set(by_id) == {f"C{ids[0]}", f"C{ids[1]}"}
    urgent = by_id[f"C{ids[0]}"]
    assert (urgent["location"], urgent["skill"], urgent["headcount"], urgent["priority"]) == (
        "U001",
        "inspector",
        2,
        10,
    )
    # from Monday 12:00 (now) to Tuesday 10:00 (deadline), the later half a little dearer
    assert urgent["windows"] == [
        {"start": 720, "end": 1380, "cost": 0},
        {"start": 1380, "end": 2040, "cost": 5},
    ]
    other = by_id[f"C{ids[1]}"]
    assert other["location"] == "ST01"  # unregistered unit: its district's station
    assert other["windows"][-1]["end"] == 3 * 1440 + 1439  # Thursday 23:59


def test_closing_a_case_schedules_its_follow_up_call(detachment, staff_actor, manager):
    [case_id] = intake(staff_actor, [ticket()])
    run_through(case_id, staff_actor, manager, [detachment["王强"], detachment["李明"]])
    with read_session() as session:
        followups = session.execute(
            select(FollowUp.source_kind, FollowUp.mode).where(FollowUp.source_id == case_id)
        ).all()
    assert followups == [("complaint", "phone")]
