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

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Booking, BookingStatusChange
from demo.bookings import HISTORY_WEEKS
from demo.detachment import DemoContext
from rules.time import local
from services.calendar.workdays import WorkCalendar
from services.core.permissions import Actor
from services.planning.instance import week_instance
from services.planning.providers import PAST_TASK_PROVIDERS
from services.planning.versions import publish_past_week

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
