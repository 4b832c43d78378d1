"""Importing bookings: encodings, known exports, every bad row listed, all or nothing."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from services.bookings import importer as bookings_import
from services.bookings import requests as bookings
from services.bookings import tours
from services.bookings.requests import BookingFilter
from services.core.errors import ValidationError
from services.core.spreadsheet import read_rows
from tests.fixtures.bookings import MONDAY, WECHAT_CSV


def _import(actor, content: bytes, filename: str = "wechat.csv"):
    frame = read_rows(filename, content)
    export, mapping = bookings_import.guess_mapping(list(frame.columns))
    channel = bookings_import.EXPORT_CHANNELS.get(export, "phone")
    return bookings_import.import_bookings(actor, frame, mapping, channel)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_wechat_export_in_any_encoding(world, staff_actor, encoding):
    assert _import(staff_actor, WECHAT_CSV.encode(encoding)) == 2
    rows = {r.unit_code: r for r in bookings.list_bookings(BookingFilter(week_start=MONDAY))}
    assert set(rows) == {"U001", "U002"}
    ktv = rows["U001"]
    assert (ktv.kind, ktv.channel, ktv.headcount) == ("offhours_inspection", "wechat", 2)
    assert len(ktv.windows) == 6  # five evenings preferred, one Saturday morning acceptable
    assert (rows["U002"].kind, rows["U002"].group_size) == ("training", 45)
    assert ktv.group_size is None


def test_the_mapping_of_known_exports_is_remembered():
    export, mapping = bookings_import.guess_mapping(
        ["服务类型", "单位/团体名称", "联系电话", "其他"]
    )
    assert export == "website"
    assert mapping == {"kind": "服务类型", "unit": "单位/团体名称", "contact_phone": "联系电话"}
    assert bookings_import.guess_mapping(["a", "b"]) == (None, {})


def test_every_bad_row_is_listed_and_nothing_is_written(world, staff_actor):
    bad = (
        WECHAT_CSV
        + "错时检查,不存在的单位,2026-12-01,,13812345678,周一 19:00-22:00,,,\n"
        + "疏散演练,U002,下周,,12345,周三 09:00-10:00,,300,\n"
        + "消防培训,U001,2026-12-02,,13812345678,周八 09:00-10:00,,30,\n"
        + "错时检查,华联KTV,2026-12-01,刘经理,13812345678,周二 19:00-22:00,,,同一单位同一周\n"
    )
    with pytest.raises(ValidationError) as caught:
        _import(staff_actor, bad.encode("utf-8"))
    found = {(e.row, e.field, e.key) for e in caught.value.errors}
    assert found == {
        (4, "booking_unit", "error.unknown"),
        (5, "booking_week", "bookings.error.date"),
        (6, "booking_preferred", "bookings.error.pattern"),
        (6, "booking_windows", "error.required"),
        (7, "booking_unit", "bookings.error.duplicate"),
    }
    assert "第 4 行 单位：找不到“不存在的单位”" in caught.value.messages("zh-CN")
    assert bookings.list_bookings(BookingFilter()) == []


def test_tours_import_into_their_slot_and_a_full_slot_is_a_row_error(world, manager, staff_actor):
    tours.publish_slots(manager, "S01", [MONDAY + timedelta(days=2)], [time(9, 30)], 60, 1, 40)
    rows = (
        "类型,单位,预约周,联系电话,来访团体,参观时段,参观人数\n"
        "消防站开放参观,S01,2026-11-30,13912345678,一小,2026-12-02 09:30,30\n"
        "消防站开放参观,S01,2026-11-30,13912345679,二小,2026-12-02 09:30,20\n"
    )
    with pytest.raises(ValidationError) as caught:
        _import(staff_actor, rows.encode("utf-8"), "template.csv")
    assert [(e.row, e.key) for e in caught.value.errors] == [(3, "tours.error.full")]
    assert tours.week_slots(MONDAY)[0].booked_groups == 0  # the first row was rolled back too
    first_row_only = "".join(rows.splitlines(keepends=True)[:2])
    assert _import(staff_actor, first_row_only.encode("utf-8"), "template.csv") == 1
    assert tours.week_slots(MONDAY)[0].booked_visitors == 30


TEMPLATE_PEOPLE = """类型,单位,预约周,联系电话,首选时段,参加人数
消防培训,U002,2026-11-30,0419-2123456,周二 09:00-11:30,60
疏散演练,U002,2026-11-30,0419-2123456,周四 14:00-16:00,500
错时检查,U001,2026-11-30,13812345678,周一 19:00-22:00,99
"""


def test_trainings_and_drills_import_their_participants(world, staff_actor):
    assert _import(staff_actor, TEMPLATE_PEOPLE.encode("utf-8"), "template.csv") == 3
    people = {r.kind: r.group_size for r in bookings.list_bookings(BookingFilter())}
    assert people == {"training": 60, "drill": 500, "offhours_inspection": None}


def test_a_missing_or_bad_participants_cell_names_its_row_and_nothing_is_written(
    world, staff_actor
):
    rows = (
        "类型,单位,预约周,联系电话,首选时段,参观人数,参加人数\n"
        "消防培训,U002,2026-11-30,0419-2123456,周二 09:00-11:30,40,\n"  # a tour's column only
        "疏散演练,U002,2026-11-30,0419-2123456,周四 14:00-16:00,,五百\n"
        "消防培训,U001,2026-11-30,13812345678,周三 09:00-11:00,,3000\n"
        "疏散演练,U001,2026-11-30,13812345678,周五 09:00-11:00,,800\n"
    )
    with pytest.raises(ValidationError) as caught:
        _import(staff_actor, rows.encode("utf-8"), "template.csv")
    found = {(e.row, e.field, e.key) for e in caught.value.errors}
    assert found == {
        (2, "booking_participants", "error.required"),
        (3, "booking_participants", "bookings.error.number"),
        (3, "booking_participants", "error.required"),
        (4, "booking_participants", "error.range"),
    }
    assert "第 2 行 参加人数：不能为空" in caught.value.messages("zh-CN")
    assert bookings.list_bookings(BookingFilter()) == []


def test_one_people_column_can_serve_tours_and_trainings(world, manager, staff_actor):
    tours.publish_slots(manager, "S01", [MONDAY + timedelta(days=2)], [time(9, 30)], 60, 1, 40)
    frame = read_rows(
        "mixed.csv",
        (
            "类型,单位,预约周,联系电话,首选时段,参观时段,人数\n"
            "消防站开放参观,S01,2026-11-30,13912345678,,2026-12-02 09:30,30\n"
            "消防培训,U002,2026-11-30,0419-2123456,周二 09:00-11:30,,75\n"
        ).encode(),
    )
    _, mapping = bookings_import.guess_mapping(list(frame.columns))
    mapping |= {"group_size": "人数", "participants": "人数"}
    assert bookings_import.import_bookings(staff_actor, frame, mapping) == 2
    people = {r.kind: r.group_size for r in bookings.list_bookings(BookingFilter())}
    assert people == {"station_tour": 30, "training": 75}
    assert tours.week_slots(MONDAY)[0].booked_visitors == 30


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_template_reads_back_with_its_own_mapping(file_format):
    content = bookings_import.template(file_format)
    frame = read_rows(f"template.{file_format}", content)
    export, mapping = bookings_import.guess_mapping(list(frame.columns))
    assert export == "template"
    assert set(mapping) == set(bookings_import.FIELDS)
    assert frame.iloc[0][mapping["kind"]] == "错时检查"
