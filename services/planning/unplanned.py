"""Requests a published week left unplanned: the duty manager rolls each over to the next
week or declines it with a reason, and the unit is told either way (the outbox, never for
an unannounced kind).

A booking's windows are minutes from its week's Monday, so rolling it over moves
`week_start` one week on and keeps the windows as they are: the same weekdays and times,
one week later. The booking's status history gets a line saying from which week to which;
a decline is a cancellation with the manager's reason (and a `decline` audit entry).
A station tour is bound to its tour slot's date and cannot roll over: decline it (the
visitors book a new slot).

A booking its officer recorded "not done" (services.desks.officer) is back in `requested`
and listed here too, its reason being the officer's note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import joinedload

from db.models import Booking, TaskOutcome
from db.session import read_session
from services.bookings import requests as bookings
from services.core.errors import FiredeskError, Problems
from services.core.permissions import Actor, require
from services.core.records import load_for_update
from services.core.unit_of_work import record, unit_of_work
from services.i18n import t
from services.notifications import triggers
from services.planning.versions import published_version
from services.planning.views import kind_label

PERMISSION = "plans.publish"


@dataclass(frozen=True)
class Stranded:
    booking_id: int
    task: str
    kind: str
    unit: str
    reasons: str
    version: int


def recorded_not_done() -> ColumnElement[bool]:
    """Joins a booking to its task's outcome when its officer recorded it not done in the
    booking's week (a rolled-over booking is no longer that week's)."""
    return and_(
        TaskOutcome.week_start == Booking.week_start,
        TaskOutcome.task == bookings.task_id_sql(Booking.id),
        TaskOutcome.outcome == "not_done",
    )


def _not_done_notes(session, week_start: date) -> dict[int, str]:
    return dict(
        session.execute(
            select(Booking.id, TaskOutcome.note)
            .join(TaskOutcome, recorded_not_done())
            .where(Booking.week_start == week_start, Booking.status == "requested")
        ).all()
    )


def _reason(reasons: list[str] | None, note: str | None, lang: str | None) -> str:
    if note is not None:
        return t("plan.unplanned.not_done", lang, note=note)
    return "；".join(reasons) if reasons else t("plan.unplanned.not_in_plan", lang)


def stranded_requests(week_start: date, lang: str | None = None) -> list[Stranded]:
    """The week's bookings still `requested` once the week has a published plan, with the
    reasons the plan gives (or that the request came after the plan was built, or the
    officer's note when they recorded it not done)."""
    published = published_version(week_start)
    if published is None:
        return []
    language = lang or "zh-CN"
    with read_session() as session:
        rows = session.scalars(
            select(Booking)
            .where(Booking.week_start == week_start, Booking.status == "requested")
            .options(joinedload(Booking.location))
            .order_by(Booking.id)
        ).all()
        notes = _not_done_notes(session, week_start)
        out = []
        for b in rows:
            task = bookings.task_id(b.id)
            reasons = (published.reasons.get(task) or {}).get(language)
            out.append(
                Stranded(
                    b.id,
                    task,
                    kind_label(b.kind, lang),
                    b.visitor_group or b.location.name,
                    _reason(reasons, notes.get(b.id), lang),
                    b.version,
                )
            )
        return out


def roll_over(actor: Actor, booking_id: int, version: int) -> date:
    """Move a stranded request to the next week with its windows; returns the new week."""
    require(actor, PERMISSION)
    with unit_of_work(actor) as session:
        booking = load_for_update(session, Booking, booking_id, version)
        if booking.status != "requested":
            raise FiredeskError(
                "plan.unplanned.error.status", status=t(f"bookings.status.{booking.status}")
            )
        if booking.tour_slot_id is not None:
            raise FiredeskError("plan.unplanned.error.tour")
        old, new = booking.week_start, booking.week_start + timedelta(days=7)
        booking.week_start = new
        booking.history.append(
            bookings.history_entry(
                actor,
                "requested",
                "requested",
                f"rolled over {old.isoformat()} → {new.isoformat()}",
            )
        )
        triggers.booking_rolled_over(session, booking, old, new)
        return new


def decline(actor: Actor, booking_id: int, version: int, reason: str) -> None:
    """Refuse a stranded request with a reason the unit is told."""
    require(actor, PERMISSION)
    reason = reason.strip()
    problems = Problems()
    if not reason:
        problems.add("decline_reason", "error.required")
    elif len(reason) > 200:
        problems.add("decline_reason", "error.too_long", max=200)
    problems.raise_if_any()
    with unit_of_work(actor) as session:
        booking = load_for_update(session, Booking, booking_id, version)
        if booking.status != "requested":
            raise FiredeskError(
                "plan.unplanned.error.status", status=t(f"bookings.status.{booking.status}")
            )
        bookings.move_status(session, actor, booking, "cancelled", reason)
        record(session, actor, "decline", Booking.__tablename__, booking_id, reason)
        triggers.booking_declined(session, booking, reason)
