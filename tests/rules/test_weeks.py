"""rules.weeks: weeks start on Monday, months on the 1st."""

from __future__ import annotations

from datetime import date, timedelta

from rules.weeks import monday_of, month_of


def test_monday_of_any_day_of_the_week():
    week = [date(2026, 11, 30) + timedelta(days=d) for d in range(7)]  # Monday to Sunday
    assert [monday_of(day) for day in week] == [date(2026, 11, 30)] * 7
    assert monday_of(date(2026, 12, 7)) == date(2026, 12, 7)


def test_month_of_is_the_first_of_the_month():
    assert month_of(date(2026, 12, 31)) == date(2026, 12, 1)
    assert month_of(date(2026, 2, 1)) == date(2026, 2, 1)
