"""When a message is owed, and to whom. Each trigger queues through `outbox.enqueue` in the
caller's unit of work (the change that causes it), or, for reminders, in the periodic run
(`enqueue_due_reminders`, called by `manage.py outbox run`).

The unit is never told in advance of a task it must not know of: a confirmation (or a
roll-over or decline notice) goes only for a unit's own booking (`BOOKING_KINDS`) whose
kind `services.planning.views.announced` allows. Complaint checks, random inspections and
re-inspections are not bookings, so they never reach `unit_may_be_told`'s yes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from db.models import Booking, PlanVersion, Staff
from db.models.bookings import BOOKING_KINDS
from db.models.complaints import ComplaintCase
from optimizer.contract import parse_instance
from rules.time import TIME_ZONE, local
from rules.weeks import monday_of
from services.core.permissions import SYSTEM
from services.core.unit_of_work import unit_of_work
from services.i18n import t, written_date
from services.notifications.outbox import Recipient, enqueue
from services.planning.views import announced, kind_label

# Officers are reminded from this time on the evening before their assignment's day.
REMINDER_EVENING = time(18, 0)
# An assignee is reminded when an open complaint's clock has less than this left.
CLOCK_WARNING = timedelta(hours=24)
# Before on-site verification the legal clock runs (verification stops it).
CLOCK_RUNNING = ("received", "assigned")
DUTY_DESK = Recipient("internal", "duty_manager", "值班长", None, "internal")


def unit_may_be_told(kind: str) -> bool:
    """Whether a unit's contact may hear of a planned task of this kind beforehand."""
    return kind in BOOKING_KINDS and announced(kind)


def when_text(moment: datetime, language: str | None = None) -> str:
    """A moment as a message writes it: 2026年12月1日 19:00 / 2026-12-01 19:00."""
    return f"{written_date(moment, language)} {local(moment):%H:%M}"


def _unit_contact(booking: Booking) -> Recipient:
    name = booking.visitor_group or booking.location.name
    return Recipient("unit_contact", str(booking.id), name, booking.contact_phone, "sms")


def _booking_values(booking: Booking) -> dict[str, object]:
    return {
        "unit": booking.visitor_group or booking.location.name,
        "kind": kind_label(booking.kind, "zh-CN"),
        "booking": f"B{booking.id}",
    }


def booking_planned(
    session: Session, booking: Booking, start: datetime, officers: Sequence[str]
) -> bool:
    """The unit's contact learns when and by whom its booking will be served; one message
    per appointment time (a re-publish that keeps the time sends nothing new)."""
    if not unit_may_be_told(booking.kind):
        return False
    values = _booking_values(booking) | {
        "when": when_text(start, "zh-CN"),
        "officers": "、".join(officers) or "—",
    }
    key = f"booking:{booking.id}:planned:{local(start):%Y-%m-%dT%H:%M}"
    return enqueue(
        session, _unit_contact(booking), "booking.confirmed", values, key, language="zh-CN"
    )


def booking_rolled_over(session: Session, booking: Booking, old_week: date, new_week: date) -> bool:
    if not unit_may_be_told(booking.kind):
        return False
    values = _booking_values(booking) | {
        "old_week": old_week.isoformat(),
        "new_week": new_week.isoformat(),
    }
    key = f"booking:{booking.id}:rolled:{old_week.isoformat()}"
    return enqueue(
        session, _unit_contact(booking), "booking.rolled_over", values, key, language="zh-CN"
    )


def booking_declined(session: Session, booking: Booking, reason: str) -> bool:
    if not unit_may_be_told(booking.kind):
        return False
    values = _booking_values(booking) | {"reason": reason}
    key = f"booking:{booking.id}:declined"
    return enqueue(
        session, _unit_contact(booking), "booking.declined", values, key, language="zh-CN"
    )


def complaint_closed(session: Session, case_: ComplaintCase) -> int:
    """Feedback to each complainant of a closed case who left a number (the law asks they
    are told; one who left none is answered through the 12345 platform's own reply, not
    by the detachment); a case closed again after a reopening is told again."""
    closing = sum(event.action == "close" for event in case_.events)  # 2 after a reopening
    key = f"complaints.handling.{case_.handling}" if case_.handling else "outbox.result.none"
    result = t(key, "zh-CN")
    queued = 0
    for ticket in case_.tickets:
        if not (ticket.complainant_phone or "").strip():
            continue
        recipient = Recipient(
            "complainant", str(ticket.id), ticket.ticket_no, ticket.complainant_phone, "sms"
        )
        values = {"ticket": ticket.ticket_no, "unit": case_.unit_name, "result": result}
        key = f"complaint:{case_.id}:closed:{closing}:{ticket.id}"
        queued += enqueue(session, recipient, "complaint.closed", values, key, language="zh-CN")
    return queued


def capacity_ask(
    session: Session, person: Staff, values: dict[str, object], dedup_key: str, language: str
) -> bool:
    """Ask a staff member for the extra capacity the planning advice suggests (SMS to their
    phone, an internal message when they have none); once per `dedup_key`."""
    return enqueue(
        session,
        _staff_recipient(person),
        "staff.capacity_ask",
        values,
        dedup_key,
        language=language,
    )


# ----------------------------------------------------------------------------- reminders


@dataclass(frozen=True)
class Reminders:
    officers: int = 0
    clocks: int = 0


def _staff_recipient(person: Staff) -> Recipient:
    channel = "sms" if person.phone else "internal"
    return Recipient("staff", str(person.id), person.name, person.phone, channel)


def _officer_reminders(session: Session, at: datetime) -> int:
    """Every officer with an assignment starting after `at` on a day whose eve (18:00 the
    day before) has come: today's later ones (a missed evening run) and tomorrow's."""
    today = at.date()
    weeks = sorted({monday_of(today), monday_of(today + timedelta(days=1))})
    queued = 0
    for week in weeks:
        row = session.scalar(
            select(PlanVersion)
            .where(PlanVersion.week_start == week, PlanVersion.status == "published")
            .order_by(PlanVersion.number.desc())
            .limit(1)
        )
        if row is None:
            continue
        instance = parse_instance(row.instance)
        people = {
            p.code: p
            for p in session.scalars(select(Staff).where(Staff.code.in_(instance.staff_by_id)))
        }
        monday = datetime.combine(week, time(0), tzinfo=TIME_ZONE)
        for assignment in row.plan["assignments"]:
            start = monday + timedelta(minutes=assignment["start"])
            eve = datetime.combine(
                start.date() - timedelta(days=1), REMINDER_EVENING, tzinfo=TIME_ZONE
            )
            if not (eve <= at < start):
                continue
            task = instance.task_by_id[assignment["task"]]
            for code in assignment["staff"]:
                person = people.get(code)
                if person is None:
                    continue
                mates = [people[c].name for c in assignment["staff"] if c != code and c in people]
                values = {
                    "officer": person.name,
                    "when": when_text(start, "zh-CN"),
                    "kind": kind_label(task.kind, "zh-CN"),
                    "location": instance.locations[task.location].name,
                    "teammates": "、".join(mates) or "—",
                    "task": task.id,
                }
                key = f"officer:{code}:{task.id}:{start:%Y-%m-%dT%H:%M}"
                queued += enqueue(
                    session, _staff_recipient(person), "officer.reminder", values, key
                )
    return queued


def _clock_reminders(session: Session, at: datetime) -> int:
    cases = session.scalars(
        select(ComplaintCase)
        .where(
            ComplaintCase.status.in_(CLOCK_RUNNING),
            ComplaintCase.deadline_at > at,
            ComplaintCase.deadline_at <= at + CLOCK_WARNING,
        )
        .options(joinedload(ComplaintCase.inspector1), joinedload(ComplaintCase.inspector2))
    ).all()
    queued = 0
    for case_ in cases:
        deadline = local(case_.deadline_at)
        assignees = [p for p in (case_.inspector1, case_.inspector2) if p is not None]
        recipients = [_staff_recipient(p) for p in assignees] or [DUTY_DESK]
        for recipient in recipients:
            values = {
                "officer": recipient.label,
                "ticket": case_.ticket_no,
                "unit": case_.unit_name,
                "deadline": when_text(deadline, "zh-CN"),
            }
            key = f"complaint:{case_.id}:clock:{deadline:%Y-%m-%dT%H:%M}:{recipient.id}"
            queued += enqueue(session, recipient, "complaint.clock", values, key)
    return queued


def enqueue_due_reminders(at: datetime) -> Reminders:
    """The periodic part: officers' evening-before reminders and complaint clock warnings
    that are due at `at` (each queued once, however often this runs)."""
    at = local(at)
    with unit_of_work(SYSTEM) as session:
        return Reminders(_officer_reminders(session, at), _clock_reminders(session, at))
