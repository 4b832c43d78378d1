"""双随机一公开 in the browser on the demo detachment: the admin keeps the registers, the
duty manager sees this month's draw, the demo inspector records one of their random
inspections from their own list of every kind of inspection, and leadership finds that result in this month's
disclosure and its printable page."""

import pytest
from playwright.sync_api import expect

from services.core.clock import now
from tests.e2e.harness import (
    DEMO_PASSWORD,
    WAIT_MS,
    choose,
    goto_page,
    login,
    open_app,
    sidebar_nav_titles,
    wait_for_app,
    widget,
    zh,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(app_server):
    return app_server(seed="demo")


def _sign_in(page, server, username: str) -> None:
    open_app(page, server, zh("auth.login"))
    login(page, username, DEMO_PASSWORD, text="欢迎")


def test_the_admin_keeps_the_registers(server, browser_page):
    page = browser_page
    _sign_in(page, server, "admin")
    # The admin's navigation is long: unfold it so the admin pages' links are there.
    assert zh("page.draw_registers") in sidebar_nav_titles(page)
    goto_page(page, "draw-registers", text=zh("registers.intro"))
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=WAIT_MS)
    widget(page, "registers_unit_save").locator("button").click()
    wait_for_app(page, text="已保存")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_the_manager_sees_this_month_s_draw(server, browser_page):
    page = browser_page
    _sign_in(page, server, "manager")
    goto_page(page, "draws", text=zh("draws.intro"))
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text(zh("draws.status.current")).first).to_be_attached()
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_the_inspector_records_and_leadership_discloses(server, browser_page):
    page = browser_page
    _sign_in(page, server, "inspector")
    goto_page(page, "my-inspections", text=zh("mine.intro"))
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=WAIT_MS)
    # The list holds every kind of inspection: take a random one (it is this month's).
    widget(page, "mine_pick").click()
    random_kind = zh("disclosure.kind.random_inspection")
    page.keyboard.type(random_kind)
    page.get_by_role("option").filter(has_text=random_kind).first.click()
    wait_for_app(page)
    widget(page, "mine_submit").locator("button").click()
    wait_for_app(page, text="已登记")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    # "已登记：U0123 某某商场（未发现问题）": the unit's name is what the public reads.
    recorded = page.get_by_test_id("stAlert").filter(has_text="已登记").first.inner_text()
    name = recorded.split("：", 1)[1].split("（", 1)[0].split(" ", 1)[1]

    leader = page.context.browser.new_context().new_page()
    _sign_in(leader, server, "leader")
    goto_page(leader, "disclosure", text=zh("disclosure.intro"))
    choose(leader, "disclosure_month", f"{now():%Y-%m}")
    wait_for_app(leader, text=zh("disclosure.outcomes"))
    expect(leader.get_by_text(zh("disclosure.col.publish_by")).first).to_be_attached()
    with leader.expect_download() as download:
        widget(leader, "disclosure_print").locator("button").click()
    content = download.value.path().read_text(encoding="utf-8")
    assert zh("disclosure.col.publish_by") in content
    assert f"<td>{name}</td>" in content
    assert zh("disclosure.kind.random_inspection") in content
