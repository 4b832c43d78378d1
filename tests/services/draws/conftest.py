"""Fixtures of the draw tests: the draw world and a fresh calendar cache."""

from __future__ import annotations

import pytest

from services.calendar import workdays
from tests.fixtures.draws import build_draw_world


@pytest.fixture(autouse=True)
def fresh_calendar():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


@pytest.fixture
def draw_world(db) -> str:
    build_draw_world()
    return db
