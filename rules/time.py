"""The detachment's time zone: every stored moment is shown and counted in Asia/Shanghai."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

TIME_ZONE = ZoneInfo("Asia/Shanghai")


def local(value: datetime) -> datetime:
    """A stored timestamp in Asia/Shanghai (SQLite hands back naive values, meant as local)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=TIME_ZONE)
    return value.astimezone(TIME_ZONE)


def local_day(value: datetime | date | None) -> date | None:
    """The local calendar day of a stored moment (a date stays as it is; None stays None)."""
    if value is None:
        return None
    return local(value).date() if isinstance(value, datetime) else value


def iso_day(value: datetime | date | None) -> str:
    """`YYYY-MM-DD` of the local day, as every list and export shows it ("" for none)."""
    day = local_day(value)
    return "" if day is None else day.isoformat()
