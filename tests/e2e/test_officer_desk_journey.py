"""The demo officer in the browser: logs in, finds tomorrow evening's training on their
home page, and records it as done with an outcome."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from rules.weeks import monday_of
from services.core.clock import now
from tests.e2e.harness import DEMO_PASSWORD, WAIT_MS, login, open_app, wait_for_app, zh

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(app_server):
    return app_server(seed="demo")


def test_the_officer_sees_tomorrows_task_and_marks_it_done(server, browser_page):
    page = browser_page
    open_app(page, server, zh("auth.login"))
    login(page, "officer", DEMO_PASSWORD, text=zh("desk.officer.title"))
    # The demo gives the officer a training at 19:00 tomorrow (on a Sunday, tonight: the
    # week's plan ends with the week).
    today = now().date()
    day = min(today + timedelta(days=1), monday_of(today) + timedelta(days=6))
    task = page.locator('[class*="st-key-desk_task_"]').filter(has_text=f"{day:%m-%d} 19:00")
    expect(task.first).to_be_visible(timeout=WAIT_MS)
    expect(task.first).to_contain_text(zh("plan.kind.training"))
    task.first.locator("textarea").fill("培训员工32人，演示灭火器使用")
    task.first.get_by_test_id("stBaseButton-secondaryFormSubmit").click()
    wait_for_app(page, text="已完成：培训员工32人，演示灭火器使用")
    expect(page.get_by_test_id("stException")).to_have_count(0)
