"""rules.deadlines: follow-up and rectification deadlines on a calendar passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest

from rules import deadlines
from rules.time import TIME_ZONE


@dataclass(frozen=True)
class Due:
    at: datetime
    provisional: bool


class WeekdayCalendar:
    """Monday to Friday, with the holidays given; records what it was asked."""

    def __init__(self, holidays: set[date] = frozenset(), provisional: bool = False) -> None:
        self.holidays = holidays
        self.provisional = provisional
        self.asked: list[tuple[datetime, int]] = []

    def add_working_days(self, start: datetime, days: int) -> Due:
        self.asked.append((start, days))
        day, counted = start.date(), 0
        while counted < days:
            day += timedelta(days=1)
            counted += day.weekday() < 5 and day not in self.holidays
        return Due(datetime.combine(day, time(23, 59, 59), TIME_ZONE), self.provisional)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TIME_ZONE)


def test_a_followup_is_due_five_working_days_after_completion():
    calendar = WeekdayCalendar()
    due = deadlines.followup_due(calendar, at("2026-12-03 15:00"))  # a Thursday
    assert due == Due(at("2026-12-10 23:59:59"), False)
    assert calendar.asked == [(at("2026-12-03 15:00"), deadlines.FOLLOWUP_WORKING_DAYS)]


def test_a_followup_skips_the_holidays_of_the_calendar_given():
    holidays = {date(2026, 12, 7), date(2026, 12, 8)}
    due = deadlines.followup_due(WeekdayCalendar(holidays), at("2026-12-03 15:00"))
    assert due.at == at("2026-12-14 23:59:59")


def test_what_the_calendar_says_about_provisional_years_is_kept():
    due = deadlines.followup_due(WeekdayCalendar(provisional=True), at("2026-12-03 15:00"))
    assert due.provisional is True


def test_a_naive_timestamp_is_read_as_shanghai_time():
    calendar = WeekdayCalendar()
    deadlines.rectification_due(calendar, datetime(2026, 12, 3, 23, 30), 1)
    [(start, days)] = calendar.asked
    assert (start, start.tzinfo, days) == (at("2026-12-03 23:30"), TIME_ZONE, 1)


def test_an_aware_timestamp_is_counted_from_its_shanghai_day():
    # 20:00 UTC on Thursday is 04:00 on Friday in Shanghai.

    calendar = WeekdayCalendar()
    due = deadlines.rectification_due(calendar, datetime(2026, 12, 3, 20, 0, tzinfo=UTC), 1)
    assert due.at == at("2026-12-07 23:59:59")


def test_a_case_is_due_the_working_days_it_is_given():
    due = deadlines.rectification_due(WeekdayCalendar(), at("2026-12-01 09:00"), 15)
    assert due.at == at("2026-12-22 23:59:59")


def test_rectification_days_default_to_fifteen():
    assert deadlines.rectification_days({}) == deadlines.DEFAULT_RECTIFICATION_DAYS == 15


def test_rectification_days_follow_the_setting():
    assert deadlines.rectification_days({"FIREDESK_RECTIFICATION_DAYS": "5"}) == 5
    assert deadlines.rectification_days({"FIREDESK_RECTIFICATION_DAYS": "60"}) == 60


@pytest.mark.parametrize("value", ["0", "61", "-3"])
def test_rectification_days_outside_one_to_sixty_are_refused(value):
    with pytest.raises(ValueError, match="FIREDESK_RECTIFICATION_DAYS must be 1–60"):
        deadlines.rectification_days({"FIREDESK_RECTIFICATION_DAYS": value})
