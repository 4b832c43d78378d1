"""Every import attempt leaves one `import_runs` row, accepted or refused (a refusal's data
rolled back, its record kept, its errors without values), and the clerk's desk lists the
refused ones of the last 7 days."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from db.models import Booking, ImportRun
from db.models.complaints import ComplaintTicket
from db.session import read_session
from services.bookings import importer as bookings_import
from services.complaints.importer import import_sheet
from services.core.clock import now
from services.core.errors import ValidationError
from services.core.imports import ERRORS_KEPT
from services.core.permissions import SYSTEM
from services.core.spreadsheet import SheetError, read_rows
from services.core.unit_of_work import unit_of_work
from services.desks import worklists
from tests.fixtures.bookings import WECHAT_CSV

BAD_PHONE = "13800000000x"


def _runs() -> list[ImportRun]:
    with read_session() as session:
        return session.scalars(select(ImportRun).order_by(ImportRun.id)).all()


def _count(model) -> int:
    with read_session() as session:
        return session.scalar(select(func.count()).select_from(model))


def _import_bookings(actor, text: str, filename: str = "wechat.csv") -> int:
    frame = read_rows(filename, text.encode("utf-8"))
    _, mapping = bookings_import.guess_mapping(list(frame.columns))
    return bookings_import.import_bookings(actor, frame, mapping, "wechat", filename=filename)


def test_a_refused_import_writes_no_row_and_is_recorded_without_values(world, staff_actor):
    bad = WECHAT_CSV + f"错时检查,不存在的单位,2026-12-01,张三丰,{BAD_PHONE},周一 19:00-22:00,,,\n"
    with pytest.raises(ValidationError) as refused:
        _import_bookings(staff_actor, bad, "预约.csv")
    assert _count(Booking) == 0
    (run,) = _runs()
    assert (run.kind, run.filename, run.username, run.accepted) == (
        "bookings",
        "预约.csv",
        staff_actor.username,
        False,
    )
    assert (run.row_count, run.created_count) == (3, 0)
    assert run.error_count == len(refused.value.errors) >= 2
    assert {(e["row"], e["field"], e["key"]) for e in run.errors} == {
        (e.row, e.field, e.key) for e in refused.value.errors
    }
    stored = json.dumps(run.errors, ensure_ascii=False)
    assert "不存在的单位" not in stored and BAD_PHONE not in stored and "张三丰" not in stored


def test_an_accepted_import_records_its_counts(world, staff_actor):
    assert _import_bookings(staff_actor, WECHAT_CSV) == 2
    (run,) = _runs()
    assert (run.accepted, run.row_count, run.created_count, run.error_count, run.errors) == (
        True,
        2,
        2,
        0,
        [],
    )
    assert _count(Booking) == 2


def test_an_unreadable_file_is_recorded_as_one_error_on_the_file(world, staff_actor):
    with pytest.raises(SheetError):
        import_sheet(staff_actor, "12345.csv", b"")
    (run,) = _runs()
    assert (run.kind, run.accepted, run.row_count, run.error_count) == ("complaints", False, 0, 1)
    assert run.errors == [{"row": None, "field": "import_file", "key": "sheet.error.empty"}]
    assert _count(ComplaintTicket) == 0


def test_only_the_first_errors_are_kept(world, staff_actor):
    rows = "".join(
        f"错时检查,不存在的单位{n},2026-12-01,,13812345678,周一 19:00-22:00,,,\n"
        for n in range(ERRORS_KEPT + 5)
    )
    with pytest.raises(ValidationError):
        _import_bookings(staff_actor, WECHAT_CSV + rows)
    (run,) = _runs()
    assert run.error_count == ERRORS_KEPT + 5 and len(run.errors) == ERRORS_KEPT


def _add_run(kind: str, filename: str, accepted: bool, days_ago: float) -> None:
    with unit_of_work(SYSTEM) as session:
        session.add(
            ImportRun(
                kind=kind,
                filename=filename,
                username="clerk",
                started_at=now() - timedelta(days=days_ago),
                row_count=3,
                accepted=accepted,
                error_count=0 if accepted else 2,
                errors=[],
                created_count=3 if accepted else 0,
            )
        )


def test_the_clerks_desk_lists_the_imports_refused_this_week(db, staff_actor):
    assert [i.key for i in worklists.clerk_items(staff_actor, lang="zh-CN")][-1] == (
        "desk.clerk.no_refused_imports"
    )
    _add_run("bookings", "本周预约.csv", False, 1)
    _add_run("bookings", "上月预约.csv", False, 8)
    _add_run("bookings", "好的预约.csv", True, 1)
    _add_run("complaints", "工单.xlsx", False, 2)
    _add_run("plan_week", "week.json", False, 1)  # a duty manager's page: not the clerk's
    items = {
        i.page: i
        for i in worklists.clerk_items(staff_actor, lang="zh-CN")
        if i.key == "desk.clerk.imports"
    }
    assert set(items) == {"pages/booking_import.py", "pages/complaints.py"}
    booking = items["pages/booking_import.py"]
    assert booking.count == 1 and len(booking.lines) == 1
    assert booking.lines[0].startswith("本周预约.csv · ") and booking.lines[0].endswith(
        " · clerk · 2 处错误"
    )
    assert booking.params["kind"] == "预约"
    assert items["pages/complaints.py"].count == 1
