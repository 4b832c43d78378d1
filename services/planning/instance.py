"""The week's planning instance (`firedesk.instance/1`) built from the database.

Tasks come from the providers registered in `services.planning.providers` (bookings,
complaints, follow-ups, …); staff availability from `services.staff.availability` on the
official working-day calendar; districts, travel times and locations from the foundation
tables. Staff ids are staff codes, location ids location codes, task ids name their record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import District, Location, TravelTime
from db.session import read_session
from rules.hours import offhours
from services.calendar.workdays import working_day_checker
from services.core.errors import FiredeskError
from services.planning.providers import RESOURCE_PROVIDERS, TASK_PROVIDERS, TaskProvider
from services.staff.availability import week_hour_caps, week_periods

SCHEMA = "firedesk.instance/1"
SLOT_MINUTES = 30
# Leaving a task unplanned must always cost more than any disruption or fairness term.
WEIGHTS = {"unscheduled": 1000, "offhours_peak": 2, "change": 50}


def build_week_instance(
    week_start: date, *, name: str | None = None, slot_minutes: int = SLOT_MINUTES
) -> dict:
    """The planning instance of the week starting on Monday `week_start`, as the database
    holds it now."""
    working_day = working_day_checker({week_start.year, (week_start + timedelta(days=7)).year})
    with read_session() as session:
        return week_instance(session, week_start, working_day, name=name, slot_minutes=slot_minutes)


def week_instance(
    session: Session,
    week_start: date,
    working_day: Callable[[date], bool],
    *,
    name: str | None = None,
    slot_minutes: int = SLOT_MINUTES,
    task_providers: Sequence[TaskProvider] = TASK_PROVIDERS,
) -> dict:
    """The week's instance read through `session` (which may hold rows not yet committed):
    tasks from `task_providers`, availability and off-hours on the `working_day` calendar."""
    if week_start.weekday() != 0:
        raise FiredeskError("planning.error.not_monday", day=week_start.isoformat())
    week_end = week_start + timedelta(days=7)
    workdays = [working_day(week_start + timedelta(days=d)) for d in range(7)]
    tasks = [
        task for provider in task_providers for task in provider(session, week_start, week_end)
    ]
    resources = [
        r for provider in RESOURCE_PROVIDERS for r in provider(session, week_start, week_end)
    ]
    staff = _staff(session, week_start, working_day)
    location_codes = {s["base"] for s in staff} | {t["location"] for t in tasks}
    districts, travel = _travel(session)
    locations = _locations(session, location_codes)
    return {
        "schema": SCHEMA,
        "name": name or f"辽阳支队 {week_start.isoformat()} 周计划",
        "week_start": week_start.isoformat(),
        "slot_minutes": slot_minutes,
        "offhours": [list(interval) for interval in offhours(workdays)],
        "districts": districts,
        "travel_minutes": travel,
        "locations": locations,
        "staff": staff,
        "resources": sorted(resources, key=lambda r: r["id"]),
        "tasks": sorted(tasks, key=lambda t: t["id"]),
        "weights": dict(WEIGHTS),
    }


def _staff(session: Session, week_start: date, working_day: Callable[[date], bool]) -> list[dict]:
    caps = week_hour_caps(session, week_start)
    return [
        {
            "id": person.code,
            "name": person.name,
            "base": person.base.code,
            "skills": person.skill_names,
            "available": [[a, b] for a, b in periods],
            "max_minutes": max(caps.get(person.id, 0), person.weekly_hour_cap * 60),
        }
        for person, periods in week_periods(session, week_start, working_day)
    ]


def _travel(session: Session) -> tuple[list[str], list[list[int]]]:
    districts = session.scalars(select(District).order_by(District.id)).all()
    index = {d.id: i for i, d in enumerate(districts)}
    matrix = [[0] * len(districts) for _ in districts]
    for row in session.scalars(select(TravelTime)):
        matrix[index[row.from_district_id]][index[row.to_district_id]] = row.minutes
    return [d.name for d in districts], matrix


def _locations(session: Session, codes: set[str]) -> list[dict]:
    found = session.scalars(
        select(Location)
        .where(Location.code.in_(codes))
        .options(selectinload(Location.district))
        .order_by(Location.code)
    ).all()
    missing = codes - {loc.code for loc in found}
    if missing:
        raise FiredeskError("planning.error.unknown_location", codes=", ".join(sorted(missing)))
    return [{"id": loc.code, "name": loc.name, "district": loc.district.name} for loc in found]
