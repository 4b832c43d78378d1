"""Publishing a draft: it becomes the week's plan of record and its bookings follow it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from db.models import Booking, PlanVersion
from optimizer.summary import summarize
from optimizer.validator import validate_plan
from rules.time import TIME_ZONE
from services.bookings import requests as bookings
from services.core.clock import now
from services.core.errors import FiredeskError
from services.core.permissions import Actor, require
from services.core.records import load_for_update
from services.core.unit_of_work import unit_of_work
from services.notifications import triggers
from services.planning.versions import (
    VersionInfo,
    get_version,
    published_version,
    refuse,
    version_info,
)


@dataclass(frozen=True)
class Published:
    version: VersionInfo
    # Bookings whose status could not follow the plan (changed by someone meanwhile):
    # "B12: <why>" each; the plan is published regardless.
    booking_problems: tuple[str, ...] = ()


def publish(actor: Actor, version_id: int, version: int) -> Published:
    """Make the draft the week's plan of record; it can never change afterwards. Its bookings
    become "planned" and each unit's contact is sent a confirmation (time and officers;
    never for an unannounced kind); bookings the previous published plan had and this one
    drops go back to "requested". Requests still unplanned are listed by
    `services.planning.unplanned` for the duty manager to roll over or decline."""
    require(actor, "plans.publish")
    info = get_version(version_id)
    if info.published:
        raise FiredeskError("plan.error.already_published", number=info.number)
    report = validate_plan(info.instance, info.plan)
    refuse("plan", "plan.error.rule_broken", [v.message for v in report.violations])
    before = published_version(info.week_start)
    with unit_of_work(actor) as session:
        row = load_for_update(session, PlanVersion, version_id, version)
        mark_published(row, actor.username)
        session.flush()
        published = version_info(row)
    planned = booking_appointments(published)
    dropped = set(booking_appointments(before)) - set(planned) if before is not None else set()
    problems = [p for b, a in sorted(planned.items()) if (p := _follow_plan(actor, b, a))]
    problems += _set_booking_status(actor, dropped, "planned", "requested")
    return Published(published, tuple(problems))


def mark_published(row: PlanVersion, username: str, at: datetime | None = None) -> None:
    """Flip a draft row to published, with the summary the KPIs read of it: the one place
    that does (publishing above, and the demo's history of published weeks)."""
    row.status = "published"
    row.published_at = at or now()
    row.published_by = username
    row.summary = summarize(row.instance, row.plan)


@dataclass(frozen=True)
class Appointment:
    start: datetime
    officers: tuple[str, ...]


def booking_appointments(info: VersionInfo) -> dict[int, Appointment]:
    """The bookings a plan version assigns, each with when and by whom (officers' names):
    the one reading of it (publishing, a booking's page)."""
    monday = datetime.combine(info.week_start, time(0), tzinfo=TIME_ZONE)
    people = {s["id"]: s.get("name") or s["id"] for s in info.instance.get("staff", [])}
    found = {}
    for a in info.plan["assignments"]:
        booking_id = bookings.booking_of_task(a["task"])
        if booking_id is not None:
            officers = tuple(people.get(s, s) for s in a["staff"])
            found[booking_id] = Appointment(monday + timedelta(minutes=a["start"]), officers)
    return found


def booking_appointment(week_start: date, booking_id: int) -> Appointment | None:
    """When and by whom the week's published plan serves a booking (None: not in it)."""
    info = published_version(week_start)
    return None if info is None else booking_appointments(info).get(booking_id)


def _follow_plan(actor: Actor, booking_id: int, appointment: Appointment) -> str | None:
    """A requested booking becomes planned and its unit's confirmation is queued, in one
    unit of work; a booking someone else moved meanwhile is reported, not forced."""
    try:
        with unit_of_work(actor) as session:
            booking = load_for_update(session, Booking, booking_id, None)
            if booking.status == "requested":
                bookings.move_status(session, actor, booking, "planned")
            if booking.status == "planned":
                triggers.booking_planned(session, booking, appointment.start, appointment.officers)
    except FiredeskError as error:
        return f"{bookings.task_id(booking_id)}: {error.message()}"
    return None


def _set_booking_status(actor: Actor, booking_ids: set[int], old: str, new: str) -> list[str]:
    """Move bookings in status `old` to `new` through the bookings service's own flow."""
    problems = []
    for booking_id in sorted(booking_ids):
        try:
            detail = bookings.get_booking(actor, booking_id)
            if detail.status == old:
                bookings.change_status(actor, booking_id, detail.version, new)
        except FiredeskError as error:
            problems.append(f"{bookings.task_id(booking_id)}: {error.message()}")
    return problems
