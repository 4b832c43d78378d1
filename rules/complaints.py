"""The 12345 complaint clocks (measure 19): which clock a case runs on, when it is due, and
how urgent it is now.

The national rule: locked or blocked safety exits and evacuation routes and disabled fire
facilities are verified on site within 24 calendar hours of receipt; other violations by
the end of the 3rd working day after the day of receipt (the official calendar: holidays
and 调休 count as the State Council publishes them). The on-site verification stops the
clock.

Pure: the working-day count is asked of the calendar the caller passes in, so the same rule
runs on the live calendar, on a snapshot inside a transaction, or on a test's calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from rules.time import local

URGENT_CATEGORIES = ("locked_exit", "blocked_evacuation", "facility_disabled")
URGENT_HOURS = 24
URGENT_TIME = timedelta(hours=URGENT_HOURS)
WORKING_DAYS = 3

# The two clocks as metrics, KPIs and pages name them.
URGENT_CLOCK = "24h"
WORKING_DAY_CLOCK = "3d"
CLOCKS = (URGENT_CLOCK, WORKING_DAY_CLOCK)

# A case not yet verified is "due soon" this close to its deadline.
DUE_SOON = timedelta(hours=4)


class CountedDay(Protocol):
    """What a calendar answers for "N working days after": the moment, and whether it was
    counted on a year not yet confirmed."""

    at: datetime
    provisional: bool


AddWorkingDays = Callable[[datetime, int], CountedDay]
"""`add_working_days(start, days)`: the end of the `days`-th working day after the start's
day (which never counts), as the official calendar counts it."""


def is_urgent(category: str) -> bool:
    return category in URGENT_CATEGORIES


def clock_of(category: str) -> str:
    return URGENT_CLOCK if is_urgent(category) else WORKING_DAY_CLOCK


def deadline(
    category: str, received_at: datetime, add_working_days: AddWorkingDays
) -> tuple[datetime, bool]:
    """(due at, provisional): 24 calendar hours after receipt for an urgent category (never
    provisional), else the end of the 3rd working day after receipt on `add_working_days`."""
    if is_urgent(category):
        return local(received_at) + URGENT_TIME, False
    counted = add_working_days(received_at, WORKING_DAYS)
    return counted.at, counted.provisional


def urgency(deadline_at: datetime, first_verified_at: datetime | None, moment: datetime) -> str:
    """overdue, due_soon or on_track; clock_stopped once the case was first verified on site."""
    if first_verified_at is not None:
        return "clock_stopped"
    left = local(deadline_at) - moment
    if left < timedelta(0):
        return "overdue"
    if left <= DUE_SOON:
        return "due_soon"
    return "on_track"


def on_time(deadline_at: datetime, first_verified_at: datetime | None) -> bool:
    """Verified on site at or before the deadline (the deadline's second itself is on time)."""
    return first_verified_at is not None and local(first_verified_at) <= local(deadline_at)
