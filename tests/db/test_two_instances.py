"""Two app processes on one PostgreSQL database, as behind a load balancer: what one
instance writes, the other serves at once (no state kept in a process)."""

import pytest
from playwright.sync_api import expect

# The browser tests' fixtures, used below as arguments (hence F811).
from tests.e2e.fixtures import app_server, browser, browser_page  # noqa: F401
from tests.e2e.harness import fill, login, open_app, submit_form, zh

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]


def test_admin_made_on_one_instance_logs_in_on_the_other(app_server, browser, browser_page):  # noqa: F811
    instance_a = app_server(seed=None, backend="postgres")
    instance_b = app_server(database_url=instance_a.database_url)
    assert instance_a.url != instance_b.url

    welcome = zh("home.welcome", name="chief", role=zh("role.admin"))
    open_app(browser_page, instance_a, zh("setup.title"))
    fill(browser_page, "setup_username", "chief")
    fill(browser_page, "setup_display_name", "王支队")
    fill(browser_page, "setup_password", "s3cret-pass")
    submit_form(browser_page, welcome)

    other = browser.new_context().new_page()
    open_app(other, instance_b, zh("auth.login"))
    expect(other.locator(".st-key-setup_username")).to_have_count(0)
    login(other, "chief", "s3cret-pass", welcome)
    expect(other.locator(".st-key-logout")).to_have_count(1)
    other.context.close()
