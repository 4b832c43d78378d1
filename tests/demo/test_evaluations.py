"""The demo history: deterministic, seasonal, with stations that improve and decline."""

from __future__ import annotations

import random
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import case, func, select

from db.models import Evaluation, FollowUp, Location, RectificationCase, Staff
from db.session import read_session
from demo import detachment as demo
from demo.evaluations import TRAJECTORIES, _evaluation_rows
from demo.setup import load_demo_detachment
from services.core.clock import now


@pytest.fixture
def demo_db(sqlite_db, monkeypatch):
    # Only this area's builder: another area's demo must not decide whether this one works.
    monkeypatch.setattr(demo, "AREA_BUILDERS", ["demo.evaluations"])
    counts = load_demo_detachment()
    return counts


def _rate(session, station_id: int, first, last) -> float:
    total, satisfied = session.execute(
        select(func.count(), func.sum(case((Evaluation.level <= 3, 1), else_=0))).where(
            Evaluation.station_id == station_id,
            Evaluation.evaluated_at >= first,
            Evaluation.evaluated_at < last,
        )
    ).one()
    return satisfied / total


def test_two_years_of_history_that_tell_a_true_story(demo_db):
    assert 2500 <= demo_db["evaluations"] <= 5000
    today = now()
    with read_session() as session:
        stations = session.scalars(
            select(Location).where(Location.kind == "station").order_by(Location.code)
        ).all()
        by_month = dict(
            session.execute(
                select(Evaluation.month_start, func.count()).group_by(Evaluation.month_start)
            ).all()
        )
        first_year = (today - timedelta(days=730), today - timedelta(days=365))
        this_year = (today - timedelta(days=365), today)
        for index, (start, end) in TRAJECTORIES.items():
            before = _rate(session, stations[index].id, *first_year)
            after = _rate(session, stations[index].id, *this_year)
            assert (after > before) == (end > start), stations[index].name
        bad = session.scalar(select(func.count()).where(Evaluation.level >= 4))
        cases = session.scalar(select(func.count(RectificationCase.id)))
        open_on_site = session.scalar(
            select(func.count()).where(FollowUp.status == "open", FollowUp.mode == "on_site")
        )
    assert bad == cases
    assert open_on_site > 0
    april = [n for month, n in by_month.items() if month.month == 4]
    february = [n for month, n in by_month.items() if month.month == 2]
    assert min(april) > max(february)  # the spring inspection season against Spring Festival


def test_the_same_seed_gives_the_same_history(demo_db):
    with read_session() as session:
        context = SimpleNamespace(
            office=session.scalars(select(Location).where(Location.kind == "office")).one(),
            stations=session.scalars(select(Location).where(Location.kind == "station")).all(),
            staff=session.scalars(select(Staff)).all(),
        )
    today = now().date()
    first = _evaluation_rows(random.Random(7), context, today)
    again = _evaluation_rows(random.Random(7), context, today)
    other = _evaluation_rows(random.Random(8), context, today)
    assert first == again and first != other


def test_every_demo_follow_up_has_someone_to_call():
    from demo.evaluations import _followup
    from services.core.validation import is_chinese_phone

    rows = [_followup(n, "tour", 1, now().date(), "phone") for n in (1, 57, 1234)]
    assert all(r["contact_name"] and is_chinese_phone(r["contact_phone"]) for r in rows)
    assert len({r["contact_phone"] for r in rows}) == 3
