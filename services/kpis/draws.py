"""The figures of 双随机一公开 for leadership: whether each period was drawn on time (before
it began), the share of the drawn units that were inspected, the share of random
inspection results made public on time, and the outcomes of the random inspections per
credit class (the class as the draw's snapshot held it).

A result is public from the day it is recorded: the monthly disclosure lists every
recorded result (`services.kpis.exports`), so its publication day is its record's day, and
it is on time when that day is no later than `publish_by` (rules.draws: 20 working days
after the inspection, on the working-day calendar).

This module owns those readings of the draws and inspection records; the KPI engine folds
the first three like every KPI (`services.kpis.engine`), the disclosure page shows the
last.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from sqlalchemy import select

from db.models import District, Location
from db.models.draws import INSPECTION_OUTCOMES, Draw, InspectionRecord
from db.session import read_session
from rules.draws import CREDIT_CLASSES, RESULT_DISCLOSURE_WORKING_DAYS, period_bounds
from rules.time import TIME_ZONE, local
from rules.weeks import monday_of, month_of
from services.calendar import workdays
from services.core.permissions import Actor, require


def _bucket(granularity: str, day: date) -> date:
    return monday_of(day) if granularity == "week" else month_of(day)


def _in(start: date, end: date, day: date) -> bool:
    return start <= day < end


def on_time_rows(start: date, end: date, granularity: str) -> list[dict]:
    """One fact per draw period beginning in [start, end): its first draw made before it."""
    with read_session() as session:
        rows = session.execute(select(Draw.period, Draw.created_at).where(Draw.number == 1)).all()
    facts = []
    for period, created in rows:
        begins = period_bounds(period)[0]
        if _in(start, end, begins):
            on_time = local(created).date() < begins
            facts.append({"bucket": _bucket(granularity, begins), "num": on_time, "den": 1})
    return facts


def _current_draws(start: date, end: date) -> list[Draw]:
    with read_session() as session:
        draws = session.scalars(select(Draw).where(Draw.status == "current")).all()
    return [d for d in draws if _in(start, end, period_bounds(d.period)[0])]


def _inspected(draws: list[Draw]) -> set[tuple[int, str]]:
    """(draw id, unit code) of the drawn units with a random inspection of that draw."""
    with read_session() as session:
        return set(
            session.execute(
                select(InspectionRecord.draw_id, Location.code)
                .join(Location, Location.id == InspectionRecord.location_id)
                .where(InspectionRecord.draw_id.in_([d.id for d in draws]))
            ).all()
        )


def _drawn_units(start: date, end: date) -> list[tuple[Draw, dict, bool]]:
    """Each unit drawn by a current draw whose period begins in [start, end): the draw,
    the unit as its snapshot held it, and whether it was inspected."""
    draws = _current_draws(start, end)
    done = _inspected(draws)
    found = []
    for draw in draws:
        units = {u["code"]: u for u in draw.snapshot["units"]}
        for assignment in draw.result["assignments"]:
            unit = units.get(assignment["unit"], {"code": assignment["unit"]})
            found.append((draw, unit, (draw.id, assignment["unit"]) in done))
    return found


def inspected_rows(start: date, end: date, granularity: str) -> list[dict]:
    """One fact per drawn unit (see `_drawn_units`), by the unit's district."""
    return [
        {
            "bucket": _bucket(granularity, period_bounds(draw.period)[0]),
            "district": unit.get("district"),
            "num": inspected,
            "den": 1,
        }
        for draw, unit, inspected in _drawn_units(start, end)
    ]


def publish_by(inspected_at: datetime) -> date:
    """The last day a random inspection's result may be made public: 20 working days after
    the inspection day, on the working-day calendar (rules.draws)."""
    return local(workdays.add_working_days(inspected_at, RESULT_DISCLOSURE_WORKING_DAYS).at).date()


def _results(start: date, end: date) -> list[dict]:
    """Random inspections done in [start, end) (local days): unit, district, the inspection
    day, the day it was recorded (and so public), its publish-by day and whether in time."""
    since = datetime.combine(start, datetime.min.time(), TIME_ZONE)
    until = datetime.combine(end, datetime.min.time(), TIME_ZONE)
    with read_session() as session:
        rows = session.execute(
            select(
                Location.code,
                District.name,
                InspectionRecord.inspected_at,
                InspectionRecord.created_at,
            )
            .join(Location, Location.id == InspectionRecord.location_id)
            .join(District, District.id == Location.district_id)
            .where(
                InspectionRecord.kind == "random_inspection",
                InspectionRecord.inspected_at >= since,
                InspectionRecord.inspected_at < until,
            )
            .order_by(InspectionRecord.inspected_at, Location.code)
        ).all()
    found = []
    for code, district, inspected_at, created_at in rows:
        due = publish_by(inspected_at)
        published = local(created_at).date()
        found.append(
            {
                "unit": code,
                "district": district,
                "inspected_on": local(inspected_at).date(),
                "published_on": published,
                "publish_by": due,
                "on_time": published <= due,
            }
        )
    return found


def published_on_time_rows(start: date, end: date, granularity: str) -> list[dict]:
    """One fact per random inspection done in [start, end): its result public in time."""
    return [
        {
            "bucket": _bucket(granularity, r["inspected_on"]),
            "district": r["district"],
            "num": r["on_time"],
            "den": 1,
        }
        for r in _results(start, end)
    ]


def results_frame(start: date, end: date) -> pd.DataFrame:
    """The results behind the on-time share: unit, district, inspected, published, due."""
    columns = ["unit", "district", "inspected_on", "published_on", "publish_by", "on_time"]
    return pd.DataFrame(_results(start, end), columns=columns)


def records_frame(start: date, end: date) -> pd.DataFrame:
    """The drawn units behind the inspected share: period, unit, district, class, inspected."""
    columns = ["period", "unit", "district", "credit_class", "inspected"]
    rows = [
        [draw.period, unit["code"], unit.get("district"), unit.get("credit_class"), inspected]
        for draw, unit, inspected in _drawn_units(start, end)
    ]
    return pd.DataFrame(rows, columns=columns)


def outcomes_by_class(actor: Actor, since: datetime, until: datetime) -> pd.DataFrame:
    """Random inspections recorded in [since, until): one row per credit class (A–D), one
    column per outcome, counts (0 where none)."""
    require(actor, "kpi.read")
    with read_session() as session:
        rows = session.execute(
            select(InspectionRecord.draw_id, Location.code, InspectionRecord.outcome)
            .join(Location, Location.id == InspectionRecord.location_id)
            .where(
                InspectionRecord.kind == "random_inspection",
                InspectionRecord.inspected_at >= since,
                InspectionRecord.inspected_at < until,
            )
        ).all()
        snapshots = dict(
            session.execute(
                select(Draw.id, Draw.snapshot).where(Draw.id.in_({r[0] for r in rows}))
            ).all()
        )
    classes = {
        draw_id: {u["code"]: u["credit_class"] for u in snapshot["units"]}
        for draw_id, snapshot in snapshots.items()
    }
    counts = {c: dict.fromkeys(INSPECTION_OUTCOMES, 0) for c in CREDIT_CLASSES}
    for draw_id, code, outcome in rows:
        credit = classes.get(draw_id, {}).get(code)
        if credit in counts:
            counts[credit][outcome] += 1
    frame = pd.DataFrame.from_dict(counts, orient="index", columns=list(INSPECTION_OUTCOMES))
    frame.index.name = "credit_class"
    return frame.reset_index()
