from datetime import date, datetime, time, timedelta

from db.models import Availability, Staff
from rules.intervals import merge, subtract
from rules.time import TIME_ZONE
from services.staff.availability import available_periods, moment_of

MONDAY = date(2026, 11, 30)
DAY = 1440


def _weekdays(day: date) -> bool:
    return day.weekday() < 5


def _periods(*rules: Availability, working_day=_weekdays, active: bool = True):
    return available_periods(Staff(active=active), list(rules), MONDAY, working_day)


def _rotation(anchor: date, start: time = time(8, 0), cycle: int = 3, hours: int = 24):
    return Availability(
        kind="rotation", anchor_date=anchor, cycle_days=cycle, on_hours=hours, start_time=start
    )


def _leave(start: datetime, end: datetime) -> Availability:
    return Availability(kind="leave", start_at=start, end_at=end)


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=day), time(hour, minute), TIME_ZONE)


def test_rotation_phase_follows_the_anchor_date():
    # Anchored on the Monday two weeks earlier: shifts on Saturday before (ends Sunday 08:00,
    # outside the week), then Tuesday and Friday.
    periods = _periods(_rotation(MONDAY - timedelta(days=14)))
    assert periods == [(1 * DAY + 480, 2 * DAY + 480), (4 * DAY + 480, 5 * DAY + 480)]


def test_rotation_spanning_the_week_boundaries_is_clipped():
    # Anchored on the Sunday before: its shift runs into Monday until 08:00.
    periods = _periods(_rotation(MONDAY - timedelta(days=1)))
    assert periods == [(0, 480), (2 * DAY + 480, 3 * DAY + 480), (5 * DAY + 480, 6 * DAY + 480)]
    late = _periods(_rotation(MONDAY - timedelta(days=3), start=time(20, 0)))
    assert late[-1] == (6 * DAY + 1200, 7 * DAY)  # Sunday 20:00 to the end of the week


def test_rotation_does_not_start_before_its_anchor():
    assert _periods(_rotation(MONDAY + timedelta(days=5))) == [(5 * DAY + 480, 6 * DAY + 480)]
    assert _periods(_rotation(MONDAY + timedelta(days=7))) == []


def test_office_hours_skip_days_that_are_not_working_days():
    office = Availability(kind="office_hours", start_time=time(8, 30), end_time=time(17, 30))
    holiday = MONDAY + timedelta(days=2)
    periods = _periods(office, working_day=lambda d: d.weekday() < 5 and d != holiday)
    assert [start // DAY for start, _ in periods] == [0, 1, 3, 4]
    assert periods[0] == (510, 1050)
    # A make-up working Saturday (调休) counts like any working day.
    saturday = MONDAY + timedelta(days=5)
    assert (5 * DAY + 510, 5 * DAY + 1050) in _periods(
        office, working_day=lambda d: d.weekday() < 5 or d == saturday
    )


def test_weekly_periods_merge_with_touching_ones_and_2359_means_midnight():
    rules = [
        Availability(kind="weekly", weekday=1, start_time=time(18, 30), end_time=time(23, 59)),
        Availability(kind="office_hours", start_time=time(8, 30), end_time=time(18, 30)),
    ]
    periods = _periods(*rules)
    assert (DAY + 510, 2 * DAY) in periods
    assert len(periods) == 5


def test_leave_is_subtracted_and_may_start_before_the_week():
    office = Availability(kind="office_hours", start_time=time(8, 30), end_time=time(17, 30))
    leave = _leave(_at(-3, 0), _at(1, 12))
    assert _periods(office, leave) == [
        (DAY + 720, DAY + 1050),
        *[(d * DAY + 510, d * DAY + 1050) for d in (2, 3, 4)],
    ]


def test_leave_stored_as_utc_counts_in_local_time():
    office = Availability(kind="office_hours", start_time=time(8, 30), end_time=time(17, 30))
    # 2026-11-29 16:00 UTC is Monday 00:00 in Shanghai; the whole Monday is on leave.
    utc = datetime(2026, 11, 29, 16, 0).astimezone(TIME_ZONE)
    periods = _periods(office, _leave(utc, utc + timedelta(days=1)))
    assert periods[0] == (DAY + 510, DAY + 1050)


def test_inactive_staff_are_never_available():
    assert _periods(_rotation(MONDAY), active=False) == []


def test_merge_and_subtract():
    assert merge([(50, 60), (0, 10), (10, 20), (15, 30)]) == [(0, 30), (50, 60)]
    assert subtract([(0, 100), (200, 300)], [(10, 20), (90, 210), (250, 400)]) == [
        (0, 10),
        (20, 90),
        (210, 250),
    ]


def test_moment_of_is_shanghai_time_from_the_weeks_monday():
    assert moment_of(MONDAY, 0) == datetime(2026, 11, 30, 0, 0, tzinfo=TIME_ZONE)
    assert moment_of(MONDAY, 5 * 1440 + 540) == datetime(2026, 12, 5, 9, 0, tzinfo=TIME_ZONE)
    assert moment_of(MONDAY, 10080).utcoffset() == timedelta(hours=8)
