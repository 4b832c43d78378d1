"""What the draws contribute to the weekly plan: a `random_inspection` task for each drawn
unit of a current draw not yet inspected, with the two drawn inspectors as the only
eligible people (the contract's `eligible`).

Windows are the unit's standing opening hours (office hours on weekdays where none are
registered) from max(now, the period's start) to the period's end. A unit already planned
in a published plan of an earlier week of the period is not planned again. Random
inspections are unannounced (`services.planning.views.UNANNOUNCED_KINDS`): they never
appear in anything addressed to the unit.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Location, PlanVersion
from db.models.draws import Draw, InspectionRecord
from rules.draws import period_bounds
from rules.hours import OFFICE_CLOSE_MINUTE, OFFICE_OPEN_MINUTE
from rules.time import TIME_ZONE
from rules.weeks import DAY, clip_windows, minutes_from, monday_of
from services.bookings.windows import from_opening_hours
from services.core.clock import now

INSPECTION_MINUTES = 90
INSPECTION_PRIORITY = 8
KIND = "random_inspection"


def task_id(draw_id: int, unit_code: str) -> str:
    return f"R{draw_id}-{unit_code}"


def _opening_windows(opening_hours: dict | None) -> list[dict]:
    windows = from_opening_hours(opening_hours)
    if windows:
        return windows
    return [
        {"start": d * DAY + OFFICE_OPEN_MINUTE, "end": d * DAY + OFFICE_CLOSE_MINUTE, "cost": 0}
        for d in range(5)
    ]


def _planned_earlier(session: Session, start: date, week_start: date) -> set[str]:
    """Task ids a published plan of an earlier week of the period already scheduled."""
    plans = session.scalars(
        select(PlanVersion.plan).where(
            PlanVersion.status == "published",
            PlanVersion.week_start >= monday_of(start),
            PlanVersion.week_start < week_start,
        )
    ).all()
    return {a["task"] for plan in plans for a in plan.get("assignments", [])}


def planning_tasks(session: Session, week_start: date, week_end: date) -> list[dict]:
    draws = session.scalars(select(Draw).where(Draw.status == "current").order_by(Draw.id)).all()
    week_minutes = (week_end - week_start).days * DAY
    tasks = []
    for row in draws:
        start, end = period_bounds(row.period)
        if end <= week_start or start >= week_end:
            continue
        first = max(
            minutes_from(week_start, datetime.combine(start, time(0, 0), tzinfo=TIME_ZONE)),
            minutes_from(week_start, now()),
            0,
        )
        last = min(
            minutes_from(week_start, datetime.combine(end, time(0, 0), tzinfo=TIME_ZONE)),
            week_minutes,
        )
        if first >= last:
            continue
        codes = [a["unit"] for a in row.result["assignments"]]
        locations = {
            loc.code: loc
            for loc in session.scalars(select(Location).where(Location.code.in_(codes)))
        }
        inspected = set(
            session.scalars(
                select(InspectionRecord.location_id).where(InspectionRecord.draw_id == row.id)
            )
        )
        earlier = _planned_earlier(session, start, week_start)
        for assignment in row.result["assignments"]:
            location = locations.get(assignment["unit"])
            if location is None or location.id in inspected:
                continue
            identifier = task_id(row.id, location.code)
            if identifier in earlier:
                continue
            windows = [
                {**w, "start": max(w["start"], first), "end": min(w["end"], last)}
                for w in _opening_windows(location.opening_hours)
            ]
            windows = [
                w for w in clip_windows(windows) if w["end"] - w["start"] >= INSPECTION_MINUTES
            ]
            if not windows:
                continue
            tasks.append(
                {
                    "id": identifier,
                    "kind": KIND,
                    "location": location.code,
                    "duration": INSPECTION_MINUTES,
                    "skill": "inspector",
                    "headcount": len(assignment["inspectors"]),
                    "priority": INSPECTION_PRIORITY,
                    "windows": windows,
                    "eligible": list(assignment["inspectors"]),
                }
            )
    return tasks


__all__ = ["planning_tasks", "task_id"]
