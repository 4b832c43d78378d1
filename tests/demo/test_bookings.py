"""The demo detachment's bookings: a history, and a next week that exports as a valid instance."""

from __future__ import annotations

import json
from collections import Counter

from sqlalchemy import func, select

import manage
from db.models import Booking, TourSlot
from db.session import read_session
from demo.setup import load_demo_detachment
from optimizer.contract import parse_instance
from rules.weeks import next_monday
from services.core.clock import now
from tests.conftest import _empty_all_tables


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
    # Past weeks are closed; this week also holds the demo officer's confirmed trainings.
    assert set(history) == {"done", "cancelled", "no_show", "confirmed"}
    assert history["confirmed"] <= 2
    assert history["done"] > 1000
    assert overbooked == 0
    assert counts["bookings"] == stored


def _people_by_kind() -> dict[str, tuple[int, int, int | None, int | None]]:
    """kind → (bookings, bookings without people, fewest, most)."""
    with read_session() as session:
        rows = session.execute(
            select(
                Booking.kind,
                func.count(),
                func.count() - func.count(Booking.group_size),
                func.min(Booking.group_size),
                func.max(Booking.group_size),
            ).group_by(Booking.kind)
        ).all()
    return {kind: tuple(values) for kind, *values in rows}


def _participants() -> list[tuple[int, int]]:
    with read_session() as session:
        return session.execute(
            select(Booking.id, Booking.group_size)
            .where(Booking.kind.in_(("training", "drill")))
            .order_by(Booking.id)
        ).all()


def test_demo_trainings_and_drills_count_their_participants(sqlite_db):
    load_demo_detachment(seed=7)
    people = _people_by_kind()
    trainings, drills = people["training"], people["drill"]
    assert trainings[0] > 100 and trainings[1] == 0 and 20 <= trainings[2] < trainings[3] <= 120
    assert drills[0] > 50 and drills[1] == 0 and 50 <= drills[2] < drills[3] <= 800
    assert drills[3] > trainings[3]  # a drill moves a whole school, a training one class
    assert people["station_tour"][1] == 0
    for kind in ("offhours_inspection", "expert_visit", "outreach", "follow_up"):
        count, without, *_ = people[kind]
        assert count > 0 and without == count, kind
    first = _participants()
    _empty_all_tables(sqlite_db)
    load_demo_detachment(seed=7)
    assert _participants() == first  # the same seed draws the same people


def test_a_week_that_is_not_a_monday_is_refused(sqlite_db, capsys):
    assert manage.main(["export-week", "--week", "2026-12-01", "--out", "-"]) == 2
    assert "starts on a Monday" in capsys.readouterr().err
