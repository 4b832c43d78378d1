"""The printable correction order carries the guidance and escapes free text; the guidance
library is edited by managers only, and its edits reach the next case, never one opened."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db.models.hazards import HazardCase
from db.session import read_session
from services.core.errors import ConflictError, PermissionDenied
from services.hazards import cases, guidance, orders
from tests.conftest import make_actor


def _latest() -> HazardCase:
    with read_session() as session:
        return session.scalars(select(HazardCase).order_by(HazardCase.id.desc())).first()


def test_the_printed_order_has_its_number_guidance_and_escaped_text(clock, staff_actor, inspect):
    inspect(staff_actor, "R001", "2026-02-13 15:00", findings=["exits", "storage"])
    case = _latest()
    plans = [
        {"hazard_type": "exits", "plan": "拆除<script>alert(1)</script>铁栅栏", "standard": "GB&1"},
        case.guidance[1],
    ]
    cases.adjust(staff_actor, case.id, case.version, guidance_plans=plans, note="<b>二楼</b>")
    clock.set("2026-02-14 09:00")
    cases.issue_order(staff_actor, case.id, _latest().version, date(2026, 3, 31))
    html = orders.order_html(_latest(), "单位<001>", "zh-CN")
    assert "辽阳消限字〔2026〕第0001号" in html
    assert "责令限期改正通知书" in html and "整改指导" in html
    assert "2026年3月31日" in html
    assert "分类分库存放" in html  # the library's storage plan, copied in
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "&lt;b&gt;二楼&lt;/b&gt;" in html and "单位&lt;001&gt;" in html
    assert "GB&amp;1" in html
    assert "@media print" in html


def test_an_order_not_issued_is_not_printed(clock, staff_actor, inspect):
    inspect(staff_actor, "R001", "2026-02-13 15:00")
    with pytest.raises(ValueError):
        orders.order_html(_latest(), "单位001", "zh-CN")


def test_managers_edit_the_library_and_the_next_case_copies_it(
    clock, staff_actor, manager, inspect
):
    inspect(staff_actor, "R001", "2026-02-13 15:00", findings=["electrical"])
    before = _latest().guidance
    with pytest.raises(PermissionDenied):
        guidance.save_guidance(staff_actor, "electrical", None, "新方案", "New plan", "")
    guidance.save_guidance(manager, "electrical", None, "更换全部老化线路", "Rewire", "GB 1")
    with pytest.raises(ConflictError):
        guidance.save_guidance(manager, "electrical", None, "又一版", "Again", "")
    entry = {e.hazard_type: e for e in guidance.library()}["electrical"]
    assert (entry.plan_zh, entry.version) == ("更换全部老化线路", 1)
    inspect(staff_actor, "R002", "2026-02-13 15:30", findings=["electrical"])
    assert _latest().guidance == [
        {"hazard_type": "electrical", "plan": "更换全部老化线路", "standard": "GB 1"}
    ]
    with read_session() as session:
        first = session.scalars(select(HazardCase).order_by(HazardCase.id)).first()
    assert first.guidance == before


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_order_has_its_number_guidance_and_typed_text_as_text(clock, staff_actor, inspect):
    inspect(staff_actor, "R001", "2026-02-13 15:00", findings=["exits", "storage"])
    case = _latest()
    plans = [
        {"hazard_type": "exits", "plan": "拆除<script>铁栅栏</script> & 锁", "standard": "GB<1>"},
        case.guidance[1],
    ]
    note = "二楼<b>东侧</b>\n第二行 <font size=40>x</font>"
    cases.adjust(staff_actor, case.id, case.version, guidance_plans=plans, note=note)
    clock.set("2026-02-14 09:00")
    cases.issue_order(staff_actor, case.id, _latest().version, date(2026, 3, 31))
    data = orders.order_pdf_file(staff_actor, case.id, "zh-CN")
    assert data.startswith(b"%PDF-")
    text = _pdf_text(data).replace("\n", "")
    assert "辽阳消限字〔2026〕第0001号" in text
    assert "责令限期改正通知书" in text and "整改指导" in text
    assert "2026年3月31日" in text
    assert "分类分库存放" in text  # the library's storage plan, copied in
    # Typed markup is printed as the characters typed, never read as reportlab markup.
    assert "拆除<script>铁栅栏</script> & 锁" in text
    assert "<font size=40>x</font>" in text and "二楼<b>东侧</b>" in text
    assert "GB<1>" in text
    english = _pdf_text(orders.order_pdf_file(staff_actor, case.id, "en"))
    assert "Correction order" in english and "Rectification guidance" in english


def test_a_pdf_of_an_order_not_issued_is_refused(clock, staff_actor, inspect):
    inspect(staff_actor, "R001", "2026-02-13 15:00")
    with pytest.raises(ValueError):
        orders.order_pdf(_latest(), "单位001", "zh-CN")
    with pytest.raises(PermissionDenied):
        orders.order_pdf_file(make_actor("nobody"), _latest().id)
