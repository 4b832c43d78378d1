"""Hazard cases (measures 06, 08): the clocks of a correction order, its extension, the
re-inspection and a temporary seal, from 消防监督检查规定 (公安部令第120号, as amended; the
article numbers below follow that text and should be checked against the edition in force).

- A violation that cannot be corrected on the spot gets a correction order (责令限期改正
  通知书) within `ORDER_WORKING_DAYS` (3) working days of the inspection (art. 19); its
  deadline is set by how hard the fix is.
- The re-inspection (复查) follows within `REINSPECTION_WORKING_DAYS` (3) working days of the
  unit's application for it, or of the deadline's expiry, whichever comes first (art. 20).
- An extension (延期) asked for before the deadline is decided, granted with a new deadline
  or refused, within `EXTENSION_WORKING_DAYS` (3) working days of the request (art. 20).
- A major fire hazard (重大火灾隐患) is reported up and followed to closure; a temporary seal
  (临时查封) is decided within `SEAL_WORKING_DAYS` (3) working days, or within
  `SEAL_URGENT_HOURS` (24) hours when it is urgent (art. 22).

Pure: working days are asked of the calendar the caller passes in (the official one, 调休
included); each clock returns (due at, provisional), provisional when a year it counted
on is not confirmed yet.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from rules.complaints import AddWorkingDays
from rules.time import TIME_ZONE, local

ORDER_WORKING_DAYS = 3
REINSPECTION_WORKING_DAYS = 3
EXTENSION_WORKING_DAYS = 3
SEAL_WORKING_DAYS = 3
SEAL_URGENT_HOURS = 24

# Why a unit may ask for more time (measure 08 names epidemic measures); "other" needs text.
EXTENSION_REASONS = ("epidemic_measures", "natural_disaster", "supply_shortage", "other")

# A fix's deadline may not be set further than this from the order (a data-entry guard).
MAX_DEADLINE_DAYS = 365


def _counted(add_working_days: AddWorkingDays, start: datetime, days: int) -> tuple[datetime, bool]:
    counted = add_working_days(local(start), days)
    return counted.at, counted.provisional


def order_due(add_working_days: AddWorkingDays, inspected_at: datetime) -> tuple[datetime, bool]:
    """The end of the 3rd working day after the day of the inspection (art. 19)."""
    return _counted(add_working_days, inspected_at, ORDER_WORKING_DAYS)


def deadline_end(deadline: date) -> datetime:
    """A deadline date runs to its last second (Asia/Shanghai)."""
    return datetime.combine(deadline, time(23, 59, 59), TIME_ZONE)


def reinspection_due(
    add_working_days: AddWorkingDays, deadline: date, applied_at: datetime | None = None
) -> tuple[datetime, bool]:
    """The end of the 3rd working day after the unit's application or after the deadline's
    day, whichever is earlier (art. 20)."""
    start = deadline_end(deadline)
    if applied_at is not None and local(applied_at) < start:
        start = local(applied_at)
    return _counted(add_working_days, start, REINSPECTION_WORKING_DAYS)


def extension_decision_due(
    add_working_days: AddWorkingDays, requested_at: datetime
) -> tuple[datetime, bool]:
    """The end of the 3rd working day after the day of the request (art. 20)."""
    return _counted(add_working_days, requested_at, EXTENSION_WORKING_DAYS)


def extension_in_time(requested_at: datetime, deadline: date) -> bool:
    """An extension is asked for before the deadline has passed."""
    return local(requested_at) <= deadline_end(deadline)


def seal_decision_due(
    add_working_days: AddWorkingDays, found_at: datetime, urgent: bool
) -> tuple[datetime, bool]:
    """24 calendar hours when urgent (never provisional), else 3 working days (art. 22)."""
    if urgent:
        return local(found_at) + timedelta(hours=SEAL_URGENT_HOURS), False
    return _counted(add_working_days, found_at, SEAL_WORKING_DAYS)


def deadline_allowed(issued_on: date, deadline: date) -> bool:
    """A fix's deadline lies after the order's day and within a year of it."""
    return issued_on < deadline <= issued_on + timedelta(days=MAX_DEADLINE_DAYS)


# Printed on the order unless the officer adjusts it for the case.
DEFAULT_LEGAL_BASIS = "《中华人民共和国消防法》第十六条、第六十条；《消防监督检查规定》第十九条"
