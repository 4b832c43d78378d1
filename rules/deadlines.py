"""Follow-up and bad-review rectification deadlines, counted in working days.

- A completed inspection, complaint, training or tour is followed up (回访, measure 14)
  within `FOLLOWUP_WORKING_DAYS` working days of its completion.
- A bad review's rectification case (差评整改) is due a number of working days after the
  review: `FIREDESK_RECTIFICATION_DAYS`, default 15 (the local rules allow 5 to 15; the
  setting accepts 1 to 60).

Pure: the working-day calendar (the State Council's, 调休 included) is passed in, as anything
with `add_working_days(start, days)`; what it returns (the deadline and whether it stands on
a provisional calendar) is handed back unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol, TypeVar

from rules.time import local

FOLLOWUP_WORKING_DAYS = 5

RECTIFICATION_DAYS_SETTING = "FIREDESK_RECTIFICATION_DAYS"
DEFAULT_RECTIFICATION_DAYS = 15
RECTIFICATION_DAYS_MIN = 1
RECTIFICATION_DAYS_MAX = 60

Deadline_co = TypeVar("Deadline_co", covariant=True)


class WorkingDayCalendar(Protocol[Deadline_co]):
    def add_working_days(self, start: datetime, days: int) -> Deadline_co: ...


def rectification_days(settings: Mapping[str, str]) -> int:
    """The working days a bad-review case has, read from `settings` (the environment)."""
    days = int(settings.get(RECTIFICATION_DAYS_SETTING, DEFAULT_RECTIFICATION_DAYS))
    if not RECTIFICATION_DAYS_MIN <= days <= RECTIFICATION_DAYS_MAX:
        raise ValueError(
            f"{RECTIFICATION_DAYS_SETTING} must be "
            f"{RECTIFICATION_DAYS_MIN}–{RECTIFICATION_DAYS_MAX}, not {days}"
        )
    return days


def followup_due(calendar: WorkingDayCalendar[Deadline_co], completed_at: datetime) -> Deadline_co:
    """When the follow-up of a service completed at `completed_at` is due."""
    return calendar.add_working_days(local(completed_at), FOLLOWUP_WORKING_DAYS)


def rectification_due(
    calendar: WorkingDayCalendar[Deadline_co], evaluated_at: datetime, days: int
) -> Deadline_co:
    """When the case of a bad review given at `evaluated_at` is due, `days` working days on
    (`rectification_days(...)`)."""
    return calendar.add_working_days(local(evaluated_at), days)
