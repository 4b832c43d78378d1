"""The KPI report (Excel, printable page) and the monthly disclosure: content, no personal
data, and no formula a spreadsheet would run."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from db.models import Booking, District, Location
from services.core.errors import PermissionDenied
from services.core.spreadsheet import safe_cell
from services.core.unit_of_work import unit_of_work
from services.kpis import engine as kpis
from services.kpis import exports as kpi_exports
from tests.fixtures.kpis import OCTOBER


def cells(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_safe_cell_neutralises_every_formula_start():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("白塔商场") == "白塔商场"
    assert safe_cell(-3) == -3  # numbers stay numbers


def test_report_has_every_kpi_with_its_comparisons_and_definition(detachment):
    tiles = kpis.tiles(OCTOBER)
    rows = cells(kpi_exports.report_xlsx(tiles, OCTOBER, "zh-CN"))
    assert rows[0][0] == "辽阳支队便民服务指标 2026-10-01 至 2026-10-31"
    assert rows[1] == ["指标", "本期", "上期", "去年同期", "口径"]
    by_name = {row[0]: row[1:] for row in rows[2:]}
    assert len(by_name) == len(kpis.KPIS)
    assert by_name["错时检查"][:3] == ["2", "1", "1"]
    assert by_name["满意率"][0] == "60.0%"
    assert by_name["错时负荷均衡度"][0] == "2.25"
    assert by_name["计划覆盖率"][1] == "—"  # nothing published in September
    page = kpi_exports.report_html(tiles, OCTOBER, "en")
    assert "<h1>Liaoyang detachment service KPIs, 2026-10-01 to 2026-10-31</h1>" in page
    assert "<td>Off-hours inspections</td><td>2</td><td>1</td><td>1</td>" in page


def test_disclosure_lists_the_months_inspections_without_personal_data(detachment, leader):
    found = kpi_exports.disclosure(leader, date(2026, 10, 15))
    assert [(d.day, d.unit, d.kind, d.result) for d in found] == [
        (date(2026, 10, 5), "白塔商场", "offhours_inspection", "done"),  # the plan's Monday
        (date(2026, 10, 10), "白塔商场", "complaint_check", "pending"),
        (date(2026, 10, 12), "文圣酒店", "offhours_inspection", "done"),
        (date(2026, 10, 12), "白塔商场", "random_inspection", "no_problem"),
        (date(2026, 10, 14), "文圣酒店", "complaint_check", "pending"),
        (date(2026, 10, 16), "白塔商场", "complaint_check", "pending"),
        (date(2026, 10, 19), "白塔商场", "offhours_inspection", "planned"),
    ]
    text = str(cells(kpi_exports.disclosure_xlsx(found, date(2026, 10, 1), "zh-CN")))
    assert "已检查" in text and "投诉核查" in text
    for personal in ("张三丰", "王五", "138"):
        assert personal not in text


def test_a_unit_named_like_a_formula_comes_out_as_text(db, admin, leader):
    name = '=HYPERLINK("http://evil.example","点此")'
    with unit_of_work(admin) as session:
        unit = Location(code="U9", kind="unit", name=name, district=District(name="宏伟区"))
        session.add(unit)
        session.flush()
        session.add(
            Booking(
                kind="offhours_inspection",
                status="done",
                location_id=unit.id,
                channel="phone",
                week_start=date(2026, 10, 12),
                windows=[],
                duration_minutes=60,
                skill="inspector",
            )
        )
    found = kpi_exports.disclosure(leader, date(2026, 10, 1))
    sheet = load_workbook(io.BytesIO(kpi_exports.disclosure_xlsx(found, date(2026, 10, 1)))).active
    cell = sheet["B3"]
    assert (cell.value, cell.data_type) == ("'" + name, "s")


def test_disclosure_needs_kpi_read(db, staff_actor):
    with pytest.raises(PermissionDenied):
        kpi_exports.disclosure(staff_actor, date(2026, 10, 1))
