"""Cases awaiting their visit become check tasks of the weekly plan."""

from __future__ import annotations

from datetime import date

from db.session import read_session
from services.complaints.intake import intake
from services.complaints.tasks import planning_tasks
from services.complaints.workflow import assign, verify
from tests.fixtures.complaints import fixed_now, ticket


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
