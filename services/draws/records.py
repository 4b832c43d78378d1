"""Inspection records: for every on-site inspection (random, booked off-hours, complaint
check, re-inspection) the officers (at least `rules.inspections.INSPECTORS_REQUIRED`), the
time, the checklist items found and the outcome:

- no_problem: nothing found;
- minor_corrected: a minor violation corrected on the spot, no penalty (measure 10, 首违
  不罚 / 轻微不罚), recorded as such;
- correction_order: a correction order (责令改正) is issued: it opens a hazard case
  (services.hazards.cases), and a later re-inspection of the unit closes or escalates it;
- referred_penalty: referred for an administrative penalty.

A random inspection names its draw and must be of a unit that draw drew; recording it
takes the unit out of the weeks still to be planned and puts its result in the disclosure.
A record made from the officer's task list names its plan task, and a task is recorded once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import Location, Staff, StaffSkill
from db.models.draws import INSPECTION_KINDS, INSPECTION_OUTCOMES, Draw, InspectionRecord
from db.session import read_session
from rules.inspections import INSPECTORS_REQUIRED
from services.core.clock import now
from services.core.errors import Problems, ValidationError
from services.core.permissions import Actor, require
from services.core.unit_of_work import unit_of_work

WRITE = "inspections.write"
# The small checklist an officer ticks (configurable here, one place).
CHECKLIST = (
    "exits",
    "evacuation_routes",
    "fire_facilities",
    "electrical",
    "storage",
    "fire_load",
    "duty_records",
)


@dataclass(frozen=True)
class InspectionInput:
    unit_code: str
    kind: str
    inspected_at: datetime
    officers: list[str]  # staff codes
    outcome: str
    findings: list[str] = field(default_factory=list)
    note: str = ""
    draw_id: int | None = None
    task: str | None = None  # the plan task it was recorded from (services.draws.officer)


def record_inspection(actor: Actor, data: InspectionInput) -> int:
    require(actor, WRITE)
    problems = Problems()
    officers = sorted(set(data.officers))
    if len(officers) < INSPECTORS_REQUIRED:
        problems.add("officers", "inspections.error.officers", count=INSPECTORS_REQUIRED)
    if data.kind not in INSPECTION_KINDS:
        problems.add("inspection_kind", "inspections.error.kind")
    if data.outcome not in INSPECTION_OUTCOMES:
        problems.add("outcome", "inspections.error.outcome")
    unknown = sorted(set(data.findings) - set(CHECKLIST))
    if unknown:
        problems.add("findings", "inspections.error.findings", items=", ".join(unknown))
    if data.outcome == "no_problem" and data.findings:
        problems.add("outcome", "inspections.error.no_problem_with_findings")
    if data.outcome in ("minor_corrected", "correction_order") and not data.findings:
        problems.add("findings", "inspections.error.findings_needed")
    if data.inspected_at > now():
        problems.add("inspected_at", "inspections.error.future")
    with unit_of_work(actor) as session:
        location = session.scalar(select(Location).where(Location.code == data.unit_code))
        if location is None:
            problems.add("inspection_unit", "inspections.error.unit")
        qualified = set(
            session.scalars(
                select(Staff.code)
                .join(StaffSkill, StaffSkill.staff_id == Staff.id)
                .where(Staff.code.in_(officers), StaffSkill.skill == "inspector")
            )
        )
        if set(officers) - qualified:
            problems.add(
                "officers",
                "inspections.error.not_inspectors",
                codes=", ".join(sorted(set(officers) - qualified)),
            )
        if _task_recorded(session, data.task):
            _task_problem(problems, data.task)
        if data.kind == "random_inspection":
            drawn = session.get(Draw, data.draw_id) if data.draw_id else None
            units = {a["unit"] for a in drawn.result["assignments"]} if drawn else set()
            if data.unit_code not in units:
                problems.add("draw_id", "inspections.error.not_drawn")
        if problems.errors:
            raise ValidationError(problems.errors)
        row = InspectionRecord(
            location_id=location.id,
            draw_id=data.draw_id if data.kind == "random_inspection" else None,
            task=data.task or None,
            kind=data.kind,
            inspected_at=data.inspected_at,
            officers=officers,
            findings=sorted(set(data.findings)),
            outcome=data.outcome,
            note=data.note[:500],
            created_at=now(),
            created_by=actor.username,
        )
        _insert(session, row)
        # A correction order opens a hazard case; a re-inspection closes or escalates one.
        from services.hazards.cases import on_inspection  # services.hazards reads CHECKLIST

        on_inspection(session, actor, row)
        return row.id


def _task_recorded(session: Session, task: str | None) -> bool:
    if not task:
        return False
    found = session.scalar(select(InspectionRecord.id).where(InspectionRecord.task == task))
    return found is not None


def _task_problem(problems: Problems, task: str) -> None:
    problems.add("inspection_task", "inspections.error.task_recorded", task=task)


def _insert(session: Session, row: InspectionRecord) -> None:
    """Add the record in a savepoint: a second officer saving the same task at the same
    moment passed the check above too, and meets the task's unique index (migration 0018)
    at the flush; they are told the task is recorded, as if the check had seen it."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        if not _task_recorded(session, row.task):
            raise
        problems = Problems()
        _task_problem(problems, row.task)
        raise ValidationError(problems.errors) from None


def records_of(actor: Actor, unit_code: str | None = None) -> list[InspectionRecord]:
    require(actor, WRITE)
    query = select(InspectionRecord).order_by(InspectionRecord.inspected_at.desc())
    if unit_code:
        query = query.join(Location, Location.id == InspectionRecord.location_id).where(
            Location.code == unit_code
        )
    with read_session() as session:
        return list(session.scalars(query))
