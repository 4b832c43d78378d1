"""The worklists' counts equal what the records say, and each costs a fixed number of
queries however many records there are."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from db import session as db_session
from db.models import Booking, ComplaintCase, FollowUp, HazardCase, RectificationCase
from db.session import read_session
from rules.complaints import DUE_SOON
from rules.time import local
from services.core.clock import now
from services.desks import worklists
from tests.conftest import BACKENDS, _empty_all_tables
from tests.fixtures.desks import account, demo_loaded, this_monday


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request, database_urls) -> Iterator[str]:
    with demo_loaded(database_urls[request.param], _empty_all_tables) as url:
        yield url


def _all(model):
    with read_session() as session:
        return session.scalars(select(model)).all()


def _complaints(moment):
    running = [
        c
        for c in _all(ComplaintCase)
        if c.first_verified_at is None and c.status in ("received", "assigned")
    ]
    overdue = sum(local(c.deadline_at) < moment for c in running)
    soon = sum(moment <= local(c.deadline_at) <= moment + DUE_SOON for c in running)
    return overdue, soon


def test_the_clerks_counts_are_the_records(demo):
    moment = now()
    items = {i.key: i for i in worklists.clerk_items(account("clerk"), moment)}
    today = moment.date()
    assert items["desk.clerk.followups"].count == sum(
        f.status == "open" and f.due <= today for f in _all(FollowUp)
    )
    assert items["desk.clerk.callbacks"].count == sum(
        c.status == "open" and local(c.due_at).date() <= today for c in _all(RectificationCase)
    )
    overdue, soon = _complaints(moment)
    assert items["desk.clerk.complaints"].params == {"overdue": overdue, "soon": soon}
    assert items["desk.clerk.bookings"].count == sum(
        b.status == "planned" and b.week_start >= this_monday() for b in _all(Booking)
    )
    assert sum(i.count for i in items.values()) > 0  # the demo gives the clerk work


def test_the_leaders_alerts_are_the_records(demo):
    moment = now()
    items = {i.key: i for i in worklists.leader_items(account("leader"), moment)}
    assert items["desk.leader.complaints"].count == _complaints(moment)[0]
    assert items["desk.leader.reviews"].count == sum(
        c.status in worklists.OPEN_CASE_STATUSES and local(c.due_at) < moment
        for c in _all(RectificationCase)
    )
    assert items["desk.leader.hazards"].count == sum(
        h.major and h.state not in worklists.HAZARD_CLOSED for h in _all(HazardCase)
    )
    assert {i.page for i in items.values()} == {
        "pages/complaint_metrics.py",
        "pages/satisfaction_trends.py",
        "pages/kpi_dashboard.py",
    }


def test_the_duty_managers_weeks_say_what_is_published_and_why_tasks_are_out(demo):
    this, following = worklists.manager_items(account("manager"), "zh-CN").weeks
    assert this.week_start == this_monday() and this.published == 1 and this.draft is None
    assert following.week_start == this_monday() + timedelta(days=7)
    assert following.published is None  # the demo leaves next week to plan
    assert len(this.unplanned) == min(this.unplanned_count, worklists.UNPLANNED_SHOWN)
    assert all(": " in line and line.split(": ", 1)[1] for line in this.unplanned)


def test_each_worklist_costs_a_fixed_number_of_queries(demo):
    clerk_actor, leader_actor = account("clerk"), account("leader")
    statements = []
    engine = db_session.engine_for(demo)

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement.split()[0])

    event.listen(engine, "before_cursor_execute", count)
    try:
        worklists.clerk_items(clerk_actor)
        clerk = statements.count("SELECT")
        statements.clear()
        worklists.leader_items(leader_actor)
        leader = statements.count("SELECT")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # One aggregate per figure (complaints: overdue and due soon) and one read of the
    # refused imports, never one per record.
    assert (clerk, leader) == (6, 4), statements
