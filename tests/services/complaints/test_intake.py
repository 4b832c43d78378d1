"""Intake: every bad row reported and nothing written, duplicates merged, units matched."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from db.models import Location
from db.models.complaints import ComplaintCase, ComplaintTicket
from db.session import read_session
from rules.time import TIME_ZONE
from services.complaints.intake import intake
from services.complaints.queue import case_detail
from services.core.clock import now
from services.core.errors import ValidationError
from tests.fixtures.complaints import ticket


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
