"""China's official working-day calendar (holidays and 调休 make-up working days).

The calendar lives in the database (`calendar_years`, `calendar_days`). Years the
`chinesecalendar` package knows are seeded on first use: the first question about such a
year writes its 365 days, marked confirmed, as one audited event. Later years are created
by an administrator (weekday rule to start from), edited day by day when the State Council
publishes the schedule, and then confirmed. Until a year is confirmed, nothing about it is
guessed silently: `is_working_day` answers None and deadlines are flagged provisional.

End of day: a deadline "at the end of" a working day is 23:59:59 Asia/Shanghai on that
day; anything done at or before that second is on time.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time

import chinese_calendar
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models.calendar import CalendarDay, CalendarYear
from db.session import current_url, read_session
from rules.time import TIME_ZONE, local
from services.core.clock import now
from services.core.errors import NotFound, Problems
from services.core.permissions import SYSTEM, Actor, require
from services.core.records import load_for_update
from services.core.unit_of_work import in_unit_of_work, record, unit_of_work

END_OF_DAY = clock_time(23, 59, 59)

# Deadlines further out than this are a data error, not a calendar question.
_MAX_SCAN_DAYS = 400


@dataclass(frozen=True)
class Deadline:
    at: datetime
    provisional: bool


def package_years() -> range:
    """The years the installed `chinesecalendar` release knows (published schedules)."""
    known = chinese_calendar.constants.holidays
    return range(min(known).year, max(known).year + 1)


def _weekday_rule(day: date) -> bool:
    return day.weekday() < 5


def _days_of(year: int) -> Iterable[date]:
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def _package_note(day: date) -> str:
    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    if name is None:
        return ""
    return name if on_holiday else f"{name} (调休)"


def seed_calendar(session: Session, years: Iterable[int]) -> list[int]:
    """Write the package's schedule for each year it knows that is not in the database yet.

    Returns the years written. Runs inside the caller's unit of work (demo loading, first use).
    """
    known = package_years()
    wanted = sorted({y for y in years if y in known})
    present = set(session.scalars(select(CalendarYear.year).where(CalendarYear.year.in_(wanted))))
    written = [y for y in wanted if y not in present]
    for year in written:
        session.add(CalendarYear(year=year, confirmed=True, source="chinesecalendar"))
    session.flush()
    days = [
        {"day": day, "is_working_day": chinese_calendar.is_workday(day), "note": _package_note(day)}
        for year in written
        for day in _days_of(year)
    ]
    if days:
        # One bulk INSERT (no per-row RETURNING): ~8,000 days in well under a second.
        session.execute(insert(CalendarDay), days)
    return written


class WorkCalendar:
    """A snapshot of some years of the calendar, answering without further queries."""

    def __init__(self, confirmed: set[int], working: dict[date, bool]) -> None:
        self._confirmed = confirmed
        self._working = working

    @classmethod
    def load(
        cls, session: Session, years: Iterable[int], *, unseeded_from_package: bool = False
    ) -> WorkCalendar:
        """The stored years; with `unseeded_from_package`, years the package knows that are
        not stored yet are taken from it, as seeding would write them."""
        years = sorted(set(years))
        stored = dict(
            session.execute(
                select(CalendarYear.year, CalendarYear.confirmed).where(
                    CalendarYear.year.in_(years)
                )
            ).all()
        )
        rows = session.execute(
            select(CalendarDay.day, CalendarDay.is_working_day).where(
                CalendarDay.day >= date(min(years), 1, 1),
                CalendarDay.day <= date(max(years), 12, 31),
            )
        )
        confirmed = {year for year, is_confirmed in stored.items() if is_confirmed}
        working = {day: is_working for day, is_working in rows}
        if unseeded_from_package:
            for year in set(years) - set(stored):
                if year in package_years():
                    confirmed.add(year)
                    working |= {day: chinese_calendar.is_workday(day) for day in _days_of(year)}
        return cls(confirmed, working)

    def is_working_day(self, day: date) -> bool | None:
        if day.year not in self._confirmed:
            return None
        return self._working.get(day, _weekday_rule(day))

    def working_day(self, day: date) -> bool:
        """For the planner: the stored day (holidays and 调休 as the calendar page holds them,
        also in a year not yet confirmed); Monday–Friday only for a day not stored at all."""
        return self._working.get(day, _weekday_rule(day))

    def add_working_days(self, start: datetime, days: int) -> Deadline:
        """The end of the `days`-th working day after the start's day (which never counts)."""
        day = local(start).date()
        provisional = False
        counted = 0
        for _ in range(_MAX_SCAN_DAYS):
            if counted == days:
                break
            day += timedelta(days=1)
            working = self.is_working_day(day)
            if working is None:
                provisional = True
                working = _weekday_rule(day)
            counted += working
        else:
            raise ValueError(f"no {days} working days within {_MAX_SCAN_DAYS} days of {start}")
        return Deadline(datetime.combine(day, END_OF_DAY, TIME_ZONE), provisional)


def _years_spanned(start: datetime, days: int) -> range:
    first = local(start).year
    # N working days never span more than ~N weeks plus the longest holiday run.
    last = (local(start) + timedelta(days=days * 2 + 30)).year
    return range(first, last + 1)


# One snapshot per database and set of years, dropped whenever this process edits the
# calendar, and after a few minutes so that another app instance's edit is seen too.
CACHE_SECONDS = 300
_cache: dict[tuple[str, tuple[int, ...]], tuple[float, WorkCalendar]] = {}
_cache_lock = threading.Lock()


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def _ensure_seeded(years: Iterable[int]) -> None:
    wanted = [y for y in years if y in package_years()]
    if not wanted or in_unit_of_work():
        # Inside a unit of work seeding (a transaction of its own) would wait behind this
        # thread's own write lock on SQLite; `calendar_for` reads the package instead.
        return
    with read_session() as session:
        present = set(
            session.scalars(select(CalendarYear.year).where(CalendarYear.year.in_(wanted)))
        )
    if present >= set(wanted):
        return
    try:
        with unit_of_work(SYSTEM) as session:
            # A published national schedule is one audited event, not 365 row inserts.
            session.info["audit"] = False
            written = seed_calendar(session, wanted)
            record(
                session,
                SYSTEM,
                "seed",
                CalendarYear.__tablename__,
                detail="chinesecalendar years " + ", ".join(map(str, written)),
            )
    except IntegrityError:
        pass  # another process seeded the same years a moment ago


def calendar_for(years: Iterable[int]) -> WorkCalendar:
    """A cached snapshot of `years` (seeded on first use; one query when not cached)."""
    key = (current_url(), tuple(sorted(set(years))))
    with _cache_lock:
        loaded_at, cached = _cache.get(key, (0.0, None))
    if cached is not None and time.monotonic() - loaded_at < CACHE_SECONDS:
        return cached
    if in_unit_of_work():
        # Asked from inside a write (an import computing its rows' calendars): no seeding
        # now; years not stored yet come from the package, and nothing is cached.
        with read_session() as session:
            return WorkCalendar.load(session, key[1], unseeded_from_package=True)
    _ensure_seeded(key[1])
    with read_session() as session:
        snapshot = WorkCalendar.load(session, key[1])
    with _cache_lock:
        _cache[key] = (time.monotonic(), snapshot)
    return snapshot


def is_working_day(day: date) -> bool | None:
    """True/False per the official calendar; None when that year is not confirmed."""
    return calendar_for([day.year]).is_working_day(day)


def add_working_days(start: datetime, days: int) -> Deadline:
    return calendar_for(_years_spanned(start, days)).add_working_days(start, days)


def working_day_checker(years: Iterable[int]) -> Callable[[date], bool]:
    """For the planner: True on the stored working days (see `WorkCalendar.working_day`)."""
    return calendar_for(years).working_day


# --- administration -----------------------------------------------------------------------


@dataclass(frozen=True)
class YearSummary:
    year: int
    confirmed: bool
    source: str
    version: int
    working_days: int
    days: list[tuple[date, bool, str]]


def year_summary(year: int) -> YearSummary | None:
    """The stored days of one year, for the calendar page (None: not in the database)."""
    _ensure_seeded([year])
    with read_session() as session:
        row = session.get(CalendarYear, year)
        if row is None:
            return None
        days = [
            (d.day, d.is_working_day, d.note)
            for d in session.scalars(
                select(CalendarDay)
                .where(CalendarDay.day.between(date(year, 1, 1), date(year, 12, 31)))
                .order_by(CalendarDay.day)
            )
        ]
    return YearSummary(
        year, row.confirmed, row.source, row.version, sum(1 for d in days if d[1]), days
    )


def create_year(actor: Actor, year: int) -> None:
    """Start a year the package does not know: Monday–Friday working, not confirmed."""
    require(actor, "admin.calendar")
    problems = Problems()
    if not 2000 <= year <= 2100:
        problems.add("calendar_year", "error.range", low=2000, high=2100, value=year)
    problems.raise_if_any()
    with unit_of_work(actor) as session:
        if session.get(CalendarYear, year) is not None:
            problems.add("calendar_year", "error.duplicate", value=year)
            problems.raise_if_any()
        session.info["audit"] = False
        session.add(CalendarYear(year=year, confirmed=False, source="manual", updated_at=now()))
        session.add_all(
            CalendarDay(day=day, is_working_day=_weekday_rule(day), note="")
            for day in _days_of(year)
        )
        record(session, actor, "create", CalendarYear.__tablename__, year, "weekday rule")
    clear_cache()


def save_days(actor: Actor, year: int, version: int, changes: dict[date, tuple[bool, str]]) -> None:
    """Mark days of one year working or not (with a note); audited day by day."""
    require(actor, "admin.calendar")
    problems = Problems()
    for day, (_working, note) in changes.items():
        if day.year != year:
            problems.add(
                "calendar_day", "workdays.error.other_year", day=day.isoformat(), year=year
            )
        if len(note) > 60:
            problems.add("calendar_note", "error.too_long", max=60)
    problems.raise_if_any()
    with unit_of_work(actor) as session:
        row = load_for_update(session, CalendarYear, year, version)
        for day, (working, note) in changes.items():
            stored = session.get(CalendarDay, day)
            if stored is None:
                raise NotFound("error.not_found", what=f"calendar_days {day}")
            stored.is_working_day = working
            stored.note = note.strip()
        row.updated_at = now()  # bumps the year's version: other editors see a conflict
    clear_cache()


# Each recomputes, in the confirming transaction, the open provisional deadlines of one
# area from the calendar it is given and returns how many it changed. Named, not imported:
# those modules compute their deadlines with this one.
FIRM_UP = {
    "complaints": "services.complaints.deadlines",
    "rectifications": "services.evaluations.bad_review_cases",
    "followups": "services.evaluations.followups",
    "hazards": "services.hazards.cases",
}


def firm_up(session: Session) -> dict[str, int]:
    """Recompute every open deadline still flagged provisional on the calendar as `session`
    sees it now, and clear the flag where no unconfirmed year is left in its count.
    Each changed row is an audited update. Returns the number changed per area."""
    calendar = _SessionCalendar(session)
    changed = {}
    for area, module_name in FIRM_UP.items():
        module = importlib.import_module(module_name)
        changed[area] = module.firm_up_deadlines(session, calendar)
    return changed


class _SessionCalendar:
    """`add_working_days` on the calendar of an open transaction, loading years as needed."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._loaded: dict[tuple[int, ...], WorkCalendar] = {}

    def add_working_days(self, start: datetime, days: int) -> Deadline:
        years = tuple(_years_spanned(start, days))
        if years not in self._loaded:
            self._loaded[years] = WorkCalendar.load(self._session, years)
        return self._loaded[years].add_working_days(start, days)


def set_confirmed(actor: Actor, year: int, version: int, confirmed: bool) -> dict[str, int] | None:
    """Confirm (or withdraw) a year. Confirming firms up the provisional deadlines in the
    same transaction (see `firm_up`) and returns how many changed per area."""
    require(actor, "admin.calendar")
    # Neighbouring years the package knows are written before our transaction opens:
    # seeding commits on its own, which SQLite would make wait behind this one.
    _ensure_seeded(range(year - 1, year + 2))
    changed = None
    with unit_of_work(actor) as session:
        row = load_for_update(session, CalendarYear, year, version)
        row.confirmed = confirmed
        row.updated_at = now()
        if confirmed:
            session.flush()
            changed = firm_up(session)
    clear_cache()
    return changed


def stored_years() -> list[int]:
    _ensure_seeded(package_years())
    with read_session() as session:
        return list(session.scalars(select(CalendarYear.year).order_by(CalendarYear.year)))
