"""Accepted times typed as weekly patterns with exceptions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.bookings.windows import as_text, check_windows, from_opening_hours, parse_pattern
from services.core.errors import Problems

MONDAY = date(2026, 11, 30)
DAY = 1440


def _weekdays(day: date) -> bool:
    return day.weekday() < 5


def _parse(text: str, cost: int = 0, working_day=_weekdays, exceptions=frozenset()):
    problems = Problems()
    windows = parse_pattern(text, MONDAY, cost, working_day, problems, "p", exceptions)
    return windows, [e.params.get("item") for e in problems.errors]


def _starts(windows) -> list[tuple[int, int, int]]:
    return [(w["start"] // DAY, w["start"] % DAY, w["end"] % DAY) for w in windows]


def test_a_weekday_range_gives_one_window_a_day():
    windows, errors = _parse("周一至周五 18:30-22:00")
    assert errors == []
    assert _starts(windows) == [(d, 1110, 1320) for d in range(5)]
    assert {w["cost"] for w in windows} == {0}


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("周六、周日 09:00-12:00", [5, 6]),
        ("Sat,Sun 09:00-12:00", [5, 6]),
        ("mon-wed 09:00-12:00", [0, 1, 2]),
        ("星期三 09:00-12:00", [2]),
        ("周末 09:00-12:00", [5, 6]),
        ("每天 09:00-12:00", list(range(7))),
        ("2026-12-05 09:00-12:00", [5]),
        ("12月1日 09:00-12:00", [1]),
    ],
)
def test_day_spellings(text, days):
    windows, errors = _parse(text)
    assert errors == []
    assert [w["start"] // DAY for w in windows] == days


def test_working_days_follow_the_calendar_including_make_up_saturdays():
    # A week with a holiday on Wednesday and a make-up working Saturday (调休).
    holiday, saturday = MONDAY + timedelta(days=2), MONDAY + timedelta(days=5)

    def official(day: date) -> bool:
        return day == saturday or (day.weekday() < 5 and day != holiday)

    working, _ = _parse("工作日 08:30-17:30", working_day=official)
    assert [w["start"] // DAY for w in working] == [0, 1, 3, 4, 5]
    resting, _ = _parse("休息日 09:00-11:00", working_day=official)
    assert [w["start"] // DAY for w in resting] == [2, 6]


def test_exceptions_and_several_items():
    windows, errors = _parse(
        "周一至周五 19:00-21:00；周六 09:00-12:00", cost=30, exceptions=frozenset({MONDAY})
    )
    assert errors == []
    assert [w["start"] // DAY for w in windows] == [1, 2, 3, 4, 5]
    assert {w["cost"] for w in windows} == {30}


def test_midnight_closes_the_day_and_unreadable_items_are_named():
    windows, errors = _parse(
        "周五 20:00-00:00\n下周 9点\n周五至周一 09:00-10:00\n2027-01-05 09:00-10:00"
    )
    assert windows == [{"start": 4 * DAY + 1200, "end": 5 * DAY, "cost": 0}]
    assert errors == ["下周 9点", "周五至周一 09:00-10:00", "2027-01-05 09:00-10:00"]


def test_an_end_before_the_start_is_reported_not_wrapped():
    windows, errors = _parse("周一 22:00-02:00")
    problems = Problems()
    check_windows(problems, windows, 60)
    assert errors == []
    assert [e.key for e in problems.errors] == ["bookings.error.window_order"]


def test_text_round_trip():
    windows, _ = _parse("周一至周二 18:30-22:00")
    acceptable, _ = _parse("周六 09:00-12:00", cost=30)
    preferred_text, acceptable_text = as_text(windows + acceptable)
    assert _parse(preferred_text)[0] == windows
    assert _parse(acceptable_text, cost=30)[0] == acceptable


def test_opening_hours_past_midnight_run_into_the_next_day():
    windows = from_opening_hours({"4": [["20:00", "02:00"]], "6": [["22:00", "03:00"]]})
    assert windows == [
        {"start": 4 * DAY + 1200, "end": 5 * DAY + 120, "cost": 0},
        {"start": 6 * DAY + 1320, "end": 7 * DAY, "cost": 0},  # cut at the end of the week
    ]


def test_days_with_the_same_hours_share_a_line():
    office = from_opening_hours({str(d): [["08:30", "17:30"]] for d in range(5)})
    extra = [{"start": d * DAY + 540, "end": d * DAY + 600, "cost": 30} for d in (0, 2, 5)]
    assert as_text(office + extra) == ("周一至周五 08:30–17:30", "周一、周三、周六 09:00–10:00")
    assert _parse(as_text(office)[0])[0] == office
