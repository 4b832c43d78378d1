"""The planning page's capacity advice: the unmet-demand heat map, advice computed on
request by a worker (not the web process), its asks in plain Chinese, and the ask seam."""

from __future__ import annotations

import json
import os
from datetime import timedelta

import pytest

from optimizer.generator import generate_week
from rules.weeks import monday_of
from services.core.clock import now
from services.i18n import t
from services.planning import advice as plan_advice
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
    specs = [
        json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in app.get("vega_lite_chart")
    ]
    assert any(t("advice.col.unplanned", "zh-CN") in spec for spec in specs)  # the heat map
    app.button(key="plan_advice_compute").click().run()
    assert not app.exception, [e.value for e in app.exception]
    run = plan_advice.advice_run(WEEK)
    assert run is not None and run.kind == "advice" and run.base_version_id == overloaded.id
    assert run.time_limit == 1.0  # 1-second checks
    assert run.worker is None or ":" in run.worker  # a worker process takes it
    running = {str(i.value) for i in app.info}
    assert any(line.startswith(("建议计算已排队", "正在计算建议")) for line in running), running
    assert run.wait(120) and run.state == "done", run.error
    assert int(run.worker.rsplit(":", 1)[1]) != os.getpid()  # not this (web) process
    app.run()
    lines = [str(m.value) for m in app.markdown if str(m.value).startswith("- 若")]
    assert lines, [str(m.value) for m in app.markdown]
    assert all("可多安排" in line and "优先级 +" in line for line in lines)
    assert len(lines) <= 3

    # Asking the person waits for the outbox: until it is wired the page says so.
    app.button(key="plan_advice_ask_0").click().run()
    assert t("advice.error.no_outbox", "zh-CN") in [str(e.value) for e in app.error]


def test_the_ask_goes_to_the_wired_outbox(app_db, manager, overloaded, monkeypatch):
    sent = []
    monkeypatch.setattr(plan_advice, "ASK_SENDER", lambda actor, ask: sent.append((actor, ask)))
    run = plan_advice.start_advice(manager, WEEK, overloaded.id)
    assert run.wait(120) and run.state == "done", run.error
    app = open_app(manager, PAGE)
    app.radio(key="plan_view").set_value("plan").run()
    app.radio(key="plan_show").set_value("unscheduled").run()
    app.button(key="plan_advice_ask_0").click().run()
    assert not app.exception
    [(actor, ask)] = sent
    best = run.refresh().result["suggestions"][0]
    assert actor.username == manager.username and ask.staff == best["staff"]
    assert ask.add == best["add"] and list(ask.serves) == best["serves"]
    assert ask.message["zh-CN"].startswith("若") and ask.advice_job_id == run.id
