"""AppTest helpers: run the real app script against the test database."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def open_app(timeout: float = 30) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    return app.run()


def login(app: AppTest, username: str, password: str) -> AppTest:
    app.text_input(key="login_username").input(username)
    app.text_input(key="login_password").input(password)
    app.button[0].click()  # the form's submit button
    app.run()
    if "actor" in app.session_state:
        app.run()  # AppTest stops at st.rerun(); run once more to see the first page
    return app


@pytest.fixture
def app_db(sqlite_db, monkeypatch):
    """AppTest runs the script in this process: point it at the test database."""
    monkeypatch.setenv("DATABASE_URL", sqlite_db)
    return sqlite_db
