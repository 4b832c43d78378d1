"""App start-up benchmark: from `streamlit run` to the first login page, and to the first
page after logging in, with the demo detachment loaded, in Debian's Chromium.

    python -m benchmarks.startup                  # 3 cold starts on SQLite
    python -m benchmarks.startup --runs 5 --postgres   # on a new database on TEST_DATABASE_URL

Each run loads the demo into a new database (timed on its own), then starts a new
`streamlit run` process, so every start is cold: the first script run also imports the
app and checks the migrations. The browser is launched before the clock starts.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from services.i18n import t
from tests.e2e.harness import (
    DEMO_PASSWORD,
    launch_chromium,
    login,
    open_app,
    seed_database,
    start_app,
)

STEPS = {
    "demo": "load the demo detachment (`load_demo_detachment`)",
    "healthy": "`streamlit run` → `/_stcore/health` answers ok",
    "login_page": "`streamlit run` → login form drawn in the browser",
    "after_login": "submit the login form → home page drawn",
    "warm_login_page": "a second visitor's login form (server warm)",
}


@contextmanager
def new_database(postgres: bool, directory: Path) -> Iterator[str]:
    if not postgres:
        yield f"sqlite:///{directory / 'firedesk.sqlite3'}"
        return
    from tests.conftest import _create_postgres_database, _drop_postgres_database

    url, name = _create_postgres_database()
    try:
        yield url
    finally:
        _drop_postgres_database(name)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def one_run(browser: Browser, postgres: bool) -> dict[str, float]:
    login_text = t("auth.login", language="zh-CN")
    welcome = t("home.welcome", language="zh-CN", name="admin", role=t("role.admin", "zh-CN"))
    with tempfile.TemporaryDirectory() as scratch, new_database(postgres, Path(scratch)) as url:
        times = {"demo": timed(lambda: seed_database(url, "demo"))}
        server = start_app(url, Path(scratch))
        try:
            times["healthy"] = server.started_s
            page = browser.new_context().new_page()
            times["login_page"] = server.started_s + timed(
                lambda: open_app(page, server, login_text)
            )
            times["after_login"] = timed(lambda: login(page, "admin", DEMO_PASSWORD, welcome))
            visitor = browser.new_context().new_page()
            times["warm_login_page"] = timed(lambda: open_app(visitor, server, login_text))
        finally:
            server.stop()
    return times


def report(runs: list[dict[str, float]], postgres: bool, load_before: float) -> str:
    lines = [
        f"{len(runs)} cold starts on {'PostgreSQL' if postgres else 'SQLite'}, "
        f"{platform.node()}, {os.cpu_count()} CPUs, "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after",
        "",
        "| step | median s | min s | max s |",
        "|---|---:|---:|---:|",
    ]
    for key, label in STEPS.items():
        values = [run[key] for run in runs]
        lines.append(
            f"| {label} | {statistics.median(values):.2f} | {min(values):.2f} | {max(values):.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--postgres", action="store_true", help="a new database on TEST_DATABASE_URL's server"
    )
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        runs = [one_run(browser, args.postgres) for _ in range(args.runs)]
        browser.close()
    print(report(runs, args.postgres, load_before))


if __name__ == "__main__":
    main()
