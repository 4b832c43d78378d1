"""The demo's simple fire registrations: every month of the last thirteen has some (so the
dashboard compares last month with the month before and the same month last year), each one
qualifies for the simple procedure, and the party is masked on the fires page."""

from datetime import datetime

from sqlalchemy import select

from db.models.fires import FireRegistration
from db.session import read_session
from demo import fires as demo_fires
from demo.setup import load_demo_detachment
from rules import fires as rules
from rules.time import TIME_ZONE, local
from services.calendar import workdays
from services.fires.registrations import list_fires
from services.kpis import engine as kpis
from tests.conftest import make_actor


def test_thirteen_months_of_small_fires_counted_and_masked(db):
    workdays.clear_cache()
    counts = load_demo_detachment()
    moment = datetime.now(TIME_ZONE)
    with read_session() as session:
        rows = list(session.scalars(select(FireRegistration)))
    assert counts["fire_registrations"] == len(rows) >= 30
    months = {local(r.occurred_at).date().replace(day=1) for r in rows}
    this_month = moment.date().replace(day=1)
    for back in range(1, demo_fires.FULL_MONTHS + 1):
        assert kpis.add_months(this_month, -back) in months, back
    for row in rows:
        assert local(row.occurred_at) <= moment
        assert (row.deaths, row.injuries, row.facts_agreed) == (0, 0, True)
        assert 0 <= row.direct_loss_yuan <= rules.SIMPLE_LOSS_LIMIT_YUAN
        assert row.district_id is not None and row.investigator_id is not None
    assert len({r.record_no for r in rows}) == len(rows)

    tile = kpis.tile("simple_fires", kpis.period_of("month"))
    assert tile.value > 0 and tile.previous > 0 and tile.last_year > 0

    parties = {r.party_name for r in rows}
    listed = list_fires(make_actor("staff"))
    assert len(listed) == len(rows)
    assert not {r.party for r in listed} & parties
    assert all("****" in r.phone for r in listed)
    workdays.clear_cache()
