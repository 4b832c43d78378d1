"""The embedded SQLite default under concurrent writers: ten clerks saving at the same
moment all succeed (each waits its turn for the write lock), nothing is lost, and nobody
sees "database is locked"."""

from __future__ import annotations

import sqlite3
import threading
import time as clock
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from db import session as db_session
from db.models import Booking, Evaluation, Staff
from db.models.complaints import ComplaintCase, ComplaintEvent
from db.session import read_session
from services.bookings import requests as bookings
from services.bookings import tours
from services.complaints.intake import intake
from services.complaints.workflow import assign, handle, verify
from services.core.clock import now
from services.core.errors import BusyError, FiredeskError
from services.core.unit_of_work import unit_of_work
from services.evaluations.reviews import record_evaluation
from tests.fixtures.bookings import MONDAY, booking_input, build_world, tour
from tests.fixtures.complaints import ticket
from tests.fixtures.evaluations import rating

CLERKS = 10


@pytest.fixture
def office(sqlite_db, staff_actor, manager) -> dict:
    build_world()
    moment = now() - timedelta(hours=2)
    case_ids = intake(
        manager,
        [
            ticket(
                ticket_no=f"LY{n:03d}",
                unit_name=f"单位{n}",
                received_at=moment.strftime("%Y-%m-%d %H:%M"),
            )
            for n in range(CLERKS)
        ],
    )
    with read_session() as session:
        inspectors = list(
            session.scalars(
                select(Staff.id).where(Staff.code.in_(["E001", "E002"])).order_by(Staff.code)
            )
        )
    return {"cases": case_ids, "inspectors": inspectors}


def test_ten_clerks_saving_at_once_all_succeed_and_nothing_is_lost(office, staff_actor, manager):
    barrier = threading.Barrier(CLERKS)
    seen: list[str] = []

    def clerk(n: int) -> float:
        case_id = office["cases"][n]
        barrier.wait()
        started = clock.perf_counter()
        try:
            for round_ in range(2):
                bookings.create_booking(
                    staff_actor,
                    booking_input(
                        allow_duplicate=True,
                        contact_phone=f"139{n:04d}{round_:04d}",
                        notes=f"clerk {n} round {round_}",
                    ),
                )
                record_evaluation(
                    staff_actor,
                    rating(5 if round_ else 1, evaluated_at=datetime.now().astimezone()),
                )
            assign(manager, {case_id: 1}, office["inspectors"])
            verify(staff_actor, case_id, 2, True, f"clerk {n}")
            handle(staff_actor, case_id, 3, "correction_order")
        except Exception as error:  # every failure is collected and reported below
            seen.append(f"{type(error).__name__}: {error}")
        return clock.perf_counter() - started

    with ThreadPoolExecutor(max_workers=CLERKS) as pool:
        durations = list(pool.map(clerk, range(CLERKS)))

    assert seen == []
    with read_session() as session:
        assert session.scalar(select(func.count()).select_from(Booking)) == 2 * CLERKS
        assert session.scalar(select(func.count()).select_from(Evaluation)) == 2 * CLERKS
        statuses = session.scalars(select(ComplaintCase.status)).all()
        events = session.scalar(select(func.count()).select_from(ComplaintEvent))
    assert statuses == ["handled"] * CLERKS
    assert events == CLERKS * 4  # received, assigned, verified, handled
    assert max(durations) < 30


def test_ten_tickets_about_one_exit_entered_at_once_make_one_case(office, staff_actor):
    """Each intake reads the open cases inside its write transaction, so a ticket entered a
    moment after another about the same unit and category is merged into its case."""
    barrier = threading.Barrier(CLERKS)
    received = (now() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")

    def clerk(n: int) -> int:
        barrier.wait()
        [case_id] = intake(
            staff_actor,
            [ticket(ticket_no=f"SAME{n:03d}", unit_name="万达广场", received_at=received)],
        )
        return case_id

    with ThreadPoolExecutor(max_workers=CLERKS) as pool:
        case_ids = set(pool.map(clerk, range(CLERKS)))
    assert len(case_ids) == 1
    with read_session() as session:
        case_ = session.get(ComplaintCase, case_ids.pop())
        assert len(case_.tickets) == CLERKS


def test_the_last_places_of_a_tour_slot_go_to_exactly_as_many_as_fit(sqlite_db, manager):
    """SQLite has no row locks, but each booking takes the write lock before it reads the
    slot: the capacity lets exactly three of twenty through, the others are told it is full."""
    build_world()
    slot = tours.publish_slots(manager, "S01", [MONDAY], [time(9, 0)], 60, 3, 100)
    [slot] = tours.week_slots(MONDAY, "S01")
    barrier = threading.Barrier(20)

    def attempt(n: int) -> str:
        barrier.wait()
        try:
            bookings.create_booking(manager, tour(slot.id, 10, phone=f"139{n:08d}"))
        except FiredeskError as error:
            return error.key
        return "booked"

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(attempt, range(20)))
    assert sorted(set(outcomes)) == ["booked", "tours.error.full"]
    assert outcomes.count("booked") == 3
    [final] = [s for s in tours.week_slots(MONDAY) if s.id == slot.id]
    assert (final.booked_groups, final.booked_visitors) == (3, 30)


def test_a_lock_held_past_the_busy_timeout_is_a_clear_retry_message(tmp_path, admin, monkeypatch):
    """Nothing waits forever: another process holding the write lock too long makes the
    save fail with the localized retry message, never the raw 'database is locked'."""
    path = tmp_path / "busy.sqlite3"
    monkeypatch.setattr(db_session, "BUSY_TIMEOUT_SECONDS", 0.2)
    db_session.configure(f"sqlite:///{path}")
    blocker = sqlite3.connect(path, isolation_level=None)
    try:
        blocker.execute("PRAGMA journal_mode=WAL")
        blocker.execute("CREATE TABLE t (x)")
        blocker.execute("BEGIN IMMEDIATE")
        blocker.execute("INSERT INTO t VALUES (1)")
        started = clock.perf_counter()
        with pytest.raises(BusyError) as caught, unit_of_work(admin) as session:
            session.execute(text("SELECT 1"))
        assert clock.perf_counter() - started < 5
        assert caught.value.key == "error.busy"
        assert "稍后再试" in caught.value.message("zh-CN")
        assert "try again" in str(caught.value)
        assert isinstance(caught.value.__cause__, OperationalError)
    finally:
        blocker.rollback()
        blocker.close()
        db_session.engine_for(f"sqlite:///{path}").dispose()
        db_session._current_url = None


def test_reading_never_takes_the_write_lock(tmp_path, admin, monkeypatch):
    """A page reading (a deferred transaction, even one that has read) does not hold up a
    save, and a save does not hold up readers."""
    path = tmp_path / "readers.sqlite3"
    monkeypatch.setattr(db_session, "BUSY_TIMEOUT_SECONDS", 0.2)
    url = f"sqlite:///{path}"
    db_session.configure(url)
    try:
        with db_session.engine_for(url).begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (x)")
        with read_session() as reader:
            assert reader.execute(text("SELECT count(*) FROM t")).scalar() == 0
            with unit_of_work(admin) as session:
                session.execute(text("INSERT INTO t VALUES (1)"))
                with read_session() as other:
                    assert other.execute(text("SELECT count(*) FROM t")).scalar() == 0
            # The reader's snapshot stays as it was; a new one sees the save.
            assert reader.execute(text("SELECT count(*) FROM t")).scalar() == 0
        with read_session() as later:
            assert later.execute(text("SELECT count(*) FROM t")).scalar() == 1
    finally:
        db_session.engine_for(url).dispose()
        db_session._current_url = None
