"""Stations, offices and served units; districts and the travel-time matrix between them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import District, Location, TravelTime
from db.models.core import CREDIT_CLASSES, LOCATION_KINDS, RISK_LEVELS
from db.session import read_session
from services.core.errors import NotFound, Problems
from services.core.permissions import Actor, require
from services.core.privacy import masked_phone
from services.core.records import load_for_update
from services.core.unit_of_work import unit_of_work
from services.core.validation import check_phone, check_range, check_required, normalize_phone

_CODE = re.compile(r"^[A-Za-z0-9_-]{1,20}$")
TRAVEL_RANGE = (0, 300)
# The simple opening-hours editor: one period for Monday–Friday, one for Saturday, one for
# Sunday (None: closed). Stored per weekday, Monday = "0".
HOURS_GROUPS = {"weekdays": range(5), "saturday": (5,), "sunday": (6,)}

Hours = tuple[time, time] | None


@dataclass(frozen=True)
class LocationInput:
    code: str
    kind: str
    name: str
    district_id: int | None
    address: str = ""
    credit_class: str | None = None
    risk_level: str | None = None
    contact_phone: str | None = None
    hours: dict[str, Hours] = field(default_factory=dict)  # keys of HOURS_GROUPS


# --- reading ------------------------------------------------------------------------------


def list_locations(
    actor: Actor,
    kind: str | None = None,
    district_id: int | None = None,
    credit_class: str | None = None,
    search: str = "",
) -> pd.DataFrame:
    require(actor, "admin.locations")
    query = (
        select(
            Location.id,
            Location.code,
            Location.kind,
            Location.name,
            District.name.label("district"),
            Location.address,
            Location.credit_class,
            Location.risk_level,
            Location.contact_phone,
            Location.version,
        )
        .join(District, District.id == Location.district_id)
        .order_by(Location.code)
    )
    if kind:
        query = query.where(Location.kind == kind)
    if district_id is not None:
        query = query.where(Location.district_id == district_id)
    if credit_class:
        query = query.where(Location.credit_class == credit_class)
    if search.strip():
        pattern = f"%{search.strip()}%"
        query = query.where(or_(Location.name.like(pattern), Location.code.like(pattern)))
    with read_session() as session:
        rows = session.execute(query).all()
    columns = ["id", "code", "kind", "name", "district", "address", "credit_class"]
    frame = pd.DataFrame(rows, columns=[*columns, "risk_level", "contact_phone", "version"])
    # Lists show contacts masked; the edit form (get_location) holds the full number.
    frame["contact_phone"] = frame["contact_phone"].map(masked_phone)
    return frame


def get_location(actor: Actor, location_id: int) -> Location:
    """One location in full, its contact phone included, for the admin's edit form."""
    require(actor, "admin.locations")
    with read_session() as session:
        location = session.get(Location, location_id)
        if location is None:
            raise NotFound("error.not_found", what=f"location {location_id}")
        return location


def districts() -> dict[int, str]:
    with read_session() as session:
        rows = session.execute(select(District.id, District.name).order_by(District.id)).all()
    return dict(rows)


def travel_matrix() -> pd.DataFrame:
    """Minutes between districts: rows from, columns to, both labelled by district name."""
    names = districts()
    with read_session() as session:
        rows = session.execute(
            select(TravelTime.from_district_id, TravelTime.to_district_id, TravelTime.minutes)
        ).all()
    cells = pd.DataFrame(rows, columns=["from", "to", "minutes"]).astype({"minutes": "Int64"})
    matrix = cells.pivot(index="from", columns="to", values="minutes")
    ids = list(names)
    matrix = matrix.reindex(index=ids, columns=ids)
    matrix.index, matrix.columns = list(names.values()), list(names.values())
    return matrix


def changed_travel_times(
    before: pd.DataFrame, after: pd.DataFrame
) -> dict[tuple[int, int], int | None]:
    """The cells of an edited `travel_matrix()` that differ, keyed by district ids (None:
    the cell was emptied, which saving rejects)."""
    ids = {name: district_id for district_id, name in districts().items()}
    changes: dict[tuple[int, int], int | None] = {}
    for a in before.index:
        for b in before.columns:
            old, new = before.loc[a, b], after.loc[a, b]
            if pd.isna(new):
                changes[(ids[a], ids[b])] = None
            elif pd.isna(old) or int(new) != int(old):
                changes[(ids[a], ids[b])] = int(new)
    return changes


# --- opening hours ------------------------------------------------------------------------


def simple_hours(opening_hours: dict) -> dict[str, Hours]:
    """The editor's three periods from stored hours (the first period of the group's first day)."""
    result: dict[str, Hours] = {}
    for group, days in HOURS_GROUPS.items():
        periods = opening_hours.get(str(days[0])) or []
        result[group] = (
            (time.fromisoformat(periods[0][0]), time.fromisoformat(periods[0][1]))
            if periods
            else None
        )
    return result


def _stored_hours(hours: dict[str, Hours]) -> dict[str, list[list[str]]]:
    stored = {}
    for group, days in HOURS_GROUPS.items():
        period = hours.get(group)
        for day in days:
            if period:
                stored[str(day)] = [[f"{period[0]:%H:%M}", f"{period[1]:%H:%M}"]]
    return stored


# --- writing ------------------------------------------------------------------------------


def _check(session: Session, data: LocationInput, location_id: int | None = None) -> Problems:
    problems = Problems()
    code = (data.code or "").strip()
    if not _CODE.match(code):
        problems.add("location_code", "admin.error.code")
    elif session.scalar(
        select(Location.id).where(Location.code == code, Location.id != (location_id or -1))
    ):
        problems.add("location_code", "error.duplicate", value=code)
    if data.kind not in LOCATION_KINDS:
        problems.add("location_kind", "error.choice", value=data.kind)
    check_required(problems, "location_name", data.name, 120)
    if len(data.address or "") > 200:
        problems.add("location_address", "error.too_long", max=200)
    if data.district_id is None or session.get(District, data.district_id) is None:
        problems.add("location_district", "error.required")
    if data.credit_class not in (None, *CREDIT_CLASSES):
        problems.add("credit_class", "error.choice", value=data.credit_class)
    if data.risk_level not in (None, *RISK_LEVELS):
        problems.add("risk_level", "error.choice", value=data.risk_level)
    check_phone(problems, "location_phone", data.contact_phone)
    for group, period in data.hours.items():
        if period and period[1] <= period[0]:
            problems.add(f"hours_{group}", "admin.error.end_before_start")
    return problems


def _apply(location: Location, data: LocationInput) -> None:
    location.code = data.code.strip()
    location.kind = data.kind
    location.name = data.name.strip()
    location.address = (data.address or "").strip()
    location.district_id = data.district_id
    # Only served units carry a credit class and a risk level.
    location.credit_class = data.credit_class if data.kind == "unit" else None
    location.risk_level = data.risk_level if data.kind == "unit" else None
    location.contact_phone = normalize_phone(data.contact_phone or "") or None
    location.opening_hours = _stored_hours(data.hours)


def create_location(actor: Actor, data: LocationInput) -> int:
    require(actor, "admin.locations")
    with unit_of_work(actor) as session:
        _check(session, data).raise_if_any()
        location = Location()
        _apply(location, data)
        session.add(location)
        session.flush()
        return location.id


def update_location(actor: Actor, location_id: int, version: int, data: LocationInput) -> None:
    """Save an edit made on `version`; a newer stored version raises ConflictError."""
    require(actor, "admin.locations")
    with unit_of_work(actor) as session:
        location = load_for_update(session, Location, location_id, version)
        _check(session, data, location_id).raise_if_any()
        _apply(location, data)


def save_district(actor: Actor, name: str, district_id: int | None = None) -> int:
    """Create a district (travel times to it start at 0 and must be filled in) or rename one."""
    require(actor, "admin.locations")
    with unit_of_work(actor) as session:
        problems = Problems()
        name = check_required(problems, "district_name", name, 40)
        if name and session.scalar(
            select(District.id).where(District.name == name, District.id != (district_id or -1))
        ):
            problems.add("district_name", "error.duplicate", value=name)
        problems.raise_if_any()
        if district_id is not None:
            district = session.get(District, district_id)
            if district is None:
                raise NotFound("error.not_found", what=f"district {district_id}")
            district.name = name
            return district.id
        district = District(name=name)
        session.add(district)
        session.flush()
        others = session.scalars(select(District.id)).all()
        session.add_all(
            TravelTime(from_district_id=a, to_district_id=b, minutes=0)
            for a in others
            for b in others
            if district.id in (a, b)
        )
        return district.id


def save_travel_times(actor: Actor, changes: dict[tuple[int, int], int | None]) -> int:
    """Save changed matrix cells `{(from_id, to_id): minutes}` in both directions.

    Driving is taken as symmetric, so a cell and its mirror are always saved together; two
    different values for one pair in the same save are rejected. Returns the pairs saved.
    """
    require(actor, "admin.locations")
    problems = Problems()
    names = districts()
    pairs: dict[tuple[int, int], int] = {}
    for (a, b), minutes in sorted(changes.items()):
        if check_range(problems, "travel_minutes", minutes, *TRAVEL_RANGE) is None:
            continue
        pair = (min(a, b), max(a, b))
        if pairs.get(pair, minutes) != minutes:
            problems.add(
                "travel_minutes", "admin.error.asymmetric", a=names.get(a, a), b=names.get(b, b)
            )
        pairs[pair] = minutes
    problems.raise_if_any()
    with unit_of_work(actor) as session:
        stored = {
            (t.from_district_id, t.to_district_id): t for t in session.scalars(select(TravelTime))
        }
        for (a, b), minutes in pairs.items():
            for key in {(a, b), (b, a)}:
                if key in stored:
                    stored[key].minutes = minutes
                else:
                    session.add(
                        TravelTime(from_district_id=key[0], to_district_id=key[1], minutes=minutes)
                    )
    return len(pairs)
