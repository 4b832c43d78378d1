"""Bookings in the browser: a clerk enters an off-hours inspection and a station tour,
imports a WeChat export, edits one booking and cancels another."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from rules.weeks import next_monday
from services.bookings import requests as bookings
from services.bookings import tours
from services.bookings.requests import BookingFilter
from services.core.clock import now
from services.core.permissions import SYSTEM
from tests.e2e.harness import (
    DEMO_PASSWORD,
    goto_page,
    login,
    open_app,
    pointed_at,
    sidebar_nav_titles,
    wait_for_app,
    widget,
    zh,
)
from tests.fixtures.bookings import build_world

pytestmark = pytest.mark.e2e

WEEK = next_monday(now().date())


@pytest.fixture(scope="module")
def server(app_server):
    server = app_server(seed="accounts")
    with pointed_at(server.database_url):
        build_world()  # a small detachment: headquarters, station S01, units U001 and U002
        tours.publish_slots(SYSTEM, "S01", [WEEK + timedelta(days=2)], [time(9, 30)], 60, 1, 40)
    return server


def stored(server) -> list[bookings.BookingRow]:
    with pointed_at(server.database_url):
        return bookings.list_bookings(BookingFilter(week_start=WEEK))


def click(page, key: str, text: str | None = None) -> None:
    widget(page, key).get_by_role("button").first.click()
    wait_for_app(page, text)


def choose(page, key: str, typed: str | None = None) -> None:
    widget(page, key).get_by_role("combobox").click()
    if typed:
        page.keyboard.type(typed)
    page.get_by_role("option").first.click()
    wait_for_app(page)


def type_into(page, key: str, value: str, element: str = "input") -> None:
    box = widget(page, key).locator(element)
    box.fill(value)
    box.press("Tab")  # Streamlit takes the value when the field loses focus
    wait_for_app(page)


def sign_in_as_clerk(page, server) -> None:
    open_app(page, server, zh("auth.login"))
    login(page, "clerk", DEMO_PASSWORD, zh("app.title"))
    sidebar_nav_titles(page)  # expands "view more" when the role has many pages


def test_clerk_enters_imports_edits_and_cancels(server, browser_page, tmp_path):
    page = browser_page
    sign_in_as_clerk(page, server)

    # An off-hours inspection: the KTV's opening hours fill in the preferred times.
    goto_page(page, "booking-new", zh("page.booking_new"))
    choose(page, "bn_unit", "U001")
    assert "周一 18:00–23:00" in widget(page, "bn_U001_preferred").locator("textarea").input_value()
    type_into(page, "bn_contact_phone", "13812345678")
    click(page, "bn_submit", "预约已保存")
    [inspection] = stored(server)
    assert (inspection.kind, inspection.headcount, inspection.unit_code) == (
        "offhours_inspection",
        2,
        "U001",
    )

    # A station tour into the published slot.
    choose(page, "bn_kind", zh("bookings.kind.station_tour"))
    choose(page, "bn_unit", "S01")
    choose(page, "bn_slot")
    type_into(page, "bn_group", "实验小学五年级")
    click(page, "bn_submit", "预约已保存")
    assert {r.kind for r in stored(server)} == {"offhours_inspection", "station_tour"}

    # A WeChat export in GBK.
    export = tmp_path / "微信预约导出.csv"
    export.write_bytes(
        (
            "预约事项,单位名称,预约日期,联系人,手机号码,期望时间,备选时间,参加人数,留言\n"
            f"消防培训,首山化工有限公司,{WEEK},陈主任,0419-2123456,周二 09:00-11:30,,40,新员工\n"
            f"疏散演练,U002,{WEEK},陈主任,0419-2123456,周四 14:00-16:00,,260,\n"
        ).encode("gbk")
    )
    goto_page(page, "booking-import", zh("page.booking_import"))
    widget(page, "bi_file").locator("input[type=file]").set_input_files(str(export))
    wait_for_app(page, "识别为微信公众号导出")
    click(page, "bi_submit", zh("bookings.imported", count=2))
    assert len(stored(server)) == 4
    people = {r.kind: r.group_size for r in stored(server)}
    assert (people["training"], people["drill"]) == (40, 260)

    # Edit the inspection's notes, then cancel it with a reason.
    goto_page(page, "bookings", zh("page.bookings"))
    choose(page, "bl_selected", f"#{inspection.id}")
    page.get_by_text(zh("bookings.edit")).click()
    type_into(
        page, f"be_{inspection.id}_v{inspection.version}_notes", "从东门进入", element="textarea"
    )
    click(page, f"bl_save_{inspection.id}", zh("common.saved"))
    choose(page, "bl_selected", f"#{inspection.id}")
    type_into(page, f"bl_reason_{inspection.id}", "单位停业装修")
    click(page, f"bl_cancel_{inspection.id}", zh("common.saved"))
    with pointed_at(server.database_url):
        detail = bookings.get_booking(SYSTEM, inspection.id)
    assert (detail.status, detail.data.notes) == ("cancelled", "从东门进入")
    assert detail.history[-1].reason == "单位停业装修"
