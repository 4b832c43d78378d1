"""The applications' figures: accepted, with a notice, on time against the clocks, delivery."""

from __future__ import annotations

from datetime import date, datetime

from rules.time import TIME_ZONE
from services.applications import metrics, types, workflow
from services.applications.intake import ApplicationInput, intake
from services.applications.queue import get_application
from tests.conftest import make_actor
from tests.fixtures.applications import PRE_OPENING_COMPLETE

CLERK = make_actor("staff")


def _take(code: str, documents: list[str], **changes) -> int:
    kind = types.type_by_code(code)
    data = ApplicationInput(kind.id, "好时光KTV", "张三丰", "13812345678", documents, **changes)
    return intake(CLERK, data).application_id


def _step(action, app_id, *args) -> None:
    action(CLERK, app_id, get_application(CLERK, app_id).version, *args)


def test_the_figures_of_a_month(clock, monkeypatch):
    monkeypatch.setattr(metrics, "now", clock)
    on_time = _take(types.PRE_OPENING, PRE_OPENING_COMPLETE)  # accepted Wed 11 Feb, due Tue 3 Mar
    late = _take(
        types.PRE_OPENING, PRE_OPENING_COMPLETE, delivery_method="post", delivery_address="某地"
    )
    _take(
        types.PRE_OPENING, PRE_OPENING_COMPLETE[:3]
    )  # documents missing: a notice, never inspected
    _take(types.NAME_CHANGE, ["change_application"])  # a notice too; no clock
    clock.set("2026-02-27 10:00")
    _step(workflow.inspect, on_time, datetime(2026, 2, 26, 10, 0, tzinfo=TIME_ZONE))
    _step(workflow.approve, on_time)  # decided in time (due Mon 2 Mar)
    clock.set("2026-03-05 10:00")  # the other inspections' clocks have run out
    _step(workflow.inspect, late, datetime(2026, 3, 4, 10, 0, tzinfo=TIME_ZONE))
    figures = metrics.application_metrics(CLERK, date(2026, 2, 1), date(2026, 3, 1))
    assert (figures.accepted, figures.with_notice) == (4, 2)
    # on time; late; the incomplete one never inspected and overdue; the change has no inspection.
    assert (figures.inspections.on_time, figures.inspections.counted) == (1, 3)
    # one decided on time; `late`'s decision clock (from 4 Mar) is still running.
    assert (figures.decisions.on_time, figures.decisions.counted) == (1, 1)
    assert figures.delivery == {"in_person": 3, "post": 1}
    assert figures.delivery_share("post") == 0.25
    assert figures.by_status["supplementing"] == 2
    assert figures.by_status["approved"] == 1
    march = metrics.application_metrics(CLERK, date(2026, 3, 1), date(2026, 4, 1))
    assert march.accepted == 0 and march.inspections.value is None
