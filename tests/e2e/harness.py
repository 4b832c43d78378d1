"""Run the real app with `streamlit run` and drive it in Debian's Chromium.

Plain functions (no pytest) so the browser tests, the two-instance test and
`benchmarks/startup.py` share one way of starting, seeding, waiting and logging in.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, Playwright, expect

from db import session as db_session
from db.migrate import upgrade
from services.i18n import t

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# No outside network here: these flags stop Chromium from dialling out (and failing slowly).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_S = 60
# The app is local: an http_proxy from the environment must not route the health check.
_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))
WAIT_MS = 30_000

DEMO_PASSWORD = "firedesk-demo"
# The demo detachment's logins; seed="accounts" creates the same four without the demo data.
ROLE_ACCOUNTS: dict[str, str] = {
    "admin": "admin",
    "duty_manager": "manager",
    "leader": "leader",
    "staff": "clerk",
}


@dataclass
class AppServer:
    """One `streamlit run app.py` process on its own port."""

    url: str
    database_url: str
    process: subprocess.Popen
    log: Path
    started_s: float = field(default=0.0)  # seconds from spawn to a healthy server

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def pointed_at(database_url: str) -> Iterator[None]:
    """Run services against `database_url` in this process, then point back where we were."""
    previous = db_session._current_url
    db_session.configure(database_url)
    try:
        yield
    finally:
        db_session.engine_for(database_url).dispose()
        db_session._current_url = previous


def seed_database(database_url: str, seed: str | None) -> None:
    """Migrate and fill the database before the app starts.

    seed=None leaves it empty (the app shows its setup screen); "accounts" creates one login
    per role; "demo" loads the whole demo detachment (same logins).
    """
    if seed is None:
        return
    upgrade(database_url)
    with pointed_at(database_url):
        if seed == "demo":
            from demo.setup import load_demo_detachment

            load_demo_detachment()
        elif seed == "accounts":
            _create_role_accounts()
        else:
            raise ValueError(f"unknown seed {seed!r}")


def _create_role_accounts() -> None:
    from services.accounts.users import AccountInput, create_account, create_first_admin
    from services.core.permissions import SYSTEM

    create_first_admin(ROLE_ACCOUNTS["admin"], "系统管理员", DEMO_PASSWORD)
    for role, username in ROLE_ACCOUNTS.items():
        if role != "admin":
            create_account(SYSTEM, AccountInput(username, username, role, DEMO_PASSWORD))


def start_app(
    database_url: str, log_dir: Path, extra_env: dict[str, str] | None = None
) -> AppServer:
    """Start the app on a free port and return once `/_stcore/health` answers ok."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIREDESK_", "STREAMLIT_"))}
    env.update(
        DATABASE_URL=database_url,
        PYTHONPATH=str(ROOT),
        STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
        **(extra_env or {}),
    )
    log = log_dir / f"streamlit-{port}.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
    ]
    started = time.perf_counter()
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    server = AppServer(f"http://127.0.0.1:{port}", database_url, process, log)
    try:
        _wait_healthy(server)
    except BaseException:
        server.stop()
        raise
    server.started_s = time.perf_counter() - started
    return server


def _wait_healthy(server: AppServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{server.log.read_text(errors='replace')}")
        try:
            with _LOCAL.open(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.status == 200 and response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"streamlit not healthy after {START_TIMEOUT_S} s:\n{server.log.read_text()}"
    )


def launch_chromium(playwright: Playwright) -> Browser:
    # expect() waits 5 s by default; a cold page on a busy CI machine can take longer.
    expect.set_options(timeout=WAIT_MS)
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def zh(key: str, **params: object) -> str:
    """The Simplified Chinese text of a catalog key: what the journeys expect on screen."""
    return t(key, language="zh-CN", **params)


def wait_for_app(page: Page, text: str | None = None, timeout: int = WAIT_MS) -> None:
    """Wait until the script run is over (connected, not running, no status widget, no stale
    elements), then until `text` is on the page, so assertions never see a half-drawn rerun."""
    # A click's rerun may not have started yet; Streamlit's own e2e tests pause this long too.
    page.wait_for_timeout(150)
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=timeout)
    if text is not None:
        # The text may also sit in hidden copies (closed expanders, option lists).
        shown = page.get_by_text(text, exact=False).filter(visible=True).first
        expect(shown).to_be_visible(timeout=timeout)


def open_app(page: Page, server: AppServer, text: str | None = None) -> None:
    page.goto(server.url)
    wait_for_app(page, text)


def widget(page: Page, key: str) -> Locator:
    """The element of the widget created with `key=` (Streamlit marks it `st-key-<key>`)."""
    return page.locator(f".st-key-{key}")


def fill(page: Page, key: str, value: str) -> None:
    widget(page, key).locator("input").fill(value)


def choose(page: Page, key: str, option: str) -> None:
    """Pick `option` in a selectbox by typing it: the drop-down draws only the options in
    view, so a long list's later options are not there to click until the list is filtered."""
    widget(page, key).click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).click()


def submit_form(page: Page, text: str | None = None) -> None:
    page.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    wait_for_app(page, text)


def login(page: Page, username: str, password: str, text: str | None = None) -> None:
    """Submit the login form (the page must show it); `text` is what to wait for after."""
    fill(page, "login_username", username)
    fill(page, "login_password", password)
    submit_form(page, text)


def sidebar_nav_titles(page: Page) -> list[str]:
    """The titles of every page in the sidebar navigation (none when the user has only one
    page: Streamlit then hides the navigation)."""
    expand_sidebar_nav(page)
    links = page.get_by_test_id("stSidebarNav").get_by_test_id("stSidebarNavLink")
    # The link's text also holds the icon's name; its `label` span holds just the title.
    return [link.locator("span[label]").get_attribute("label") or "" for link in links.all()]


def goto_page(page: Page, url_path: str, text: str | None = None) -> None:
    """Open a page through its sidebar link (the default page's link is "/": url_path="").

    A full reload would start a new Streamlit session, which is logged out."""
    nav = page.get_by_test_id("stSidebarNav")
    link = nav.locator(f'a[data-testid="stSidebarNavLink"][href$="/{url_path}"]').first
    if not link.count():  # a long menu folds its tail behind "View more", as a user sees it
        expand_sidebar_nav(page)
    link.click()
    wait_for_app(page, text)


def expand_sidebar_nav(page: Page) -> None:
    """Unfold a long sidebar menu ("View more"), as a user would, if it is folded."""
    more = page.get_by_test_id("stSidebarNavViewButton")
    if more.count() and "more" in more.inner_text().lower():
        more.click()
        # The folded links appear after a re-render; wait for the button to say "less".
        expect(more).not_to_contain_text("more", ignore_case=True)
