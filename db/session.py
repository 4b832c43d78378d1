"""Engines and sessions: one engine per database URL, one session per unit of work."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from db.config import database_url

_current_url: str | None = None


def configure(url: str) -> Engine:
    """Point the application at a database (tests and `manage.py --database-url`)."""
    global _current_url
    _current_url = url
    return engine_for(url)


def current_url() -> str:
    return _current_url or database_url()


_engine_urls: set[str] = set()


@cache
def engine_for(url: str) -> Engine:
    _engine_urls.add(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


# How long a SQLite writer waits for another writer's lock before giving up.
BUSY_TIMEOUT_SECONDS = 30
# The execution option that marks a connection's transaction as a writer's (see start_write).
WRITER = "firedesk_writer"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Foreign keys are off by default in SQLite; WAL lets readers work during a write.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
    cursor.close()
    # SQLAlchemy's recipe for real transactions on pysqlite ("Enabling Non-Legacy SQLite
    # Transactional Modes"): the driver emits no BEGIN of its own; _sqlite_begin does.
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection) -> None:
    """BEGIN IMMEDIATE for a writer, plain (deferred) BEGIN for everything else.

    A deferred transaction that has read and then writes must upgrade its read lock, and
    SQLite refuses that at once ("database is locked", no waiting) when another writer
    committed in between. A writer that takes the write lock first waits its turn instead
    (up to the busy timeout), and everything it reads is already current."""
    writer = connection.get_execution_options().get(WRITER, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


def is_busy(error: Exception) -> bool:
    """SQLite's "database is locked" / "database is busy" (SQLITE_BUSY, SQLITE_LOCKED)."""
    text = str(getattr(error, "orig", error)).lower()
    return "database is locked" in text or "database is busy" in text or "table is locked" in text


def start_write(session: Session) -> None:
    """Begin `session`'s transaction as a writer's (on SQLite: take the write lock now)."""
    session.connection(execution_options={WRITER: True})


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


_engines_pid = os.getpid()


def after_fork() -> None:
    """In a forked child (a queue worker's work horse), drop the parent's pooled
    connections without closing them (SQLAlchemy's recipe: they belong to the parent)."""
    global _engines_pid
    if os.getpid() == _engines_pid:
        return
    _engines_pid = os.getpid()
    for url in _engine_urls:
        engine_for(url).dispose(close=False)
