"""The printable notice and receipt: what they list, and free text escaped."""

from __future__ import annotations

from html import escape

from services.applications import types
from services.applications.intake import ApplicationInput, intake
from services.applications.printouts import notice_html, receipt_html
from services.applications.queue import get_application
from tests.conftest import make_actor

CLERK = make_actor("staff")
HOSTILE = '<script>alert("x")</script>KTV'


def test_the_notice_lists_every_missing_document_and_escapes_the_venue(clock):
    kind = types.type_by_code(types.PRE_OPENING)
    data = ApplicationInput(
        kind.id, HOSTILE, "张三丰", "13812345678", ["application_form", "applicant_id"]
    )
    row = get_application(CLERK, intake(CLERK, data).application_id)
    page = notice_html(row, "zh-CN")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    for document in kind.documents:
        listed = f"<li>{document.name_zh}</li>" in page
        assert listed == (document.requirement == "supplementable"), document.code
    assert "2026年2月25日" in page  # the supplement deadline
    assert "张三丰" not in page and "13812345678" not in page
    assert "@media print" in page


def test_the_receipt_lists_what_was_handed_in_and_the_inspection_clock(clock):
    kind = types.type_by_code(types.PRE_OPENING)
    data = ApplicationInput(
        kind.id,
        "好时光KTV",
        "张三丰",
        "13812345678",
        ["application_form", "applicant_id", "floor_plan"],
    )
    row = get_application(CLERK, intake(CLERK, data).application_id)
    page = receipt_html(row, "en")
    listed = [d.code for d in kind.documents if f"<li>{escape(d.name_en)}</li>" in page]
    assert listed == ["application_form", "applicant_id", "floor_plan"]
    assert "2026-03-03" in page
    assert "Collect in person" in page
