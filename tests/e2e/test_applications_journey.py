"""A front-desk application from the window to delivery, in the browser: the clerk takes an
incomplete pre-opening check (容缺受理), downloads the one-time notice, records the
supplement, the inspection, the approval and the hand-over; and a change of name, decided
without inspection and delivered by free post."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update

from db.models.applications import Application
from db.session import engine_for, read_session
from tests.e2e.harness import (
    DEMO_PASSWORD,
    goto_page,
    login,
    open_app,
    pointed_at,
    wait_for_app,
    widget,
    zh,
)

pytestmark = pytest.mark.e2e

UNIT = "浏览器测试KTV"
APPLICANT = "周八斤"
PHONE = "13912345678"


@pytest.fixture(scope="module")
def server(app_server):
    return app_server(seed="accounts")


def click(page, key: str, text: str | None = None) -> None:
    widget(page, key).get_by_role("button").first.click()
    wait_for_app(page, text)


def tick(page, key: str) -> None:
    widget(page, key).locator("label").first.click()
    wait_for_app(page)


def type_in(page, key: str, value: str) -> None:
    field = widget(page, key).locator("input, textarea").first
    field.fill(value)
    field.press("Enter")
    wait_for_app(page)


def pick_all(page, key: str, count: int) -> None:
    """Pick `count` options of a multiselect, one after another."""
    for _ in range(count):
        widget(page, key).get_by_role("combobox").click()
        page.get_by_role("option").first.click()
        if page.get_by_role("listbox").count():
            page.keyboard.press("Escape")
        wait_for_app(page)


def downloaded(page, key: str) -> str:
    with page.expect_download() as download:
        widget(page, key).locator("button").click()
    return download.value.path().read_text(encoding="utf-8")


def the_application(server, unit: str) -> Application:
    with pointed_at(server.database_url), read_session() as session:
        return session.scalar(select(Application).where(Application.unit_name == unit))


def take_application(page, kind: str, documents: list[str], unit: str) -> None:
    goto_page(page, "application-new", zh("applications.intake.handed_in"))
    if kind != "pre_opening_check":
        widget(page, "an_type").click()
        page.get_by_role("option").nth(1).click()
        wait_for_app(page)
    for code in documents:
        tick(page, f"an_doc_{kind}_{code}")
    type_in(page, "an_unit", unit)
    type_in(page, "an_applicant", APPLICANT)
    type_in(page, "an_phone", PHONE)


def test_an_incomplete_pre_opening_check_from_notice_to_hand_over(server, browser_page):
    page = browser_page
    open_app(page, server, zh("auth.login"))
    login(page, "clerk", DEMO_PASSWORD, zh("app.title"))
    take_application(
        page,
        "pre_opening_check",
        ["application_form", "applicant_id", "floor_plan", "safety_rules", "training_records"],
        UNIT,
    )
    click(page, "an_submit", "已容缺受理")
    expect(page.get_by_test_id("stAlertContentWarning")).to_contain_text("一次性告知 2 项材料")

    notice = downloaded(page, "an_notice")
    assert "一次性告知书" in notice and UNIT in notice
    assert "室内装修装饰材料防火性能证明文件" in notice and "消防设施检测合格证明" in notice
    assert "营业执照" not in notice and "消防安全检查申请表" not in notice  # internal, handed in
    assert APPLICANT not in notice and PHONE not in notice
    receipt = downloaded(page, "an_receipt")
    assert "受理回执" in receipt and "员工岗前消防安全教育培训记录" in receipt
    row = the_application(server, UNIT)
    assert row.status == "supplementing"

    goto_page(page, "applications", zh("applications.queue.pick"))
    assert APPLICANT not in page.content() and PHONE not in page.content()
    pick_all(page, f"ap_supp_{row.id}", 2)
    click(page, f"ap_supp_go_{row.id}", zh("applications.status.accepted"))
    assert the_application(server, UNIT).status == "accepted"

    # The inspection happens on a later day than the intake (the form's time is to the
    # minute, and an inspection may not come before the acceptance).
    with pointed_at(server.database_url), engine_for(server.database_url).begin() as conn:
        conn.execute(
            update(Application)
            .where(Application.id == row.id)
            .values(accepted_at=row.accepted_at - timedelta(days=1))
        )
    goto_page(page, "applications", zh("applications.queue.pick"))
    expect(widget(page, f"ap_approve_{row.id}")).to_have_count(0)  # not inspected yet
    click(page, f"ap_inspect_{row.id}", zh("applications.status.inspected"))
    inspected = the_application(server, UNIT)
    assert inspected.status == "inspected" and inspected.decision_due_at is not None
    click(page, f"ap_approve_{row.id}", zh("applications.status.approved"))
    expect(widget(page, f"ap_send_{row.id}")).to_have_count(0)  # collected in person
    click(page, f"ap_hand_{row.id}", zh("applications.queue.empty"))
    done = the_application(server, UNIT)
    assert (done.status, done.decision) == ("delivered", "approved")
    assert done.received_at is not None


def test_a_name_change_is_decided_without_inspection_and_posted(server, browser_page):
    page = browser_page
    unit = "浏览器测试影城"
    open_app(page, server, zh("auth.login"))
    login(page, "clerk", DEMO_PASSWORD, zh("app.title"))
    take_application(page, "name_or_representative_change", ["change_application"], unit)
    widget(page, "an_method").get_by_text(zh("applications.delivery.post")).click()
    wait_for_app(page)
    type_in(page, "an_postal", "辽阳市白塔区中华大街8号")
    click(page, "an_submit", "已容缺受理")
    notice = downloaded(page, "an_notice")
    for name in ("新场所名称预先核准通知书", "许可文书原件", "新旧法定代表人身份证复印件"):
        assert name in notice
    row = the_application(server, unit)

    goto_page(page, "applications", zh("applications.queue.pick"))
    pick_all(page, f"ap_supp_{row.id}", 3)
    click(page, f"ap_supp_go_{row.id}", zh("applications.status.accepted"))
    expect(widget(page, f"ap_inspect_{row.id}")).to_have_count(0)  # no inspection (measure 02)
    click(page, f"ap_approve_{row.id}", zh("applications.status.approved"))
    type_in(page, f"ap_tracking_{row.id}", "EMS1234567890")
    click(page, f"ap_send_{row.id}", zh("applications.status.sent"))
    assert the_application(server, unit).tracking_no == "EMS1234567890"
    click(page, f"ap_receive_{row.id}", zh("applications.queue.empty"))
    done = the_application(server, unit)
    assert (done.status, done.delivery_method, done.inspected_at) == ("delivered", "post", None)
