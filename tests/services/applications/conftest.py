"""A front desk on a migrated database, at a moment the test sets (the calendar is the
official one, seeded from the package)."""

from __future__ import annotations

from datetime import datetime

import pytest

from rules.time import TIME_ZONE
from services.applications import intake as intake_module
from services.applications import queue as queue_module
from services.applications import workflow as workflow_module
from services.calendar import workdays


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def set(self, text: str) -> None:
        self.moment = datetime.fromisoformat(text).replace(tzinfo=TIME_ZONE)

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock(db, monkeypatch) -> Clock:
    workdays.clear_cache()
    frozen = Clock(datetime(2026, 2, 11, 10, 0, tzinfo=TIME_ZONE))  # a Wednesday
    for module in (intake_module, workflow_module, queue_module):
        monkeypatch.setattr(module, "now", frozen)
    yield frozen
    workdays.clear_cache()
