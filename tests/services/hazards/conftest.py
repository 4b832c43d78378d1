"""Hazard tests: the draw world (units R000-R039, inspectors E001, E002, E004), a clock the
test sets for every hazard module, and a helper to record an inspection."""

from __future__ import annotations

from datetime import datetime

import pytest

from rules.time import TIME_ZONE
from services.calendar import workdays
from services.draws import records
from tests.fixtures.draws import build_draw_world


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
    build_draw_world()
    frozen = Clock(datetime(2026, 2, 13, 16, 0, tzinfo=TIME_ZONE))
    for name in (
        "services.draws.records.now",
        "services.hazards.cases.now",
        "services.hazards.extensions.now",
    ):
        monkeypatch.setattr(name, frozen)
    yield frozen
    workdays.clear_cache()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TIME_ZONE)


@pytest.fixture
def inspect():
    """inspect(actor, unit, when, outcome, findings, kind=...) -> inspection record id."""

    def record(actor, unit, when, outcome="correction_order", findings=("exits",), **more):
        data = records.InspectionInput(
            unit_code=unit,
            kind=more.pop("kind", "offhours_inspection"),
            inspected_at=at(when),
            officers=more.pop("officers", ["E001", "E002"]),
            outcome=outcome,
            findings=list(findings),
            **more,
        )
        return records.record_inspection(actor, data)

    return record
