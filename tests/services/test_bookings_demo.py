"""The demo detachment's bookings: a history, and a next week that exports as a valid instance."""

from __future__ import annotations

import json
from collections import Counter

from sqlalchemy import func, select

import manage
from db.models import Booking, TourSlot
from db.session import read_session
from optimizer.contract import parse_instance
from services.availability import next_monday
from services.clock import now
from services.setup import load_demo_detachment


def test_the_demo_week_exports_as_a_valid_instance(sqlite_db, tmp_path, capsys):
    counts = load_demo_detachment(seed=7)
    week = next_monday(now().date())
    out = tmp_path / "week.json"
    assert manage.main(["export-week", "--week", week.isoformat(), "--out", str(out)]) == 0
    assert f"week {week.isoformat()}:" in capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    instance = parse_instance(data)

    bookings_tasks = [t for t in instance.tasks if t.id.startswith("B")]
    assert len(instance.tasks) >= 150
    assert set(Counter(t.kind for t in bookings_tasks)) == {
        "offhours_inspection",
        "training",
        "drill",
        "station_tour",
        "expert_visit",
        "outreach",
        "follow_up",
    }
    with read_session() as session:
        open_next_week = session.scalar(
            select(func.count()).where(
                Booking.week_start == week,
                Booking.status.in_(("requested", "planned", "confirmed")),
            )
        )
        history = dict(
            session.execute(
                select(Booking.status, func.count())
                .where(Booking.week_start < week)
                .group_by(Booking.status)
            ).all()
        )
        stored = session.scalar(select(func.count()).select_from(Booking))
        overbooked = session.scalar(
            select(func.count()).where(TourSlot.booked_groups > TourSlot.capacity_groups)
        )
        for task in bookings_tasks[:20]:
            booking = session.get(Booking, int(task.id[1:]))
            assert (booking.kind, booking.week_start) == (task.kind, week)
    assert len(bookings_tasks) == open_next_week
    assert set(history) == {"done", "cancelled", "no_show"}
    assert history["done"] > 1000
    assert overbooked == 0
    assert counts["bookings"] == stored


def test_a_week_that_is_not_a_monday_is_refused(sqlite_db, capsys):
    assert manage.main(["export-week", "--week", "2026-12-01", "--out", "-"]) == 2
    assert "starts on a Monday" in capsys.readouterr().err
