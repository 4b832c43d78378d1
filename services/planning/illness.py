"""Sick leave during a planned week: recorded, and the locks it makes impossible dropped."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from db.models import Availability, PlanLock, Staff
from rules.time import TIME_ZONE
from services.core.errors import NotFound, Problems
from services.core.permissions import Actor, require
from services.core.unit_of_work import unit_of_work


def mark_ill(actor: Actor, week_start: date, staff_code: str, from_moment: datetime) -> int:
    """Record sick leave from `from_moment` to the end of the week and drop the person's
    locks from then on (they could not be kept). Returns how many locks were dropped."""
    require(actor, "availability.write")
    week_end = datetime.combine(week_start + timedelta(days=7), datetime.min.time(), TIME_ZONE)
    problems = Problems()
    if not from_moment < week_end:
        problems.add("ill_from", "plan.error.after_week")
    problems.raise_if_any()
    from_minute = int(
        (from_moment - datetime.combine(week_start, datetime.min.time(), TIME_ZONE)).total_seconds()
        // 60
    )
    with unit_of_work(actor) as session:
        person = session.scalars(select(Staff).where(Staff.code == staff_code)).first()
        if person is None:
            raise NotFound("error.not_found", what=f"staff {staff_code}")
        session.add(
            Availability(
                staff_id=person.id,
                kind="leave",
                start_at=from_moment,
                end_at=week_end,
                note="病假 / sick leave",
            )
        )
        dropped = 0
        for held in session.scalars(select(PlanLock).where(PlanLock.week_start == week_start)):
            if staff_code in held.staff and held.start >= from_minute:
                session.delete(held)
                dropped += 1
        return dropped
