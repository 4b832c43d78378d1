"""A duty manager plans the demo week in the browser: solve, timeline, lock, re-plan,
publish, download a personal calendar."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from rules.weeks import monday_of
from services.core.clock import now
from services.planning import locks as plan_locks
from services.planning import versions as plan_versions
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
SOLVE_WAIT_MS = 90_000


@pytest.fixture(scope="module")
def server(app_server):
    return app_server(seed="demo")


def choose(page, key: str, label: str, text: str | None = None) -> None:
    widget(page, key).get_by_text(label, exact=True).click()
    wait_for_app(page, text)


def short_time_limit(page) -> None:
    field = widget(page, "plan_time_limit").locator("input")
    field.fill("3")
    field.press("Enter")
    wait_for_app(page)


def version_picker(page):
    return widget(page, "plan_version").get_by_role("combobox")


def solve_and_wait(page, button: str) -> None:
    widget(page, button).locator("button").click()
    # The fragment polls the background solve and opens its draft when it is done.
    expect(page.get_by_text("求解完成").first).to_be_visible(timeout=SOLVE_WAIT_MS)
    wait_for_app(page)


def test_a_manager_plans_the_week_end_to_end(server, browser_page):
    page = browser_page
    week = monday_of(now().date()) + timedelta(days=7)  # the page's default week
    open_app(page, server, zh("auth.login"))
    login(page, "manager", DEMO_PASSWORD, text="欢迎")
    sidebar_nav_titles(page)  # opens "view more" when the manager's menu is long
    goto_page(page, "planning", text=zh("page.planning"))

    choose(page, "plan_view", zh("plan.view.prepare"), text=zh("plan.prepare.warnings"))
    choose(page, "plan_view", zh("plan.view.solve"), text=zh("plan.solve.start"))
    short_time_limit(page)
    solve_and_wait(page, "plan_solve")
    expect(version_picker(page)).to_have_value(re.compile("第 1 版 · 草稿"))
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()  # the timeline

    choose(page, "plan_view", zh("plan.view.adjust"), text=zh("plan.adjust.lock"))
    expect(page.get_by_text(zh("plan.adjust.check_ok"))).to_be_visible()
    widget(page, "plan_lock").locator("button").click()
    wait_for_app(page, text="下次求解将保持不变")
    expect(page.get_by_text(zh("plan.adjust.locks"))).to_be_visible()
    short_time_limit(page)
    solve_and_wait(page, "plan_replan")
    expect(version_picker(page)).to_have_value(re.compile("第 2 版 · 草稿"))

    with pointed_at(server.database_url):
        [replanned, _first] = plan_versions.week_versions(week)
        [held] = plan_locks.week_locks(week).values()
    kept = next(a for a in replanned.plan["assignments"] if a["task"] == held.task)
    assert (kept["start"], tuple(kept["staff"])) == (held.start, held.staff)

    choose(page, "plan_view", zh("plan.view.publish"), text=zh("plan.publish.go"))
    widget(page, "plan_publish").locator("button").click()
    wait_for_app(page, text="已发布")
    with page.expect_download() as download:
        widget(page, "plan_ics_download").locator("button").click()
    calendar = download.value.path().read_bytes()
    assert calendar.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"DTSTART;TZID=Asia/Shanghai:" in calendar
    expect(page.get_by_test_id("stException")).to_have_count(0)
    with pointed_at(server.database_url):
        assert plan_versions.published_version(week).id == replanned.id
