"""Engines and sessions: one engine per database URL, one session per unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from services.config import load_settings

_current_url: str | None = None


def configure(url: str) -> Engine:
    """Point the application at a database (tests and `manage.py --database-url`)."""
    global _current_url
    _current_url = url
    return engine_for(url)


def current_url() -> str:
    return _current_url or load_settings().database_url


@cache
def engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Foreign keys are off by default in SQLite; WAL lets readers work during a write.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def get_engine() -> Engine:
    return engine_for(current_url())


@cache
def _factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(engine_for(url), expire_on_commit=False)


@contextmanager
def read_session() -> Iterator[Session]:
    """A session for queries only; nothing is committed."""
    with _factory(current_url())() as session:
        yield session


def new_session() -> Session:
    return _factory(current_url())()
