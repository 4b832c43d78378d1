"""An officer's own random inspections: the drawn units of the current draws they were
drawn for, with the time a published weekly plan put the inspection at (and the officers
it sent), and whether it has been recorded yet.

This module owns only that reading; recording goes through `services.draws.records`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from db.models import Location, PlanVersion, Staff, StaffSkill
from db.models.draws import Draw, InspectionRecord
from db.session import read_session
from rules.time import TIME_ZONE
from services.core.permissions import Actor, require
from services.draws.records import WRITE
from services.draws.tasks import task_id


@dataclass(frozen=True)
class OwnInspection:
    draw_id: int
    period: str
    unit_code: str
    unit_name: str
    drawn_inspectors: tuple[str, ...]
    planned_at: datetime | None  # the published plan's start, if planned
    planned_officers: tuple[str, ...]  # whom the published plan sent (else empty)
    record_id: int | None  # the inspection record, once recorded
    outcome: str | None

    @property
    def officers(self) -> tuple[str, ...]:
        """Who goes: the published plan's officers, else the two drawn."""
        return self.planned_officers or self.drawn_inspectors


def _at(week_start: date, minute: int) -> datetime:
    return datetime.combine(week_start, time(0, 0), tzinfo=TIME_ZONE) + timedelta(minutes=minute)


def staff_code(actor: Actor) -> str | None:
    if actor.staff_id is None:
        return None
    with read_session() as session:
        return session.scalar(select(Staff.code).where(Staff.id == actor.staff_id))


def inspector_codes() -> list[str]:
    """The active qualified inspectors an officer may name as having gone with them."""
    with read_session() as session:
        return list(
            session.scalars(
                select(Staff.code)
                .join(StaffSkill, StaffSkill.staff_id == Staff.id)
                .where(StaffSkill.skill == "inspector", Staff.active.is_(True))
                .order_by(Staff.code)
            )
        )


def own_inspections(actor: Actor) -> list[OwnInspection]:
    """The random inspections of the current draws this officer was drawn for or planned
    on, by period, planned time and unit. An account without a staff member has none."""
    require(actor, WRITE)
    code = staff_code(actor)
    if code is None:
        return []
    with read_session() as session:
        draws = session.scalars(select(Draw).where(Draw.status == "current")).all()
        planned: dict[str, tuple[datetime, tuple[str, ...]]] = {}
        for week_start, plan in session.execute(
            select(PlanVersion.week_start, PlanVersion.plan)
            .where(PlanVersion.status == "published")
            .order_by(PlanVersion.week_start)
        ):
            for assignment in plan.get("assignments", []):
                planned[assignment["task"]] = (
                    _at(week_start, assignment["start"]),
                    tuple(assignment.get("staff", ())),
                )
        codes = {a["unit"] for d in draws for a in d.result["assignments"]}
        locations = {
            loc.code: loc
            for loc in session.scalars(select(Location).where(Location.code.in_(codes)))
        }
        recorded = {
            (r.draw_id, r.location_id): r
            for r in session.scalars(
                select(InspectionRecord)
                .where(InspectionRecord.draw_id.in_([d.id for d in draws]))
                .order_by(InspectionRecord.id)
            )
        }
        found = []
        for draw in draws:
            for assignment in draw.result["assignments"]:
                location = locations.get(assignment["unit"])
                if location is None:
                    continue
                when, sent = planned.get(task_id(draw.id, location.code), (None, ()))
                drawn = tuple(assignment["inspectors"])
                if code not in (sent or drawn):
                    continue
                record = recorded.get((draw.id, location.id))
                found.append(
                    OwnInspection(
                        draw_id=draw.id,
                        period=draw.period,
                        unit_code=location.code,
                        unit_name=location.name,
                        drawn_inspectors=drawn,
                        planned_at=when,
                        planned_officers=sent,
                        record_id=record.id if record else None,
                        outcome=record.outcome if record else None,
                    )
                )
    return sorted(
        found,
        key=lambda i: (i.period, i.planned_at is None, i.planned_at or datetime.min, i.unit_code),
    )
