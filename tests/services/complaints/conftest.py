"""Fixtures of the complaint tests: a fresh calendar cache, the small detachment."""

from __future__ import annotations

import pytest

from services.calendar import workdays
from tests.fixtures.complaints import seed_detachment


@pytest.fixture(autouse=True)
def fresh_calendar():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


@pytest.fixture
def detachment(db, admin) -> dict[str, int]:
    return seed_detachment(admin)
