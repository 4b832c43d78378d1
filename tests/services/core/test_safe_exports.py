"""Every CSV and Excel file the app writes goes through services.core.spreadsheet, and no cell
of any of them starts with a character a spreadsheet runs as a formula (OWASP CSV
injection): the complaint queue export (page and `manage.py complaints`), the KPI report,
the disclosure, the roster and the booking template."""

from __future__ import annotations

import ast
import csv
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

import manage
from optimizer.baseline import baseline_plan
from optimizer.contract import parse_instance, plan_to_dict
from optimizer.generator import generate_week
from services.bookings import importer as bookings_import
from services.calendar import workdays
from services.complaints.intake import TicketInput, intake
from services.complaints.queue import export_csv, queue
from services.core.spreadsheet import FORMULA_STARTS, csv_bytes, read_rows, workbook, write_csv
from services.kpis import engine as kpis
from services.kpis import exports as kpi_exports
from services.planning import exports as plan_exports
from tests.fixtures.complaints import seed_detachment

ROOT = Path(__file__).resolve().parents[3]
HOSTILE = [
    '=HYPERLINK("http://x")',
    "=cmd|' /C calc'!A0",
    "+1",
    "@SUM(1)",
    "-2+3",
    "\t=1+1",
    "\r=1+3",
]


def csv_cells(data: bytes | str) -> list[str]:
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def xlsx_cells(data: bytes) -> list[object]:
    book = load_workbook(io.BytesIO(data))
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                cells.append(cell.value)
    return cells


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def live_formulas(cells: list[object]) -> list[str]:
    """Text cells a spreadsheet would run; a plain negative number ("-3") is data."""
    return [
        c for c in cells if isinstance(c, str) and c.startswith(FORMULA_STARTS) and not _number(c)
    ]


def assert_no_formula(cells: list[object], expected_hostile: int) -> None:
    assert live_formulas(cells) == []
    # The hostile texts did reach the file (neutralised), so the scan looked at real output.
    neutralised = [c for c in cells if isinstance(c, str) and c[:1] == "'" and c[1:2]]
    assert len(neutralised) >= expected_hostile


def test_the_writers_neutralise_every_formula_start():
    rows = [[text, 5, -3] for text in HOSTILE]
    out = io.StringIO()
    assert write_csv(out, ["a", "b", "c"], iter(rows)) == len(rows)
    assert_no_formula(csv_cells(out.getvalue()), len(HOSTILE))
    assert_no_formula(csv_cells(csv_bytes(["=a"], rows)), len(HOSTILE) + 1)
    cells = xlsx_cells(workbook([("s", "=title", [["h"], *rows])]))
    assert_no_formula(cells, len(HOSTILE) + 1)
    assert -3 in cells  # numbers stay numbers


@pytest.fixture
def hostile_cases(db, admin):
    workdays.clear_cache()
    seed_detachment(admin)
    tickets = [
        TicketInput(
            ticket_no=f"{text.strip()[:30]}-{i}",
            received_at="2026-11-27 09:30",
            category="locked_exit",
            unit_name=text,
            address=text,
            district="白塔区",
            complainant_name=text[:40],
            complainant_phone="13812345678",
            description=text,
        )
        for i, text in enumerate(HOSTILE)
    ]
    intake(admin, tickets, first_row=2)
    yield
    workdays.clear_cache()


def test_the_complaint_queue_export_of_the_page_has_no_live_formula(hostile_cases, admin):
    rows = queue(admin)
    assert len(rows) == len(HOSTILE)
    cells = csv_cells(export_csv(rows))
    # unit names and the masked names ("=*****") of every case
    assert_no_formula(cells, 2 * len(HOSTILE))


def test_manage_py_complaints_has_no_live_formula(hostile_cases, capsys):
    assert manage.main(["complaints", "--open"]) == 0
    cells = csv_cells(capsys.readouterr().out)
    assert_no_formula(cells, 2 * len(HOSTILE))


def test_the_disclosure_and_kpi_report_have_no_live_formula(leader):
    found = [
        kpi_exports.Disclosed(text, text, date(2026, 11, 2), "offhours_inspection", "done")
        for text in HOSTILE
    ]
    cells = xlsx_cells(kpi_exports.disclosure_xlsx(found, date(2026, 11, 1), "zh-CN"))
    assert_no_formula(cells, 2 * len(HOSTILE))
    period = kpis.period_of("month", date(2026, 11, 5))
    cells = xlsx_cells(kpi_exports.report_xlsx([], period, "en"))
    assert live_formulas(cells) == []


def test_the_roster_has_no_live_formula():
    document = generate_week(staff=5, load=0.5, seed=3)
    for index, person in enumerate(document["staff"]):
        person["name"] = HOSTILE[index % len(HOSTILE)]
    for index, location in enumerate(document["locations"]):
        location["name"] = HOSTILE[index % len(HOSTILE)]
    instance = parse_instance(document)
    plan = plan_to_dict(baseline_plan(instance))
    assert plan["assignments"]
    cells = xlsx_cells(plan_exports.roster_xlsx(instance, plan, "=title", "zh-CN"))
    assert_no_formula(cells, 3)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_booking_template_goes_through_the_safe_writer(file_format):
    data = bookings_import.template(file_format)
    cells = xlsx_cells(data) if file_format == "xlsx" else csv_cells(data)
    assert live_formulas(cells) == []
    frame = read_rows(f"template.{file_format}", data)
    assert list(frame.columns) == [
        bookings_import.TEMPLATE_HEADERS[f] for f in bookings_import.FIELDS
    ]
    assert len(frame) == 3


# Calls that write CSV or xlsx; only services/core/spreadsheet.py may make them.
WRITER_CALLS = {"to_csv", "to_excel", "writer", "DictWriter", "Workbook", "ExcelWriter"}
WRITER_MODULES = {"xlsxwriter", "openpyxl"}
APP_CODE = ["app.py", "manage.py", "pages", "services", "db", "optimizer"]


def _python_files() -> list[Path]:
    files = []
    for entry in APP_CODE:
        path = ROOT / entry
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def _writer_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in WRITER_CALLS:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}(...)")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            modules += [alias.name for alias in node.names]
            if any(m.split(".")[0] in WRITER_MODULES for m in modules):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} import {modules}")
        elif isinstance(node, ast.Constant) and node.value == "xlsxwriter":
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} engine='xlsxwriter'")
    return found


def test_no_module_but_the_safe_writer_writes_csv_or_xlsx():
    files = _python_files()
    assert len(files) > 50
    uses = [use for path in files if path.name != "spreadsheet.py" for use in _writer_uses(path)]
    assert uses == []
    # and the scan does find what the safe writer itself does
    assert _writer_uses(ROOT / "services" / "core" / "spreadsheet.py")
