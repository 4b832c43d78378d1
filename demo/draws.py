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
today).

The registers are written with the detachment (`build`); the draws and their results are
played through the services once it is committed (`play`): the duty manager draws
(services.draws.plans) and the clerk records each inspection (services.draws.records), each
at the moment it happened (services.core.clock.played_at), so the services' checks apply
and a correction order opens its hazard case as a user's record would; the case is then
taken through its order, the unit's application and a re-inspection that finds it fixed,
as far as each step's day has come."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Location, Staff
from db.models.draws import Draw, DrawInspector, DrawUnit
from db.models.hazards import HazardCase
from db.session import read_session
from demo.detachment import DEMO_PASSWORD, DemoContext, first_accounts, stored_version
from rules.time import TIME_ZONE
from rules.weeks import next_monday
from services.accounts import users
from services.calendar import workdays
from services.calendar.workdays import WorkCalendar, seed_calendar
from services.core.clock import now, played_at
from services.core.permissions import Actor
from services.draws import plans, records
from services.draws.records import CHECKLIST
from services.draws.tasks import task_id
from services.hazards import cases

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
ORDER_FIX_DAYS = 15  # the deadline a random inspection's correction order gives the unit
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


def _draw(manager: Actor, rng: random.Random, period: str, drawn_at: datetime) -> Draw:
    """The period's draw made by the duty manager through the service, at `drawn_at`."""
    with played_at(drawn_at):
        draw_id = plans.make_draw(manager, plans.DrawRequest(period, _seed(rng, period)))
    return plans.get_draw(manager, draw_id)


def _results(
    rng: random.Random,
    calendar: WorkCalendar,
    row: Draw,
    start: date,
    until: datetime,
    share: float,
) -> list[records.InspectionInput]:
    """Inspections of `row`'s units on working days from `start`, before `until`, in the
    order they happened."""
    credit = {u["code"]: u["credit_class"] for u in row.snapshot["units"]}
    after = _month(start, 1)
    done = []
    for assignment in row.result["assignments"]:
        if rng.random() >= share:
            continue
        day = start + timedelta(days=rng.randint(0, 27))
        while not calendar.working_day(day):
            day += timedelta(days=1)
        moment = datetime.combine(day, time(rng.randint(9, 15), rng.choice((0, 30))), TIME_ZONE)
        if moment >= until or day >= after:
            continue
        outcome = rng.choices(OUTCOMES, OUTCOME_WEIGHTS[credit[assignment["unit"]]])[0]
        findings = (
            sorted(rng.sample(CHECKLIST, rng.randint(1, 3))) if outcome != "no_problem" else []
        )
        done.append(
            records.InspectionInput(
                unit_code=assignment["unit"],
                kind="random_inspection",
                inspected_at=moment,
                officers=list(assignment["inspectors"]),
                outcome=outcome,
                findings=findings,
                draw_id=row.id,
                task=task_id(row.id, assignment["unit"]),
            )
        )
    return sorted(done, key=lambda d: d.inspected_at)


def _record(
    clerk: Actor,
    inspections: list[records.InspectionInput],
    until: datetime,
    calendar: WorkCalendar,
) -> None:
    """Each inspection recorded through the service two hours after it (by `until` at the
    latest), as the officer's record would be; a correction order's hazard case is then
    taken as far as its days have come (`_follow_order`)."""
    for data in inspections:
        with played_at(min(data.inspected_at + timedelta(hours=2), until)):
            record_id = records.record_inspection(clerk, data)
        if data.outcome == "correction_order":
            _follow_order(clerk, record_id, data, until, calendar)


def _follow_order(
    clerk: Actor,
    record_id: int,
    data: records.InspectionInput,
    until: datetime,
    calendar: WorkCalendar,
) -> None:
    """The order is issued the next working day with a fix deadline, the unit applies for
    the re-inspection two days before it, and the re-inspection two working days later
    finds it fixed: each step only once its moment has come, so recent cases stay open in
    the state they would be in today."""
    with read_session() as session:
        case_id = session.scalar(select(HazardCase.id).where(HazardCase.inspection_id == record_id))
    issued_on = _next_working_day(calendar, data.inspected_at.date())
    issued = datetime.combine(issued_on, time(10, 0), TIME_ZONE)
    deadline = issued_on + timedelta(days=ORDER_FIX_DAYS)
    applied = datetime.combine(deadline - timedelta(days=2), time(9, 0), TIME_ZONE)
    reinspected_on = _next_working_day(calendar, _next_working_day(calendar, applied.date()))
    reinspected = datetime.combine(reinspected_on, time(10, 0), TIME_ZONE)
    if case_id is None or issued >= until:
        return
    with played_at(issued):
        cases.issue_order(clerk, case_id, stored_version(HazardCase, case_id), deadline)
    if applied >= until:
        return
    with played_at(applied):
        cases.apply_reinspection(clerk, case_id, stored_version(HazardCase, case_id))
    if reinspected >= until:
        return
    with played_at(reinspected):
        again = records.InspectionInput(
            unit_code=data.unit_code,
            kind="reinspection",
            inspected_at=reinspected,
            officers=list(data.officers),
            outcome="no_problem",
            findings=[],
        )
        records.record_inspection(clerk, again)


def _next_working_day(calendar: WorkCalendar, day: date) -> date:
    day += timedelta(days=1)
    while not calendar.working_day(day):
        day += timedelta(days=1)
    return day


def _hq_staff() -> list[Staff]:
    """The staff based at the office, in the staff list's order."""
    with read_session() as session:
        return list(
            session.scalars(
                select(Staff)
                .join(Location, Location.id == Staff.base_location_id)
                .where(Location.kind == "office")
                .order_by(Staff.id)
            )
        )


def _officer(admin: Actor, row: Draw, inspected: set[str]) -> int | None:
    """An account for the HQ inspector with the most units of this month's draw still to
    inspect (ties: first in the staff list), with the shared demo password."""
    open_units = [a for a in row.result["assignments"] if a["unit"] not in inspected]
    drawn = [code for a in open_units or row.result["assignments"] for code in a["inspectors"]]
    hq = [p for p in _hq_staff() if p.code in drawn]
    if not hq:
        return None
    person = max(hq, key=lambda p: drawn.count(p.code))
    account = users.AccountInput(
        username=OFFICER_USERNAME,
        display_name=person.name,
        role="staff",
        password=DEMO_PASSWORD,
        staff_code=person.code,
    )
    return users.create_account(admin, account)


def _months(this_month: date, week_start: date) -> list[date]:
    months = [_month(this_month, -2), _month(this_month, -1), this_month]
    if week_start >= _month(this_month, 1):
        months.append(_month(this_month, 1))
    return months


def build(session: Session, rng: random.Random, context: DemoContext) -> dict[str, int]:
    """The registers and the working-day calendar, in the detachment's transaction; the
    draws and their results are played through the services after it (`play`)."""
    this_month = now().date().replace(day=1)
    seed_calendar(session, range(this_month.year - 1, this_month.year + 2))
    units, inspectors = _registers(session, rng, context)
    return {"draw_units": units, "draw_inspectors": inspectors}


def play(seed: int) -> dict[str, int]:
    """The draws of the months and their inspection results, each made through the
    services at the moment it happened, once the detachment is committed; then the
    `inspector` account. Deterministic for a seed (relative to today)."""
    rng = random.Random(f"{seed}:demo.draws:play")
    workdays.clear_cache()  # the demo's calendar was seeded in the transaction just committed
    moment = now()
    this_month = moment.date().replace(day=1)
    years = range(this_month.year - 1, this_month.year + 2)
    with read_session() as session:
        calendar = WorkCalendar.load(session, years)
    accounts = first_accounts()
    draws, count, current, inspected = 0, 0, None, set()
    for month in _months(this_month, next_monday(moment.date())):
        drawn_on = _last_working_day_before(calendar, month)
        drawn_at = min(datetime.combine(drawn_on, time(10, 0), TIME_ZONE), moment)
        row = _draw(accounts["duty_manager"], rng, f"{month:%Y-%m}", drawn_at)
        draws += 1
        share = PAST_INSPECTED if month < this_month else CURRENT_INSPECTED
        done = _results(rng, calendar, row, month, moment, share)
        _record(accounts["staff"], done, moment, calendar)
        count += len(done)
        if month == this_month:
            current, inspected = row, {d.unit_code for d in done}
    officer = _officer(accounts["admin"], current, inspected)
    return {
        "users": 1 if officer else 0,
        "draws": draws,
        "inspection_records": count,
    }
