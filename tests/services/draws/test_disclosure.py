"""一公开 and the leadership figures of the draws: results public within 20 working days on
the working-day calendar, the printable page escaped, draws on time, the share of drawn
units inspected and the outcomes per credit class."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from db.models import Location
from rules.time import TIME_ZONE
from services.core.unit_of_work import unit_of_work
from services.draws import plans, records
from services.kpis import draws as draw_figures
from services.kpis import engine as kpis
from services.kpis import exports

WHEN = datetime(2026, 12, 3, 10, 0, tzinfo=TIME_ZONE)
ALL = {"A": 10000, "B": 10000, "C": 10000, "D": 10000}
WINTER = kpis.Period(date(2026, 12, 1), date(2027, 2, 1), "month")


@pytest.fixture
def drawn(draw_world, manager, monkeypatch):
    """December drawn late (on 20 December), January on time (the same day)."""
    moment = datetime(2026, 12, 20, 9, 0, tzinfo=TIME_ZONE)
    monkeypatch.setattr("services.draws.plans.now", lambda: moment)
    monkeypatch.setattr("services.draws.records.now", lambda: moment)
    december = plans.make_draw(manager, plans.DrawRequest("2026-12", "种子", shares=ALL))
    plans.make_draw(manager, plans.DrawRequest("2027-01", "种子"))
    return plans.get_draw(manager, december)


def _record(actor, draw, index: int, outcome: str, findings=("exits",)) -> dict:
    assignment = draw.result["assignments"][index]
    records.record_inspection(
        actor,
        records.InspectionInput(
            unit_code=assignment["unit"],
            kind="random_inspection",
            inspected_at=WHEN,
            officers=assignment["inspectors"],
            outcome=outcome,
            findings=list(findings),
            draw_id=draw.id,
        ),
    )
    return assignment


def test_a_result_is_public_within_20_working_days_on_the_calendar(draw_world):
    # 20 working days after 3 December 2026: the last day of December.
    assert exports.publish_by(WHEN) == date(2026, 12, 31)
    # Across Mid-Autumn and National Day 2026 (with the Saturday 调休 of 10 October):
    # 29 October, where counting Monday to Friday would give 22 October.
    assert exports.publish_by(datetime(2026, 9, 24, 15, 0, tzinfo=TIME_ZONE)) == date(2026, 10, 29)


def test_the_disclosure_carries_each_result_s_publication_day(drawn, staff_actor, leader):
    _record(staff_actor, drawn, 0, "minor_corrected")
    found = exports.disclosure(leader, date(2026, 12, 1))
    random = [d for d in found if d.kind == "random_inspection"]
    assert [d.publish_by for d in random] == [date(2026, 12, 31)]
    assert exports.publication_due(found) == date(2026, 12, 31)
    rows = exports.disclosure_rows(found, "zh-CN")
    assert rows[0][-1] == "公示截止日" and rows[1][-1] == "2026-12-31"


def test_the_printable_page_escapes_what_it_prints(drawn, staff_actor, leader):
    unit = _record(staff_actor, drawn, 0, "no_problem", findings=())["unit"]
    with unit_of_work(staff_actor) as session:
        location = session.query(Location).filter_by(code=unit).one()
        location.name = '<script>alert("x")</script>'
    found = exports.disclosure(leader, date(2026, 12, 1))
    draws = exports.disclosed_draws(leader, date(2026, 12, 1))
    page = exports.disclosure_html(found, date(2026, 12, 1), "zh-CN", draws)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<td>未发现问题</td><td>2026-12-31</td>" in page
    assert "<h2>本月抽取计划</h2>" in page and "种子" in page


def test_draws_on_time_and_the_share_inspected(drawn, staff_actor):
    first = _record(staff_actor, drawn, 0, "no_problem", findings=())
    on_time = kpis.kpi("draws_on_time")
    assert on_time.fold(on_time.facts(WINTER)) == pytest.approx(1 / 2)  # December was late
    january = kpis.Period(date(2027, 1, 1), date(2027, 2, 1), "month")
    assert on_time.fold(on_time.facts(january)) == 1.0
    inspected = kpis.kpi("drawn_inspected")
    december = kpis.Period(date(2026, 12, 1), date(2027, 1, 1), "month")
    drawn_units = len(drawn.result["assignments"])
    assert inspected.fold(inspected.facts(december)) == pytest.approx(1 / drawn_units)
    district = next(u["district"] for u in drawn.snapshot["units"] if u["code"] == first["unit"])
    by_district = kpis.breakdown("drawn_inspected", "district", december)
    values = dict(zip(by_district["key"], by_district["value"], strict=True))
    assert values[district] > 0 and sum(v == 0 for v in values.values()) == len(values) - 1
    table = draw_figures.records_frame(december.start, december.end)
    assert len(table) == drawn_units and table["inspected"].sum() == 1


def test_outcomes_by_credit_class(drawn, staff_actor, leader):
    classes = {u["code"]: u["credit_class"] for u in drawn.snapshot["units"]}
    first = _record(staff_actor, drawn, 0, "minor_corrected")
    second = _record(staff_actor, drawn, 1, "correction_order")
    since, until = kpis.Period(date(2026, 12, 1), date(2027, 1, 1), "month").moments()
    frame = draw_figures.outcomes_by_class(leader, since, until).set_index("credit_class")
    assert list(frame.index) == ["A", "B", "C", "D"]
    assert frame.loc[classes[first["unit"]], "minor_corrected"] >= 1
    assert frame.loc[classes[second["unit"]], "correction_order"] == 1
    assert int(frame.to_numpy().sum()) == 2
    empty = draw_figures.outcomes_by_class(leader, *WINTER.shifted(-3).moments())
    assert int(empty.drop(columns="credit_class").to_numpy().sum()) == 0
