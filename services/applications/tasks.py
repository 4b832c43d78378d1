"""What applications contribute to the weekly plan: a `pre_opening_inspection` task for each
accepted pre-opening check not yet inspected, inside the unit's opening hours and before
its 10-working-day clock (消防监督检查规定 art. 15).

The windows are the unit's standing opening hours (office hours on working days for a
venue that registered none, or that is not a registered location), from now to the end of
the inspection's due day, cut to the week. Two inspectors by law (rules/inspections.py).
An application still waiting for its supplements is not planned: its file is not complete.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Location
from db.models.applications import Application, ApplicationType
from rules.hours import office_hours
from rules.inspections import INSPECTORS_REQUIRED
from rules.intervals import intersect
from rules.weeks import minutes_from
from services.bookings.windows import from_opening_hours
from services.calendar.workdays import working_day_checker
from services.core.clock import now

INSPECTION_MINUTES = 90
INSPECTION_PRIORITY = 10


def _fallback_location(session: Session) -> str | None:
    """The detachment's office (else its first station) for a venue not registered."""
    rows = session.execute(
        select(Location.kind, Location.code)
        .where(Location.kind.in_(("office", "station")))
        .order_by(Location.code)
    ).all()
    offices = [code for kind, code in rows if kind == "office"]
    return (offices or [code for _, code in rows] or [None])[0]


def planning_tasks(session: Session, week_start: date, week_end: date) -> list[dict]:
    week_minutes = (week_end - week_start).days * 1440
    start = max(0, minutes_from(week_start, now()))
    if start >= week_minutes:
        return []
    rows = session.execute(
        select(Application, Location)
        .join(ApplicationType, ApplicationType.id == Application.type_id)
        .outerjoin(Location, Location.id == Application.location_id)
        .where(
            Application.status == "accepted",
            ApplicationType.needs_inspection.is_(True),
            Application.inspection_due_at.is_not(None),
        )
        .order_by(Application.id)
    ).all()
    if not rows:
        return []
    working = working_day_checker({week_start.year, week_end.year})
    office = office_hours([working(week_start + timedelta(days=d)) for d in range(7)])
    fallback = _fallback_location(session)
    tasks = []
    for application, location in rows:
        due = minutes_from(week_start, application.inspection_due_at) + 1  # the due second
        hours = from_opening_hours(location.opening_hours if location else None)
        open_hours = [(w["start"], w["end"]) for w in hours] or office
        windows = [
            {"start": a, "end": b, "cost": 0}
            for a, b in intersect(open_hours, [(start, min(due, week_minutes))])
            if b - a >= INSPECTION_MINUTES
        ]
        code = location.code if location else fallback
        if not windows or code is None:
            continue
        tasks.append(
            {
                "id": f"A{application.id}",
                "kind": "pre_opening_inspection",
                "location": code,
                "duration": INSPECTION_MINUTES,
                "skill": "inspector",
                "headcount": INSPECTORS_REQUIRED,
                "priority": INSPECTION_PRIORITY,
                "windows": windows,
            }
        )
    return tasks
