"""The official working-day calendar and the legal clocks built on it."""

import time
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from db.models.calendar import CalendarDay, CalendarYear
from db.session import read_session
from rules.time import TIME_ZONE
from services.calendar import workdays
from services.core.errors import ConflictError, PermissionDenied
from services.core.unit_of_work import unit_of_work


@pytest.fixture(autouse=True)
def fresh_cache():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TIME_ZONE)


def end_of(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), workdays.END_OF_DAY, TIME_ZONE)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2025-01-28", False),  # Spring Festival eve
        ("2025-01-26", True),  # Sunday, make-up working day
        ("2025-02-08", True),  # Saturday, make-up working day
        ("2025-05-01", False),
        ("2025-04-27", True),  # Sunday before May Day
        ("2025-09-28", True),  # Sunday before National Day
        ("2025-10-08", False),
        ("2025-10-11", True),  # Saturday after National Day
        ("2025-10-12", False),
        ("2026-02-16", False),  # Spring Festival 2026
        ("2026-02-14", True),
        ("2026-02-28", True),
        ("2026-10-10", True),
        ("2026-11-27", True),  # an ordinary Friday
        ("2026-11-28", False),  # an ordinary Saturday
    ],
)
def test_official_days_2025_2026(db, day, working):
    assert workdays.is_working_day(date.fromisoformat(day)) is working


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        # Friday evening: Mon, Tue, Wed.
        ("2026-11-27 18:00", "2026-12-02"),
        # The receipt day never counts, even on a working morning.
        ("2026-11-25 08:00", "2026-11-30"),
        # National Day 2025: Sun 28 Sep (make-up) works, 1–8 Oct off, Thu 9, Fri 10, Sat 11.
        ("2025-09-27 10:00", "2025-09-30"),
        ("2025-09-30 10:00", "2025-10-11"),
        # Spring Festival 2025: 28 Jan – 4 Feb off, 26 Jan (Sunday) is a working day.
        ("2025-01-24 16:00", "2025-02-05"),
        ("2025-01-22 09:00", "2025-01-26"),  # the deadline falls on the make-up Sunday
        # May Day 2025: 1–5 May off, Sunday 27 April works.
        ("2025-04-26 12:00", "2025-04-29"),
        ("2025-04-30 12:00", "2025-05-08"),
        # Spring Festival 2026: 15–23 Feb off, Sat 14 and Sat 28 Feb work.
        ("2026-02-13 12:00", "2026-02-25"),
        # Into 2026: 1–3 Jan off, Sunday 4 Jan works.
        ("2025-12-31 09:00", "2026-01-06"),
    ],
)
def test_three_working_days_end_at_the_last_second_of_the_day(db, received, deadline):
    result = workdays.add_working_days(at(received), 3)
    assert result == workdays.Deadline(end_of(deadline), provisional=False)


def test_a_year_nobody_confirmed_is_provisional_never_guessed(db):
    assert workdays.is_working_day(date(2031, 3, 3)) is None
    result = workdays.add_working_days(at("2031-03-06 10:00"), 3)  # a Thursday
    assert result == workdays.Deadline(end_of("2031-03-11"), provisional=True)
    assert workdays.working_day_checker([2031])(date(2031, 3, 8)) is False
    assert workdays.working_day_checker([2031])(date(2031, 3, 10)) is True


def test_a_clock_running_into_an_unconfirmed_year_is_provisional(db):
    result = workdays.add_working_days(at("2026-12-30 10:00"), 3)
    assert result.provisional is True
    assert result.at == end_of("2027-01-04")  # weekday rule for 2027


def test_first_use_seeds_the_year_once(db):
    workdays.is_working_day(date(2025, 5, 1))
    workdays.clear_cache()
    workdays.is_working_day(date(2025, 6, 1))
    with read_session() as session:
        assert session.scalar(select(func.count()).select_from(CalendarDay)) == 365
        year = session.get(CalendarYear, 2025)
    assert year.confirmed and year.source == "chinesecalendar"


def test_checker_serves_the_planner(db):
    check = workdays.working_day_checker([2025])
    assert check(date(2025, 10, 11)) is True
    assert check(date(2025, 10, 3)) is False


def test_admin_publishes_a_new_year(db, admin):
    workdays.create_year(admin, 2031)
    summary = workdays.year_summary(2031)
    assert (summary.confirmed, summary.working_days) == (False, 261)
    assert workdays.is_working_day(date(2031, 1, 1)) is None

    changes = {date(2031, 1, 1): (False, "元旦"), date(2031, 1, 4): (True, "元旦 调休")}
    workdays.save_days(admin, 2031, summary.version, changes)
    summary = workdays.year_summary(2031)
    workdays.set_confirmed(admin, 2031, summary.version, True)

    assert workdays.is_working_day(date(2031, 1, 1)) is False
    assert workdays.is_working_day(date(2031, 1, 4)) is True
    deadline = workdays.add_working_days(at("2030-12-31 10:00"), 1)
    assert deadline.at == end_of("2031-01-02")


def test_calendar_edits_need_the_right_and_the_current_version(db, admin, manager):
    workdays.create_year(admin, 2031)
    version = workdays.year_summary(2031).version
    with pytest.raises(PermissionDenied):
        workdays.set_confirmed(manager, 2031, version, True)
    workdays.save_days(admin, 2031, version, {date(2031, 1, 1): (False, "元旦")})
    with pytest.raises(ConflictError):
        workdays.set_confirmed(admin, 2031, version, True)


def test_another_instance_edit_is_seen_after_the_cache_expires(db, admin, monkeypatch):
    assert workdays.is_working_day(date(2031, 1, 1)) is None
    with unit_of_work(admin) as session:  # as another app instance would write it
        session.add(CalendarYear(year=2031, confirmed=True, source="manual"))
        session.add(CalendarDay(day=date(2031, 1, 1), is_working_day=False, note="元旦"))
    assert workdays.is_working_day(date(2031, 1, 1)) is None  # still the cached snapshot
    later = workdays.time.monotonic() + workdays.CACHE_SECONDS + 1
    monkeypatch.setattr(workdays.time, "monotonic", lambda: later)
    assert workdays.is_working_day(date(2031, 1, 1)) is False


def test_asked_inside_a_write_the_calendar_comes_from_the_package_without_waiting(db, admin):
    """Seeding is a transaction of its own: from inside a unit of work (which on SQLite holds
    the write lock) it would wait for ourselves. The package's schedule is used instead,
    uncached, and the first question outside a write seeds the year as usual."""
    started = time.perf_counter()
    with unit_of_work(admin) as session:
        session.add(CalendarYear(year=2031, confirmed=False, source="manual"))
        assert workdays.is_working_day(date(2025, 1, 26)) is True  # 调休 Sunday
        assert workdays.add_working_days(at("2025-01-24 16:00"), 3).at == end_of("2025-02-05")
    assert time.perf_counter() - started < 5
    with read_session() as session:
        assert session.get(CalendarYear, 2025) is None
    assert workdays.is_working_day(date(2025, 1, 26)) is True
    with read_session() as session:
        assert session.get(CalendarYear, 2025).confirmed is True
