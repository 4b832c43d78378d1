"""First start in the browser: the setup screen creates the first administrator."""

import pytest
from playwright.sync_api import expect

from services.i18n import t
from tests.e2e.harness import fill, open_app, submit_form

pytestmark = pytest.mark.e2e


def test_setup_screen_creates_the_first_administrator(app_server, browser, browser_page):
    server = app_server(seed=None)
    open_app(browser_page, server, t("setup.title", language="zh-CN"))
    fill(browser_page, "setup_username", "chief")
    fill(browser_page, "setup_display_name", "王支队")
    fill(browser_page, "setup_password", "s3cret-pass")
    welcome = t("home.welcome", language="zh-CN", name="chief", role=t("role.admin", "zh-CN"))
    submit_form(browser_page, welcome)

    # Setup is over for everyone: a second visitor gets the login form, not the setup screen.
    visitor = browser.new_context().new_page()
    open_app(visitor, server, t("auth.login", language="zh-CN"))
    expect(visitor.locator(".st-key-login_username")).to_have_count(1)
    expect(visitor.locator(".st-key-setup_username")).to_have_count(0)
    visitor.context.close()
