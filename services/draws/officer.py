"""An officer's own inspections: every inspection task a published weekly plan put them on
(booked off-hours inspections, complaint checks, re-inspections of hazard cases, random
inspections), and the drawn units of the current draws they were drawn for even before a
plan places them, each with its time and officers and whether it has been recorded yet.

`officer_inspection_tasks(session, staff_id, ...)` is the reading, for any page that shows
an officer their work (this area's 我的检查 page, a home desk); `own_inspections(actor)` is
the same for the signed-in account. Recording goes through `services.draws.records`, with
the record's kind and task taken from the item (`OwnInspection.kind`, `.task`).

The plan in force for a week is its newest published version. A task is recorded when an
inspection record names it (`InspectionRecord.task`); a re-inspection also when its hazard
case already has its re-inspection; a random inspection also when its draw has a record
for the unit (recorded before records named their task).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Location, PlanVersion, Staff, StaffSkill
from db.models.complaints import ComplaintCase
from db.models.draws import Draw, InspectionRecord
from db.models.hazards import HazardCase
from db.session import read_session
from rules.time import TIME_ZONE
from rules.weeks import monday_of
from services.core.clock import now
from services.core.permissions import Actor, require
from services.draws.records import WRITE
from services.draws.tasks import KIND as RANDOM_TASK
from services.draws.tasks import task_id
from services.hazards.tasks import KIND as REINSPECTION_TASK

# The plan's task kinds that are on-site inspections, and the record kind each makes.
RECORD_KIND_OF_TASK = {
    "offhours_inspection": "offhours_inspection",
    "complaint_check": "complaint_check",
    REINSPECTION_TASK: "reinspection",
    RANDOM_TASK: "random_inspection",
}
# How far back the list reaches by default: a quarter, the longest draw period.
LOOKBACK_DAYS = 92


@dataclass(frozen=True)
class OwnInspection:
    task: str  # the plan's task id ("B12", "C7", "H3", "R4-U001")
    kind: str  # the inspection record's kind (db.models.draws.INSPECTION_KINDS)
    unit_code: str | None  # None: a complaint about a unit not registered as a location
    unit_name: str
    planned_at: datetime | None  # the published plan's start, if planned
    planned_officers: tuple[str, ...]  # whom the published plan sent (else empty)
    record_id: int | None  # the inspection record, once recorded
    outcome: str | None
    draw_id: int | None = None  # random inspections: the draw
    period: str | None = None  # random inspections: the draw's period
    drawn_inspectors: tuple[str, ...] = ()  # random inspections: the two drawn

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


@dataclass(frozen=True)
class _Planned:
    kind: str
    location: str
    at: datetime
    staff: tuple[str, ...]


def _plans_in_force(session: Session, since: date) -> dict[str, _Planned]:
    """The inspection tasks of the plans in force for the weeks from `since` on."""
    newest: dict[date, PlanVersion] = {}
    for row in session.scalars(
        select(PlanVersion)
        .where(PlanVersion.status == "published", PlanVersion.week_start >= monday_of(since))
        .order_by(PlanVersion.week_start, PlanVersion.number)
    ):
        newest[row.week_start] = row
    planned = {}
    for week_start, row in sorted(newest.items()):
        kinds = {t["id"]: t for t in row.instance.get("tasks", [])}
        for assignment in row.plan.get("assignments", []):
            task = kinds.get(assignment["task"])
            if task is None or task.get("kind") not in RECORD_KIND_OF_TASK:
                continue
            planned[assignment["task"]] = _Planned(
                task["kind"],
                task["location"],
                _at(week_start, assignment["start"]),
                tuple(assignment.get("staff", ())),
            )
    return planned


def _complaint_units(session: Session, tasks: list[str]) -> dict[str, int | None]:
    """Complaint checks ("C7"): the complaint's own unit (the plan may have used a stand-in
    station for a unit that is not registered)."""
    ids = [int(t[1:]) for t in tasks if t.startswith("C") and t[1:].isdigit()]
    rows = session.execute(
        select(ComplaintCase.id, ComplaintCase.location_id).where(ComplaintCase.id.in_(ids))
    )
    return {f"C{case_id}": location_id for case_id, location_id in rows}


def _reinspected(session: Session, tasks: list[str]) -> dict[str, int]:
    """Re-inspection tasks ("H3") whose case already has its re-inspection record."""
    ids = [int(t[1:]) for t in tasks if t.startswith("H") and t[1:].isdigit()]
    rows = session.execute(
        select(HazardCase.id, HazardCase.reinspection_id).where(
            HazardCase.id.in_(ids), HazardCase.reinspection_id.is_not(None)
        )
    )
    return {f"H{case_id}": record_id for case_id, record_id in rows}


def officer_inspection_tasks(
    session: Session, staff_id: int, *, since: date | None = None
) -> list[OwnInspection]:
    """The inspections of the staff member `staff_id`: every inspection task of the plans
    in force for the weeks from `since` (default: `LOOKBACK_DAYS` ago) that sends them, and
    the units of the current draws drawn for them, by planned time (unplanned last), kind
    and unit. Someone who is not a staff member has none."""
    code = session.scalar(select(Staff.code).where(Staff.id == staff_id))
    if code is None:
        return []
    since = since or (now().date() - timedelta(days=LOOKBACK_DAYS))
    planned = _plans_in_force(session, since)
    mine = {task: p for task, p in planned.items() if code in p.staff}
    draws = session.scalars(select(Draw).where(Draw.status == "current")).all()
    drawn: dict[str, tuple[Draw, dict]] = {}
    for draw in draws:
        for assignment in draw.result["assignments"]:
            identifier = task_id(draw.id, assignment["unit"])
            sent = planned.get(identifier)
            if code in (sent.staff if sent else assignment["inspectors"]):
                drawn[identifier] = (draw, assignment)
    tasks = sorted(set(mine) | set(drawn))
    complaint_units = _complaint_units(session, tasks)
    reinspected = _reinspected(session, tasks)
    codes = {p.location for p in mine.values()} | {a["unit"] for _, a in drawn.values()}
    locations = session.scalars(
        select(Location).where(
            Location.code.in_(codes) | Location.id.in_([i for i in complaint_units.values() if i])
        )
    ).all()
    by_code = {loc.code: loc for loc in locations}
    by_id = {loc.id: loc for loc in locations}
    records = session.scalars(
        select(InspectionRecord).where(
            InspectionRecord.task.in_(tasks)
            | InspectionRecord.draw_id.in_([d.id for d in draws])
            | InspectionRecord.id.in_(list(reinspected.values()))
        )
    ).all()
    by_task = {r.task: r for r in records if r.task}
    by_draw_unit = {}
    for record in sorted(records, key=lambda r: r.id, reverse=True):
        if record.draw_id is not None:
            by_draw_unit[(record.draw_id, record.location_id)] = record
    by_id_record = {r.id: r for r in records}

    found = []
    for identifier in tasks:
        sent = mine.get(identifier)
        draw, assignment = drawn.get(identifier, (None, None))
        kind = RECORD_KIND_OF_TASK[sent.kind if sent else RANDOM_TASK]
        if identifier in complaint_units:
            location = by_id.get(complaint_units[identifier])
        else:
            location = by_code.get(sent.location if sent else assignment["unit"])
        record = by_task.get(identifier) or by_id_record.get(reinspected.get(identifier))
        if record is None and draw is not None and location is not None:
            record = by_draw_unit.get((draw.id, location.id))
        if draw is None and kind == "random_inspection":
            continue  # a random task of a superseded draw: its redraw says who goes now
        if location is None and kind != "complaint_check":
            continue  # the unit is gone from the locations: nothing to record against
        found.append(
            OwnInspection(
                task=identifier,
                kind=kind,
                unit_code=location.code if location else None,
                unit_name=location.name if location else "",
                planned_at=sent.at if sent else None,
                planned_officers=sent.staff if sent else (),
                record_id=record.id if record else None,
                outcome=record.outcome if record else None,
                draw_id=draw.id if draw else None,
                period=draw.period if draw else None,
                drawn_inspectors=tuple(assignment["inspectors"]) if assignment else (),
            )
        )
    return sorted(
        found,
        key=lambda i: (i.planned_at is None, i.planned_at or datetime.min, i.kind, i.task),
    )


def own_inspections(actor: Actor, *, since: date | None = None) -> list[OwnInspection]:
    """`officer_inspection_tasks` of the signed-in account's own staff member."""
    require(actor, WRITE)
    if actor.staff_id is None:
        return []
    with read_session() as session:
        return officer_inspection_tasks(session, actor.staff_id, since=since)
