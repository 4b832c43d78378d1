"""rules.applications: the art. 15 clocks on the official calendar (调休 included), and
what goes on a one-time notice."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar

from rules import applications as rules
from rules.time import TIME_ZONE
from services.calendar.workdays import WorkCalendar


def official(year: int) -> WorkCalendar:
    """The State Council's schedule of `year` as the package publishes it, no database."""
    day, working = date(year, 1, 1), {}
    while day.year == year:
        working[day] = chinese_calendar.is_workday(day)
        day += timedelta(days=1)
    return WorkCalendar({year}, working)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TIME_ZONE)


def test_inspection_due_counts_the_spring_festival_and_its_makeup_saturdays():
    # Accepted Wed 11 Feb 2026: Feb 12, 13, Sat 14 (调休), then the holiday to the 23rd;
    # Feb 24-27, Sat 28 (调休), Mar 2, Mar 3 make ten.
    due = rules.inspection_due(official(2026), at("2026-02-11 10:00"))
    assert due.at == at("2026-03-03 23:59:59")
    assert due.provisional is False


def test_decision_due_three_working_days_after_an_inspection_before_the_holiday():
    due = rules.decision_due(official(2026), at("2026-02-13 16:00"))
    assert due.at == at("2026-02-25 23:59:59")  # Sat 14 (调休), Tue 24, Wed 25


def test_national_day_clocks():
    calendar = official(2026)
    # Accepted Fri 18 Sep: Sun 20 (调休) counts, the Mid-Autumn Friday 25 and 1-7 Oct do not.
    assert rules.inspection_due(calendar, at("2026-09-18 09:00")).at == at("2026-10-09 23:59:59")
    assert rules.decision_due(calendar, at("2026-09-29 15:00")).at == at("2026-10-09 23:59:59")
    assert rules.supplement_due(calendar, at("2026-09-18 09:00")).at == at("2026-09-24 23:59:59")


def test_a_year_not_confirmed_makes_the_clock_provisional():
    due = rules.inspection_due(WorkCalendar(set(), {}), at("2026-12-28 09:00"))
    assert due.provisional is True


CHECKLIST = [
    ("form", rules.REQUIRED),
    ("plan", rules.SUPPLEMENTABLE),
    ("licence", rules.INTERNAL),
    ("rules", rules.SUPPLEMENTABLE),
    ("records", rules.SUPPLEMENTABLE),
]


def test_the_notice_lists_every_missing_supplementable_document_and_no_internal_one():
    assert rules.notice_items(CHECKLIST, ["form", "rules"]) == ["plan", "records"]
    assert rules.notice_items(CHECKLIST, []) == ["plan", "rules", "records"]
    assert rules.notice_items(CHECKLIST, ["form", "plan", "rules", "records"]) == []


def test_a_missing_required_document_is_named():
    assert rules.missing_required(CHECKLIST, ["plan"]) == ["form"]
    assert rules.missing_required(CHECKLIST, ["form"]) == []
