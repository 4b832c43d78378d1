"""When a person can be given work in one week, as the planner counts it.

Periods are minutes from 00:00 of the week's Monday, local time (the planning contract's
convention), clipped to the week [0, 10080). Rotations, office hours and agreed weekly
periods add time; leave removes it. `week_periods` is the one query of everyone's week: the
planner's instance, the staff admin's week view and the availability page all read it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import Availability, CapacityAsk, Staff
from rules.intervals import clip, subtract
from rules.time import TIME_ZONE
from rules.weeks import DAY, WEEK, minutes_from

# Forms cannot enter 24:00, so a period ending at 23:59 means "until midnight".
UNTIL_MIDNIGHT = time(23, 59)

Period = tuple[int, int]


def minute_of_day(value: time, *, end: bool = False) -> int:
    if end and value == UNTIL_MIDNIGHT:
        return DAY
    return value.hour * 60 + value.minute


def available_periods(
    staff: Staff,
    rules: list[Availability],
    week_start: date,
    working_day: Callable[[date], bool],
    extra: Iterable[Period] = (),
) -> list[Period]:
    """Sorted, merged periods in which `staff` may work during the week of `week_start`
    (`extra`: the week's agreed one-off periods; leave still removes them)."""
    if not staff.active:
        return []
    periods: list[Period] = list(extra)
    leave: list[Period] = []
    for rule in rules:
        if rule.kind == "rotation":
            periods.extend(_rotation(rule, week_start))
        elif rule.kind == "office_hours":
            periods.extend(_office_hours(rule, week_start, working_day))
        elif rule.kind == "weekly":
            periods.append(_daily(rule.weekday, rule.start_time, rule.end_time))
        elif rule.kind == "leave":
            leave.append(
                (
                    minutes_from(week_start, rule.start_at),
                    minutes_from(week_start, rule.end_at),
                )
            )
    return subtract(clip(periods, 0, WEEK), clip(leave, 0, WEEK))


def week_periods(
    session: Session,
    week_start: date,
    working_day: Callable[[date], bool],
    *,
    staff_id: int | None = None,
    base_id: int | None = None,
) -> list[tuple[Staff, list[Period]]]:
    """Active staff by code (one person, or one base's, if asked), each with the periods they
    may work in the week of `week_start`; their availability rules and base come loaded."""
    query = (
        select(Staff)
        .where(Staff.active.is_(True))
        .options(selectinload(Staff.availability), selectinload(Staff.base))
        .order_by(Staff.code)
    )
    if staff_id is not None:
        query = query.where(Staff.id == staff_id)
    if base_id is not None:
        query = query.where(Staff.base_location_id == base_id)
    extra: dict[int, list[Period]] = {}
    for ask in _agreed(session, week_start):
        if ask.start_at is not None:
            span = (minutes_from(week_start, ask.start_at), minutes_from(week_start, ask.end_at))
            extra.setdefault(ask.staff_id, []).append(span)
    return [
        (
            person,
            available_periods(
                person, person.availability, week_start, working_day, extra.get(person.id, ())
            ),
        )
        for person in session.scalars(query)
    ]


def week_hour_caps(session: Session, week_start: date) -> dict[int, int]:
    """Weekly caps in minutes, by staff id, for the people whose cap this week was raised
    when they agreed to an ask (the highest agreed); everyone else has their standing cap."""
    caps: dict[int, int] = {}
    for ask in _agreed(session, week_start):
        if ask.max_minutes is not None:
            caps[ask.staff_id] = max(caps.get(ask.staff_id, 0), ask.max_minutes)
    return caps


def _agreed(session: Session, week_start: date) -> list[CapacityAsk]:
    return list(
        session.scalars(
            select(CapacityAsk).where(
                CapacityAsk.week_start == week_start, CapacityAsk.agreed_at.is_not(None)
            )
        )
    )


def moment_of(week_start: date, minute: int) -> datetime:
    """The Asia/Shanghai moment `minute` minutes after 00:00 of `week_start`."""
    return datetime.combine(week_start, time(0, 0), TIME_ZONE) + timedelta(minutes=minute)


def _daily(day: int, start: time, end: time) -> Period:
    return day * DAY + minute_of_day(start), day * DAY + minute_of_day(end, end=True)


def _office_hours(
    rule: Availability, week_start: date, working_day: Callable[[date], bool]
) -> Iterable[Period]:
    for day in range(7):
        if working_day(week_start + timedelta(days=day)):
            yield _daily(day, rule.start_time, rule.end_time)


def _rotation(rule: Availability, week_start: date) -> Iterable[Period]:
    """Shifts of `on_hours` starting every `cycle_days` from the anchor date on (none before
    it); a shift that began last week still counts for the part inside this one."""
    cycle = rule.cycle_days * DAY
    length = rule.on_hours * 60
    first = (rule.anchor_date - week_start).days * DAY + minute_of_day(rule.start_time)
    # Start at most one shift before the first that reaches into this week, never before the anchor.
    k = max(0, (-first - length) // cycle)
    while (start := first + k * cycle) < WEEK:
        if start + length > 0:
            yield start, start + length
        k += 1
