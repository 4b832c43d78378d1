"""A 12345 ticket from the dispatch sheet to closing, in the browser: import the sheet,
assign two inspectors, verify on site, handle, inform the complainant, close."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest

from services.complaints.cases import STATUSES
from services.complaints.queue import CaseDetail, Filters, case_detail, queue
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

pytestmark = pytest.mark.e2e

TICKET = "E2E20261127001"
PHONE = "13912345678"


@pytest.fixture(scope="module")
def server(app_server):
    return app_server(seed="demo")


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "12345派单.csv"
    received = (now() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["工单号", "受理时间", "渠道", "类别", "单位名称", "地址", "区县", "投诉人",
                         "联系电话", "问题描述"])  # fmt: skip
        writer.writerow([TICKET, received, "12345", "安全出口锁闭", "浏览器测试商场",
                         "辽阳市白塔区中华大街8号", "白塔区", "周八", PHONE, "北侧安全出口上锁"])  # fmt: skip
    return path


def click(page, key: str, text: str | None = None) -> None:
    widget(page, key).get_by_role("button").first.click()
    wait_for_app(page, text)


def choose(page, key: str, typed: str | None = None) -> None:
    """Pick an option of a selectbox or multiselect: the one matching `typed`, or the first."""
    widget(page, key).get_by_role("combobox").click()
    if typed:
        page.keyboard.type(typed)
    page.get_by_role("option").first.click()
    if page.get_by_role("listbox").count():  # a multiselect stays open
        page.keyboard.press("Escape")
    wait_for_app(page)


def the_case(server) -> CaseDetail:
    """The imported ticket's case as stored (masked, as the service gives it)."""
    with pointed_at(server.database_url):
        everything = Filters(statuses=STATUSES)
        [row] = [r for r in queue(SYSTEM, everything) if r.ticket_no == TICKET]
        return case_detail(SYSTEM, row.id)


def status_of_ticket(server) -> str:
    return the_case(server).row.status


def test_ticket_from_sheet_to_closed(server, browser_page, sheet):
    page = browser_page
    open_app(page, server, zh("auth.login"))
    login(page, "manager", DEMO_PASSWORD, zh("app.title"))
    page.get_by_test_id("stSidebarNavLink").first.wait_for()
    sidebar_nav_titles(page)  # expands "view more" when the role has many pages
    goto_page(page, "complaints", zh("page.complaints"))

    page.get_by_role("tab", name=zh("complaints.tab.intake")).click()
    widget(page, "cq_upload").locator("input[type=file]").set_input_files(str(sheet))
    click(page, "cq_import", zh("complaints.imported", tickets=1, cases=1))
    assert status_of_ticket(server) == "received"

    page.get_by_role("tab", name=zh("complaints.tab.queue")).click()
    choose(page, "cq_assign_cases", TICKET)
    choose(page, "cq_assign_inspectors")
    choose(page, "cq_assign_inspectors")
    click(page, "cq_assign")
    assert status_of_ticket(server) == "assigned"

    page.get_by_role("tab", name=zh("complaints.tab.case")).click()
    choose(page, "cq_case", TICKET)
    tickets = page.get_by_test_id("stTable").first.inner_text()
    assert "139****5678" in tickets and "周*" in tickets
    assert PHONE not in page.content()
    click(page, "cq_verify")
    assert status_of_ticket(server) == "verified"
    click(page, "cq_handle")
    assert status_of_ticket(server) == "handled"
    click(page, "cq_inform")
    assert status_of_ticket(server) == "informed"
    click(page, "cq_close")
    assert status_of_ticket(server) == "closed"
    actions = [e.action for e in the_case(server).events]
    assert actions == ["received", "assign", "verify", "handle", "inform", "close"]
