"""The measure-19 figures per clock, district and category."""

from __future__ import annotations

from datetime import datetime

from rules.time import TIME_ZONE
from services.complaints.intake import intake
from services.complaints.metrics import metrics
from services.complaints.workflow import assign, handle, verify
from tests.fixtures.complaints import fixed_now, ticket


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
