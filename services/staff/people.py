"""Staff administration: people, their skills, hour caps and availability rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import Availability, Location, Staff, StaffSkill
from db.models.core import SKILLS
from db.session import read_session
from rules.time import local
from services.core.errors import NotFound, Problems
from services.core.permissions import Actor, require
from services.core.privacy import masked_phone
from services.core.records import load_for_update
from services.core.unit_of_work import unit_of_work
from services.core.validation import check_phone, check_range, check_required, normalize_phone
from services.staff.availability import minute_of_day, moment_of, week_periods

_CODE = re.compile(r"^[A-Za-z0-9_-]{1,20}$")
HOUR_CAP_RANGE = (1, 60)
BASE_KINDS = ("station", "office")


@dataclass(frozen=True)
class StaffInput:
    code: str
    name: str
    base_location_id: int | None
    weekly_hour_cap: int | None
    phone: str | None = None
    skills: list[str] = field(default_factory=list)
    active: bool = True


@dataclass(frozen=True)
class AvailabilityInput:
    kind: str
    weekday: int | None = None
    start_time: time | None = None
    end_time: time | None = None
    anchor_date: date | None = None
    cycle_days: int | None = None
    on_hours: int | None = None
    start_at: datetime | None = None
    end_at: datetime | None = None
    note: str = ""


# --- reading ------------------------------------------------------------------------------


def list_staff(actor: Actor, base_id: int | None = None, skill: str | None = None) -> pd.DataFrame:
    require(actor, "admin.staff")
    query = select(Staff).options(selectinload(Staff.base)).order_by(Staff.code)
    if base_id is not None:
        query = query.where(Staff.base_location_id == base_id)
    if skill:
        query = query.where(Staff.skills.any(StaffSkill.skill == skill))
    with read_session() as session:
        people = session.scalars(query).all()
        rows = [
            {
                "id": p.id,
                "code": p.code,
                "name": p.name,
                "base": p.base.name,
                "skills": p.skill_names,
                "weekly_hour_cap": p.weekly_hour_cap,
                # Lists show phones masked; the edit form (get_staff) holds the full number.
                "phone": masked_phone(p.phone),
                "active": p.active,
                "version": p.version,
            }
            for p in people
        ]
    columns = ["id", "code", "name", "base", "skills", "weekly_hour_cap", "phone", "active"]
    return pd.DataFrame(rows, columns=[*columns, "version"])


def bases() -> dict[int, str]:
    """Stations and offices a person can be based at, by id."""
    with read_session() as session:
        rows = session.execute(
            select(Location.id, Location.name)
            .where(Location.kind.in_(BASE_KINDS))
            .order_by(Location.kind.desc(), Location.code)
        ).all()
    return dict(rows)


def get_staff(actor: Actor, staff_id: int) -> Staff:
    """One person with skills and availability rules loaded (detached, for a form)."""
    require(actor, "admin.staff")
    with read_session() as session:
        person = session.scalar(
            select(Staff).where(Staff.id == staff_id).options(selectinload(Staff.availability))
        )
        if person is None:
            raise NotFound("error.not_found", what=f"staff {staff_id}")
        return person


# --- writing ------------------------------------------------------------------------------


def _check_staff(session: Session, data: StaffInput, staff_id: int | None = None) -> Problems:
    problems = Problems()
    code = (data.code or "").strip()
    if not _CODE.match(code):
        problems.add("staff_number", "admin.error.code")
    elif session.scalar(select(Staff.id).where(Staff.code == code, Staff.id != (staff_id or -1))):
        problems.add("staff_number", "error.duplicate", value=code)
    check_required(problems, "staff_name", data.name, 40)
    base = session.get(Location, data.base_location_id) if data.base_location_id else None
    if base is None:
        problems.add("staff_base", "error.required")
    elif base.kind not in BASE_KINDS:
        problems.add("staff_base", "admin.error.base_kind", value=base.name)
    check_range(problems, "weekly_hour_cap", data.weekly_hour_cap, *HOUR_CAP_RANGE)
    check_phone(problems, "staff_phone", data.phone)
    unknown = [s for s in data.skills if s not in SKILLS]
    if unknown:
        problems.add("skills", "error.choice", value=", ".join(unknown))
    return problems


def _apply(person: Staff, data: StaffInput) -> None:
    person.code = data.code.strip()
    person.name = data.name.strip()
    person.base_location_id = data.base_location_id
    person.weekly_hour_cap = data.weekly_hour_cap
    person.phone = normalize_phone(data.phone or "") or None
    person.active = data.active
    wanted = sorted(set(data.skills))
    if person.skill_names != wanted:
        person.skills = [StaffSkill(skill=s) for s in wanted]


def create_staff(actor: Actor, data: StaffInput) -> int:
    require(actor, "admin.staff")
    with unit_of_work(actor) as session:
        _check_staff(session, data).raise_if_any()
        person = Staff(skills=[])
        _apply(person, data)
        session.add(person)
        session.flush()
        return person.id


def update_staff(actor: Actor, staff_id: int, version: int, data: StaffInput) -> None:
    """Save an edit made on `version`; a newer stored version raises ConflictError."""
    require(actor, "admin.staff")
    with unit_of_work(actor) as session:
        person = load_for_update(session, Staff, staff_id, version)
        _check_staff(session, data, staff_id).raise_if_any()
        _apply(person, data)


def deactivate_staff(actor: Actor, staff_id: int, version: int) -> None:
    """Deactivated people keep their history but are no longer planned."""
    require(actor, "admin.staff")
    with unit_of_work(actor) as session:
        load_for_update(session, Staff, staff_id, version).active = False


# --- availability rules -------------------------------------------------------------------


def _ordered(problems: Problems, start, end, start_field: str, end_field: str) -> bool:
    if start is None:
        problems.add(start_field, "error.required")
    if end is None:
        problems.add(end_field, "error.required")
    if start is None or end is None:
        return False
    if end <= start:
        problems.add(end_field, "admin.error.end_before_start")
        return False
    return True


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _daily_span(rule: Availability | AvailabilityInput) -> tuple[int, int]:
    return minute_of_day(rule.start_time), minute_of_day(rule.end_time, end=True)


def _leave_span(rule: Availability | AvailabilityInput) -> tuple[datetime, datetime]:
    return local(rule.start_at), local(rule.end_at)


def _check_rotation(problems: Problems, data: AvailabilityInput, _same: list) -> None:
    if data.anchor_date is None:
        problems.add("anchor_date", "error.required")
    if data.start_time is None:
        problems.add("rule_start_time", "error.required")
    cycle = check_range(problems, "cycle_days", data.cycle_days, 1, 14)
    # A shift longer than its cycle would run into the next one.
    check_range(problems, "on_hours", data.on_hours, 1, min(72, 24 * (cycle or 3)))


def _check_daily(problems: Problems, data: AvailabilityInput, same: list[Availability]) -> None:
    """Office hours and agreed weekly periods: same day, end after start, no overlaps."""
    if data.kind == "weekly":
        check_range(problems, "weekday", data.weekday, 0, 6)
        same = [r for r in same if r.weekday == data.weekday]
    if not _ordered(problems, data.start_time, data.end_time, "rule_start_time", "rule_end_time"):
        return
    for rule in same:
        if _overlaps(_daily_span(data), _daily_span(rule)):
            other = f"{rule.start_time:%H:%M}–{rule.end_time:%H:%M}"
            problems.add("rule_start_time", "admin.error.overlap", other=other)


def _check_leave(problems: Problems, data: AvailabilityInput, same: list[Availability]) -> None:
    if not _ordered(problems, data.start_at, data.end_at, "leave_start", "leave_end"):
        return
    for rule in same:
        start, end = _leave_span(rule)
        if _overlaps(_leave_span(data), (start, end)):
            other = f"{start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M}"
            problems.add("leave_start", "admin.error.overlap", other=other)


_RULE_CHECKS = {
    "rotation": _check_rotation,
    "office_hours": _check_daily,
    "weekly": _check_daily,
    "leave": _check_leave,
}


def check_rule(data: AvailabilityInput, existing: list[Availability]) -> Problems:
    """Everything wrong with a new rule, given the person's existing rules."""
    problems = Problems()
    check = _RULE_CHECKS.get(data.kind)
    if check is None:
        problems.add("rule_kind", "error.choice", value=data.kind)
    else:
        check(problems, data, [r for r in existing if r.kind == data.kind])
    if len(data.note or "") > 200:
        problems.add("rule_note", "error.too_long", max=200)
    return problems


def add_availability(actor: Actor, staff_id: int, data: AvailabilityInput) -> int:
    require(actor, "availability.write")
    with unit_of_work(actor) as session:
        # Locking the person makes two concurrent additions check overlaps one after the other.
        person = session.get(Staff, staff_id, with_for_update=True)
        if person is None:
            raise NotFound("error.not_found", what=f"staff {staff_id}")
        check_rule(data, person.availability).raise_if_any()
        rule = Availability(
            staff_id=staff_id,
            kind=data.kind,
            note=(data.note or "").strip(),
            **_rule_fields(data),
        )
        session.add(rule)
        session.flush()
        return rule.id


def _rule_fields(data: AvailabilityInput) -> dict:
    """Only the columns the rule's kind uses; the rest stay empty."""
    if data.kind == "rotation":
        return {
            "anchor_date": data.anchor_date,
            "cycle_days": data.cycle_days,
            "on_hours": data.on_hours,
            "start_time": data.start_time,
        }
    if data.kind == "leave":
        # Stored in local time: SQLite drops the offset, and every reader assumes Shanghai.
        return {"start_at": local(data.start_at), "end_at": local(data.end_at)}
    weekday = data.weekday if data.kind == "weekly" else None
    return {"weekday": weekday, "start_time": data.start_time, "end_time": data.end_time}


def remove_availability(actor: Actor, rule_id: int) -> None:
    require(actor, "availability.write")
    with unit_of_work(actor) as session:
        rule = session.get(Availability, rule_id)
        if rule is None:
            raise NotFound("error.not_found", what=f"availability {rule_id}")
        session.delete(rule)


# --- week view ----------------------------------------------------------------------------


def week_view(
    actor: Actor,
    week_start: date,
    working_day: Callable[[date], bool],
    base_id: int | None = None,
) -> pd.DataFrame:
    """Each active person's available periods in one week: code, name, base, start, end."""
    require(actor, "admin.staff")
    rows = []
    with read_session() as session:
        for person, periods in week_periods(session, week_start, working_day, base_id=base_id):
            for start, end in periods:
                rows.append(
                    {
                        "code": person.code,
                        "person": f"{person.code} {person.name}",
                        "base": person.base.name,
                        "start": moment_of(week_start, start),
                        "end": moment_of(week_start, end),
                        "hours": round((end - start) / 60, 1),
                    }
                )
    return pd.DataFrame(rows, columns=["code", "person", "base", "start", "end", "hours"])
