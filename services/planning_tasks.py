"""Where the week's planning tasks come from: one provider per feature area.

A provider is `provider(session, week_start, week_end) -> list[dict]`: the contract tasks
(shared/spec/planning-contract.md) that its area wants planned in the week
`[week_start, week_end)` (`week_end` is the next Monday, exclusive). Each task's `id` leads
back to the record (bookings "B12", complaints "C7", …), its `location` is a
`Location.code`; the instance builder adds every location a task names. Times are minutes
from the Monday 00:00 local time; `minutes_from` converts a stored timestamp.

An area registers its provider with one import and one entry in `TASK_PROVIDERS` below.
Resources that tasks share (a station's visitor hall) come from `RESOURCE_PROVIDERS`:
`provider(session, week_start, week_end) -> list[{"id", "capacity"}]`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from sqlalchemy.orm import Session

from services.clock import local
from services.config import TIME_ZONE

WEEK_MINUTES = 7 * 1440

TaskProvider = Callable[[Session, date, date], list[dict]]

TASK_PROVIDERS: list[TaskProvider] = []
RESOURCE_PROVIDERS: list[TaskProvider] = []


def minutes_from(week_start: date, moment: datetime) -> int:
    """Minutes from 00:00 of `week_start` (Asia/Shanghai) to `moment`; may fall outside the week."""
    monday = datetime.combine(week_start, time(0, 0), tzinfo=TIME_ZONE)
    return int((local(moment) - monday).total_seconds() // 60)


def clip_windows(windows: list[dict]) -> list[dict]:
    """Windows cut to the week `[0, 10080)`; those left empty are dropped."""
    clipped = []
    for window in windows:
        start, end = max(0, window["start"]), min(WEEK_MINUTES, window["end"])
        if start < end:
            clipped.append({**window, "start": start, "end": end})
    return clipped
