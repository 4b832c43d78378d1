"""The planning contract's clock: minutes from 00:00 of a week's Monday, Asia/Shanghai."""

from __future__ import annotations

from datetime import date, datetime, time

from services.clock import local
from services.config import TIME_ZONE

DAY = 1440
WEEK = 7 * DAY


def minutes_from(week_start: date, moment: datetime) -> int:
    """Minutes from 00:00 of `week_start` to `moment`; may fall outside the week."""
    monday = datetime.combine(week_start, time(0, 0), tzinfo=TIME_ZONE)
    return int((local(moment) - monday).total_seconds() // 60)


def clip_windows(windows: list[dict]) -> list[dict]:
    """Windows cut to the week `[0, 10080)`; those left empty are dropped."""
    clipped = []
    for window in windows:
        start, end = max(0, window["start"]), min(WEEK, window["end"])
        if start < end:
            clipped.append({**window, "start": start, "end": end})
    return clipped
