"""Weeks start on Monday (Chinese practice), and the planning contract's clock: minutes from
00:00 of a week's Monday, local time. A week is `[0, WEEK)`. Months start on the 1st."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from rules.time import TIME_ZONE, local

DAY = 1440
WEEK = 7 * DAY


def monday_of(day: date) -> date:
    """The Monday that starts the week of `day`."""
    return day - timedelta(days=day.weekday())


def month_of(day: date) -> date:
    """The first day of the month of `day` (satisfaction and KPI months)."""
    return day.replace(day=1)


def next_monday(today: date) -> date:
    """The start of "next week": the default planning week."""
    return monday_of(today) + timedelta(days=7)


def week_days(monday: date) -> list[date]:
    return [monday + timedelta(days=d) for d in range(7)]


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
