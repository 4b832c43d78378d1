"""rules.hazards: the correction-order, re-inspection, extension and seal clocks on the
official calendar (Spring Festival and National Day with their 调休 days), and provisional
where they count on a year not yet confirmed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar

from rules import hazards as rules
from rules.time import TIME_ZONE
from services.calendar.workdays import WorkCalendar


def official(*years: int) -> WorkCalendar:
    """The package's published schedule of `years`, without a database."""
    working = {}
    for year in years:
        day = date(year, 1, 1)
        while day.year == year:
            working[day] = chinese_calendar.is_workday(day)
            day += timedelta(days=1)
    return WorkCalendar(set(years), working)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TIME_ZONE)


CAL = official(2026).add_working_days


def test_the_order_is_due_three_working_days_after_an_inspection_before_spring_festival():
    # Fri 13 Feb: Sat 14 (调休) counts, 15-23 Feb is the holiday, then Tue 24 and Wed 25.
    assert rules.order_due(CAL, at("2026-02-13 15:00")) == (at("2026-02-25 23:59:59"), False)


def test_the_order_clock_on_a_plain_week_counts_no_weekend():
    # Thu 5 Mar 2026: Fri 6, Mon 9, Tue 10.
    assert rules.order_due(CAL, at("2026-03-05 10:00"))[0] == at("2026-03-10 23:59:59")


def test_reinspection_after_a_deadline_on_the_eve_of_national_day():
    # Deadline Wed 30 Sep: 1-7 Oct off, Thu 8, Fri 9, Sat 10 (调休).
    assert rules.reinspection_due(CAL, date(2026, 9, 30)) == (at("2026-10-10 23:59:59"), False)


def test_an_application_before_the_deadline_starts_the_reinspection_clock():
    # Applied Fri 18 Sep (deadline 20 Oct): Sun 20 (调休), Mon 21, Tue 22.
    due = rules.reinspection_due(CAL, date(2026, 10, 20), at("2026-09-18 11:00"))
    assert due == (at("2026-09-22 23:59:59"), False)


def test_an_application_after_the_deadline_does_not_push_the_clock_back():
    late = rules.reinspection_due(CAL, date(2026, 9, 30), at("2026-10-09 09:00"))
    assert late[0] == at("2026-10-10 23:59:59")


def test_an_extension_is_decided_within_three_working_days_across_national_day():
    # Requested Tue 29 Sep: Wed 30, Thu 8 Oct, Fri 9 Oct.
    due = rules.extension_decision_due(CAL, at("2026-09-29 16:00"))
    assert due == (at("2026-10-09 23:59:59"), False)


def test_an_extension_must_be_asked_for_before_the_deadline_ends():
    assert rules.extension_in_time(at("2026-09-30 23:59:59"), date(2026, 9, 30))
    assert not rules.extension_in_time(at("2026-10-01 00:00"), date(2026, 9, 30))


def test_a_seal_is_decided_in_24_hours_when_urgent_else_in_three_working_days():
    found = at("2026-02-11 10:00")  # Wed: Thu 12, Fri 13, Sat 14 (调休)
    assert rules.seal_decision_due(CAL, found, urgent=True) == (at("2026-02-12 10:00"), False)
    assert rules.seal_decision_due(CAL, found, urgent=False) == (at("2026-02-14 23:59:59"), False)


def test_a_clock_into_a_year_not_confirmed_is_provisional():
    # 2027 is not confirmed: Thu 31 Dec counts, then Fri 1 Jan and Mon 4 Jan by the weekday
    # rule, flagged provisional.
    due = rules.reinspection_due(CAL, date(2026, 12, 30))
    assert due == (at("2027-01-04 23:59:59"), True)
    assert rules.order_due(CAL, at("2026-12-24 10:00")) == (at("2026-12-29 23:59:59"), False)


def test_once_the_next_year_is_confirmed_the_clock_is_firm():
    calendar = official(2026)
    confirmed = WorkCalendar({2026, 2027}, {**calendar._working, date(2027, 1, 1): False})
    due = rules.reinspection_due(confirmed.add_working_days, date(2026, 12, 30))
    assert due == (at("2027-01-05 23:59:59"), False)


def test_a_deadline_lies_after_the_order_and_within_a_year():
    assert rules.deadline_allowed(date(2026, 3, 1), date(2026, 3, 31))
    assert not rules.deadline_allowed(date(2026, 3, 1), date(2026, 3, 1))
    assert not rules.deadline_allowed(date(2026, 3, 1), date(2027, 3, 2))
