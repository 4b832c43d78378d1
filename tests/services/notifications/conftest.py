"""Fixtures of the notification tests: a fresh calendar cache (complaint clocks need it)."""

from __future__ import annotations

import pytest

from services.calendar import workdays


@pytest.fixture(autouse=True)
def fresh_calendar():
    workdays.clear_cache()
    yield
    workdays.clear_cache()
