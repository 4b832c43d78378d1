"""What complaints contribute to the weekly plan: a `complaint_check` task for each case still
awaiting its on-site visit, due by its legal deadline.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Location
from db.models.complaints import ComplaintCase
from rules.inspections import INSPECTORS_REQUIRED
from rules.weeks import clip_windows, minutes_from
from services.complaints.cases import AWAITING_VISIT
from services.core.clock import now

# Planning: an on-site check takes the legal number of inspectors about an hour; running it
# in the later half of its window costs a little, so the planner prefers checking early.
CHECK_MINUTES = 60
CHECK_PRIORITY = 10
LATE_HALF_COST = 5


def _fallback_locations(session: Session) -> tuple[dict[int, str], str | None]:
    """Per district, the location code a check at an unregistered unit is planned at.

    Travel is known only between districts, so the district's first station stands in for
    an address that is not in `locations` (the detachment's office where a district has none).
    """
    rows = session.execute(
        select(Location.district_id, Location.kind, Location.code)
        .where(Location.kind.in_(("station", "office")))
        .order_by(Location.code)
    ).all()
    stations: dict[int, str] = {}
    for district_id, kind, code in rows:
        if kind == "station":
            stations.setdefault(district_id, code)
    office = next((code for _, kind, code in rows if kind == "office"), None)
    return stations, office


def planning_tasks(session: Session, week_start: date, week_end: date) -> list[dict]:
    """A `complaint_check` task for each case still awaiting its on-site visit.

    Windows run from max(now, week start) to the deadline: the first half free, the second
    half a little dearer. A case already overdue may run any time left in the week (it is
    late either way, the sooner the better).
    """
    week_minutes = (week_end - week_start).days * 1440
    start = max(0, minutes_from(week_start, now()))
    if start >= week_minutes:
        return []
    cases = session.execute(
        select(ComplaintCase, Location.code)
        .outerjoin(Location, Location.id == ComplaintCase.location_id)
        .where(ComplaintCase.status.in_(AWAITING_VISIT))
        .order_by(ComplaintCase.id)
    ).all()
    if not cases:
        return []
    stations, office = _fallback_locations(session)
    tasks = []
    for case_, code in cases:
        deadline = minutes_from(week_start, case_.deadline_at)
        if deadline <= start:
            windows = [{"start": start, "end": week_minutes, "cost": LATE_HALF_COST}]
        else:
            middle = start + (deadline - start) // 2
            windows = [
                {"start": start, "end": middle, "cost": 0},
                {"start": middle, "end": deadline, "cost": LATE_HALF_COST},
            ]
        windows = [w for w in clip_windows(windows) if w["end"] - w["start"] >= CHECK_MINUTES]
        if not windows:
            continue
        tasks.append(
            {
                "id": f"C{case_.id}",
                "kind": "complaint_check",
                "location": code or stations.get(case_.district_id, office),
                "duration": CHECK_MINUTES,
                "skill": "inspector",
                "headcount": INSPECTORS_REQUIRED,
                "priority": CHECK_PRIORITY,
                "windows": windows,
            }
        )
    return tasks
