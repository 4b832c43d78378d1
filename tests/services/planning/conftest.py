"""Fixtures of the planning service tests."""

from __future__ import annotations

import pytest

from tests.fixtures import planning as builders


@pytest.fixture(scope="module")
def small_week() -> dict:
    return builders.small_week()
