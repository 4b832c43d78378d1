"""Bookings (measures 05, 07, 09, 14, 16, 17, 18): requests staff enter, with the times the
unit accepts, their status flow, and the planning tasks they become.

Every kind has sensible defaults (an inspection needs two inspectors by law); a remote
(video) booking needs no travel, so its planning task is placed at headquarters, where the
video call is made. A station tour holds a place in one of the station's published slots
(services.bookings.tours). A tour counts its visitors and a training or drill its participants, in
`Booking.group_size`, so leadership can count the people served.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, String, cast, literal, select
from sqlalchemy.orm import Session, joinedload, selectinload

from db.models import Booking, BookingStatusChange, District, Location, Staff, TourSlot
from db.models.bookings import BOOKING_KINDS, BOOKING_STATUSES, CHANNELS, MODES
from db.session import read_session
from rules.inspections import INSPECTORS_REQUIRED
from rules.time import local
from rules.weeks import clip_windows, minutes_from, monday_of
from services.bookings import tours
from services.bookings.windows import (
    ACCEPTABLE_COST,
    as_text,
    check_windows,
    from_opening_hours,
    parse_pattern,
)
from services.calendar.workdays import working_day_checker
from services.core.clock import now
from services.core.errors import FiredeskError, NotFound, Problems
from services.core.permissions import Actor, require
from services.core.records import load_for_update
from services.core.statuses import StatusMachine
from services.core.unit_of_work import unit_of_work
from services.core.validation import (
    check_phone,
    check_range,
    mask_name,
    mask_phone,
    normalize_phone,
)
from services.evaluations.bad_review_cases import seed_calendar_for
from services.evaluations.followups import service_completed
from services.i18n import t


@dataclass(frozen=True)
class KindDefaults:
    skill: str
    headcount: int
    duration_minutes: int
    priority: int


DEFAULTS = {
    "offhours_inspection": KindDefaults("inspector", INSPECTORS_REQUIRED, 90, 7),
    "training": KindDefaults("trainer", 1, 120, 5),
    "drill": KindDefaults("trainer", 2, 90, 5),
    "station_tour": KindDefaults("guide", 1, 60, 8),
    "expert_visit": KindDefaults("expert", 1, 150, 5),
    "outreach": KindDefaults("trainer", 1, 90, 3),
    "follow_up": KindDefaults("service", 1, 30, 2),
}
# Fire-safety inspections are carried out by at least two officers (rules.inspections).
MIN_HEADCOUNT = {"offhours_inspection": INSPECTORS_REQUIRED}
OPEN_STATUSES = ("requested", "planned", "confirmed")


def _refuse_status(to_status: str, status: str) -> FiredeskError:
    return FiredeskError(
        "bookings.error.status_flow",
        current=t(f"bookings.status.{status}"),
        target=t(f"bookings.status.{to_status}"),
    )


# Where each status may go next, as `target -> (statuses it may come from, target)`: each
# action is the status it leads to. Done, cancelled and no-show are final.
STATUS_FLOW = StatusMachine(
    {
        "planned": (("requested",), "planned"),
        "confirmed": (("planned",), "confirmed"),
        "done": (("confirmed",), "done"),
        "no_show": (("confirmed",), "no_show"),
        # Back to be planned again: a plan replaced, or an officer recorded it not done
        # (after done and no-show, so a page offers those first).
        "requested": (("planned", "confirmed"), "requested"),
        "cancelled": (OPEN_STATUSES, "cancelled"),
    },
    refuse=_refuse_status,
)
# Kinds whose people `Booking.group_size` counts: a tour's visitors, and the participants of
# a training or drill (expected when booked; the actual number may replace it when done).
PARTICIPANT_KINDS = ("training", "drill")
PEOPLE_COUNTED_KINDS = ("station_tour", *PARTICIPANT_KINDS)
# A drill may evacuate a whole school or factory.
MAX_PARTICIPANTS = 2000
# A done booking of these kinds gets a follow-up visit (回访, measure 14), of this source kind.
FOLLOWUP_SOURCE = {
    "offhours_inspection": "inspection",
    "training": "training",
    "drill": "training",
    "station_tour": "tour",
}


@dataclass
class BookingInput:
    """What a form or an import row says about a booking; None fields take the kind's default."""

    kind: str
    unit_code: str
    week_start: date
    channel: str
    windows: list[dict]
    contact_name: str = ""
    contact_phone: str = ""
    mode: str = "on_site"
    visitor_group: str = ""
    duration_minutes: int | None = None
    headcount: int | None = None
    skill: str | None = None
    priority: int | None = None
    notes: str = ""
    tour_slot_id: int | None = None
    group_size: int | None = None
    allow_duplicate: bool = False

    def with_defaults(self) -> BookingInput:
        base = DEFAULTS.get(self.kind)
        if base is None:
            return self
        return replace(
            self,
            duration_minutes=self.duration_minutes or base.duration_minutes,
            headcount=self.headcount or base.headcount,
            skill=self.skill or base.skill,
            priority=self.priority or base.priority,
        )


@dataclass(frozen=True)
class BookingRow:
    """A booking as the list shows it: contact masked."""

    id: int
    kind: str
    status: str
    week_start: date
    unit_code: str
    unit_name: str
    district: str
    visitor_group: str
    contact: str
    channel: str
    mode: str
    duration_minutes: int
    headcount: int
    priority: int
    windows: list[dict]
    slot_start: datetime | None
    group_size: int | None
    version: int


@dataclass(frozen=True)
class BookingFilter:
    week_start: date | None = None
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    station_code: str | None = None
    district: str | None = None


@dataclass(frozen=True)
class StatusChange:
    at: datetime
    username: str
    from_status: str | None
    to_status: str
    reason: str


@dataclass(frozen=True)
class BookingDetail:
    """One booking for its edit form, contact in full (the staff who enter it may see it)."""

    data: BookingInput
    status: str
    version: int
    history: list[StatusChange] = field(default_factory=list)


# --- validation ---------------------------------------------------------------------------


def validate(
    session: Session, data: BookingInput, problems: Problems, *, booking_id: int | None = None
) -> Location | None:
    """Report everything wrong with `data` (defaults applied); returns the unit when known."""
    if data.kind not in BOOKING_KINDS:
        problems.add("booking_kind", "error.choice", value=data.kind)
        return None
    if data.channel not in CHANNELS:
        problems.add("booking_channel", "error.choice", value=data.channel)
    if data.mode not in MODES:
        problems.add("booking_mode", "error.choice", value=data.mode)
    if data.week_start.weekday() != 0:
        problems.add("booking_week", "bookings.error.not_monday", day=data.week_start.isoformat())
    check_phone(problems, "booking_contact_phone", data.contact_phone, required=True)
    if len(data.contact_name) > 40:
        problems.add("booking_contact_name", "error.too_long", max=40)
    if len(data.visitor_group) > 120:
        problems.add("booking_group", "error.too_long", max=120)
    check_range(problems, "booking_duration", data.duration_minutes, 15, 600)
    check_range(problems, "booking_headcount", data.headcount, MIN_HEADCOUNT.get(data.kind, 1), 10)
    check_range(problems, "booking_priority", data.priority, 1, 10)
    check_windows(problems, data.windows, data.duration_minutes)
    if data.kind in PARTICIPANT_KINDS:
        check_range(problems, "booking_participants", data.group_size, 1, MAX_PARTICIPANTS)
    unit = session.scalar(select(Location).where(Location.code == data.unit_code.strip()))
    if unit is None:
        problems.add("booking_unit", "error.unknown", value=data.unit_code)
    elif data.kind == "station_tour":
        _check_tour(session, data, unit, problems)
    if unit is not None and not data.allow_duplicate:
        _check_duplicate(session, data, unit, problems, booking_id)
    return unit


def _check_tour(session: Session, data: BookingInput, unit: Location, problems: Problems) -> None:
    if unit.kind != "station":
        problems.add("booking_unit", "bookings.error.not_station", value=unit.name)
    check_range(problems, "booking_group_size", data.group_size, 1, 500)
    slot = session.get(TourSlot, data.tour_slot_id) if data.tour_slot_id else None
    if slot is None or slot.station_id != unit.id:
        problems.add("booking_slot", "error.required")
    elif monday_of(local(slot.starts_at).date()) != data.week_start:
        problems.add("booking_slot", "bookings.error.slot_other_week")
    elif data.group_size and data.group_size > slot.capacity_visitors:
        problems.add(
            "booking_group_size", "tours.error.group_too_large", max=slot.capacity_visitors
        )


def _check_duplicate(
    session: Session,
    data: BookingInput,
    unit: Location,
    problems: Problems,
    booking_id: int | None,
) -> None:
    """The same unit asking for the same kind in the same week is usually a repeated message
    (WeChat and a phone call); a tour is a duplicate when the same contact books the same slot."""
    query = select(Booking.id).where(
        Booking.location_id == unit.id,
        Booking.kind == data.kind,
        Booking.week_start == data.week_start,
        Booking.status.in_(OPEN_STATUSES),
    )
    if data.kind == "station_tour":
        query = query.where(
            Booking.tour_slot_id == data.tour_slot_id,
            Booking.contact_phone == normalize_phone(data.contact_phone),
        )
    if booking_id is not None:
        query = query.where(Booking.id != booking_id)
    other = session.scalar(query.limit(1))
    if other is not None:
        problems.add("booking_unit", "bookings.error.duplicate", id=other)


def with_slot_and_defaults(session: Session, data: BookingInput) -> BookingInput:
    """`data` with its kind's defaults; a tour takes its time and length from its slot."""
    data = data.with_defaults()
    slot = session.get(TourSlot, data.tour_slot_id) if data.tour_slot_id else None
    if data.kind != "station_tour" or slot is None:
        return data
    start = minutes_from(data.week_start, slot.starts_at)
    return replace(
        data,
        duration_minutes=slot.duration_minutes,
        windows=[{"start": start, "end": start + slot.duration_minutes, "cost": 0}],
    )


# --- writes -------------------------------------------------------------------------------


def _apply(booking: Booking, data: BookingInput, unit: Location) -> None:
    booking.kind = data.kind
    booking.location_id = unit.id
    booking.week_start = data.week_start
    booking.channel = data.channel
    booking.mode = data.mode
    booking.windows = [dict(w) for w in data.windows]
    booking.contact_name = data.contact_name.strip()
    booking.contact_phone = check_phone(Problems(), "booking_contact_phone", data.contact_phone)
    booking.visitor_group = data.visitor_group.strip()
    booking.duration_minutes = data.duration_minutes
    booking.headcount = data.headcount
    booking.skill = data.skill
    booking.priority = data.priority
    booking.notes = data.notes.strip()
    booking.tour_slot_id = data.tour_slot_id if data.kind == "station_tour" else None
    booking.group_size = data.group_size if data.kind in PEOPLE_COUNTED_KINDS else None


def add_booking(
    session: Session, actor: Actor, data: BookingInput, problems: Problems
) -> Booking | None:
    """Validate and add one booking in the caller's unit of work (forms and imports)."""
    data = with_slot_and_defaults(session, data)
    unit = validate(session, data, problems)
    if problems.errors:
        return None
    if data.kind == "station_tour":
        tours.reserve(session, data.tour_slot_id, data.group_size)
    booking = Booking(status="requested", created_by=actor.username, created_at=now())
    _apply(booking, data, unit)
    booking.history.append(history_entry(actor, None, "requested"))
    session.add(booking)
    return booking


def create_booking(actor: Actor, data: BookingInput) -> int:
    require(actor, "bookings.write")
    problems = Problems()
    with unit_of_work(actor) as session:
        booking = add_booking(session, actor, data, problems)
        problems.raise_if_any()
        session.flush()
        return booking.id


def update_booking(actor: Actor, booking_id: int, version: int, data: BookingInput) -> None:
    """Save an edit made on the form that showed `version`."""
    require(actor, "bookings.write")
    problems = Problems()
    with unit_of_work(actor) as session:
        booking = load_for_update(session, Booking, booking_id, version)
        data = with_slot_and_defaults(session, data)
        if booking.status not in OPEN_STATUSES:
            raise FiredeskError(
                "bookings.error.closed", status=t(f"bookings.status.{booking.status}")
            )
        unit = validate(session, data, problems, booking_id=booking_id)
        problems.raise_if_any()
        old_slot, old_size = booking.tour_slot_id, booking.group_size
        new_slot = data.tour_slot_id if data.kind == "station_tour" else None
        if old_slot is not None and (old_slot, old_size) != (new_slot, data.group_size):
            tours.release(session, old_slot, old_size)
            old_slot = None
        if new_slot is not None and old_slot is None:
            tours.reserve(session, new_slot, data.group_size)
        _apply(booking, data, unit)


def change_status(
    actor: Actor,
    booking_id: int,
    version: int,
    to_status: str,
    reason: str = "",
    *,
    participants: int | None = None,
) -> None:
    """Move a booking along its flow, recording who and when; cancelling needs a reason and
    gives a tour's place back. Marking a training or drill done may replace its expected
    `participants` with the number that actually took part (None keeps the expected one)."""
    require(actor, "bookings.write")
    reason = reason.strip()
    if to_status == "done":
        seed_calendar_for([now()])  # the follow-up's due date needs the calendar seeded first
    with unit_of_work(actor) as session:
        booking = load_for_update(session, Booking, booking_id, version)
        move_status(session, actor, booking, to_status, reason, participants=participants)


def move_status(
    session: Session,
    actor: Actor,
    booking: Booking,
    to_status: str,
    reason: str = "",
    *,
    participants: int | None = None,
) -> None:
    """`change_status`'s step inside the caller's unit of work (publishing a plan moves its
    bookings and queues their confirmations in one transaction)."""
    reason = reason.strip()
    if to_status not in STATUS_FLOW.steps or not STATUS_FLOW.allows(to_status, booking.status):
        raise _refuse_status(to_status, booking.status)
    if to_status == "cancelled":
        problems = Problems()
        if not reason:
            problems.add("booking_cancel_reason", "error.required")
        elif len(reason) > 200:
            problems.add("booking_cancel_reason", "error.too_long", max=200)
        problems.raise_if_any()
        booking.cancel_reason = reason
        if booking.tour_slot_id is not None:
            tours.release(session, booking.tour_slot_id, booking.group_size)
    if participants is not None:
        _check_actual_participants(booking.kind, to_status, participants)
    booking.history.append(history_entry(actor, booking.status, to_status, reason))
    booking.status = to_status
    if participants is not None:
        booking.group_size = participants  # one UPDATE with the status, one audit entry
    if to_status == "done" and booking.kind in FOLLOWUP_SOURCE:
        # A tour's location is the station; its visitors are followed up by phone.
        unit = None if booking.kind == "station_tour" else booking.location_id
        service_completed(session, FOLLOWUP_SOURCE[booking.kind], booking.id, unit, now())


# The steps an officer's recorded task outcome takes its booking through, from the
# booking's status now (services.desks.officer.record_outcome, in the same transaction).
# A request back from "not done" is planned again when corrected to "done" in its week.
OUTCOME_STEPS = {
    "done": {
        "requested": ("planned", "confirmed", "done"),
        "planned": ("confirmed", "done"),
        "confirmed": ("done",),
    },
    "not_done": {"planned": ("requested",), "confirmed": ("requested",)},
}
# Statuses an outcome leaves as they are: already there, or closed another way.
OUTCOME_LEAVES = {
    "done": ("done", "cancelled", "no_show"),
    "not_done": ("requested", "cancelled", "no_show"),
}
HISTORY_REASON_MAX = 200


def follow_task_outcome(
    session: Session, actor: Actor, booking: Booking, outcome: str, note: str, week_start: date
) -> None:
    """Move `booking` as its task's recorded outcome says: done (with its follow-up, see
    `move_status`), or not done back to `requested` with the note as the reason, for the duty
    manager to roll over or decline. A step the flow cannot take is refused, nothing saved."""
    if booking.status in OUTCOME_LEAVES[outcome]:
        return
    problems = Problems()
    if booking.week_start != week_start:
        problems.add(
            "task_outcome", "desk.error.booking_moved", week=booking.week_start.isoformat()
        )
    steps = OUTCOME_STEPS[outcome].get(booking.status)
    if steps is None:
        problems.add(
            "task_outcome",
            "desk.error.booking_status",
            status=t(f"bookings.status.{booking.status}"),
        )
    problems.raise_if_any()
    for status in steps:
        reason = note[:HISTORY_REASON_MAX] if status == "requested" else ""
        move_status(session, actor, booking, status, reason)


def _check_actual_participants(kind: str, to_status: str, participants: int) -> None:
    problems = Problems()
    if to_status != "done" or kind not in PARTICIPANT_KINDS:
        problems.add("booking_actual_participants", "bookings.error.participants_when_done")
    else:
        check_range(problems, "booking_actual_participants", participants, 1, MAX_PARTICIPANTS)
    problems.raise_if_any()


def cancel_booking(actor: Actor, booking_id: int, version: int, reason: str) -> None:
    change_status(actor, booking_id, version, "cancelled", reason)


def history_entry(
    actor: Actor, from_status: str | None, to_status: str, reason: str = ""
) -> BookingStatusChange:
    return BookingStatusChange(
        from_status=from_status,
        to_status=to_status,
        at=now(),
        username=actor.username,
        reason=reason,
    )


# --- reads --------------------------------------------------------------------------------


def list_bookings(filters: BookingFilter, limit: int = 500) -> list[BookingRow]:
    query = (
        select(Booking)
        .join(Booking.location)
        .options(
            joinedload(Booking.location).joinedload(Location.district),
            joinedload(Booking.tour_slot),
        )
        .order_by(Booking.week_start.desc(), Booking.id.desc())
        .limit(limit)
    )
    if filters.week_start:
        query = query.where(Booking.week_start == filters.week_start)
    if filters.kinds:
        query = query.where(Booking.kind.in_(filters.kinds))
    if filters.statuses:
        query = query.where(Booking.status.in_(filters.statuses))
    if filters.station_code:
        query = query.where(Location.code == filters.station_code, Booking.kind == "station_tour")
    if filters.district:
        query = query.where(Location.district.has(name=filters.district))
    with read_session() as session:
        return [_row(b) for b in session.scalars(query)]


def _row(booking: Booking) -> BookingRow:
    contact = " ".join(
        part
        for part in (mask_name(booking.contact_name), mask_phone(booking.contact_phone))
        if part
    )
    return BookingRow(
        id=booking.id,
        kind=booking.kind,
        status=booking.status,
        week_start=booking.week_start,
        unit_code=booking.location.code,
        unit_name=booking.location.name,
        district=booking.location.district.name,
        visitor_group=booking.visitor_group,
        contact=contact,
        channel=booking.channel,
        mode=booking.mode,
        duration_minutes=booking.duration_minutes,
        headcount=booking.headcount,
        priority=booking.priority,
        windows=booking.windows,
        slot_start=local(booking.tour_slot.starts_at) if booking.tour_slot else None,
        group_size=booking.group_size,
        version=booking.version,
    )


def get_booking(actor: Actor, booking_id: int) -> BookingDetail:
    """One booking in full, contact included, for its edit form (who may write bookings)."""
    require(actor, "bookings.write")
    with read_session() as session:
        booking = session.get(
            Booking,
            booking_id,
            options=[joinedload(Booking.location), selectinload(Booking.history)],
        )
        if booking is None:
            raise NotFound("error.not_found", what=f"bookings {booking_id}")
        data = BookingInput(
            kind=booking.kind,
            unit_code=booking.location.code,
            week_start=booking.week_start,
            channel=booking.channel,
            windows=list(booking.windows),
            contact_name=booking.contact_name,
            contact_phone=booking.contact_phone or "",
            mode=booking.mode,
            visitor_group=booking.visitor_group,
            duration_minutes=booking.duration_minutes,
            headcount=booking.headcount,
            skill=booking.skill,
            priority=booking.priority,
            notes=booking.notes,
            tour_slot_id=booking.tour_slot_id,
            group_size=booking.group_size,
        )
        history = [
            StatusChange(local(h.at), h.username, h.from_status, h.to_status, h.reason)
            for h in booking.history
        ]
        return BookingDetail(data, booking.status, booking.version, history)


def unit_choices(kind: str) -> list[tuple[str, str]]:
    """(code, name) of the places a booking of `kind` can name: stations for tours, else units."""
    kinds = ("station",) if kind == "station_tour" else ("unit", "station", "office")
    with read_session() as session:
        rows = session.execute(
            select(Location.code, Location.name)
            .where(Location.kind.in_(kinds))
            .order_by(Location.kind.desc(), Location.code)
        )
        return [(code, name) for code, name in rows]


def district_names() -> list[str]:
    with read_session() as session:
        return list(session.scalars(select(District.name).order_by(District.id)))


def opening_hours(unit_code: str) -> dict:
    with read_session() as session:
        found = session.scalar(select(Location.opening_hours).where(Location.code == unit_code))
    return found or {}


def standing_pattern(unit_code: str) -> str:
    """The unit's opening hours as preferred-times text, to start a new booking from."""
    return as_text(from_opening_hours(opening_hours(unit_code)))[0]


def windows_from_patterns(
    week_start: date,
    preferred: str,
    acceptable: str = "",
    acceptable_cost: int = ACCEPTABLE_COST,
    exceptions: frozenset[date] = frozenset(),
) -> list[dict]:
    """The windows typed as weekly patterns (services.bookings.windows) for one week."""
    working_day = working_day_checker({week_start.year, (week_start + timedelta(days=6)).year})
    problems = Problems()
    windows = parse_pattern(
        preferred, week_start, 0, working_day, problems, "booking_preferred", exceptions
    )
    windows += parse_pattern(
        acceptable,
        week_start,
        acceptable_cost,
        working_day,
        problems,
        "booking_acceptable",
        exceptions,
    )
    problems.raise_if_any()
    return windows


# --- planning -----------------------------------------------------------------------------


def task_id(booking_id: int) -> str:
    """The planning task a booking becomes ("B<booking id>")."""
    return f"B{booking_id}"


def task_id_sql(booking_id: ColumnElement[int]) -> ColumnElement[str]:
    """`task_id` in SQL, to join a booking with rows keyed by its task."""
    return literal("B") + cast(booking_id, String)


def booking_of_task(task: str) -> int | None:
    """The booking a planning task stands for, or None for another area's task."""
    return int(task[1:]) if task.startswith("B") and task[1:].isdigit() else None


def planning_tasks(
    session: Session,
    week_start: date,
    week_end: date,
    statuses: tuple[str, ...] = OPEN_STATUSES,
) -> list[dict]:
    """Bookings of the week in `statuses` (the open ones: what is still to plan) as contract
    tasks "B<id>" (provider for the instance); a booking belongs to the one week its
    `week_start` names."""
    bookings = session.scalars(
        select(Booking)
        .where(Booking.week_start == week_start, Booking.status.in_(statuses))
        .options(joinedload(Booking.location), joinedload(Booking.tour_slot))
        .order_by(Booking.id)
    ).all()
    headquarters = session.scalar(
        select(Location.code).where(Location.kind == "office").order_by(Location.code).limit(1)
    )
    guides = _station_guides(session)
    return [_task(b, headquarters, guides) for b in bookings]


def _station_guides(session: Session) -> dict[int, list[str]]:
    guides: dict[int, list[str]] = {}
    for person in session.scalars(select(Staff).where(Staff.active.is_(True)).order_by(Staff.code)):
        if "guide" in person.skill_names:
            guides.setdefault(person.base_location_id, []).append(person.code)
    return guides


def _task(booking: Booking, headquarters: str | None, guides: dict[int, list[str]]) -> dict:
    remote = booking.mode == "remote" and headquarters is not None
    task = {
        "id": task_id(booking.id),
        "kind": booking.kind,
        "location": headquarters if remote else booking.location.code,
        "duration": booking.duration_minutes,
        "skill": booking.skill,
        "headcount": booking.headcount,
        "priority": booking.priority,
        "windows": clip_windows(booking.windows),
    }
    if booking.tour_slot is not None:
        task["resource"] = tours.hall_id(booking.location.code)
        if guides.get(booking.location_id):
            task["eligible"] = guides[booking.location_id]
    return task


__all__ = ["BOOKING_KINDS", "BOOKING_STATUSES", "CHANNELS", "MODES"]
