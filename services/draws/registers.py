"""The two registers of the draw, read as the engine's snapshot, and kept by admins.

Inspection objects: every served unit (`Location.kind == "unit"`) with a credit class, its
risk level and district as the location holds them, plus the register's own key-unit flag
and who inspected it last (the latest inspection record's officers, else the register's
`last_inspectors`), and whether it has an open hazard case (one not yet closed or
escalated, `services.hazards.cases.OPEN_STATES`: the draw's hazard-unit rule reads it). A
unit can be taken out of the register (`in_register`).

Inspectors: active staff with the `inspector` skill, the districts they cover (default:
their base's district) and their declared conflicts (locations they must never draw).

This module owns both registers: the engine's snapshot of them, the lists the register page
shows and the validated, audited saves. A save names the version of the entry it was made
on (0: no entry yet); a newer stored one refuses it (`ConflictError`), so two admins never
silently overwrite each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import District, Location, Staff, StaffSkill
from db.models.draws import DrawInspector, DrawUnit, InspectionRecord
from db.models.hazards import HazardCase
from db.session import read_session
from services.core import clock
from services.core.errors import ConflictError, Problems
from services.core.permissions import Actor, require
from services.core.unit_of_work import unit_of_work
from services.draws.engine import Inspector, Unit
from services.hazards.cases import OPEN_STATES

REGISTER_PERMISSION = "draws.registers"
NOTE_MAX = 200


def register_units(session: Session) -> list[Unit]:
    rows = session.execute(
        select(Location, District.name, DrawUnit)
        .join(District, District.id == Location.district_id)
        .outerjoin(DrawUnit, DrawUnit.location_id == Location.id)
        .where(Location.kind == "unit", Location.credit_class.is_not(None))
        .order_by(Location.code)
    ).all()
    last = _last_officers(session)
    hazards = open_hazard_units(session)
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
                open_hazard=location.id in hazards,
            )
        )
    return units


def open_hazard_units(session: Session) -> set[int]:
    """The locations with a hazard case not yet closed."""
    return set(
        session.scalars(
            select(HazardCase.location_id).where(HazardCase.state.in_(OPEN_STATES)).distinct()
        )
    )


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
    version: int | None = None  # the entry's version the edit was made on (0: none yet)


def _entry_for_update(session: Session, model: type, key: int, version: int | None):
    """The register entry to change, or None when there is none yet; refused when someone
    saved it after the form showed `version` (0 for an entry that did not exist)."""
    row = session.get(model, key)
    if version is not None and (row.version if row is not None else 0) != version:
        raise ConflictError("error.conflict")
    return row


def save_inspector(actor: Actor, entry: InspectorEntry) -> None:
    """Set the districts an inspector covers and their declared conflicts (audited).

    The person must be an active qualified inspector, cover at least one existing district,
    and declare only units (a conflict is a unit they must never draw)."""
    require(actor, REGISTER_PERMISSION)
    problems = Problems()
    if len(entry.note) > NOTE_MAX:
        problems.add("register_note", "draws.error.note", max=NOTE_MAX)
    with unit_of_work(actor) as session:
        person = session.get(Staff, entry.staff_id)
        qualified = person is not None and session.scalar(
            select(StaffSkill.staff_id).where(
                StaffSkill.staff_id == entry.staff_id, StaffSkill.skill == "inspector"
            )
        )
        if not qualified or not person.active:
            problems.add("register_inspector", "draws.error.not_inspector")
        districts = set(session.scalars(select(District.id)))
        if not entry.district_ids:
            problems.add("register_districts", "draws.error.no_district")
        elif set(entry.district_ids) - districts:
            problems.add("register_districts", "draws.error.district")
        units = set(
            session.scalars(
                select(Location.id).where(
                    Location.id.in_(entry.conflict_location_ids), Location.kind == "unit"
                )
            )
        )
        if set(entry.conflict_location_ids) - units:
            problems.add("register_conflicts", "draws.error.conflict")
        problems.raise_if_any()
        row = _entry_for_update(session, DrawInspector, entry.staff_id, entry.version)
        if row is None:
            row = DrawInspector(staff_id=entry.staff_id)
            session.add(row)
        row.district_ids = sorted(set(entry.district_ids))
        row.conflict_location_ids = sorted(set(entry.conflict_location_ids))
        row.note = entry.note.strip()


@dataclass(frozen=True)
class UnitEntry:
    location_id: int
    key_unit: bool = False
    in_register: bool = True
    last_inspectors: tuple[str, ...] = ()
    last_inspected_on: date | None = None
    version: int | None = None  # the entry's version the edit was made on (0: none yet)


def save_unit(actor: Actor, entry: UnitEntry) -> None:
    """Set a unit's key-unit flag, whether it is in the register, and who inspected it last
    and when (before any inspection is recorded here: the records take precedence).

    Only served units with a credit class are inspection objects; the last inspectors must
    be qualified inspectors, and the last inspection cannot be in the future."""
    require(actor, REGISTER_PERMISSION)
    problems = Problems()
    if entry.last_inspected_on is not None and entry.last_inspected_on > clock.now().date():
        problems.add("register_last_inspected", "inspections.error.future")
    with unit_of_work(actor) as session:
        location = session.get(Location, entry.location_id)
        if location is None or location.kind != "unit" or location.credit_class is None:
            problems.add("register_unit", "draws.error.not_unit")
        codes = set(entry.last_inspectors)
        qualified = set(
            session.scalars(
                select(Staff.code)
                .join(StaffSkill, StaffSkill.staff_id == Staff.id)
                .where(Staff.code.in_(codes), StaffSkill.skill == "inspector")
            )
        )
        if codes - qualified:
            problems.add(
                "register_last_inspectors",
                "inspections.error.not_inspectors",
                codes=", ".join(sorted(codes - qualified)),
            )
        problems.raise_if_any()
        row = _entry_for_update(session, DrawUnit, entry.location_id, entry.version)
        if row is None:
            row = DrawUnit(location_id=entry.location_id)
            session.add(row)
        row.key_unit = entry.key_unit
        row.in_register = entry.in_register
        row.last_inspectors = sorted(codes)
        row.last_inspected_on = entry.last_inspected_on


@dataclass(frozen=True)
class UnitRow:
    """A unit as the register page shows it."""

    location_id: int
    code: str
    name: str
    district: str
    credit_class: str
    risk_level: str | None
    key_unit: bool
    in_register: bool
    last_inspected_on: date | None
    last_inspectors: tuple[str, ...]  # as entered in the register
    last_recorded: tuple[str, ...]  # the latest inspection record's officers (precedence)
    version: int  # the register entry's (0: no entry yet)


def unit_rows(actor: Actor) -> list[UnitRow]:
    """Every served unit with a credit class and its register entry, by code."""
    require(actor, REGISTER_PERMISSION)
    with read_session() as session:
        rows = session.execute(
            select(Location, District.name, DrawUnit)
            .join(District, District.id == Location.district_id)
            .outerjoin(DrawUnit, DrawUnit.location_id == Location.id)
            .where(Location.kind == "unit", Location.credit_class.is_not(None))
            .order_by(Location.code)
        ).all()
        last = _last_officers(session)
        return [
            UnitRow(
                location_id=location.id,
                code=location.code,
                name=location.name,
                district=district,
                credit_class=location.credit_class,
                risk_level=location.risk_level,
                key_unit=bool(entry and entry.key_unit),
                in_register=entry is None or entry.in_register,
                last_inspected_on=entry.last_inspected_on if entry else None,
                last_inspectors=tuple(entry.last_inspectors) if entry else (),
                last_recorded=tuple(last.get(location.id, ())),
                version=entry.version if entry else 0,
            )
            for location, district, entry in rows
        ]


@dataclass(frozen=True)
class InspectorRow:
    """An inspector as the register page shows them (districts and conflicts by id)."""

    staff_id: int
    code: str
    name: str
    active: bool
    district_ids: tuple[int, ...]  # what they cover: the entry's, else their base's
    conflict_location_ids: tuple[int, ...]
    note: str
    registered: bool  # has an entry (else the defaults apply)
    version: int  # the register entry's (0: no entry yet)


def inspector_rows(actor: Actor) -> list[InspectorRow]:
    """Every staff member with the inspector skill (active or not), by code."""
    require(actor, REGISTER_PERMISSION)
    with read_session() as session:
        rows = session.execute(
            select(Staff, Location.district_id, DrawInspector)
            .join(StaffSkill, (StaffSkill.staff_id == Staff.id) & (StaffSkill.skill == "inspector"))
            .join(Location, Location.id == Staff.base_location_id)
            .outerjoin(DrawInspector, DrawInspector.staff_id == Staff.id)
            .order_by(Staff.code)
        ).all()
        return [
            InspectorRow(
                staff_id=person.id,
                code=person.code,
                name=person.name,
                active=person.active,
                district_ids=tuple(
                    entry.district_ids if entry and entry.district_ids else [base_district]
                ),
                conflict_location_ids=tuple(entry.conflict_location_ids if entry else ()),
                note=entry.note if entry else "",
                registered=entry is not None,
                version=entry.version if entry else 0,
            )
            for person, base_district, entry in rows
        ]


def district_names() -> dict[int, str]:
    with read_session() as session:
        return dict(session.execute(select(District.id, District.name).order_by(District.id)).all())
