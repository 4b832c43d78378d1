"""The current time in the detachment's time zone (one place to freeze it in tests).

`played_at(moment)` makes `now()` answer `moment` in this context: the demo replays a
case's history through the services, each step at the moment it happened, so the
services' own checks and clocks (and the audit log) see that moment. A naive moment is
read as the detachment's wall-clock time (whatever the machine's own zone is)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from rules.time import TIME_ZONE

_played: ContextVar[datetime | None] = ContextVar("firedesk_played_at", default=None)


def now() -> datetime:
    played = _played.get()
    return played if played is not None else datetime.now(TIME_ZONE)


@contextmanager
def played_at(moment: datetime) -> Iterator[None]:
    # A naive moment is the detachment's wall-clock time, not the machine's local time.
    aware = moment.replace(tzinfo=TIME_ZONE) if moment.tzinfo is None else moment
    token = _played.set(aware.astimezone(TIME_ZONE))
    try:
        yield
    finally:
        _played.reset(token)
