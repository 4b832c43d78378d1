"""The demo's history of published plans: one valid plan per past week, built from the
bookings that went ahead, and enough of them for every KPI view and its comparisons."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from db import session as db_session
from db.models import Booking, PlanVersion
from db.session import read_session
from demo.bookings import HISTORY_WEEKS
from demo.planning import WENT_AHEAD
from demo.setup import load_demo_detachment
from optimizer.validator import validate_plan
from rules.time import local
from rules.weeks import next_monday
from services.core.clock import now
from services.kpis import engine as kpis
from tests.conftest import BACKENDS, _empty_all_tables

PLAN_KPIS = ("no_disruption", "offhours_fairness", "plan_coverage")


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request, database_urls) -> Iterator[str]:
    """The demo detachment, loaded once per backend for the whole module (it takes seconds)."""
    url = database_urls[request.param]
    db_session.configure(url)
    load_demo_detachment()
    yield url
    _empty_all_tables(url)
    db_session._current_url = None


def _published() -> list[PlanVersion]:
    with read_session() as session:
        return session.scalars(
            select(PlanVersion).order_by(PlanVersion.week_start, PlanVersion.number)
        ).all()


def _went_ahead() -> dict[date, set[str]]:
    """Task ids of the bookings that went ahead, per week."""
    with read_session() as session:
        rows = session.execute(
            select(Booking.week_start, Booking.id).where(Booking.status.in_(WENT_AHEAD))
        ).all()
    weeks: dict[date, set[str]] = {}
    for week, booking_id in rows:
        weeks.setdefault(week, set()).add(f"B{booking_id}")
    return weeks


def test_every_past_week_has_one_valid_published_plan_of_its_bookings(demo):
    this_monday = next_monday(now().date()) - timedelta(weeks=1)
    versions = _published()
    weeks = [v.week_start for v in versions]
    assert len(weeks) == len(set(weeks)) == HISTORY_WEEKS
    assert weeks == [this_monday - timedelta(weeks=n) for n in range(HISTORY_WEEKS - 1, -1, -1)]
    went_ahead = _went_ahead()
    unplanned = tasks = 0
    for v in versions:
        assert (v.status, v.source, v.number, v.published_by) == (
            "published",
            "baseline",
            1,
            "manager",
        )
        published_at = local(v.published_at)
        assert published_at.date() == v.week_start - timedelta(days=3)  # the Friday before
        assert local(v.created_at) < published_at
        report = validate_plan(v.instance, v.plan)
        assert report.ok, (v.week_start, [x.message for x in report.violations])
        assert report.objective == v.objective
        ids = {t["id"] for t in v.instance["tasks"]}
        assert ids == went_ahead[v.week_start], v.week_start  # exactly that week's bookings
        planned = {a["task"] for a in v.plan["assignments"]}
        assert planned | {u["task"] for u in v.plan["unscheduled"]} == ids
        assert v.summary is not None and len(v.summary["tasks"]) == len(ids)
        tasks += len(ids)
        unplanned += len(ids - planned)
    # Bookings that went ahead were mostly plannable; a few tours found no guide on watch.
    assert 0 < unplanned < 0.05 * tasks


def _preferred_share(versions: list[PlanVersion]) -> float:
    """Planned bookings still served (done, or confirmed and still to come: the demo
    officer's this week), starting inside a cost-0 window, counted from the stored plans (a
    no-show is not a booking the plan served)."""
    with read_session() as session:
        done = {
            f"B{i}"
            for i in session.scalars(
                select(Booking.id).where(Booking.status.in_(("planned", "confirmed", "done")))
            )
        }
    preferred = planned = 0
    for v in versions:
        tasks = {t["id"]: t for t in v.instance["tasks"]}
        for a in v.plan["assignments"]:
            if a["task"] not in done:
                continue
            task = tasks[a["task"]]
            costs = [
                w["cost"]
                for w in task["windows"]
                if w["start"] <= a["start"] and a["start"] + task["duration"] <= w["end"]
            ]
            preferred += min(costs) == 0
            planned += 1
    return preferred / planned


@pytest.mark.parametrize("kind", ["month", "quarter", "year"])
def test_the_plan_kpis_have_values_in_every_view(demo, kind):
    today = now().date()
    history_start = next_monday(today) - timedelta(weeks=HISTORY_WEEKS)
    period = kpis.period_of(kind, today)
    tiles = {t.code: t for t in kpis.tiles(period)}
    for code in PLAN_KPIS:
        tile = tiles[code]
        for compared, value in (
            (period, tile.value),
            (period.previous, tile.previous),
            (period.last_year, tile.last_year),
        ):
            if compared.end <= history_start:  # a year's comparison two years back
                assert value is None, (code, compared)
                continue
            assert value is not None, (code, compared)
            if code == "offhours_fairness":
                assert value >= 1
            else:
                assert 0 < value <= 1
    # The tiles read the stored plans: recount the period's share by hand.
    versions = [v for v in _published() if period.start <= v.week_start < period.end]
    assert tiles["no_disruption"].value == pytest.approx(_preferred_share(versions))
    planned = sum(len(v.plan["assignments"]) for v in versions)
    tasks = sum(len(v.instance["tasks"]) for v in versions)
    assert tiles["plan_coverage"].value == pytest.approx(planned / tasks)


def _history() -> list[tuple]:
    return [(v.week_start, v.created_at, v.published_at, v.plan) for v in _published()]


# The draw does not depend on the engine: SQLite shows it, without a second PostgreSQL load.
@pytest.mark.parametrize("demo", ["sqlite"], indirect=True)
def test_the_same_seed_publishes_the_same_history(demo):
    first = _history()
    _empty_all_tables(demo)
    load_demo_detachment()
    assert _history() == first


def test_the_latest_published_weeks_units_have_their_confirmations_in_the_outbox(demo):
    from db.models import OutboxMessage
    from services.notifications.triggers import unit_may_be_told
    from services.planning.publish import booking_appointments
    from services.planning.versions import version_info

    latest = _published()[-1]
    planned = booking_appointments(version_info(latest))
    with read_session() as session:
        kinds = {b.id: b.kind for b in session.scalars(select(Booking)) if b.id in planned}
        messages = session.scalars(
            select(OutboxMessage).where(OutboxMessage.template_key == "booking.confirmed")
        ).all()
    told = {int(m.dedup_key.split(":")[1]) for m in messages}
    assert told == {b for b, kind in kinds.items() if unit_may_be_told(kind)}
    assert told  # the week has announced bookings
    assert all(m.created_at == latest.published_at for m in messages)
