"""The two registers of the draw, read as the engine's snapshot, and kept by admins.

Inspection objects: every served unit (`Location.kind == "unit"`) with a credit class, its
risk level and district as the location holds them, plus the register's own key-unit flag
and who inspected it last (the latest inspection record's officers, else the register's
`last_inspectors`). A unit can be taken out of the register (`in_register`).

Inspectors: active staff with the `inspector` skill, the districts they cover (default:
their base's district) and their declared conflicts (locations they must never draw).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import District, Location, Staff, StaffSkill
from db.models.draws import DrawInspector, DrawUnit, InspectionRecord
from services.core.permissions import Actor, require
from services.core.unit_of_work import unit_of_work
from services.draws.engine import Inspector, Unit

REGISTER_PERMISSION = "draws.registers"


def register_units(session: Session) -> list[Unit]:
    rows = session.execute(
        select(Location, District.name, DrawUnit)
        .join(District, District.id == Location.district_id)
        .outerjoin(DrawUnit, DrawUnit.location_id == Location.id)
        .where(Location.kind == "unit", Location.credit_class.is_not(None))
        .order_by(Location.code)
    ).all()
    last = _last_officers(session)
    units = []
    for location, district, entry in rows:
        if entry is not None and not entry.in_register:
            continue
        previous = last.get(location.id) or (entry.last_inspectors if entry else [])
        units.append(
            Unit(
                code=location.code,
                credit_class=location.credit_class,
                district=district,
                key_unit=bool(entry and entry.key_unit),
                risk_level=location.risk_level,
                last_inspectors=tuple(previous),
            )
        )
    return units


def _last_officers(session: Session) -> dict[int, list[str]]:
    """Per location, the officers of its latest recorded inspection."""
    rows = session.execute(
        select(InspectionRecord.location_id, InspectionRecord.officers).order_by(
            InspectionRecord.location_id, InspectionRecord.inspected_at, InspectionRecord.id
        )
    ).all()
    return {location_id: list(officers) for location_id, officers in rows}


def register_inspectors(session: Session) -> list[Inspector]:
    districts = dict(session.execute(select(District.id, District.name)).all())
    codes = dict(session.execute(select(Location.id, Location.code)).all())
    rows = session.execute(
        select(Staff, Location.district_id, DrawInspector)
        .join(StaffSkill, (StaffSkill.staff_id == Staff.id) & (StaffSkill.skill == "inspector"))
        .join(Location, Location.id == Staff.base_location_id)
        .outerjoin(DrawInspector, DrawInspector.staff_id == Staff.id)
        .where(Staff.active.is_(True))
        .order_by(Staff.code)
    ).all()
    inspectors = []
    for person, base_district, entry in rows:
        covered = entry.district_ids if entry and entry.district_ids else [base_district]
        conflicts = entry.conflict_location_ids if entry else []
        inspectors.append(
            Inspector(
                code=person.code,
                districts=tuple(districts[d] for d in covered if d in districts),
                conflicts=tuple(codes[c] for c in conflicts if c in codes),
            )
        )
    return inspectors


@dataclass(frozen=True)
class InspectorEntry:
    staff_id: int
    district_ids: list[int]
    conflict_location_ids: list[int]
    note: str = ""


def save_inspector(actor: Actor, entry: InspectorEntry) -> None:
    """Set the districts an inspector covers and their declared conflicts (audited)."""
    require(actor, REGISTER_PERMISSION)
    with unit_of_work(actor) as session:
        row = session.get(DrawInspector, entry.staff_id)
        if row is None:
            row = DrawInspector(staff_id=entry.staff_id)
            session.add(row)
        row.district_ids = sorted(set(entry.district_ids))
        row.conflict_location_ids = sorted(set(entry.conflict_location_ids))
        row.note = entry.note[:200]


@dataclass(frozen=True)
class UnitEntry:
    location_id: int
    key_unit: bool = False
    in_register: bool = True
    last_inspectors: tuple[str, ...] = ()


def save_unit(actor: Actor, entry: UnitEntry) -> None:
    """Set a unit's key-unit flag, whether it is in the register, and its last inspectors."""
    require(actor, REGISTER_PERMISSION)
    with unit_of_work(actor) as session:
        row = session.get(DrawUnit, entry.location_id)
        if row is None:
            row = DrawUnit(location_id=entry.location_id)
            session.add(row)
        row.key_unit = entry.key_unit
        row.in_register = entry.in_register
        row.last_inspectors = sorted(set(entry.last_inspectors))
