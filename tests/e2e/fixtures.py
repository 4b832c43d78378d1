"""The browser tests' fixtures; documented in tests/e2e/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import TEST_DATABASE_URL, _create_postgres_database, _drop_postgres_database
from tests.e2e.harness import WAIT_MS, AppServer, launch_chromium, seed_database, start_app


@pytest.fixture(scope="module")
def app_server(tmp_path_factory) -> Iterator:
    servers: list[AppServer] = []
    databases: list[str] = []

    def start(
        seed: str | None = "accounts",
        backend: str = "sqlite",
        database_url: str | None = None,
        **env: str,
    ) -> AppServer:
        if database_url is not None:
            seed = None  # another server's database: use it as it is
        elif backend == "postgres":
            if not TEST_DATABASE_URL:
                pytest.fail("this test needs PostgreSQL: set TEST_DATABASE_URL")
            database_url, name = _create_postgres_database()
            databases.append(name)
        else:
            database_url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'firedesk.sqlite3'}"
        seed_database(database_url, seed)
        server = start_app(database_url, tmp_path_factory.mktemp("logs"), env)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
    for name in databases:
        _drop_postgres_database(name)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    context.set_default_timeout(WAIT_MS)
    yield context.new_page()
    context.close()
