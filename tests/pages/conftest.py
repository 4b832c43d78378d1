"""AppTest helpers: run the real app script against the test database.

AppTest re-runs only the page script after the first run of an `st.navigation` app, so a
state change that the router must see (a login, a language) starts a fresh AppTest with
the session state a browser session would carry.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from services.auth import authenticate
from services.clock import now
from services.permissions import Actor

ROOT = Path(__file__).resolve().parents[2]


def open_app(actor: Actor | None = None, page: str | None = None, timeout: float = 30) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if actor is not None:
        app.session_state.actor = actor
        app.session_state.last_seen = now()
    if page is not None:
        app.switch_page(page)
    return app.run()


def open_as(username: str, password: str, page: str | None = None) -> AppTest:
    """The app as a user who has just logged in (credentials checked by the real service)."""
    return open_app(authenticate(username, password), page)


def login(app: AppTest, username: str, password: str) -> AppTest:
    """Submit the login form; on success, the app as the browser shows it next."""
    app.text_input(key="login_username").input(username)
    app.text_input(key="login_password").input(password)
    app.button[0].click()  # the form's submit button
    app.run()
    if "actor" in app.session_state:
        return open_app(app.session_state.actor)
    return app


def downloads(app: AppTest) -> dict[str, bool]:
    """The page's download buttons by key, each with whether clicking it reruns the page.

    A download built when clicked must not rerun the page: the rerun revokes the file's
    placeholder id while the browser is still fetching it (see pages.common.download).
    """
    return {b.key: not b.proto.ignore_rerun for b in app.get("download_button")}


@pytest.fixture
def app_db(sqlite_db, monkeypatch):
    """AppTest runs the script in this process: point it at the test database."""
    monkeypatch.setenv("DATABASE_URL", sqlite_db)
    return sqlite_db
