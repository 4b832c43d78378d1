"""Office hours and off-hours, as the planner and the availability page count them.

Office hours are 08:30-17:30 of each official working day (the State Council's calendar,
调休 included: a make-up Saturday has office hours, a holiday Monday has none). Everything
else in the week is off-hours: evenings, weekends and holidays, the times the measures
promise inspections "at the times a business accepts" and that are shared fairly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from rules.intervals import Interval, complement
from rules.weeks import DAY, WEEK

OFFICE_OPEN = time(8, 30)
OFFICE_CLOSE = time(17, 30)
# An agreed evening, the default when staff agree to off-hours work.
AGREED_EVENING = (time(18, 30), time(21, 30))


def minute_of(value: time) -> int:
    return value.hour * 60 + value.minute


OFFICE_OPEN_MINUTE = minute_of(OFFICE_OPEN)  # 510
OFFICE_CLOSE_MINUTE = minute_of(OFFICE_CLOSE)  # 1050


def office_hours(workdays: Sequence[bool]) -> list[Interval]:
    """Office hours of a week whose days are working days where `workdays[d]` is true."""
    return [
        (d * DAY + OFFICE_OPEN_MINUTE, d * DAY + OFFICE_CLOSE_MINUTE)
        for d, work in enumerate(workdays)
        if work
    ]


def offhours(workdays: Sequence[bool]) -> list[Interval]:
    """Everything of the week `[0, WEEK)` outside its office hours."""
    return complement(office_hours(workdays), 0, WEEK)
