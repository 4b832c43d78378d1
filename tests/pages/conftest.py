"""AppTest helpers: run the real app script against the test database.

AppTest re-runs only the page script after the first run of an `st.navigation` app (and
runs a page asked for with `switch_page` before the first run without the router at all),
so a state change that the router must see (a login, a language, an account changed by an
admin) starts a fresh AppTest with the session state a browser session would carry
(`carried`). The `routed_app` fixture instead runs app.py on every run, as a real server
does: for tests of the router itself (sessions, logout, unexpected errors).

The router re-reads the signed-in account on every run and signs out an actor that is no
active account, so `open_app` ties a made-up actor (no user id, e.g. `make_actor("staff")`)
to an account row of that name and role first (`bound`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from db.models import User
from services.accounts.auth import actor_for, authenticate
from services.core.clock import now
from services.core.permissions import SYSTEM, Actor
from services.core.unit_of_work import unit_of_work

ROOT = Path(__file__).resolve().parents[2]
# What a browser session carries from one script run to the next for the router.
SESSION_KEYS = ("actor", "last_seen", "signed_in_at", "credential", "new_login", "language")


def bound(actor: Actor) -> Actor:
    """`actor` as an account of the test database (made without a usable password, not
    audited), so the router's per-run check finds it. An actor with a user id is the
    account's own and stays as it is."""
    if actor.user_id is not None:
        return actor
    with unit_of_work(SYSTEM) as session:
        session.info["audit"] = False
        user = session.scalar(select(User).where(User.username == actor.username))
        if user is None:
            user = User(
                username=actor.username,
                display_name=actor.username[:40],
                role=actor.role,
                staff_id=actor.staff_id,
                password_hash="!",  # no argon2 hash: never verifies
            )
            session.add(user)
        else:
            user.role, user.staff_id, user.active = actor.role, actor.staff_id, True
        session.flush()
        return actor_for(user)


def open_app(
    actor: Actor | None = None,
    page: str | None = None,
    timeout: float = 30,
    state: dict | None = None,
) -> AppTest:
    """A fresh script run of the app: as `actor` just signed in, or with the session
    `state` a browser session carries (see `carried`), on `page`."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in (state or {}).items():
        app.session_state[key] = value
    if actor is not None:
        app.session_state.actor = bound(actor)
        app.session_state.last_seen = now()
    if page is not None:
        app.switch_page(page)
    return app.run()


def carried(app: AppTest, *extra: str) -> dict:
    """The session state the next script run of this browser session starts with: the
    router's keys and `extra` ones, where present."""
    return {
        key: app.session_state[key] for key in (*SESSION_KEYS, *extra) if key in app.session_state
    }


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
        return open_app(state=carried(app))
    return app


class _RoutedPagesManager(PagesManager):
    """AppTest resets the multipage mode before each run, and an app with a `pages/` folder
    then counts as a (legacy) pages-directory app whose pages run without the main script.
    A real server leaves that mode once `st.navigation` is called; this does so at once."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@pytest.fixture
def routed_app(app_db, monkeypatch):
    """Open the app so that every `run()` goes through app.py (the router), as in a browser:
    `routed_app(actor=None, page=None, state=None)`."""
    monkeypatch.setattr(app_test_module, "PagesManager", _RoutedPagesManager)

    def open_routed(
        actor: Actor | None = None,
        page: str | None = None,
        state: dict | None = None,
        timeout: float = 30,
    ) -> AppTest:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
        for key, value in (state or {}).items():
            app.session_state[key] = value
        if actor is not None:
            app.session_state.actor = bound(actor)
            app.session_state.last_seen = now()
        app.run()  # the router registers the pages; then a page is found by its url path
        if page is not None:
            app.switch_page(page).run()
        return app

    return open_routed


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
