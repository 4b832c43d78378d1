"""Demo plans: every past week of the booking history has the plan its duty manager published.

A week's plan is the rule-of-thumb plan (optimizer.baseline, fast and deterministic) of the
instance the planner would have read: the week's bookings that went ahead (done or
no-show; cancelled ones never reached a plan), the staff's availability and the off-hours
of the official calendar, through the same code as a live week. It was published on the
Friday before the week, at the moment its bookings became 已排程 in their history, so the
leadership KPIs read from published plans (no disruption, off-hours fairness, plan
coverage) have two years of weeks to compare. The latest published week's units have their
confirmations in the outbox, as publishing it would have queued them.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Booking, BookingStatusChange, PlanVersion
from demo.bookings import HISTORY_WEEKS
from demo.detachment import DemoContext
from optimizer.baseline import baseline_plan
from optimizer.contract import plan_to_dict
from optimizer.validator import validate_plan
from rules.time import TIME_ZONE, local
from rules.weeks import minutes_from
from services.bookings.requests import DEFAULTS
from services.bookings.requests import planning_tasks as booking_tasks
from services.bookings.requests import task_id as booking_task_id
from services.calendar.workdays import WorkCalendar
from services.core.clock import played_at
from services.core.permissions import Actor, require
from services.notifications import triggers
from services.planning.instance import week_instance
from services.planning.providers import TaskProvider
from services.planning.publish import booking_appointments, mark_published
from services.planning.versions import parse, refuse, store_version, version_info

# Bookings that were planned and went ahead; cancelled ones never reached a plan. The demo
# officer's tasks still to come this week are "confirmed" (only they are).
WENT_AHEAD = ("done", "no_show", "confirmed")

# A week gone by: its bookings that went ahead, as the tasks "B<id>" its plan had.
past_booking_tasks: TaskProvider = partial(booking_tasks, statuses=WENT_AHEAD)

# The demo officer's evening trainings still to come this week: days from today, start, end.
OFFICER_TASKS = ((1, time(19, 0), time(20, 30)), (2, time(19, 0), time(21, 0)))

PAST_TASK_PROVIDERS: list[TaskProvider] = [
    past_booking_tasks,
]

# Minutes the draft was computed before it was published.
DRAFTED_BEFORE = (15, 60)


def build(session: Session, rng: random.Random, context: DemoContext) -> dict[str, int]:
    first = context.week_start - timedelta(weeks=HISTORY_WEEKS)
    working_day = WorkCalendar.load(session, range(first.year, context.week_start.year + 1))
    manager = context.users["duty_manager"]
    actor = Actor(user_id=manager.id, username=manager.username, role=manager.role)
    pinned = _officer_bookings(session, context)
    published = 0
    row = None
    for week_start, planned_at in _publication_moments(session, first, context.week_start):
        instance = week_instance(
            session, week_start, working_day.working_day, task_providers=PAST_TASK_PROVIDERS
        )
        for task in instance["tasks"]:
            if task["id"] in pinned:
                task["pinned"] = pinned[task["id"]]
        drafted_at = planned_at - timedelta(minutes=rng.randint(*DRAFTED_BEFORE))
        row = publish_past_week(
            session, actor, week_start, instance, created_at=drafted_at, published_at=planned_at
        )
        published += 1
    return {
        "plan_versions": published,
        "bookings": len(pinned),
        "booking_status_changes": 3 * len(pinned),
        "booking_confirmations": 0 if row is None else _confirmations(session, row),
    }


def _confirmations(session: Session, row: PlanVersion) -> int:
    """The units of the latest published week (this one) told when and by whom their
    bookings are served, queued when it was published (the next `outbox run` sends them);
    the weeks before were told long ago."""
    queued = 0
    with played_at(row.published_at):
        for booking_id, appointment in sorted(booking_appointments(version_info(row)).items()):
            booking = session.get(Booking, booking_id)
            queued += triggers.booking_planned(
                session, booking, appointment.start, appointment.officers
            )
    return queued


def _officer_bookings(session: Session, context: DemoContext) -> dict[str, dict]:
    """The demo officer's trainings in the evenings after today (this week: its plan is
    published), confirmed by the unit, as {task id: the pinned assignment} so the published
    plan gives them to the officer; their home page shows them from the first start."""
    if context.officer is None or context.officer.staff is None:
        return {}
    monday = context.week_start - timedelta(weeks=1)
    today = context.today or monday
    unit = next(u for u in context.units if u.name.endswith(("KTV", "影城", "网吧")))
    person = context.officer.staff
    pinned = {}
    days_used = set()
    for days, start, end in OFFICER_TASKS:
        day = min(today + timedelta(days=days), monday + timedelta(days=6))
        if day in days_used:  # the week ends first: one task that evening
            continue
        days_used.add(day)
        begin = datetime.combine(day, start, TIME_ZONE)
        minute = minutes_from(monday, begin)
        duration = (datetime.combine(day, end) - datetime.combine(day, start)).seconds // 60
        booking = Booking(
            kind="training",
            status="confirmed",
            channel="phone",
            mode="on_site",
            week_start=monday,
            location=unit,
            windows=[{"start": minute, "end": minute + duration, "cost": 0}],
            duration_minutes=duration,
            headcount=1,
            skill="trainer",
            priority=DEFAULTS["training"].priority,
            group_size=30,
            contact_name="王经理",
            contact_phone="13900000000",
            created_by=context.users["staff"].username,
            notes="夜间员工消防安全培训",
            created_at=begin - timedelta(days=7),
        )
        booking.history = [
            BookingStatusChange(
                from_status=old, to_status=new, at=begin - timedelta(days=back), username=who
            )
            for old, new, back, who in (
                (None, "requested", 7, context.users["staff"].username),
                ("requested", "planned", 3, context.users["duty_manager"].username),
                ("planned", "confirmed", 2, context.users["staff"].username),
            )
        ]
        session.add(booking)
        session.flush()
        pinned[booking_task_id(booking.id)] = {"start": minute, "staff": [person.code]}
    return pinned


def publish_past_week(
    session: Session,
    actor: Actor,
    week_start: date,
    instance: dict,
    *,
    created_at: datetime,
    published_at: datetime,
) -> PlanVersion:
    """Record the plan a past week was published with, inside the caller's transaction:
    the rule-of-thumb plan of `instance`, checked like any publication, stored as a
    version created and published at the given moments (the demo's history of weeks).
    Bookings keep their status: a week gone by already holds what became of them."""
    require(actor, "plans.publish")
    plan = baseline_plan(parse(instance))
    report = validate_plan(instance, plan_to_dict(plan))
    refuse("plan", "plan.error.rule_broken", [v.message for v in report.violations])
    row = store_version(
        session, actor, week_start, instance, plan, "baseline", based_on_id=None, at=created_at
    )
    mark_published(row, actor.username, published_at)
    return row


def _publication_moments(session: Session, first: date, until: date) -> list[tuple[date, datetime]]:
    """(week, moment its plan was published) for each history week with bookings that went
    ahead: the first time one of them became "planned", on the Friday before."""
    rows = session.execute(
        select(Booking.week_start, func.min(BookingStatusChange.at))
        .join(BookingStatusChange, BookingStatusChange.booking_id == Booking.id)
        .where(
            Booking.week_start >= first,
            Booking.week_start < until,
            BookingStatusChange.to_status == "planned",
        )
        .group_by(Booking.week_start)
        .order_by(Booking.week_start)
    ).all()
    return [(week, local(at)) for week, at in rows]
