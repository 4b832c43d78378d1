"""The legal clock of each case (rules.complaints) counted on the official calendar, and
recounted when an administrator confirms a year the count ran into.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models.complaints import ComplaintCase
from rules import complaints as clocks
from rules.time import local
from services.calendar import workdays
from services.complaints.cases import OPEN_STATUSES


def deadline_for(
    category: str, received_at: datetime, calendar: workdays.WorkCalendar | None = None
) -> workdays.Deadline:
    """The legal clock (rules.complaints.deadline) counted on the official calendar.

    `calendar`: a snapshot to count on (demo loading, inside its own transaction).
    """
    counter = calendar.add_working_days if calendar is not None else workdays.add_working_days
    return workdays.Deadline(*clocks.deadline(category, received_at, counter))


def firm_up_deadlines(session: Session, calendar: workdays.WorkCalendar) -> int:
    """Open cases whose clock was counted on a provisional calendar, recounted on
    `calendar` (a year was just confirmed); returns how many changed."""
    changed = 0
    for case_ in session.scalars(
        select(ComplaintCase)
        .where(
            ComplaintCase.deadline_provisional.is_(True),
            ComplaintCase.status.in_(OPEN_STATUSES),
        )
        .order_by(ComplaintCase.id)
    ):
        deadline = deadline_for(case_.category, case_.received_at, calendar)
        if (local(case_.deadline_at), case_.deadline_provisional) != (
            deadline.at,
            deadline.provisional,
        ):
            case_.deadline_at = deadline.at
            case_.deadline_provisional = deadline.provisional
            changed += 1
    return changed
