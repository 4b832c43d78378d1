"""`now()` is the wall clock, except inside `played_at`, which the demo uses to replay a
history through the services at the moments it happened."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rules.time import TIME_ZONE
from services.core.clock import now, played_at


def test_played_at_sets_now_for_its_block_only():
    moment = datetime(2026, 2, 13, 8, 0, tzinfo=UTC)
    with played_at(moment):
        assert now() == moment and now().tzinfo == TIME_ZONE
        with played_at(moment + timedelta(days=1)):
            assert now() == moment + timedelta(days=1)
        assert now() == moment
    assert abs(now() - datetime.now(TIME_ZONE)) < timedelta(seconds=5)


def test_a_naive_moment_is_the_detachments_wall_clock_whatever_the_machines_zone(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        with played_at(datetime(2026, 2, 13, 8, 0)):
            assert now() == datetime(2026, 2, 13, 8, 0, tzinfo=TIME_ZONE)
    finally:
        monkeypatch.undo()
        time.tzset()
