"""The demo draws: registers with the foundation's class shares and some conflicts, two
past months drawn on time with most units inspected, this month drawn (next month too when
the planning week lies in it), every draw reproducible from its snapshot, and the units
still to inspect reach the planner with only their drawn inspectors eligible."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from db.models import Location, User
from db.models.draws import Draw, DrawInspector, InspectionRecord
from db.session import read_session
from demo import detachment
from demo import draws as demo_draws
from demo import hazards as demo_hazards
from demo.setup import load_demo_detachment
from rules.draws import period_bounds
from rules.time import TIME_ZONE, local
from rules.weeks import next_monday
from services.accounts.auth import actor_for
from services.calendar import workdays
from services.draws import engine, officer
from services.draws import tasks as draw_tasks


def _month(period: str, months: int) -> str:
    index = int(period[:4]) * 12 + int(period[5:]) - 1 + months
    return f"{index // 12}-{index % 12 + 1:02d}"


@pytest.mark.parametrize("today", ["2026-12-02 09:00", "2027-01-28 15:00"])
def test_demo_draws_cover_the_cycle(db, today, monkeypatch):
    moment = datetime.fromisoformat(today).replace(tzinfo=TIME_ZONE)
    # The hazard cases too: relative to the real clock, their yesterday may lie after `today`.
    for module in (demo_draws, detachment, draw_tasks, demo_hazards):
        monkeypatch.setattr(module, "now", lambda: moment)
    workdays.clear_cache()
    counts = load_demo_detachment()
    week = next_monday(moment.date())
    with read_session() as session:
        draws = list(session.scalars(select(Draw).order_by(Draw.period)))
        records = list(session.scalars(select(InspectionRecord)))
        entries = list(session.scalars(select(DrawInspector)))
        codes = dict(session.execute(select(Location.id, Location.code)).all())
        planned = draw_tasks.planning_tasks(session, week, week + timedelta(days=7))
    this = f"{moment:%Y-%m}"
    expected = [_month(this, -2), _month(this, -1), this]
    if week.month != moment.month:
        expected.append(_month(this, 1))
    assert [d.period for d in draws] == expected and counts["draws"] == len(expected)
    for row in draws:
        start, _ = period_bounds(row.period)
        assert local(row.created_at).date() < start  # drawn before the period: on time
        rules = engine.Rules.from_dict(row.rules)
        assert engine.draw(row.snapshot, rules, row.seed, row.period) == row.result
    units = {u["code"]: u["credit_class"] for u in draws[0].snapshot["units"]}
    share_d = sum(c == "D" for c in units.values()) / len(units)
    assert 0.05 < share_d < 0.15 and set(units.values()) == set("ABCD")
    assert any(e.conflict_location_ids for e in entries)
    # Past months: most drawn units inspected; the next month avoided the last inspectors.
    for row in draws[:2]:
        done = [r for r in records if r.draw_id == row.id]
        assert 0.75 <= len(done) / len(row.result["assignments"]) < 1
    last = {u["code"]: set(u["last_inspectors"]) for u in draws[1].snapshot["units"]}
    assert any(last.values())
    for assignment in draws[1].result["assignments"]:
        assert not set(assignment["inspectors"]) & last[assignment["unit"]]
    past = [r for r in records if r.draw_id in (draws[0].id, draws[1].id)]
    clean = {}
    for credit in "AD":
        outcomes = [r.outcome for r in past if units[codes[r.location_id]] == credit]
        clean[credit] = outcomes.count("no_problem") / len(outcomes)
    assert clean["A"] > clean["D"]
    assert all(local(r.inspected_at) <= moment for r in records)
    # The planning week's draw: its units not inspected yet reach the planner.
    current = next(
        d for d in draws if period_bounds(d.period)[0] <= week < period_bounds(d.period)[1]
    )
    inspected = {codes[r.location_id] for r in records if r.draw_id == current.id}
    drawn = {
        draw_tasks.task_id(current.id, a["unit"]): a["inspectors"]
        for a in current.result["assignments"]
        if a["unit"] not in inspected
    }
    mine = [t for t in planned if t["id"] in drawn]
    assert mine and {t["kind"] for t in mine} == {"random_inspection"}
    assert all(t["eligible"] == drawn[t["id"]] for t in mine)
    # The demo inspector's own list: this month's units drawn for them, some still open.
    with read_session() as session:
        user = session.scalar(select(User).where(User.username == demo_draws.OFFICER_USERNAME))
    own = officer.own_inspections(actor_for(user))
    assert user.role == "staff" and own
    assert any(i.record_id is None and i.period == this for i in own)
    workdays.clear_cache()
