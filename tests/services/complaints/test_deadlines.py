"""The legal clock of each case as intake sets it: 24 calendar hours, or 3 working days."""

from __future__ import annotations

from datetime import datetime

from rules.time import TIME_ZONE, local
from services.complaints.intake import intake
from services.complaints.queue import case_detail
from tests.fixtures.complaints import only_case, ticket


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
