"""Where the week's planning tasks come from: one provider per feature area.

A provider is `provider(session, week_start, week_end) -> list[dict]`: the contract tasks
(shared/spec/planning-contract.md) that its area wants planned in the week
`[week_start, week_end)` (`week_end` is the next Monday, exclusive). Each task's `id` leads
back to the record (bookings "B12", complaints "C7", …), its `location` is a
`Location.code`; the instance builder adds every location a task names. Times are minutes
from the Monday 00:00 local time; `minutes_from` converts a stored timestamp and
`clip_windows` cuts windows to the week (both from rules.weeks).

An area registers its provider with one import and one entry in `TASK_PROVIDERS` below.
Resources that tasks share (a station's visitor hall) come from `RESOURCE_PROVIDERS`:
`provider(session, week_start, week_end) -> list[{"id", "capacity"}]`.

`instance.week_instance` takes other providers too: the demo re-plans weeks gone by from
the bookings that went ahead (demo/planning.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from rules.weeks import clip_windows, minutes_from
from services.applications.tasks import planning_tasks as application_tasks
from services.bookings.requests import planning_tasks as booking_tasks
from services.bookings.tours import hall_resources
from services.complaints.tasks import planning_tasks as complaint_tasks
from services.draws.tasks import planning_tasks as draw_tasks
from services.evaluations.followups import followup_tasks
from services.hazards.tasks import planning_tasks as hazard_tasks

TaskProvider = Callable[[Session, date, date], list[dict]]

TASK_PROVIDERS: list[TaskProvider] = [
    booking_tasks,
    complaint_tasks,
    followup_tasks,
    draw_tasks,
    application_tasks,
    hazard_tasks,
]
RESOURCE_PROVIDERS: list[TaskProvider] = [
    hall_resources,
]

__all__ = [
    "RESOURCE_PROVIDERS",
    "TASK_PROVIDERS",
    "clip_windows",
    "minutes_from",
]
