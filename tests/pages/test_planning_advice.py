"""The planning page's capacity advice: the unmet-demand heat map, advice computed on
request by a worker (not the web process), its asks in plain Chinese, asking the person
through the outbox and recording that they agreed (which re-plans the week)."""

from __future__ import annotations

import json
import os
from datetime import timedelta

import pytest

from optimizer.generator import generate_week
from rules.time import local
from rules.weeks import monday_of
from services.core.clock import now
from services.core.errors import FiredeskError
from services.i18n import t
from services.planning import advice as plan_advice
from services.planning import jobs as plan_jobs
from services.planning import versions as plan_versions
from services.planning import whatif as plan_whatif
from tests.fixtures.asks import TUESDAY_EVENING, done_advice, suggestion, unplanned_training_week
from tests.fixtures.bookings import MONDAY
from tests.fixtures.notifications import rows
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

    # An imported what-if week's people are not on the staff list: nobody to ask.
    app.button(key="plan_advice_ask_0").click().run()
    person = run.refresh().result["suggestions"][0]["staff"]
    refused = t("advice.error.not_staff", "zh-CN", person=person)
    assert any(refused in str(e.value) for e in app.error), [e.value for e in app.error]


def _advice_area(manager):
    app = open_app(manager, PAGE)
    app.date_input(key="plan_week").set_value(MONDAY).run()
    app.radio(key="plan_view").set_value("plan").run()
    app.radio(key="plan_show").set_value("unscheduled").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_ask_goes_to_the_outbox_once_and_agreeing_replans_the_week(app_db, manager):
    draft, task = unplanned_training_week(manager)
    run = done_advice(manager, draft, [suggestion(task, TUESDAY_EVENING)])
    app = _advice_area(manager)
    [line] = [str(m.value) for m in app.markdown if str(m.value).startswith("- 若")]
    assert "张敏（E003）周二 18:00–22:00" in line, line
    assert not [b for b in app.button if b.key == "plan_advice_agree_0"]

    app.button(key="plan_advice_ask_0").click().run()
    assert not app.exception, [e.value for e in app.exception]
    [message] = [r for r in rows() if r.template_key == "staff.capacity_ask"]
    assert message.recipient_label == "张敏" and task in message.body
    app = _advice_area(manager)  # a later visit (or another manager) sees it was asked
    asked = plan_advice.asks_of(run)[0]
    stamp = f"{local(asked.asked_at):%Y-%m-%d %H:%M}"
    captions = [str(c.value) for c in app.caption]
    assert t("advice.asked_at", "zh-CN", at=stamp, user=manager.username) in captions
    assert not [b for b in app.button if b.key == "plan_advice_ask_0"]  # asked once

    app.button(key="plan_advice_agree_0").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert t("advice.replanning", "zh-CN") in [str(s.value) for s in app.success]
    assert app.radio(key="plan_view").value == "solve"  # where the re-plan's progress shows
    replan = plan_jobs.solve_run(MONDAY)
    assert replan is not None and replan.id == plan_advice.asks_of(run)[0].solve_job_id
    assert replan.wait(60) and replan.state == "done", replan.error
    new = plan_versions.get_version(replan.version_id)
    assert task in {a["task"] for a in new.plan["assignments"]}


def test_an_agreement_whose_replan_could_not_start_says_so(app_db, manager, monkeypatch):
    draft, task = unplanned_training_week(manager)
    run = done_advice(manager, draft, [suggestion(task, TUESDAY_EVENING)])
    plan_advice.ask_person(manager, run, 0)

    def refused(*_args, **_kwargs):
        raise FiredeskError("plan.error.solve_running", user="other-manager")

    monkeypatch.setattr(plan_advice, "start_solve", refused)
    app = _advice_area(manager)
    app.button(key="plan_advice_agree_0").click().run()
    assert t("plan.error.solve_running", "zh-CN", user="other-manager") in [
        str(e.value) for e in app.error
    ]
    asked = plan_advice.asks_of(run)[0]
    assert asked.agreed_at is not None and asked.solve_job_id is None
    app = _advice_area(manager)
    at = f"{local(asked.agreed_at):%Y-%m-%d %H:%M}"
    captions = [str(c.value) for c in app.caption]
    assert t("advice.agreed_no_replan", "zh-CN", at=at, user=manager.username) in captions
