"""The current time in the detachment's time zone (one place to freeze it in tests)."""

from __future__ import annotations

from datetime import datetime

from services.core.config import TIME_ZONE


def now() -> datetime:
    return datetime.now(TIME_ZONE)


def local(value: datetime) -> datetime:
    """A stored timestamp in Asia/Shanghai (SQLite hands back naive UTC-less values)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=TIME_ZONE)
    return value.astimezone(TIME_ZONE)
