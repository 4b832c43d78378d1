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
