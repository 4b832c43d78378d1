"""Shared fixtures: a migrated database on SQLite and, when TEST_DATABASE_URL is set, on
PostgreSQL; actors for each role.

Each test session gets its own PostgreSQL database (created from TEST_DATABASE_URL's
server and dropped at the end), so parallel runs never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from db import session as db_session
from db.base import Base
from db.migrate import upgrade
from services.core.permissions import Actor
from services.planning import solve_backends

# Fixtures that test modules of several areas ask for by name are registered here, once;
# their builders live in tests/fixtures/.
from tests.fixtures.bookings import world  # noqa: F401
from tests.fixtures.kpis import detachment  # noqa: F401

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")

if os.environ.get("CI") and not TEST_DATABASE_URL:
    raise pytest.UsageError("CI must run the PostgreSQL tests: set TEST_DATABASE_URL")

BACKENDS = ["sqlite"] + (["postgres"] if TEST_DATABASE_URL else [])


def _create_postgres_database() -> tuple[str, str]:
    server = make_url(TEST_DATABASE_URL)
    name = f"firedesk_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False), name


def _drop_postgres_database(name: str) -> None:
    admin = create_engine(make_url(TEST_DATABASE_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory) -> Iterator[dict[str, str]]:
    """One migrated database per backend for the whole session."""
    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'firedesk.sqlite3'}"}
    created = None
    if TEST_DATABASE_URL:
        urls["postgres"], created = _create_postgres_database()
    for url in urls.values():
        upgrade(url)
    yield urls
    solve_backends.stop_local_workers()  # before their databases go
    for url in urls.values():
        db_session.engine_for(url).dispose()
    if created:
        _drop_postgres_database(created)


def _empty_all_tables(url: str) -> None:
    engine = db_session.engine_for(url)
    tables = list(reversed(Base.metadata.sorted_tables))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture(params=BACKENDS)
def db(request, database_urls) -> Iterator[str]:
    """The application pointed at an empty, migrated database, on each backend in turn."""
    url = database_urls[request.param]
    db_session.configure(url)
    yield url
    _empty_all_tables(url)
    db_session._current_url = None


@pytest.fixture
def sqlite_db(database_urls) -> Iterator[str]:
    """Like `db`, SQLite only: for logic that does not depend on the database engine."""
    url = database_urls["sqlite"]
    db_session.configure(url)
    yield url
    _empty_all_tables(url)
    db_session._current_url = None


@pytest.fixture
def postgres_url(database_urls) -> str:
    if "postgres" not in database_urls:
        pytest.fail("this test needs PostgreSQL: set TEST_DATABASE_URL")
    return database_urls["postgres"]


def make_actor(role: str, user_id: int | None = None, username: str | None = None) -> Actor:
    return Actor(user_id=user_id, username=username or f"test-{role}", role=role)


@pytest.fixture
def admin() -> Actor:
    return make_actor("admin")


@pytest.fixture
def manager() -> Actor:
    return make_actor("duty_manager")


@pytest.fixture
def staff_actor() -> Actor:
    return make_actor("staff")


@pytest.fixture
def leader() -> Actor:
    return make_actor("leader")
