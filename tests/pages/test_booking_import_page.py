"""The import page: a WeChat export is recognised, rows are checked, then saved together."""

from __future__ import annotations

import pytest

from services.bookings import requests as bookings
from services.bookings.requests import BookingFilter
from tests.fixtures.bookings import WECHAT_CSV, build_world
from tests.pages.conftest import downloads, open_app


@pytest.fixture
def world_app(app_db):
    build_world()
    return app_db


def _upload(actor, content: bytes, name: str = "微信导出.csv"):
    app = open_app(actor, page="pages/booking_import.py")
    app.file_uploader(key="bi_file").set_value((name, content, "text/csv")).run()
    return app


@pytest.mark.usefixtures("world_app")
def test_a_gbk_wechat_export_is_mapped_and_imported(staff_actor):
    app = _upload(staff_actor, WECHAT_CSV.encode("gbk"))
    assert not app.exception
    assert downloads(app) == {"bi_template_csv": False, "bi_template_xlsx": False}
    assert "识别为微信公众号导出" in " ".join(i.value for i in app.info)
    assert app.selectbox(key="bi_map_contact_phone").value == "手机号码"
    assert app.selectbox(key="bi_map_mode").value is None
    assert app.selectbox(key="bi_channel").value == "wechat"
    app.button(key="bi_submit").click().run()
    assert "已导入 2 条预约" in " ".join(s.value for s in app.success)
    assert len(bookings.list_bookings(BookingFilter())) == 2


@pytest.mark.usefixtures("world_app")
def test_bad_rows_are_listed_with_their_numbers(staff_actor):
    bad = WECHAT_CSV + "错时检查,U001,2026-12-01,,139,周一 19:00-22:00,,\n"
    app = _upload(staff_actor, bad.encode("utf-8"))
    app.button(key="bi_submit").click().run()
    errors = " ".join(e.value for e in app.error)
    assert "第 4 行 联系电话：“139”不是有效的手机号或固定电话" in errors
    assert bookings.list_bookings(BookingFilter()) == []


@pytest.mark.usefixtures("world_app")
def test_a_remapped_column_is_used(staff_actor):
    # The phone sits in a column the WeChat mapping does not know.
    csv = WECHAT_CSV.replace("手机号码", "电话").encode("utf-8")
    app = _upload(staff_actor, csv)
    assert app.selectbox(key="bi_map_contact_phone").value is None
    app.selectbox(key="bi_map_contact_phone").set_value("电话").run()
    app.button(key="bi_submit").click().run()
    assert len(bookings.list_bookings(BookingFilter())) == 2


@pytest.mark.usefixtures("world_app")
@pytest.mark.parametrize(
    ("name", "content", "shown"),
    [
        ("空.csv", b"", "是空文件"),
        ("表头.csv", "预约事项,单位名称\n".encode(), "只有表头"),
        ("坏.xlsx", b"PK\x03\x04broken", "不是有效的 Excel 文件"),
    ],
)
def test_an_unreadable_file_is_a_clear_message_not_a_traceback(staff_actor, name, content, shown):
    app = _upload(staff_actor, content, name)
    assert not app.exception
    assert any(shown in e.value and name in e.value for e in app.error), [
        e.value for e in app.error
    ]
