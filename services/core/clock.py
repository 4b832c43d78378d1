"""The current time in the detachment's time zone (one place to freeze it in tests).

`played_at(moment)` makes `now()` answer `moment` in this context: the demo replays a
case's history through the services, each step at the moment it happened, so the
services' own checks and clocks (and the audit log) see that moment."""

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
    token = _played.set(moment.astimezone(TIME_ZONE))
    try:
        yield
    finally:
        _played.reset(token)
