import random
import sys
import types
from datetime import date, timedelta

from sqlalchemy import func, select

from db.models import Availability, District, Location, Staff, TravelTime, User
from db.session import read_session
from demo import detachment as demo
from demo.setup import load_demo_detachment
from optimizer.generator import generate_week
from rules.weeks import next_monday
from services.accounts.auth import authenticate
from services.core.clock import now
from services.staff.availability import available_periods
from tests.conftest import _empty_all_tables


def _weekdays(day: date) -> bool:
    return day.weekday() < 5


def test_demo_detachment_is_complete_and_consistent(db):
    counts = load_demo_detachment(seed=7)
    assert counts["districts"] == 7 and counts["travel_times"] == 49
    assert counts["staff"] == 60 and counts["users"] == 6  # and the inspector of demo/draws.py
    with read_session() as session:
        kinds = dict(
            session.execute(select(Location.kind, func.count()).group_by(Location.kind)).all()
        )
        assert kinds == {"office": 1, "station": 12, "unit": 500}
        credit = dict(
            session.execute(
                select(Location.credit_class, func.count())
                .where(Location.kind == "unit")
                .group_by(Location.credit_class)
            ).all()
        )
        assert credit["B"] + credit["C"] > credit["A"] + credit["D"]
        travel = {
            (t.from_district_id, t.to_district_id): t.minutes
            for t in session.scalars(select(TravelTime))
        }
        assert all(travel[(a, b)] == travel[(b, a)] for a, b in travel)
        assert all(0 < m <= 70 for m in travel.values())
        crews = session.scalars(select(Availability).where(Availability.kind == "rotation")).all()
        assert {a.anchor_date.toordinal() % 3 for a in crews} == {0, 1, 2}  # three watches
        week = next_monday(now().date())
        for person in session.scalars(select(Staff)):
            periods = available_periods(person, person.availability, week, _weekdays)
            assert sum(b - a for a, b in periods) > 0, person.code
        linked = dict(session.execute(select(User.username, User.staff_id)).all())
    assert linked["manager"] and linked["clerk"] and linked["admin"] is None
    assert linked["officer"] not in (None, linked["manager"], linked["clerk"])
    for username in ("admin", "manager", "leader", "clerk", "officer"):
        assert authenticate(username, demo.DEMO_PASSWORD).username == username


def test_same_seed_same_detachment_and_area_builders_run(sqlite_db, monkeypatch):
    """Only the foundation and a stand-in area: other areas' data is theirs to test."""
    seen = {}

    def build(session, rng: random.Random, context: demo.DemoContext) -> dict[str, int]:
        seen["week_start"] = context.week_start
        seen["draw"] = rng.random()
        seen["stations"] = len(context.stations)
        seen["roles"] = sorted(context.users)
        return {"staff": 0, "things": 3}

    monkeypatch.setitem(sys.modules, "db.demo_fake", types.SimpleNamespace(build=build))
    monkeypatch.setattr(demo, "AREA_BUILDERS", ["db.demo_fake"])
    counts = load_demo_detachment(seed=11)
    assert counts["things"] == 3 and counts["staff"] == 60
    assert seen["week_start"].weekday() == 0 and seen["week_start"] > now().date()
    assert seen["week_start"] - now().date() <= timedelta(days=7)
    assert seen["stations"] == 12
    assert seen["roles"] == ["admin", "duty_manager", "leader", "staff"]
    assert seen["draw"] == random.Random("11:db.demo_fake").random()
    first = _names()
    _empty_all_tables(sqlite_db)
    load_demo_detachment(seed=11)
    assert _names() == first
    assert len(set(first[1])) == len(first[1]) == 513


def _names() -> tuple[list[str], list[str]]:
    with read_session() as session:
        return (
            session.scalars(select(Staff.name).order_by(Staff.code)).all(),
            session.scalars(select(Location.name).order_by(Location.code)).all(),
        )


def test_the_demo_and_the_generated_weeks_share_one_city(sqlite_db, monkeypatch):
    """What the demo writes into the database is the generator's districts and road minutes."""
    monkeypatch.setattr(demo, "AREA_BUILDERS", [])  # the foundation writes the city
    load_demo_detachment(seed=3)
    with read_session() as session:
        names = dict(session.execute(select(District.id, District.name)).all())
        written = {
            (names[t.from_district_id], names[t.to_district_id]): t.minutes
            for t in session.scalars(select(TravelTime))
        }
        office = session.scalars(select(Location).where(Location.kind == "office")).one()
        office_place = (office.name, office.district.name)
    week = generate_week(staff=10, load=0.2, seed=3)
    assert sorted(names.values()) == sorted(week["districts"])
    generated = {
        (a, b): week["travel_minutes"][i][j]
        for i, a in enumerate(week["districts"])
        for j, b in enumerate(week["districts"])
    }
    assert written == generated
    (hq,) = [loc for loc in week["locations"] if loc["id"] == "HQ"]
    assert office_place == (hq["name"], hq["district"])
