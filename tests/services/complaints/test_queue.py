"""The queue and case detail: sorted by time left, masked, unmasked only explicitly."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import AuditLog
from db.session import read_session
from services.complaints.intake import intake
from services.complaints.queue import Filters, case_detail, export_rows, queue, queue_page
from services.core.errors import PermissionDenied
from tests.fixtures.complaints import PHONE, fixed_now, ticket


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


def test_the_queue_is_read_a_page_at_a_time_in_its_order(detachment, staff_actor):
    intake(
        staff_actor,
        [
            ticket(
                ticket_no=f"P{i:02d}",
                unit_name=f"单位{i:02d}",
                received_at=f"2026-11-2{i % 7} 09:{i:02d}",
            )
            for i in range(23)
        ],
    )
    whole = [r.ticket_no for r in queue(staff_actor)]
    pages = [queue_page(staff_actor, Filters(), page, size=10) for page in (1, 2, 3)]
    assert [p.total for p in pages] == [23, 23, 23] and pages[0].pages == 3
    assert [r.ticket_no for p in pages for r in p.rows] == whole
    assert [(p.first, p.last) for p in pages] == [(1, 10), (11, 20), (21, 23)]
    past = queue_page(staff_actor, Filters(), 9, size=10)  # past the end: the last page
    assert past.page == 3 and [r.ticket_no for r in past.rows] == whole[20:]
    narrowed = queue_page(staff_actor, Filters(district="辽阳县"), 1, size=10)
    assert (narrowed.total, narrowed.rows, narrowed.first, narrowed.pages) == (0, [], 0, 1)
    with pytest.raises(ValueError):
        queue_page(staff_actor, Filters(), 0)
