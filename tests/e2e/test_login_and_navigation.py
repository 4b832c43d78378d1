"""Login, navigation by role, the language switch and logout, in the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pages.registry import PAGES, pages_for
from services.calendar import workdays
from services.complaints.intake import intake
from services.core.permissions import ROLES, SYSTEM, Actor
from services.i18n import t
from tests.e2e.harness import (
    DEMO_PASSWORD,
    ROLE_ACCOUNTS,
    choose,
    goto_page,
    login,
    open_app,
    pointed_at,
    sidebar_nav_titles,
    wait_for_app,
    widget,
    zh,
)
from tests.fixtures.complaints import PHONE, seed_detachment, ticket

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(app_server):
    return app_server(seed="accounts")


def expected_navigation(role: str) -> list[str]:
    """The titles the sidebar lists for `role`, from the registry and the permissions."""
    titles = [zh(spec.title_key) for spec in pages_for(Actor(None, "probe", role).can)]
    # Streamlit hides the navigation of a single page.
    return sorted(titles) if len(titles) > 1 else []


def sign_in(page, server, role: str) -> None:
    username = ROLE_ACCOUNTS[role]
    open_app(page, server, zh("auth.login"))
    login(page, username, DEMO_PASSWORD, zh("home.welcome", name=username, role=zh(f"role.{role}")))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_its_pages(server, browser_page, role):
    sign_in(browser_page, server, role)
    shown = sidebar_nav_titles(browser_page)
    assert sorted(shown) == expected_navigation(role)
    hidden = {zh(p.title_key) for p in PAGES} - set(expected_navigation(role))
    assert not hidden & set(shown)
    if role == "staff":
        assert zh("page.admin_audit") == "审计日志" and "审计日志" not in shown


def test_wrong_password_shows_the_one_generic_message(server, browser_page):
    open_app(browser_page, server, zh("auth.login"))
    login(browser_page, "clerk", "not-the-password", zh("auth.failed"))
    login(browser_page, "nobody-here", DEMO_PASSWORD, zh("auth.failed"))
    errors = browser_page.get_by_test_id("stAlertContentError").all_inner_texts()
    assert [e.strip() for e in errors] == ["用户名或密码错误。"]
    expect(browser_page.locator(".st-key-logout")).to_have_count(0)


def test_language_switch_turns_the_ui_to_english(server, browser_page):
    sign_in(browser_page, server, "admin")
    widget(browser_page, "language").get_by_role("combobox").click()
    browser_page.get_by_role("option", name="English").click()
    wait_for_app(browser_page, t("app.title", language="en"))
    expect(browser_page.get_by_role("button", name=t("app.logout", language="en"))).to_be_visible()
    expect(browser_page.get_by_text(zh("app.title"), exact=True)).to_have_count(0)


def test_logout_returns_to_the_login_form(server, browser_page):
    sign_in(browser_page, server, "duty_manager")
    widget(browser_page, "logout").get_by_role("button").click()
    wait_for_app(browser_page, zh("auth.login"))
    expect(browser_page.locator(".st-key-login_username")).to_have_count(1)
    expect(browser_page.locator(".st-key-logout")).to_have_count(0)


@pytest.fixture(scope="module")
def complaint(server) -> str:
    """One complaint case in the server's database; its ticket number."""
    with pointed_at(server.database_url):
        workdays.clear_cache()
        seed_detachment(SYSTEM)
        intake(SYSTEM, [ticket()])
        workdays.clear_cache()
    return ticket().ticket_no


def test_logout_leaves_nothing_revealed_for_the_next_person(server, browser_page, complaint):
    """A manager reveals a complainant's phone and logs out; a clerk logs in at the same
    browser (no reload: the same Streamlit session) and opens the same case."""
    page = browser_page
    sign_in(page, server, "duty_manager")
    sidebar_nav_titles(page)  # expands "view more" when the role has many pages
    goto_page(page, "complaints", zh("page.complaints"))
    page.get_by_role("tab", name=zh("complaints.tab.case")).click()
    choose(page, "cq_case", complaint)
    wait_for_app(page, "138****5678")
    widget(page, "cq_unmask").get_by_role("button").click()
    wait_for_app(page, PHONE)
    widget(page, "logout").get_by_role("button").click()
    wait_for_app(page, zh("auth.login"))
    assert PHONE not in page.content()
    login(page, "clerk", DEMO_PASSWORD, zh("home.welcome", name="clerk", role=zh("role.staff")))
    sidebar_nav_titles(page)
    goto_page(page, "complaints", zh("page.complaints"))
    page.get_by_role("tab", name=zh("complaints.tab.case")).click()
    choose(page, "cq_case", complaint)
    wait_for_app(page, "138****5678")
    assert PHONE not in page.content()
