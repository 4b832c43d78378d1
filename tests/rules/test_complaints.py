"""The complaint clocks on a calendar the test controls (no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest

from rules import complaints as clocks
from rules.time import TIME_ZONE

HOLIDAYS = {date(2026, 10, 1), date(2026, 10, 2)}  # a Thursday and a Friday


@dataclass(frozen=True)
class Counted:
    at: datetime
    provisional: bool


def add_working_days(start: datetime, days: int) -> Counted:
    """Monday-Friday minus HOLIDAYS; the end of the `days`-th working day after start's day."""
    day = start.date()
    while days:
        day += timedelta(days=1)
        days -= day.weekday() < 5 and day not in HOLIDAYS
    return Counted(datetime.combine(day, time(23, 59, 59), TIME_ZONE), day.year > 2026)


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TIME_ZONE)


@pytest.mark.parametrize("category", clocks.URGENT_CATEGORIES)
def test_urgent_categories_run_24_calendar_hours_whatever_the_calendar(category):
    def no_calendar(start, days):
        raise AssertionError("an urgent clock never asks the calendar")

    due, provisional = clocks.deadline(category, at("2026-09-30 22:15"), no_calendar)
    assert due == at("2026-10-01 22:15")
    assert provisional is False
    assert clocks.clock_of(category) == clocks.URGENT_CLOCK


def test_other_violations_end_with_the_third_working_day_after_receipt():
    # Wed 30 Sep: Thu/Fri are holidays, so Mon 5, Tue 6, Wed 7 Oct are the three days.
    due, provisional = clocks.deadline("other_violation", at("2026-09-30 09:00"), add_working_days)
    assert due == datetime(2026, 10, 7, 23, 59, 59, tzinfo=TIME_ZONE)
    assert provisional is False
    assert clocks.clock_of("other_violation") == clocks.WORKING_DAY_CLOCK


def test_a_count_into_an_unconfirmed_year_is_provisional():
    due, provisional = clocks.deadline("other_violation", at("2026-12-30 09:00"), add_working_days)
    assert due.date() == date(2027, 1, 4)
    assert provisional is True


def test_naive_receipt_times_are_read_as_local():
    due, _ = clocks.deadline("locked_exit", datetime(2026, 11, 27, 9, 30), add_working_days)
    assert due == at("2026-11-28 09:30")


def test_urgency_until_the_first_verification_stops_the_clock():
    deadline = at("2026-11-28 09:30")
    assert clocks.urgency(deadline, None, at("2026-11-27 09:30")) == "on_track"
    assert clocks.urgency(deadline, None, deadline - clocks.DUE_SOON) == "due_soon"
    assert clocks.urgency(deadline, None, deadline) == "due_soon"
    assert clocks.urgency(deadline, None, deadline + timedelta(seconds=1)) == "overdue"
    verified = at("2026-11-29 10:00")
    assert clocks.urgency(deadline, verified, at("2026-12-01 09:00")) == "clock_stopped"


def test_on_time_includes_the_deadline_second_itself():
    deadline = datetime(2026, 10, 7, 23, 59, 59, tzinfo=TIME_ZONE)
    assert clocks.on_time(deadline, deadline)
    assert not clocks.on_time(deadline, deadline + timedelta(seconds=1))
    assert not clocks.on_time(deadline, None)
    # SQLite hands back naive local values; they compare as the same moments.
    assert clocks.on_time(deadline.replace(tzinfo=None), at("2026-10-07 23:00"))
