"""Demo 双随机一公开: the registers (the units' credit classes are the foundation's, about
A 15 %, B 42 %, C 33 %, D 10 %; a few key units, a few units out of the register;
every inspector's districts and some declared conflicts), the draws of the two months
before this one with their inspection results (most drawn units inspected, outcomes worse
the worse the credit), and this month drawn with most of its units inspected whose day has
come, so the rest reach the planner as random-inspection tasks (next month too when the
planning week lies in it). The account `inspector` is the HQ inspector with the most of
this month's units still to inspect, to record them from their own list.

Each month is drawn on the last working day before it (on time) from the registers as
they were then: a month's results are recorded before the next month is drawn, so the
next draw avoids each unit's last inspectors. Deterministic for a seed (relative to
today)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Location, User
from db.models.draws import Draw, DrawInspector, DrawUnit, InspectionRecord
from demo.detachment import DemoContext
from rules.draws import DEFAULT_SHARES
from rules.time import TIME_ZONE
from services.calendar.workdays import WorkCalendar, seed_calendar
from services.core.clock import now
from services.draws import engine
from services.draws.records import CHECKLIST
from services.draws.registers import register_inspectors, register_units
from services.draws.tasks import task_id

KEY_UNIT_SHARE = 0.08  # of the high-risk units
OUT_OF_REGISTER = 4  # units closed for renovation, out of the draw
CONFLICT_SHARE = 0.35  # of the inspectors declare a conflict
CONFLICT_NOTES = ("配偶经营", "亲属任职", "原工作单位", "曾为该单位提供技术服务")
PAST_INSPECTED = 0.9  # of a past month's drawn units were inspected in the month
CURRENT_INSPECTED = 0.8  # of this month's, where their day has come
# Outcomes per credit class: no problem, minor corrected on the spot, order, penalty.
OUTCOME_WEIGHTS = {
    "A": (80, 18, 2, 0),
    "B": (62, 28, 9, 1),
    "C": (45, 33, 19, 3),
    "D": (25, 30, 35, 10),
}
OUTCOMES = ("no_problem", "minor_corrected", "correction_order", "referred_penalty")
SYSTEM_USER = "demo"
# The demo account of an inspector, to record random inspections from their own list.
OFFICER_USERNAME = "inspector"


def _month(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _last_working_day_before(calendar: WorkCalendar, day: date) -> date:
    day -= timedelta(days=1)
    while not calendar.working_day(day):
        day -= timedelta(days=1)
    return day


def _registers(session: Session, rng: random.Random, context: DemoContext) -> tuple[int, int]:
    high = [u for u in context.units if u.risk_level == "high"]
    keys = rng.sample(high, max(1, round(len(high) * KEY_UNIT_SHARE)))
    out = rng.sample([u for u in context.units if u not in keys], OUT_OF_REGISTER)
    rows = [DrawUnit(location_id=u.id, key_unit=True) for u in keys]
    rows += [DrawUnit(location_id=u.id, in_register=False) for u in out]
    urban = [d.id for name, d in context.districts.items() if name.endswith("区")]
    inspectors = [p for p in context.staff if "inspector" in p.skill_names and p.active]
    entries = []
    for person in inspectors:
        if person.base_location_id == context.office.id:
            # HQ supervisors cover the city's districts; a few also the counties.
            covered = set(urban) | (
                {d.id for d in context.districts.values()} if rng.random() < 0.4 else set()
            )
        else:
            covered = {person.base.district_id}
        conflicts = []
        note = ""
        if rng.random() < CONFLICT_SHARE:
            near = [u for u in context.units if u.district_id in covered]
            conflicts = sorted(u.id for u in rng.sample(near, rng.randint(1, 2)))
            note = rng.choice(CONFLICT_NOTES)
        entries.append(
            DrawInspector(
                staff_id=person.id,
                district_ids=sorted(covered),
                conflict_location_ids=conflicts,
                note=note,
            )
        )
    session.add_all(rows + entries)
    session.flush()
    return len(rows), len(entries)


def _seed(rng: random.Random, period: str) -> str:
    return f"{period} 上证综指前一交易日收盘 {rng.uniform(2900, 3500):.2f}"


def _draw(session: Session, rng: random.Random, period: str, drawn_on: date) -> Draw:
    rules = engine.Rules(shares=tuple(sorted(DEFAULT_SHARES.items())))
    snap = engine.snapshot(register_units(session), register_inspectors(session))
    seed = _seed(rng, period)
    result = engine.draw(snap, rules, seed, period)
    row = Draw(
        period=period,
        number=1,
        status="current",
        seed=seed,
        algorithm=result["algorithm"],
        algorithm_version=result["version"],
        rules=rules.as_dict(),
        snapshot=snap,
        snapshot_hash=result["snapshot_hash"],
        draw_key=result["key"],
        result=result,
        created_at=datetime.combine(drawn_on, time(10, 0), TIME_ZONE),
        created_by=SYSTEM_USER,
    )
    session.add(row)
    session.flush()
    return row


def _results(
    session: Session,
    rng: random.Random,
    calendar: WorkCalendar,
    row: Draw,
    start: date,
    until: datetime,
    share: float,
) -> list[InspectionRecord]:
    """Inspections of `row`'s units on working days from `start`, before `until`."""
    by_code = {u["code"]: u for u in row.snapshot["units"]}
    locations = dict(
        session.execute(
            select(Location.code, Location.id).where(Location.code.in_(list(by_code)))
        ).all()
    )
    after = _month(start, 1)
    records = []
    for assignment in row.result["assignments"]:
        if rng.random() >= share:
            continue
        day = start + timedelta(days=rng.randint(0, 27))
        while not calendar.working_day(day):
            day += timedelta(days=1)
        moment = datetime.combine(day, time(rng.randint(9, 15), rng.choice((0, 30))), TIME_ZONE)
        if moment >= until or day >= after:
            continue
        credit = by_code[assignment["unit"]]["credit_class"]
        outcome = rng.choices(OUTCOMES, OUTCOME_WEIGHTS[credit])[0]
        findings = (
            sorted(rng.sample(CHECKLIST, rng.randint(1, 3))) if outcome != "no_problem" else []
        )
        records.append(
            InspectionRecord(
                location_id=locations[assignment["unit"]],
                draw_id=row.id,
                task=task_id(row.id, assignment["unit"]),
                kind="random_inspection",
                inspected_at=moment,
                officers=list(assignment["inspectors"]),
                findings=findings,
                outcome=outcome,
                created_at=moment + timedelta(hours=2),
                created_by=SYSTEM_USER,
            )
        )
    session.add_all(records)
    session.flush()
    return records


def _officer(session: Session, context: DemoContext, row: Draw, inspected: set[int]) -> User | None:
    """An account for the HQ inspector with the most units of this month's draw still to
    inspect (ties: first in the staff list), with the shared demo password."""
    ids = {u.code: u.id for u in context.units}
    open_units = [a for a in row.result["assignments"] if ids[a["unit"]] not in inspected]
    drawn = [code for a in open_units or row.result["assignments"] for code in a["inspectors"]]
    hq = [p for p in context.staff if p.base_location_id == context.office.id and p.code in drawn]
    if not hq:
        return None
    person = max(hq, key=lambda p: drawn.count(p.code))
    user = User(
        username=OFFICER_USERNAME,
        display_name=person.name,
        password_hash=context.users["staff"].password_hash,
        role="staff",
        staff=person,
    )
    session.add(user)
    session.flush()
    return user


def build(session: Session, rng: random.Random, context: DemoContext) -> dict[str, int]:
    moment = now()
    this_month = moment.date().replace(day=1)
    years = range(this_month.year - 1, this_month.year + 2)
    seed_calendar(session, years)
    calendar = WorkCalendar.load(session, years)
    units, inspectors = _registers(session, rng, context)
    months = [_month(this_month, -2), _month(this_month, -1), this_month]
    if context.week_start >= _month(this_month, 1):
        months.append(_month(this_month, 1))
    draws, records, current, inspected = 0, 0, None, set()
    for month in months:
        drawn_on = min(_last_working_day_before(calendar, month), moment.date())
        row = _draw(session, rng, f"{month:%Y-%m}", drawn_on)
        draws += 1
        share = PAST_INSPECTED if month < this_month else CURRENT_INSPECTED
        done = _results(session, rng, calendar, row, month, moment, share)
        records += len(done)
        if month == this_month:
            current, inspected = row, {r.location_id for r in done}
    officer = _officer(session, context, current, inspected)
    return {
        "users": 1 if officer else 0,
        "draw_units": units,
        "draw_inspectors": inspectors,
        "draws": draws,
        "inspection_records": records,
    }
