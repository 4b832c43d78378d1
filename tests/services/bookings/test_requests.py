"""Bookings: entry with defaults, bad input reported at once, status flow, concurrent edits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from db.models import (
    AuditLog,
    Booking,
    FollowUp,
)
from db.session import read_session
from services.bookings import requests as bookings
from services.bookings.requests import BookingFilter
from services.core.clock import now
from services.core.errors import ConflictError, FiredeskError, PermissionDenied, ValidationError
from services.core.permissions import SYSTEM
from services.core.unit_of_work import unit_of_work
from services.evaluations.bad_review_cases import seed_calendar_for
from tests.fixtures.bookings import DAY, EVENING, MONDAY, booking_input


def _error_keys(error: ValidationError) -> set[tuple[str, str]]:
    return {(e.field, e.key) for e in error.errors}


def test_an_inspection_gets_two_inspectors_and_a_status_history(world, staff_actor):
    booking_id = bookings.create_booking(staff_actor, booking_input())
    detail = bookings.get_booking(SYSTEM, booking_id)
    assert (detail.data.skill, detail.data.headcount, detail.data.duration_minutes) == (
        "inspector",
        2,
        90,
    )
    assert detail.status == "requested"
    assert [(h.from_status, h.to_status, h.username) for h in detail.history] == [
        (None, "requested", "test-staff")
    ]


def test_the_audit_log_masks_the_contact(world, staff_actor):
    bookings.create_booking(staff_actor, booking_input())
    with read_session() as session:
        entry = session.scalar(
            select(AuditLog).where(AuditLog.table_name == "bookings", AuditLog.action == "insert")
        )
    assert entry.after["contact_phone"] == "***"
    assert entry.after["contact_name"] == "***"


def test_every_bad_field_is_reported_at_once(world, staff_actor):
    bad = booking_input(
        unit_code="NOPE",
        contact_phone="12345",
        duration_minutes=240,
        windows=[
            {"start": 9000, "end": 12000, "cost": 0},  # past Sunday midnight
            {"start": 1320, "end": 1110, "cost": 0},  # ends before it starts
            {"start": 600, "end": 720, "cost": 0},
        ],
    )
    with pytest.raises(ValidationError) as caught:
        bookings.create_booking(staff_actor, bad)
    assert _error_keys(caught.value) == {
        ("booking_unit", "error.unknown"),
        ("booking_contact_phone", "error.phone"),
        ("booking_windows", "bookings.error.window_outside_week"),
        ("booking_windows", "bookings.error.window_order"),
        ("booking_duration", "bookings.error.longer_than_windows"),
    }
    messages = caught.value.messages("zh-CN")
    assert any("不在预约周内" in m for m in messages)
    assert any("“12345”不是有效的手机号" in m for m in messages)
    with read_session() as session:
        assert session.scalar(select(Booking.id)) is None


def test_an_inspection_cannot_be_done_by_one_officer(world, staff_actor):
    with pytest.raises(ValidationError) as caught:
        bookings.create_booking(staff_actor, booking_input(headcount=1))
    assert _error_keys(caught.value) == {("booking_headcount", "error.range")}


def test_a_second_booking_of_the_same_unit_kind_and_week_is_flagged(world, staff_actor):
    first = bookings.create_booking(staff_actor, booking_input())
    with pytest.raises(ValidationError) as caught:
        bookings.create_booking(staff_actor, booking_input(channel="phone"))
    assert caught.value.errors[0].params == {"id": first}
    assert "仍然保存" in caught.value.messages("zh-CN")[0]
    # Another week, another kind, or an explicit "save anyway" is fine.
    bookings.create_booking(staff_actor, booking_input(kind="training", group_size=40))
    bookings.create_booking(staff_actor, booking_input(allow_duplicate=True))
    next_week = [{**EVENING}]
    bookings.create_booking(
        staff_actor, booking_input(week_start=MONDAY + timedelta(days=7), windows=next_week)
    )
    assert len(bookings.list_bookings(BookingFilter())) == 4


def test_status_flow_records_who_and_when(world, staff_actor, manager):
    booking_id = bookings.create_booking(staff_actor, booking_input())
    bookings.change_status(manager, booking_id, 1, "planned")
    bookings.change_status(manager, booking_id, 2, "confirmed")
    bookings.change_status(staff_actor, booking_id, 3, "done")
    detail = bookings.get_booking(SYSTEM, booking_id)
    assert [(h.to_status, h.username) for h in detail.history] == [
        ("requested", "test-staff"),
        ("planned", "test-duty_manager"),
        ("confirmed", "test-duty_manager"),
        ("done", "test-staff"),
    ]
    assert all(h.at.tzinfo is not None for h in detail.history)
    # A done inspection is followed up (回访) at the unit.
    with read_session() as session:
        followup = session.scalar(select(FollowUp).where(FollowUp.source_id == booking_id))
    assert (followup.source_kind, followup.mode, followup.status) == (
        "inspection",
        "on_site",
        "open",
    )
    with pytest.raises(FiredeskError) as caught:
        bookings.change_status(staff_actor, booking_id, 4, "cancelled", "no longer needed")
    assert caught.value.key == "bookings.error.status_flow"


def test_the_status_flow_offers_each_status_its_next_ones():
    flow = bookings.STATUS_FLOW
    assert {s: flow.targets_from(s) for s in ("requested", "planned", "confirmed")} == {
        "requested": ["planned", "cancelled"],
        "planned": ["confirmed", "requested", "cancelled"],
        # back to requested when an officer records it not done (services.desks.officer)
        "confirmed": ["done", "no_show", "requested", "cancelled"],
    }
    assert all(flow.is_final(s) for s in ("done", "cancelled", "no_show"))


def test_an_unknown_or_skipped_status_is_refused(world, staff_actor):
    booking_id = bookings.create_booking(staff_actor, booking_input())
    for target in ("done", "archived"):
        with pytest.raises(FiredeskError) as caught:
            bookings.change_status(staff_actor, booking_id, 1, target)
        assert caught.value.key == "bookings.error.status_flow"
    assert bookings.get_booking(SYSTEM, booking_id).status == "requested"


def test_cancelling_needs_a_reason(world, staff_actor):
    booking_id = bookings.create_booking(staff_actor, booking_input())
    with pytest.raises(ValidationError) as caught:
        bookings.cancel_booking(staff_actor, booking_id, 1, "  ")
    assert _error_keys(caught.value) == {("booking_cancel_reason", "error.required")}
    bookings.cancel_booking(staff_actor, booking_id, 1, "单位停业整顿")
    detail = bookings.get_booking(SYSTEM, booking_id)
    assert detail.status == "cancelled"
    assert detail.history[-1].reason == "单位停业整顿"
    with pytest.raises(FiredeskError) as closed:
        bookings.update_booking(staff_actor, booking_id, detail.version, booking_input())
    assert closed.value.key == "bookings.error.closed"


def test_two_people_editing_at_once_never_overwrite_each_other(world, staff_actor, manager):
    booking_id = bookings.create_booking(staff_actor, booking_input())
    shown = bookings.get_booking(SYSTEM, booking_id)
    bookings.update_booking(
        staff_actor, booking_id, shown.version, booking_input(notes="走消防通道东门")
    )
    with pytest.raises(ConflictError):
        bookings.update_booking(manager, booking_id, shown.version, booking_input(priority=9))
    saved = bookings.get_booking(SYSTEM, booking_id)
    assert (saved.data.notes, saved.data.priority) == ("走消防通道东门", 7)


def test_the_list_masks_contacts_and_filters(world, staff_actor):
    inspection = bookings.create_booking(staff_actor, booking_input())
    bookings.create_booking(
        staff_actor,
        booking_input(kind="expert_visit", unit_code="U002", mode="remote", windows=[
            {"start": 540, "end": 1020, "cost": 0}
        ]),
    )  # fmt: skip
    rows = bookings.list_bookings(BookingFilter(week_start=MONDAY))
    assert {r.contact for r in rows} == {"刘** 138****5678"}
    assert [
        r.id for r in bookings.list_bookings(BookingFilter(kinds=("offhours_inspection",)))
    ] == [inspection]
    county = bookings.list_bookings(BookingFilter(district="辽阳县"))
    assert [(r.unit_code, r.mode) for r in county] == [("U002", "remote")]
    assert bookings.list_bookings(BookingFilter(statuses=("done",))) == []
    assert bookings.list_bookings(BookingFilter(week_start=MONDAY + timedelta(days=7))) == []


def test_only_roles_that_enter_bookings_may_write(world, leader):
    with pytest.raises(PermissionDenied):
        bookings.create_booking(leader, booking_input())


def test_opening_hours_are_offered_as_preferred_windows(world):
    from services.bookings.windows import from_opening_hours

    windows = from_opening_hours(bookings.opening_hours("U001"))
    assert windows == [
        {"start": 1080, "end": 1380, "cost": 0},
        {"start": 5 * DAY + 600, "end": 5 * DAY + 1320, "cost": 0},
    ]


def _stored_people(booking_id: int) -> int | None:
    with read_session() as session:
        return session.get(Booking, booking_id).group_size


def test_trainings_and_drills_record_their_participants(world, staff_actor):
    training = bookings.create_booking(
        staff_actor, booking_input(kind="training", unit_code="U002", group_size=40)
    )
    drill = bookings.create_booking(
        staff_actor, booking_input(kind="drill", unit_code="U002", group_size=2000)
    )
    assert (_stored_people(training), _stored_people(drill)) == (40, 2000)
    assert bookings.get_booking(SYSTEM, training).data.group_size == 40


@pytest.mark.parametrize(
    ("kind", "people", "problem"),
    [
        ("training", None, "error.required"),
        ("drill", None, "error.required"),
        ("training", 0, "error.range"),
        ("drill", 2001, "error.range"),
    ],
)
def test_a_training_or_drill_needs_a_sensible_number_of_participants(
    world, staff_actor, kind, people, problem
):
    with pytest.raises(ValidationError) as caught:
        bookings.create_booking(staff_actor, booking_input(kind=kind, group_size=people))
    assert _error_keys(caught.value) == {("booking_participants", problem)}
    assert caught.value.messages("zh-CN")[0].startswith("参加人数")
    assert bookings.list_bookings(BookingFilter()) == []


@pytest.mark.parametrize("kind", ["offhours_inspection", "expert_visit", "outreach"])
def test_other_kinds_count_no_people(world, staff_actor, kind):
    booking_id = bookings.create_booking(
        staff_actor, booking_input(kind=kind, unit_code="U002", group_size=5000)
    )
    assert _stored_people(booking_id) is None


def test_an_edit_keeps_or_clears_the_participants_by_kind(world, staff_actor):
    booking_id = bookings.create_booking(staff_actor, booking_input(kind="drill", group_size=300))
    with pytest.raises(ValidationError) as caught:
        bookings.update_booking(staff_actor, booking_id, 1, booking_input(kind="drill"))
    assert _error_keys(caught.value) == {("booking_participants", "error.required")}
    bookings.update_booking(staff_actor, booking_id, 1, booking_input(kind="drill", group_size=450))
    assert _stored_people(booking_id) == 450


def _confirmed_training(actor, people: int = 80) -> int:
    booking_id = bookings.create_booking(actor, booking_input(kind="training", group_size=people))
    bookings.change_status(actor, booking_id, 1, "planned")
    bookings.change_status(actor, booking_id, 2, "confirmed")
    return booking_id


def test_done_records_how_many_actually_took_part(world, staff_actor):
    booking_id = _confirmed_training(staff_actor, people=80)
    bookings.change_status(staff_actor, booking_id, 3, "done", participants=67)
    detail = bookings.get_booking(SYSTEM, booking_id)
    assert (detail.status, detail.data.group_size, detail.version) == ("done", 67, 4)
    with read_session() as session:
        entry = session.scalars(
            select(AuditLog)
            .where(AuditLog.table_name == "bookings", AuditLog.action == "update")
            .order_by(AuditLog.id.desc())
        ).first()
    assert (entry.before["group_size"], entry.after["group_size"]) == (80, 67)
    assert (entry.before["status"], entry.after["status"]) == ("confirmed", "done")


def test_done_without_a_count_keeps_the_expected_one(world, staff_actor):
    booking_id = _confirmed_training(staff_actor, people=80)
    bookings.change_status(staff_actor, booking_id, 3, "done")
    assert _stored_people(booking_id) == 80


@pytest.mark.parametrize("people", [0, 2001])
def test_an_impossible_actual_count_is_refused_and_nothing_changes(world, staff_actor, people):
    booking_id = _confirmed_training(staff_actor)
    with pytest.raises(ValidationError) as caught:
        bookings.change_status(staff_actor, booking_id, 3, "done", participants=people)
    assert _error_keys(caught.value) == {("booking_actual_participants", "error.range")}
    detail = bookings.get_booking(SYSTEM, booking_id)
    assert (detail.status, detail.data.group_size, detail.version) == ("confirmed", 80, 3)


def test_only_a_done_training_or_drill_takes_an_actual_count(world, staff_actor):
    training = _confirmed_training(staff_actor)
    with pytest.raises(ValidationError) as no_show:
        bookings.change_status(staff_actor, training, 3, "no_show", participants=10)
    inspection = bookings.create_booking(staff_actor, booking_input())
    bookings.change_status(staff_actor, inspection, 1, "planned")
    bookings.change_status(staff_actor, inspection, 2, "confirmed")
    with pytest.raises(ValidationError) as other_kind:
        bookings.change_status(staff_actor, inspection, 3, "done", participants=10)
    for caught in (no_show, other_kind):
        assert _error_keys(caught.value) == {
            ("booking_actual_participants", "bookings.error.participants_when_done")
        }
    assert bookings.get_booking(SYSTEM, training).status == "confirmed"
    assert bookings.get_booking(SYSTEM, inspection).status == "confirmed"


def test_an_actual_count_on_a_stale_form_is_refused(world, staff_actor, manager):
    booking_id = _confirmed_training(staff_actor, people=80)
    bookings.update_booking(manager, booking_id, 3, booking_input(kind="training", group_size=120))
    with pytest.raises(ConflictError):
        bookings.change_status(staff_actor, booking_id, 3, "done", participants=67)
    assert _stored_people(booking_id) == 120


def test_a_booking_and_its_planning_task_name_each_other():
    assert bookings.task_id(12) == "B12"
    assert bookings.booking_of_task(bookings.task_id(12)) == 12
    assert bookings.booking_of_task("C7") is None  # a complaint check
    assert bookings.booking_of_task("B") is None and bookings.booking_of_task("Bx1") is None


def _follow(actor, booking_id: int, outcome: str, week) -> str:
    seed_calendar_for([now()])  # as record_outcome does before its unit of work
    with unit_of_work(actor) as session:
        booking = session.get(Booking, booking_id)
        bookings.follow_task_outcome(session, actor, booking, outcome, "单位改期", week)
        return booking.status


def test_a_task_outcome_is_refused_where_the_booking_cannot_follow(world, staff_actor):
    booking_id = bookings.create_booking(staff_actor, booking_input())
    # Rolled over to next week: its old week's task cannot complete it.
    with pytest.raises(ValidationError) as caught:
        _follow(staff_actor, booking_id, "done", MONDAY - timedelta(days=7))
    assert _error_keys(caught.value) == {("task_outcome", "desk.error.booking_moved")}
    assert _follow(staff_actor, booking_id, "done", MONDAY) == "done"
    with pytest.raises(ValidationError) as caught:
        _follow(staff_actor, booking_id, "not_done", MONDAY)
    assert _error_keys(caught.value) == {("task_outcome", "desk.error.booking_status")}
    # Closed another way: both outcomes leave it as it is.
    other = bookings.create_booking(staff_actor, booking_input(allow_duplicate=True))
    bookings.cancel_booking(staff_actor, other, 1, "单位停业")
    assert _follow(staff_actor, other, "done", MONDAY) == "cancelled"
    assert _follow(staff_actor, other, "not_done", MONDAY) == "cancelled"
