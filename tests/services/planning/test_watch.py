"""Polling a running solve: the interval grows with the solve's age and its watchers, the
watchers are counted per solve and forgotten, and a poll is one light indexed read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from db import session as db_session
from services.planning import jobs as plan_jobs
from services.planning.watch import RECONSIDER_S, Watchers, poll_interval
from tests.fixtures.planning import WEEK, running_row


@pytest.mark.parametrize(
    ("age", "watchers", "interval"),
    [
        (0, 1, 1.0),  # just started, one person: every second
        (30, 1, 2.0),
        (120, 1, 5.0),
        (900, 1, 10.0),  # an old solve changes slowly
        (0, 10, 5.0),  # ten watchers share two redraws a second
        (900, 10, 10.0),
        (0, 100, 15.0),  # never slower than every 15 s
        (0, 0, 1.0),
    ],
)
def test_the_interval_grows_with_age_and_watchers(age, watchers, interval):
    assert poll_interval(age, watchers) == interval


def test_a_page_reconsiders_its_pace_every_30_seconds():
    assert RECONSIDER_S == 30.0  # README, "Weekly planning"


def test_watchers_are_counted_per_solve_and_forgotten():
    clock = [100.0]
    watchers = Watchers(forget_after_s=45, clock=lambda: clock[0])
    assert watchers.seen("a", 1) == 1
    assert watchers.seen("a", 1) == 1  # the same session twice is one watcher
    assert watchers.seen("b", 1) == 2
    assert watchers.seen("c", 2) == 1  # another week's solve
    watchers.gone("b")
    assert watchers.seen("a", 1) == 1
    watchers.seen("b", 1)
    clock[0] += 46  # b stopped polling (closed its tab) long enough ago
    assert watchers.seen("a", 1) == 1


@contextmanager
def statements(url: str) -> Iterator[list[str]]:
    """The SQL statements sent to `url`'s database inside the block."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_):
        seen.append(statement)

    engine = db_session.engine_for(url)
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_poll_is_one_read_without_the_large_documents(db):
    running_row(WEEK, best={"assignments": [], "unscheduled": []})
    with statements(db) as seen:
        run = plan_jobs.solve_run(WEEK)
    assert run.running and run.has_best and run.objective == 1234
    [statement] = [s for s in seen if s.lstrip().upper().startswith(("SELECT", "UPDATE"))]
    assert "WHERE solve_jobs.week_start =" in statement
    selected = statement.split("FROM")[0]
    assert "solve_jobs.instance" not in selected
    assert "solve_jobs.best IS NOT NULL" in selected  # whether there is one, not the plan
    assert "solve_jobs.best," not in selected


def test_a_poll_releases_a_solve_whose_worker_is_gone(db):
    running_row(WEEK, heartbeat_ago_s=3600)
    run = plan_jobs.solve_run(WEEK)
    assert run.state == "failed" and run.error_key == "plan.error.worker_lost"
    assert not run.has_best and not run.recoverable
