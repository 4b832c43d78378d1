"""Every import (complaints, bookings, evaluations) reads through services.core.spreadsheet:
one row cap, a clear localised refusal of empty, header-only, damaged and wrongly encoded
files (exit code 2 on the command line, never a parser's traceback), and implausible
dates refused with their row and field."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

import manage
from db.models import Evaluation
from db.models.complaints import ComplaintCase, ComplaintTicket
from db.session import read_session
from services.bookings import importer as bookings_import
from services.calendar import workdays
from services.complaints.importer import CHINESE_HEADERS, import_sheet
from services.core.errors import ValidationError
from services.core.spreadsheet import MAX_IMPORT_ROWS, SheetError, csv_bytes, read_rows, workbook
from services.evaluations.reviews import import_evaluations
from tests.fixtures.complaints import PHONE, seed_detachment
from tests.fixtures.evaluations import HEADER as EVALUATION_HEADER
from tests.fixtures.evaluations import make_places

ENGLISH = list(CHINESE_HEADERS.values())
HEADER_LINE = ",".join(ENGLISH) + "\n"


def _ticket_row(number: int, received: str = "2026-11-20 08:15") -> list[str]:
    return [f"LY{number:06d}", received, "12345", "other_violation", f"单位{number}", "",
            "白塔区", "张三丰", PHONE, "占用消防通道"]  # fmt: skip


def _real_xlsx() -> bytes:
    return workbook([("s", None, [ENGLISH, _ticket_row(1)])])


def _truncated_xlsx() -> bytes:
    data = _real_xlsx()
    return data[: len(data) // 2]


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


# name, content, the message key
BAD_FILES = {
    "empty csv": ("sheet.csv", b"", "sheet.error.empty"),
    "blank csv": ("sheet.csv", b"\r\n\r\n", "sheet.error.empty"),
    "header only": ("sheet.csv", HEADER_LINE.encode(), "sheet.error.no_rows"),
    "header only, gbk": ("sheet.csv", HEADER_LINE.encode("gbk"), "sheet.error.no_rows"),
    "empty xlsx": ("sheet.xlsx", b"", "sheet.error.empty"),
    "random xlsx": ("sheet.xlsx", bytes(range(256)) * 4, "sheet.error.unreadable"),
    "truncated xlsx": ("sheet.xlsx", _truncated_xlsx(), "sheet.error.unreadable"),
    "zip, no workbook": ("sheet.xlsx", _zip_without_workbook(), "sheet.error.unreadable"),
    "utf-16": ("sheet.csv", (HEADER_LINE + "x,y\n").encode("utf-16"), "sheet.error.encoding"),
    "neither utf-8 nor gbk": ("sheet.csv", HEADER_LINE.encode() + b"\xff\xfe\xff\n", "sheet.error.encoding"),
    "pdf": ("sheet.pdf", b"%PDF-1.4", "sheet.error.file_type"),
}  # fmt: skip


@pytest.fixture(autouse=True)
def fresh_calendar():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


def stored_tickets() -> int:
    with read_session() as session:
        return session.scalar(select(func.count()).select_from(ComplaintTicket))


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_is_refused_by_every_importer_with_a_localised_message(kind, sqlite_db, admin):
    name, content, key = BAD_FILES[kind]
    readers = [
        lambda: import_sheet(admin, name, content),
        lambda: read_rows(name, content),
        lambda: import_evaluations(admin, name, content),
    ]
    for read in readers:
        with pytest.raises(SheetError) as raised:
            read()
        assert raised.value.key == key
        chinese, english = raised.value.message("zh-CN"), raised.value.message("en")
        assert chinese != english and name in english and name in chinese
        assert "{" not in chinese and "{" not in english  # every placeholder filled


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_the_import_command_exits_2_with_a_message_and_no_traceback(
    kind, sqlite_db, admin, tmp_path, capsys
):
    name, content, _ = BAD_FILES[kind]
    sheet = tmp_path / name
    sheet.write_bytes(content)
    assert manage.main(["import-complaints", str(sheet)]) == 2
    err = capsys.readouterr().err
    assert sheet.name in err and "Traceback" not in err
    assert stored_tickets() == 0


def test_a_missing_file_exits_2(sqlite_db, tmp_path, capsys):
    assert manage.main(["import-complaints", str(tmp_path / "typo.csv")]) == 2
    assert "no file at" in capsys.readouterr().err


def _oversized() -> bytes:
    return csv_bytes(ENGLISH, (_ticket_row(n) for n in range(MAX_IMPORT_ROWS + 1)))


def test_one_row_cap_for_every_import(sqlite_db, admin, tmp_path, capsys):
    content = _oversized()
    for read in (
        lambda: import_sheet(admin, "big.csv", content),
        lambda: read_rows("big.csv", content),
        lambda: import_evaluations(admin, "big.csv", content),
    ):
        with pytest.raises(SheetError) as raised:
            read()
        assert raised.value.key == "sheet.error.too_many"
        assert "20000" in raised.value.message("zh-CN")
    sheet = tmp_path / "big.csv"
    sheet.write_bytes(content)
    assert manage.main(["import-complaints", str(sheet)]) == 2
    assert "more than 20000 data rows" in capsys.readouterr().err
    assert stored_tickets() == 0


def test_the_cap_counts_data_rows_not_the_header(sqlite_db):
    content = csv_bytes(ENGLISH, (_ticket_row(n) for n in range(MAX_IMPORT_ROWS)))
    assert len(read_rows("full.csv", content)) == MAX_IMPORT_ROWS


def test_an_excel_sheet_over_the_cap_is_refused(sqlite_db, admin):
    rows = [ENGLISH, *(_ticket_row(n) for n in range(MAX_IMPORT_ROWS + 1))]
    content = workbook([("s", None, rows)])
    with pytest.raises(SheetError) as raised:
        import_sheet(admin, "big.xlsx", content)
    assert raised.value.key == "sheet.error.too_many"


def test_a_bookings_frame_over_the_cap_is_refused(world, staff_actor):
    frame = read_rows("x.csv", _oversized()[:200])  # a few rows
    big = frame.sample(MAX_IMPORT_ROWS + 1, replace=True)
    with pytest.raises(SheetError):
        bookings_import.import_bookings(staff_actor, big, {"unit": frame.columns[0]})


# --- dates ---------------------------------------------------------------------------------


def test_a_complaint_received_before_2000_is_refused_with_row_and_field(db, admin):
    seed_detachment(admin)
    rows = [_ticket_row(1), _ticket_row(2, "1999-12-31 23:00")]
    with pytest.raises(ValidationError) as raised:
        import_sheet(admin, "old.csv", csv_bytes(ENGLISH, rows))
    messages = raised.value.messages("en")
    assert len(messages) == 1
    assert messages[0].startswith("Row 3") and "Received" in messages[0]
    assert "1999-12-31" in messages[0] and "implausible" in messages[0]
    assert stored_tickets() == 0


def test_a_complaint_received_in_2000_is_accepted(db, admin):
    seed_detachment(admin)
    import_sheet(admin, "ok.csv", csv_bytes(ENGLISH, [_ticket_row(1, "2000-01-01 00:00")]))
    assert stored_tickets() == 1


BOOKINGS_HEADER = "预约事项,单位名称,预约日期,联系人,手机号码,期望时间\n"


@pytest.mark.parametrize(
    "day",
    [date(1999, 12, 27), date.today() + timedelta(days=400)],
    ids=["before 2000", "over a year ahead"],
)
def test_a_booking_week_outside_the_plausible_range_is_refused(world, staff_actor, day):
    text = (
        BOOKINGS_HEADER
        + f"错时检查,华联KTV,{day.isoformat()},刘经理,13812345678,每天 19:00-22:00\n"
    )
    frame = read_rows("wechat.csv", text.encode())
    _, mapping = bookings_import.guess_mapping(list(frame.columns))
    with pytest.raises(ValidationError) as raised:
        bookings_import.import_bookings(staff_actor, frame, mapping, "wechat")
    messages = raised.value.messages("zh-CN")
    assert any(m.startswith("第 2 行") and day.isoformat() in m for m in messages), messages


@pytest.mark.parametrize(
    "moment",
    ["1999-06-01 10:00", f"{date.today() + timedelta(days=400):%Y-%m-%d} 10:00"],
    ids=["before 2000", "over a year ahead"],
)
def test_an_evaluation_outside_the_plausible_range_is_refused(db, staff_actor, moment):
    make_places(staff_actor)
    text = f"{EVALUATION_HEADER}\nP001,{moment},满意,二维码,窗口办事,,,,,是,,\n"
    with pytest.raises(ValidationError) as raised:
        import_evaluations(staff_actor, "export.csv", text.encode())
    messages = raised.value.messages("en")
    assert any(m.startswith("Row 2") and moment[:10] in m for m in messages), messages
    with read_session() as session:
        assert session.scalar(select(func.count()).select_from(Evaluation)) == 0


# --- the batched intake ---------------------------------------------------------------------


def test_a_later_sheet_merges_into_cases_already_stored_and_every_row_is_audited(db, admin):
    from db.models import AuditLog
    from db.models.complaints import ComplaintEvent

    seed_detachment(admin)
    first = import_sheet(admin, "monday.csv", csv_bytes(ENGLISH, [_ticket_row(1), _ticket_row(2)]))
    assert (first.tickets, first.cases) == (2, 2)
    again = [
        [f"LY9{n}", "2026-11-21 08:00", *_ticket_row(n)[2:]] for n in (1, 2)
    ]  # same units and category as the first sheet's two cases
    later = import_sheet(admin, "tuesday.csv", csv_bytes(ENGLISH, [*again, _ticket_row(3)]))
    assert (later.tickets, later.cases) == (3, 3)
    with read_session() as session:
        cases = session.scalar(select(func.count()).select_from(ComplaintCase))
        merged = session.execute(
            select(ComplaintEvent.note, ComplaintEvent.status).where(
                ComplaintEvent.action == "merged"
            )
        ).all()
        audited = session.scalars(
            select(AuditLog.after).where(
                AuditLog.table_name == "complaint_tickets", AuditLog.action == "insert"
            )
        ).all()
        case_audits = session.scalars(
            select(AuditLog.after).where(AuditLog.table_name == "complaint_cases")
        ).all()
    assert cases == 3
    assert sorted(merged) == [("LY91", "received"), ("LY92", "received")]
    assert len(audited) == 5 and len(case_audits) == 3
    assert {(a["complainant_name"], a["complainant_phone"]) for a in audited} == {("***", "***")}
    assert {a["ticket_no"] for a in audited} == {"LY000001", "LY000002", "LY91", "LY92", "LY000003"}
    assert all(a["id"] and a["case_id"] for a in audited)
    assert {(a["status"], a["version"]) for a in case_audits} == {("received", 1)}
