"""The detachment's time zone: every stored moment is shown and counted in Asia/Shanghai."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

TIME_ZONE = ZoneInfo("Asia/Shanghai")


def local(value: datetime) -> datetime:
    """A stored timestamp in Asia/Shanghai (SQLite hands back naive values, meant as local)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=TIME_ZONE)
    return value.astimezone(TIME_ZONE)
