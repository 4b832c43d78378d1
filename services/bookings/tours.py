"""Station open days (measure 18): slots a station publishes, and their places held safely.

Each slot counts the groups and visitors booked into it. Booking locks the slot row
(`SELECT … FOR UPDATE` on PostgreSQL; SQLite serialises writers and the slot's version
column catches a racing save), checks the counters and raises them in the same
transaction; CHECK constraints in the database refuse any count above capacity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from db.models import Location, TourSlot
from db.session import read_session
from rules.time import TIME_ZONE, local
from services.core.errors import FiredeskError, NotFound, Problems
from services.core.permissions import Actor, require
from services.core.records import load_for_update
from services.core.unit_of_work import unit_of_work
from services.core.validation import check_range


@dataclass(frozen=True)
class SlotView:
    id: int
    station_code: str
    station_name: str
    starts_at: datetime
    duration_minutes: int
    capacity_groups: int
    capacity_visitors: int
    booked_groups: int
    booked_visitors: int
    version: int

    @property
    def free_groups(self) -> int:
        return self.capacity_groups - self.booked_groups

    @property
    def free_visitors(self) -> int:
        return self.capacity_visitors - self.booked_visitors

    def fits(self, group_size: int) -> bool:
        return self.free_groups >= 1 and self.free_visitors >= group_size


def _view(slot: TourSlot) -> SlotView:
    return SlotView(
        id=slot.id,
        station_code=slot.station.code,
        station_name=slot.station.name,
        starts_at=local(slot.starts_at),
        duration_minutes=slot.duration_minutes,
        capacity_groups=slot.capacity_groups,
        capacity_visitors=slot.capacity_visitors,
        booked_groups=slot.booked_groups,
        booked_visitors=slot.booked_visitors,
        version=slot.version,
    )


def _week_bounds(week_start: date) -> tuple[datetime, datetime]:
    monday = datetime.combine(week_start, time(0, 0), tzinfo=TIME_ZONE)
    return monday, monday + timedelta(days=7)


def station(
    session: Session, code: str, problems: Problems, field: str = "tour_station"
) -> Location | None:
    found = session.scalar(select(Location).where(Location.code == code))
    if found is None or found.kind != "station":
        problems.add(field, "error.unknown", value=code)
        return None
    return found


def week_slots(
    week_start: date, station_code: str | None = None, *, group_size: int | None = None
) -> list[SlotView]:
    """The week's slots in time order; with `group_size`, only those that still fit the group."""
    first, after = _week_bounds(week_start)
    query = (
        select(TourSlot)
        .join(TourSlot.station)
        .options(joinedload(TourSlot.station))
        .where(TourSlot.starts_at >= first, TourSlot.starts_at < after)
        .order_by(TourSlot.starts_at, Location.code)
    )
    if station_code:
        query = query.where(Location.code == station_code)
    with read_session() as session:
        slots = [_view(slot) for slot in session.scalars(query)]
    return [s for s in slots if group_size is None or s.fits(group_size)]


def parse_start_times(text: str) -> list[time]:
    """ "09:00, 14:30" → [09:00, 14:30]; a token that is not a time is reported."""
    problems = Problems()
    starts = []
    for token in re.split(r"[,，、;；\s]+", text or ""):
        if not token:
            continue
        try:
            starts.append(time.fromisoformat(token.zfill(5)))
        except ValueError:
            problems.add("tour_starts", "tours.error.start_time", value=token)
    problems.raise_if_any()
    return starts


def publish_slots(
    actor: Actor,
    station_code: str,
    days: list[date],
    starts: list[time],
    duration_minutes: int,
    capacity_groups: int,
    capacity_visitors: int,
) -> int:
    """Open slots at each start time of each day; slots that already exist are kept. Returns
    how many were created."""
    require(actor, "tours.write")
    problems = Problems()
    check_range(problems, "tour_duration", duration_minutes, 15, 480)
    check_range(problems, "tour_capacity_groups", capacity_groups, 1, 20)
    check_range(problems, "tour_capacity_visitors", capacity_visitors, 1, 500)
    if not days:
        problems.add("tour_days", "error.required")
    if not starts:
        problems.add("tour_starts", "error.required")
    with unit_of_work(actor) as session:
        hall = station(session, station_code, problems)
        problems.raise_if_any()
        wanted = {
            datetime.combine(day, start, tzinfo=TIME_ZONE) for day in days for start in starts
        }
        existing = {
            local(at)
            for at in session.scalars(
                select(TourSlot.starts_at).where(TourSlot.station_id == hall.id)
            )
        }
        created = sorted(wanted - existing)
        session.add_all(
            TourSlot(
                station_id=hall.id,
                starts_at=at,
                duration_minutes=duration_minutes,
                capacity_groups=capacity_groups,
                capacity_visitors=capacity_visitors,
            )
            for at in created
        )
    return len(created)


def withdraw_slot(actor: Actor, slot_id: int, version: int) -> None:
    """Remove a slot nobody has booked."""
    require(actor, "tours.write")
    with unit_of_work(actor) as session:
        slot = load_for_update(session, TourSlot, slot_id, version)
        if slot.booked_groups:
            raise FiredeskError("tours.error.slot_booked", groups=slot.booked_groups)
        session.delete(slot)


def reserve(session: Session, slot_id: int, group_size: int) -> TourSlot:
    """Hold a place for one group in the slot, under a row lock; raises when it does not fit."""
    slot = session.get(TourSlot, slot_id, with_for_update=True, populate_existing=True)
    if slot is None:
        raise NotFound("error.not_found", what=f"tour_slots {slot_id}")
    if group_size > slot.capacity_visitors:
        problems = Problems()
        problems.add(
            "booking_group_size", "tours.error.group_too_large", max=slot.capacity_visitors
        )
        problems.raise_if_any()
    if slot.booked_groups + 1 > slot.capacity_groups or (
        slot.booked_visitors + group_size > slot.capacity_visitors
    ):
        raise FiredeskError(
            "tours.error.full",
            when=local(slot.starts_at).strftime("%Y-%m-%d %H:%M"),
            free=slot.capacity_visitors - slot.booked_visitors,
        )
    slot.booked_groups += 1
    slot.booked_visitors += group_size
    return slot


def release(session: Session, slot_id: int, group_size: int) -> None:
    """Give back a group's place (cancellation, or a move to another slot)."""
    slot = session.get(TourSlot, slot_id, with_for_update=True, populate_existing=True)
    slot.booked_groups -= 1
    slot.booked_visitors -= group_size


def hall_resources(session: Session, week_start: date, week_end: date) -> list[dict]:
    """Each station's visitor hall as a planning resource: as many tours at once as its
    slots admit groups (the largest slot capacity published for the week)."""
    first, _ = _week_bounds(week_start)
    after, _ = _week_bounds(week_end)
    rows = session.execute(
        select(Location.code, func.max(TourSlot.capacity_groups))
        .join(TourSlot.station)
        .where(TourSlot.starts_at >= first, TourSlot.starts_at < after)
        .group_by(Location.code)
    )
    return [{"id": hall_id(code), "capacity": capacity} for code, capacity in rows]


def hall_id(station_code: str) -> str:
    return f"hall-{station_code}"
