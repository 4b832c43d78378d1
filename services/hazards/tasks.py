"""What hazard cases contribute to the weekly plan: a `re_inspection` task for each case
whose re-inspection is due (the unit applied, or its deadline passed), in the unit's
opening hours (office hours on working days where it registered none), from now to the end
of the re-inspection's due day (3 working days, rules.hazards), cut to the week. Two
inspectors by law (rules/inspections.py).

A case whose deadline has passed but that nobody moved yet (`cases.advance_deadlines`) is
planned all the same, its clock counted from the deadline. The planning contract has no
way to prefer people without restricting the task to them, so the officers who issued the
order are not required (the contract's `eligible` would make them the only ones).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import Location
from db.models.hazards import HazardCase
from rules import hazards as rules
from rules.hours import office_hours
from rules.inspections import INSPECTORS_REQUIRED
from rules.intervals import intersect
from rules.weeks import minutes_from
from services.bookings.windows import from_opening_hours
from services.calendar import workdays
from services.core.clock import now

KIND = "re_inspection"
INSPECTION_MINUTES = 60
INSPECTION_PRIORITY = 9


def task_id(case_id: int) -> str:
    return f"H{case_id}"


def planning_tasks(session: Session, week_start: date, week_end: date) -> list[dict]:
    week_minutes = (week_end - week_start).days * 1440
    start = max(0, minutes_from(week_start, now()))
    if start >= week_minutes:
        return []
    today = now().date()
    rows = session.execute(
        select(HazardCase, Location)
        .join(Location, Location.id == HazardCase.location_id)
        .where(
            or_(
                HazardCase.state == "reinspection_due",
                (HazardCase.state == "order_issued") & (HazardCase.deadline < today),
            )
        )
        .order_by(HazardCase.id)
    ).all()
    if not rows:
        return []
    working = workdays.working_day_checker({week_start.year, week_end.year})
    office = office_hours([working(week_start + timedelta(days=d)) for d in range(7)])
    tasks = []
    for case, location in rows:
        due_at = case.reinspection_due_at
        if due_at is None:
            due_at, _ = rules.reinspection_due(workdays.add_working_days, case.deadline)
        due = minutes_from(week_start, due_at) + 1  # the due second itself
        hours = [(w["start"], w["end"]) for w in from_opening_hours(location.opening_hours)]
        windows = [
            {"start": a, "end": b, "cost": 0}
            for a, b in intersect(hours or office, [(start, min(due, week_minutes))])
            if b - a >= INSPECTION_MINUTES
        ]
        if not windows:
            continue
        tasks.append(
            {
                "id": task_id(case.id),
                "kind": KIND,
                "location": location.code,
                "duration": INSPECTION_MINUTES,
                "skill": "inspector",
                "headcount": INSPECTORS_REQUIRED,
                "priority": INSPECTION_PRIORITY,
                "windows": windows,
            }
        )
    return tasks
