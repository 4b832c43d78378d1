"""Demo plans: every past week of the booking history has the plan its duty manager published.

A week's plan is the rule-of-thumb plan (optimizer.baseline, fast and deterministic) of the
instance the planner would have read: the week's bookings that went ahead (done or
no-show; cancelled ones never reached a plan), the staff's availability and the off-hours
of the official calendar, through the same code as a live week. It was published on the
Friday before the week, at the moment its bookings became 已排程 in their history, so the
leadership KPIs read from published plans (no disruption, off-hours fairness, plan
coverage) have two years of weeks to compare.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Booking, BookingStatusChange, PlanVersion
from demo.bookings import HISTORY_WEEKS
from demo.detachment import DemoContext
from optimizer.baseline import baseline_plan
from optimizer.contract import plan_to_dict
from optimizer.validator import validate_plan
from rules.time import local
from services.bookings.requests import planning_tasks as booking_tasks
from services.calendar.workdays import WorkCalendar
from services.core.permissions import Actor, require
from services.planning.instance import week_instance
from services.planning.providers import TaskProvider
from services.planning.publish import mark_published
from services.planning.versions import parse, refuse, store_version

# Bookings that were planned and went ahead; cancelled ones never reached a plan.
WENT_AHEAD = ("done", "no_show")

# A week gone by: its bookings that went ahead, as the tasks "B<id>" its plan had.
past_booking_tasks: TaskProvider = partial(booking_tasks, statuses=WENT_AHEAD)

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
    published = 0
    for week_start, planned_at in _publication_moments(session, first, context.week_start):
        instance = week_instance(
            session, week_start, working_day.working_day, task_providers=PAST_TASK_PROVIDERS
        )
        drafted_at = planned_at - timedelta(minutes=rng.randint(*DRAFTED_BEFORE))
        publish_past_week(
            session, actor, week_start, instance, created_at=drafted_at, published_at=planned_at
        )
        published += 1
    return {"plan_versions": published}


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
