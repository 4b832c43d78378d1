"""Dispatch sheets: CSV in UTF-8 and GBK, Excel, Chinese headers, all or nothing; and the
two commands (`import-complaints`, `complaints --open`)."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from sqlalchemy import func, select

import manage
from db.models.complaints import ComplaintTicket
from db.session import read_session
from services.complaints.importer import CHINESE_HEADERS, import_sheet, read_sheet
from services.core.errors import ValidationError
from services.core.spreadsheet import SheetError
from tests.fixtures.complaints import PHONE, seed_detachment

ENGLISH = list(CHINESE_HEADERS.values())
ROWS = [
    ["LY001", "2026-11-20 08:15", "12345", "安全出口锁闭", "万达广场", "民主路1号", "白塔区",
     "张三丰", PHONE, "二楼出口上锁"],
    ["LY002", "2026-11-20 09:00", "网站", "other_violation", "无名小店", "", "辽阳县",
     "", "", "占用防火间距"],
    ["LY003", "2026-11-21 10:30", "12345", "安全出口锁闭", "万达广场", "民主路1号", "白塔区",
     "李四", "0419-2123456", "又被锁上"],
]  # fmt: skip


def csv_bytes(header: list[str], rows: list[list[str]], encoding: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def stored_tickets() -> int:
    with read_session() as session:
        return session.scalar(select(func.count()).select_from(ComplaintTicket))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_chinese_headers_in_utf8_and_gbk(db, admin, encoding):
    seed_detachment(admin)
    content = csv_bytes(list(CHINESE_HEADERS), ROWS, encoding)
    result = import_sheet(admin, "派单.csv", content)
    assert (result.tickets, result.cases) == (3, 2)  # LY003 merges into LY001's case
    assert stored_tickets() == 3


def test_excel_with_english_headers_and_numbers_as_numbers(db, admin):
    seed_detachment(admin)
    frame = pd.DataFrame(ROWS, columns=ENGLISH, dtype=object)
    frame["received_at"] = pd.to_datetime(frame["received_at"])  # Excel stores real dates
    frame.loc[0, "complainant_phone"] = int(PHONE)
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    tickets = read_sheet("sheet.xlsx", buffer.getvalue())
    assert tickets[0].complainant_phone == PHONE
    assert import_sheet(admin, "sheet.xlsx", buffer.getvalue()).tickets == 3


def test_one_bad_row_and_nothing_is_written(db, admin):
    seed_detachment(admin)
    rows = [
        *ROWS,
        ["LY001", "2026-11-22 08:00", "12345", "乱停车", "甲", "", "白塔区", "", "1", "x"],
    ]
    with pytest.raises(ValidationError) as raised:
        import_sheet(admin, "bad.csv", csv_bytes(ENGLISH, rows, "utf-8"))
    messages = raised.value.messages("en")
    assert any(m.startswith("Row 5") and "Ticket no." in m for m in messages), messages
    assert any("Category" in m for m in messages) and any("Phone" in m for m in messages)
    assert stored_tickets() == 0


def test_missing_columns_and_unknown_files_are_refused(db, admin):
    with pytest.raises(ValidationError) as raised:
        read_sheet("a.csv", csv_bytes(["ticket_no", "category"], [["X", "other"]], "utf-8"))
    assert "received_at" in str(raised.value)
    with pytest.raises(SheetError) as raised:
        read_sheet("a.pdf", b"%PDF")
    assert raised.value.key == "sheet.error.file_type"


def test_import_command_exits_non_zero_and_prints_every_row_error(db, admin, tmp_path, capsys):
    seed_detachment(admin)
    sheet = tmp_path / "bad.csv"
    rows = [*ROWS[:2], ["", "2099-01-01 00:00", "", "locked_exit", "甲", "", "白塔区", "", "", "x"]]
    sheet.write_bytes(csv_bytes(ENGLISH, rows, "gbk"))
    assert manage.main(["--database-url", db, "import-complaints", str(sheet)]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 2 and all(e.startswith("Row 4") for e in errors)
    assert stored_tickets() == 0


def test_listing_command_prints_open_cases_masked(db, admin, tmp_path, capsys):
    seed_detachment(admin)
    sheet = tmp_path / "good.csv"
    sheet.write_bytes(csv_bytes(list(CHINESE_HEADERS), ROWS, "utf-8"))
    assert manage.main(["--database-url", db, "import-complaints", str(sheet)]) == 0
    capsys.readouterr()
    assert manage.main(["--database-url", db, "complaints", "--open", "--format", "csv"]) == 0
    output = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(output)))
    assert [r["ticket_no"] for r in rows] == ["LY001", "LY002"]
    assert rows[0]["deadline"] == "2026-11-21 08:15"
    assert rows[1]["deadline"] == "2026-11-25 23:59"  # Fri 20 Nov: Mon, Tue, Wed
    assert (rows[0]["provisional"], rows[0]["status"]) == ("no", "received")
    assert rows[0]["complainant_phone"] == "138****5678"
    assert PHONE not in output
