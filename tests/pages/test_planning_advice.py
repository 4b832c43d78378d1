"""The planning page's capacity advice: computed on request, read-only, in plain Chinese."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from optimizer.generator import generate_week
from rules.weeks import monday_of
from services.core.clock import now
from services.i18n import t
from services.planning import whatif as plan_whatif
from tests.pages.conftest import open_app

PAGE = "pages/planning.py"
WEEK = monday_of(now().date()) + timedelta(days=7)  # the page's default week


@pytest.fixture
def overloaded(app_db, manager):
    week = generate_week(staff=10, load=1.6, seed=3, week_start=WEEK.isoformat())
    return plan_whatif.import_week(manager, json.dumps(week), None)


def test_the_advice_lists_checked_asks_in_chinese(app_db, manager, overloaded):
    assert overloaded.plan["unscheduled"]
    app = open_app(manager, PAGE)
    app.radio(key="plan_view").set_value("plan").run()
    app.radio(key="plan_show").set_value("unscheduled").run()
    assert t("advice.title", "zh-CN") in [h.value for h in app.subheader]
    assert not [m for m in app.markdown if str(m.value).startswith("- 若")]
    app.button(key="plan_advice_compute").click().run()
    assert not app.exception, [e.value for e in app.exception]
    lines = [str(m.value) for m in app.markdown if str(m.value).startswith("- 若")]
    assert lines, [str(m.value) for m in app.markdown]
    assert all("可多安排" in line and "优先级 +" in line for line in lines)
    assert len(lines) <= 3
