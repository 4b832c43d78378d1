"""一公开 and the leadership figures of the draws: results public within 20 working days on
the working-day calendar, the printable page escaped, draws on time, the share of drawn
units inspected and the outcomes per credit class."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

import manage
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


def test_manage_py_writes_the_page_s_disclosure_formula_safe(drawn, staff_actor, leader, tmp_path):
    unit = _record(staff_actor, drawn, 0, "no_problem", findings=())["unit"]
    with unit_of_work(staff_actor) as session:
        location = session.query(Location).filter_by(code=unit).one()
        location.name = '=HYPERLINK("http://x","点我")'
    month = date(2026, 12, 1)
    found = exports.disclosure(leader, month)
    draws = exports.disclosed_draws(leader, month)
    for fmt in ("csv", "html", "xlsx"):
        out = tmp_path / f"d.{fmt}"
        assert (
            manage.main(["disclosure", "--month", "2026-12", "--format", fmt, "--out", str(out)])
            == 0
        )
    # The printable page and the Excel are the page's own downloads (the workbook's zip
    # carries a timestamp, so its cells are compared).
    assert (tmp_path / "d.html").read_bytes() == exports.disclosure_html(
        found, month, "zh-CN", draws
    ).encode("utf-8")
    page_book = _cells(exports.disclosure_xlsx(found, month, "zh-CN", draws))
    assert _cells((tmp_path / "d.xlsx").read_bytes()) == page_book
    # The CSV holds the same cells as the Excel: the month's sheet, a blank line, the draws.
    text = (tmp_path / "d.csv").read_bytes().decode("utf-8-sig")
    lines = [row for row in csv.reader(io.StringIO(text))]
    inspections, draw_sheet = page_book
    assert lines == [*inspections, [], ["本月抽取计划"], *draw_sheet]
    assert any(row[1] == '\'=HYPERLINK("http://x","点我")' for row in lines[2:3])
    assert not any(cell.startswith("=") for row in lines for cell in row)


def _cells(content: bytes) -> list[list[list[str]]]:
    """Each sheet's rows as text, without the empty cells openpyxl pads them with."""
    book = load_workbook(io.BytesIO(content))
    sheets = []
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else str(v) for v in row]
            while cells and cells[-1] == "":
                cells.pop()
            rows.append(cells)
        sheets.append(rows)
    return sheets


def test_manage_py_refuses_a_month_that_is_not_one(draw_world):
    with pytest.raises(SystemExit):
        manage.main(["disclosure", "--month", "2026-13"])


def test_results_published_on_time(drawn, staff_actor, monkeypatch):
    # Both inspected on 3 December (public by 31 December): one recorded on 20 December,
    # one only on 4 January.
    on_time = _record(staff_actor, drawn, 0, "no_problem", findings=())
    late_day = datetime(2027, 1, 4, 9, 0, tzinfo=TIME_ZONE)
    monkeypatch.setattr("services.draws.records.now", lambda: late_day)
    late = _record(staff_actor, drawn, 1, "no_problem", findings=())
    kpi = kpis.kpi("results_published_on_time")
    december = kpis.Period(date(2026, 12, 1), date(2027, 1, 1), "month")
    assert kpi.fold(kpi.facts(december)) == pytest.approx(1 / 2)
    frame = draw_figures.results_frame(december.start, december.end).set_index("unit")
    assert bool(frame.loc[on_time["unit"], "on_time"]) is True
    assert bool(frame.loc[late["unit"], "on_time"]) is False
    assert frame.loc[late["unit"], "published_on"] == date(2027, 1, 4)
    assert set(frame["publish_by"]) == {date(2026, 12, 31)}
    # Counted in the month of the inspection, not of the record.
    january = kpis.Period(date(2027, 1, 1), date(2027, 2, 1), "month")
    assert kpi.fold(kpi.facts(january)) is None
