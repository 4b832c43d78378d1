"""Numbers under concurrent saves, on SQLite and PostgreSQL: officers issuing orders at the
same moment each get the next order number (no collision, no failure), and inspections
recorded at the same moment open cases with distinct case numbers."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import select

from db.models.hazards import HazardCase
from db.session import read_session
from services.hazards import cases

OFFICERS = 8


def _cases() -> list[HazardCase]:
    with read_session() as session:
        return list(session.scalars(select(HazardCase).order_by(HazardCase.id)))


def _all_at_once(work, count: int) -> list[object]:
    barrier = threading.Barrier(count)

    def run(n: int) -> object:
        barrier.wait()
        try:
            return work(n)
        except Exception as error:  # collected: the test shows every failure
            return f"{type(error).__name__}: {error}"

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_orders_issued_at_the_same_moment_get_consecutive_numbers(clock, staff_actor, inspect):
    for n in range(OFFICERS):
        inspect(staff_actor, f"R{n + 1:03d}", "2026-02-13 15:00")
    opened = _cases()
    clock.set("2026-02-14 09:00")

    numbers = _all_at_once(
        lambda n: cases.issue_order(
            staff_actor, opened[n].id, opened[n].version, date(2026, 3, 31)
        ),
        OFFICERS,
    )
    assert sorted(numbers) == [f"辽阳消限字〔2026〕第{n:04d}号" for n in range(1, OFFICERS + 1)]
    assert sorted(c.order_seq for c in _cases()) == list(range(1, OFFICERS + 1))


def test_inspections_recorded_at_the_same_moment_open_distinct_cases(clock, staff_actor, inspect):
    results = _all_at_once(
        lambda n: inspect(staff_actor, f"R{n + 1:03d}", "2026-02-13 15:00"), OFFICERS
    )
    assert all(isinstance(r, int) for r in results), results
    assert sorted(c.case_no for c in _cases()) == [
        f"YH2026-{n:04d}" for n in range(1, OFFICERS + 1)
    ]
