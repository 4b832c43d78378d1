"""The current time in the detachment's time zone (one place to freeze it in tests)."""

from __future__ import annotations

from datetime import datetime

from rules.time import TIME_ZONE


def now() -> datetime:
    return datetime.now(TIME_ZONE)
