"""Leadership KPIs computed: each definition of `services.kpis.definitions` (its name and
definition keys, unit, what it counts, breakdowns) gets its facts, fold and records here.

Every KPI turns a period into *facts*: a small frame of `bucket` (the week or month),
`district`, `station`, `num` and `den`, aggregated in the database (or read from the
immutable published plans). The tile, the trend and the breakdowns are all folds of those
facts, so the three always agree. Complaint and satisfaction figures come from the
complaints and satisfaction services, whose definitions these KPIs reuse.

Periods are whole weeks (Monday to Monday) or whole months; a booking counts in the period
holding its week's Monday, as the planner plans it; a custom period is widened to whole
weeks so every source can answer it from its indexed week or month columns.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial

import pandas as pd
from sqlalchemy import and_, case, func, or_, select

from db.models import Booking, ComplaintCase, District, Location, PlanVersion
from db.models.complaints import ComplaintTicket
from db.session import current_url, read_session
from optimizer.summary import summarize
from rules import complaints as clocks
from rules.time import TIME_ZONE, local
from rules.weeks import monday_of, month_of
from services.bookings.requests import booking_of_task
from services.core.clock import now
from services.core.permissions import Actor, require
from services.core.privacy import masked_name, masked_phone
from services.evaluations import trends as satisfaction
from services.kpis import applications as desk_figures
from services.kpis import draws as draw_figures
from services.kpis.definitions import DEFINITIONS, KpiDefinition

PERIOD_KINDS = ("month", "week", "quarter", "year", "custom")
# "state": an application's state now (the applications KPIs).
BREAKDOWNS = ("district", "station", "state")
FACT_COLUMNS = ["bucket", "district", "station", "person", "state", "num", "den"]
TREND_PERIODS = 12
RECORD_LIMIT = 300
DISTRIBUTION_BINS = 10
# Bookings that went ahead, or are still going ahead as planned.
SCHEDULED_STATUSES = ("planned", "confirmed", "done")
ID_CHUNK = 10_000


# Within one dashboard answer (`tiles`), KPIs reading the same source share one query.
_SHARED: ContextVar[dict | None] = ContextVar("kpi_shared", default=None)


def _shared(key: tuple, compute: Callable[[], object]):
    memo = _SHARED.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


# --- periods -----------------------------------------------------------------------------


def add_months(day: date, count: int) -> date:
    months = day.year * 12 + day.month - 1 + count
    return date(months // 12, months % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """[start, end) in whole weeks (granularity "week") or whole months ("month")."""

    start: date
    end: date
    granularity: str

    def step(self, day: date, count: int) -> date:
        if self.granularity == "week":
            return day + timedelta(weeks=count)
        return add_months(day, count)

    @property
    def buckets(self) -> list[date]:
        found, day = [], self.start
        while day < self.end:
            found.append(day)
            day = self.step(day, 1)
        return found

    def shifted(self, count: int) -> Period:
        return Period(self.step(self.start, count), self.step(self.end, count), self.granularity)

    @property
    def previous(self) -> Period:
        return self.shifted(-len(self.buckets))

    @property
    def last_year(self) -> Period:
        # 52 weeks back keeps a week on its Monday.
        return self.shifted(-52 if self.granularity == "week" else -12)

    @property
    def trend(self) -> Period:
        """The TREND_PERIODS weeks or months ending with this period, for its trend chart."""
        start = min(self.start, self.step(self.end, -TREND_PERIODS))
        return Period(start, self.end, self.granularity)

    def moments(self) -> tuple[datetime, datetime]:
        return (
            datetime.combine(self.start, time(0), TIME_ZONE),
            datetime.combine(self.end, time(0), TIME_ZONE),
        )

    @property
    def window(self) -> satisfaction.Window:
        return satisfaction.Window(self.granularity, self.start, self.end)


def period_of(
    kind: str = "month",
    today: date | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Period:
    """The last full week, month, quarter or year before `today`, or the custom dates
    `start`..`end` (both included) widened to whole weeks."""
    today = today or now().date()
    if kind == "week":
        monday = monday_of(today)
        return Period(monday - timedelta(weeks=1), monday, "week")
    if kind == "month":
        first = month_of(today)
        return Period(add_months(first, -1), first, "month")
    if kind == "quarter":
        first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        return Period(add_months(first, -3), first, "month")
    if kind == "year":
        return Period(date(today.year - 1, 1, 1), date(today.year, 1, 1), "month")
    if kind == "custom":
        if start is None or end is None or end < start:
            raise ValueError("a custom period needs a start on or before its end")
        return Period(monday_of(start), monday_of(end) + timedelta(weeks=1), "week")
    raise ValueError(f"period kind must be one of {PERIOD_KINDS}")


# --- folds -------------------------------------------------------------------------------


def _count(frame: pd.DataFrame) -> float | None:
    return float(frame["num"].sum())


def _rate(frame: pd.DataFrame) -> float | None:
    den = frame["den"].sum()
    return float(frame["num"].sum() / den) if den else None


def _peak_to_mean(frame: pd.DataFrame) -> float | None:
    """Most off-hours minutes of one person ÷ the mean per person (1.0 = evenly spread)."""
    per_person = frame.groupby("person")["num"].sum()
    mean = per_person.mean() if len(per_person) else 0
    return float(per_person.max() / mean) if mean else None


def _facts(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=FACT_COLUMNS)
    frame[["num", "den"]] = frame[["num", "den"]].astype(float)
    return frame


# --- bookings ----------------------------------------------------------------------------


def _bucket(period: Period, week_start: date) -> date:
    return week_start if period.granularity == "week" else month_of(week_start)


def _served_counts(period: Period) -> pd.DataFrame:
    """Bookings done per week, kind and district, with their people (a tour's visitors, a
    training's or drill's participants): one aggregate that every "served" KPI reads."""
    query = (
        select(
            Booking.week_start,
            Booking.kind,
            District.name,
            func.count(),
            func.coalesce(func.sum(Booking.group_size), 0),
        )
        .join(Location, Location.id == Booking.location_id)
        .join(District, District.id == Location.district_id)
        .where(
            Booking.status == "done",
            Booking.week_start >= period.start,
            Booking.week_start < period.end,
        )
        .group_by(Booking.week_start, Booking.kind, District.name)
    )
    with read_session() as session:
        # Plain tuples: pandas reads SQLAlchemy rows one element at a time (100 ms a year).
        rows = [tuple(row) for row in session.execute(query)]
    frame = pd.DataFrame(rows, columns=["week", "kind", "district", "count", "people"])
    buckets = {week: _bucket(period, week) for week in frame["week"].unique()}
    frame["bucket"] = frame["week"].map(buckets)
    return frame.groupby(["bucket", "kind", "district"], as_index=False)[["count", "people"]].sum()


def _served(kinds: tuple[str, ...], measure: str = "count") -> Callable[[Period], pd.DataFrame]:
    """Bookings of `kinds` done in the period: how many (`count`), or how many `people`."""

    def facts(period: Period) -> pd.DataFrame:
        counts = _shared(("served", period), lambda: _served_counts(period))
        rows = counts[counts["kind"].isin(kinds)]
        return _facts(
            rows[["bucket", "district", measure]]
            .rename(columns={measure: "num"})
            .to_dict("records")
        )

    return facts


def _booking_records(kinds: tuple[str, ...], statuses: tuple[str, ...] = ("done",)):
    def records(actor: Actor, period: Period) -> pd.DataFrame:
        require(actor, "kpi.read")
        query = (
            select(
                Booking.id,
                Booking.kind,
                Location.name.label("unit"),
                District.name.label("district"),
                Booking.week_start,
                Booking.status,
                Booking.group_size,
            )
            .join(Location, Location.id == Booking.location_id)
            .join(District, District.id == Location.district_id)
            .where(
                Booking.kind.in_(kinds),
                Booking.status.in_(statuses),
                Booking.week_start >= period.start,
                Booking.week_start < period.end,
            )
            .order_by(Booking.week_start, Booking.id)
            .limit(RECORD_LIMIT)
        )
        with read_session() as session:
            return pd.DataFrame(session.execute(query).mappings().all())

    return records


# --- complaints (the complaints service's measure-19 clocks) -------------------------------


def _clock_counts(period: Period) -> list[tuple[str, str, int, int]]:
    """(district, clock, on time, decided), counted exactly as complaints.Metric defines
    them (verified by the deadline / verified or past the deadline now), in one aggregate:
    complaints.metrics also reads every verified case for its median, which a dashboard
    answering three periods at once cannot afford at province scale. The tests hold the two
    equal."""
    clock = case(
        (ComplaintCase.category.in_(clocks.URGENT_CATEGORIES), clocks.URGENT_CLOCK),
        else_=clocks.WORKING_DAY_CLOCK,
    )
    verified = ComplaintCase.first_verified_at.is_not(None)
    on_time = and_(verified, ComplaintCase.first_verified_at <= ComplaintCase.deadline_at)
    decided = or_(verified, ComplaintCase.deadline_at < now())
    since, until = period.moments()
    query = (
        select(
            District.name,
            clock,
            func.sum(case((on_time, 1), else_=0)),
            func.sum(case((decided, 1), else_=0)),
        )
        .join(District, District.id == ComplaintCase.district_id)
        .where(ComplaintCase.received_at >= since, ComplaintCase.received_at < until)
        .group_by(District.name, clock)
    )
    with read_session() as session:
        return [tuple(row) for row in session.execute(query).all()]


def _complaint_counts(clock: str, period: Period) -> pd.DataFrame:
    counts = _shared(("complaints", period), lambda: _clock_counts(period))
    return _facts(
        [
            {"bucket": period.start, "district": d, "num": n or 0, "den": m or 0}
            for d, c, n, m in counts
            if c == clock
        ]
    )


def _complaints_by_bucket(clock: str) -> Callable[[Period], pd.DataFrame]:
    def facts(period: Period) -> pd.DataFrame:
        frames = [
            _complaint_counts(clock, Period(b, period.step(b, 1), period.granularity))
            for b in period.buckets
        ]
        return pd.concat(frames, ignore_index=True)

    return facts


def _complaint_records(clock: str):
    def records(actor: Actor, period: Period) -> pd.DataFrame:
        require(actor, "kpi.read")
        since, until = period.moments()
        urgent = ComplaintCase.category.in_(clocks.URGENT_CATEGORIES)
        query = (
            select(
                ComplaintCase.ticket_no,
                ComplaintCase.unit_name.label("unit"),
                District.name.label("district"),
                ComplaintCase.category,
                ComplaintCase.received_at,
                ComplaintCase.deadline_at,
                ComplaintCase.first_verified_at,
                ComplaintTicket.complainant_name,
                ComplaintTicket.complainant_phone,
            )
            .join(District, District.id == ComplaintCase.district_id)
            .outerjoin(ComplaintTicket, ComplaintTicket.ticket_no == ComplaintCase.ticket_no)
            .where(
                ComplaintCase.received_at >= since,
                ComplaintCase.received_at < until,
                urgent if clock == clocks.URGENT_CLOCK else ~urgent,
            )
            .order_by(ComplaintCase.received_at)
            .limit(RECORD_LIMIT)
        )
        with read_session() as session:
            rows = session.execute(query).mappings().all()
        records = []
        for row in rows:
            record = dict(row)
            verified = record["first_verified_at"]
            record["on_time"] = clocks.on_time(record["deadline_at"], verified)
            for column in ("received_at", "deadline_at", "first_verified_at"):
                record[column] = local(record[column]) if record[column] else None
            # The dashboard never shows who complained, whatever the reader's role.
            record["complainant_name"] = masked_name(record["complainant_name"])
            record["complainant_phone"] = masked_phone(record["complainant_phone"])
            records.append(record)
        return pd.DataFrame(records)

    return records


# --- satisfaction (the satisfaction service's definitions) ---------------------------------


def _station_districts() -> dict[str, str]:
    with read_session() as session:
        rows = session.execute(
            select(Location.name, District.name).join(District, District.id == Location.district_id)
        ).all()
    return dict(rows)


def _satisfaction(period: Period) -> pd.DataFrame:
    districts = _station_districts()
    return _facts(
        [
            {
                "bucket": period.start,
                "station": row.key or None,
                "district": districts.get(row.key),
                "num": row.satisfied,
                "den": row.evaluations,
            }
            for row in satisfaction.breakdown("station", period.window).itertuples()
        ]
    )


def _satisfaction_by_bucket(period: Period) -> pd.DataFrame:
    return _facts(
        [
            {"bucket": row.period, "num": row.satisfied, "den": row.evaluations}
            for row in satisfaction.trend(period.window).itertuples()
        ]
    )


def _rectified(period: Period) -> pd.DataFrame:
    frame = satisfaction.rectification_by_period(period.window)
    return _facts(
        [{"bucket": row.period, "num": row.on_time, "den": row.cases} for row in frame.itertuples()]
    )


def _evaluation_records(bad_only: bool):
    def records(actor: Actor, period: Period) -> pd.DataFrame:
        return satisfaction.records_in_window(
            actor, period.window, limit=RECORD_LIMIT, bad_only=bad_only
        )

    return records


# --- published plans -----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFacts:
    """What one published week says, read once: a published version never changes."""

    # (booking id, district, start minute, started in a cost-0 window)
    bookings: tuple[tuple[int, str, int, bool], ...]
    offhours: tuple[tuple[str, str, str, int], ...]  # (person, district, station, minutes)
    tasks: tuple[tuple[str, str, bool], ...]  # (task, district, planned)
    # The same, counted per district and per (district, preferred): what the tiles read.
    coverage: tuple[tuple[str, int, int], ...]  # (district, planned, tasks)
    booking_groups: tuple[tuple[str, bool, frozenset[int]], ...]  # (district, preferred, ids)

    @property
    def booking_ids(self) -> frozenset[int]:
        return frozenset().union(*(ids for _d, _p, ids in self.booking_groups))


def _plan_facts(summary: dict) -> PlanFacts:
    """The facts of a plan from its summary (optimizer.summary, stored at publication), in
    one pass over its tasks (a year's view reads 52 weeks of them)."""
    bookings, task_rows = [], []
    coverage: dict[str, list[int]] = {}
    groups: dict[tuple[str, bool], set[int]] = {}
    for task, district, planned, start, preferred in summary["tasks"]:
        task_rows.append((task, district, planned))
        counts = coverage.get(district)
        if counts is None:
            counts = coverage[district] = [0, 0]
        counts[1] += 1
        if not planned:
            continue
        counts[0] += 1
        booking_id = booking_of_task(task)
        if booking_id is not None:
            bookings.append((booking_id, district, start, bool(preferred)))
            groups.setdefault((district, bool(preferred)), set()).add(booking_id)
    return PlanFacts(
        bookings=tuple(bookings),
        offhours=tuple(tuple(row) for row in summary["staff"]),
        tasks=tuple(task_rows),
        coverage=tuple((d, n, m) for d, (n, m) in coverage.items()),
        booking_groups=tuple((d, p, frozenset(ids)) for (d, p), ids in groups.items()),
    )


# Facts per published version, kept for the process's life: (database, id, creation time)
# names a version for good (the time tells a row apart from an earlier one that had the same
# id in an emptied database, as tests do).
_PLAN_FACTS: dict[tuple[str, int, datetime], PlanFacts] = {}
_PLAN_FACTS_LIMIT = 2048


def published(period: Period) -> list[tuple[date, PlanFacts]]:
    """The latest published version of each week of the period, with its facts."""
    return _shared(("published", period), lambda: _published(period))


def _published(period: Period) -> list[tuple[date, PlanFacts]]:
    database = current_url()
    with read_session() as session:
        rows = session.execute(
            select(PlanVersion.week_start, PlanVersion.id, PlanVersion.created_at)
            .where(
                PlanVersion.status == "published",
                PlanVersion.week_start >= period.start,
                PlanVersion.week_start < period.end,
            )
            .order_by(PlanVersion.week_start, PlanVersion.number)
        ).all()
        latest = {week: (database, version_id, created) for week, version_id, created in rows}
        facts = {key: _PLAN_FACTS.get(key) for key in latest.values()}
        missing = [key[1] for key, known in facts.items() if known is None]
        if missing:
            # Summaries only: a week's instance and plan are a hundred times larger.
            found = session.execute(
                select(PlanVersion.id, PlanVersion.created_at, PlanVersion.summary).where(
                    PlanVersion.id.in_(missing)
                )
            ).all()
            unsummarized = [version_id for version_id, _c, summary in found if not summary]
            if unsummarized:  # published before summaries were stored, and not migrated
                inputs = dict(
                    (version_id, (instance, plan))
                    for version_id, instance, plan in session.execute(
                        select(PlanVersion.id, PlanVersion.instance, PlanVersion.plan).where(
                            PlanVersion.id.in_(unsummarized)
                        )
                    )
                )
            if len(_PLAN_FACTS) + len(found) > _PLAN_FACTS_LIMIT:
                _PLAN_FACTS.clear()
            for version_id, created, summary in found:
                key = (database, version_id, created)
                facts[key] = _PLAN_FACTS[key] = _plan_facts(
                    summary or summarize(*inputs[version_id])
                )
    return [(week, facts[key]) for week, key in sorted(latest.items())]


def _no_disruption(period: Period) -> pd.DataFrame:
    weeks = published(period)
    planned = sorted(frozenset().union(*(facts.booking_ids for _week, facts in weeks)))
    dropped: set[int] = set()
    with read_session() as session:
        # Cancelled (or sent back) since publication: no longer a booking the plan serves.
        # In chunks: SQLite takes at most 32,766 parameters in one statement.
        for first in range(0, len(planned), ID_CHUNK):
            dropped.update(
                session.scalars(
                    select(Booking.id).where(
                        Booking.id.in_(planned[first : first + ID_CHUNK]),
                        Booking.status.not_in(SCHEDULED_STATUSES),
                    )
                )
            )
    rows = []
    for week, facts in weeks:
        for district, preferred, ids in facts.booking_groups:
            served = len(ids - dropped)
            rows.append(
                {
                    "bucket": _bucket(period, week),
                    "district": district,
                    "num": served if preferred else 0,
                    "den": served,
                }
            )
    return _facts(rows)


def _offhours_load(period: Period) -> pd.DataFrame:
    return _facts(
        [
            {"bucket": _bucket(period, w), "district": d, "station": s, "person": p, "num": m}
            for w, facts in published(period)
            for p, d, s, m in facts.offhours
        ]
    )


def _coverage(period: Period) -> pd.DataFrame:
    return _facts(
        [
            {"bucket": _bucket(period, w), "district": d, "num": planned, "den": tasks}
            for w, facts in published(period)
            for d, planned, tasks in facts.coverage
        ]
    )


def _plan_records(period: Period, pick: Callable[[date, PlanFacts], list[dict]]) -> pd.DataFrame:
    return pd.DataFrame([row for week, facts in published(period) for row in pick(week, facts)])


def _no_disruption_records(actor: Actor, period: Period) -> pd.DataFrame:
    require(actor, "kpi.read")
    return _plan_records(
        period,
        lambda week, facts: [
            {"week_start": week, "booking": i, "district": d, "preferred_time": p}
            for i, d, _start, p in facts.bookings
        ],
    )


def _offhours_per_person(period: Period) -> pd.DataFrame:
    frame = _offhours_load(period)
    per_person = frame.groupby(["person", "station"], dropna=False, as_index=False)["num"].sum()
    per_person = per_person.rename(columns={"num": "offhours_minutes"})
    return per_person.sort_values("offhours_minutes", ascending=False, ignore_index=True)


def _offhours_records(actor: Actor, period: Period) -> pd.DataFrame:
    require(actor, "kpi.read")
    return _offhours_per_person(period)


def _offhours_distribution(period: Period) -> pd.DataFrame:
    """How many people worked how many off-hours hours in the period: those with none, then
    up to DISTRIBUTION_BINS bins of whole hours (low, high]."""
    hours = _offhours_per_person(period)["offhours_minutes"] / 60
    rows = [{"low": 0, "high": 0, "people": int((hours == 0).sum())}] if len(hours) else []
    top = float(hours.max()) if len(hours) else 0.0
    width = max(1, math.ceil(top / DISTRIBUTION_BINS))
    for low in range(0, math.ceil(top), width):
        people = int(((hours > low) & (hours <= low + width)).sum())
        rows.append({"low": low, "high": low + width, "people": people})
    return pd.DataFrame(rows, columns=["low", "high", "people"])


def _coverage_records(actor: Actor, period: Period) -> pd.DataFrame:
    require(actor, "kpi.read")
    return _plan_records(
        period,
        lambda week, facts: [
            {"week_start": week, "task": task, "district": d, "planned": planned}
            for task, d, planned in facts.tasks
        ],
    )


# --- random draws (双随机一公开) -------------------------------------------------------------


def _draws_on_time(period: Period) -> pd.DataFrame:
    return _facts(draw_figures.on_time_rows(period.start, period.end, period.granularity))


def _drawn_inspected(period: Period) -> pd.DataFrame:
    return _facts(draw_figures.inspected_rows(period.start, period.end, period.granularity))


def _published_on_time(period: Period) -> pd.DataFrame:
    return _facts(draw_figures.published_on_time_rows(period.start, period.end, period.granularity))


def _result_records(actor: Actor, period: Period) -> pd.DataFrame:
    require(actor, "kpi.read")
    return draw_figures.results_frame(period.start, period.end).head(RECORD_LIMIT)


def _draw_records(actor: Actor, period: Period) -> pd.DataFrame:
    require(actor, "kpi.read")
    return draw_figures.records_frame(period.start, period.end).head(RECORD_LIMIT)


# --- the front desk: applications and simple fire registrations ---------------------------


def _applications(measure: str) -> Callable[[Period], pd.DataFrame]:
    def facts(period: Period) -> pd.DataFrame:
        rows = _shared(
            ("applications", period), lambda: desk_figures.accepted(period.start, period.end)
        )
        return _facts(desk_figures.application_rows(measure, rows, period.granularity))

    return facts


def _application_records(actor: Actor, period: Period) -> pd.DataFrame:
    require(actor, "kpi.read")
    return desk_figures.application_records(period.start, period.end).head(RECORD_LIMIT)


def _simple_fires(period: Period) -> pd.DataFrame:
    return _facts(desk_figures.fire_rows(period.start, period.end, period.granularity))


def _fire_records(actor: Actor, period: Period) -> pd.DataFrame:
    require(actor, "kpi.read")
    return desk_figures.fire_records(period.start, period.end).head(RECORD_LIMIT)


# --- the KPIs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    """A definition (`services.kpis.definitions`) with the functions that compute it."""

    definition: KpiDefinition
    facts: Callable[[Period], pd.DataFrame]
    fold: Callable[[pd.DataFrame], float | None]
    records: Callable[[Actor, Period], pd.DataFrame]
    # Facts per week or month where `facts` answers a whole period at once.
    trend_facts: Callable[[Period], pd.DataFrame] | None = None
    # How the KPI's subjects spread (people per bin of off-hours hours), where it has one.
    distribution: Callable[[Period], pd.DataFrame] | None = None

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def unit(self) -> str:
        return self.definition.unit

    @property
    def breakdowns(self) -> tuple[str, ...]:
        return self.definition.breakdowns

    @property
    def higher_is_better(self) -> bool:
        return self.definition.higher_is_better

    @property
    def name_key(self) -> str:
        return self.definition.name_key

    @property
    def help_key(self) -> str:
        return self.definition.help_key


FOLDS = {"count": _count, "rate": _rate, "ratio": _peak_to_mean}


def _computed(d: KpiDefinition) -> Kpi:
    """The functions behind what `d` counts."""
    fold = FOLDS[d.unit]
    if d.counts == "served":
        return Kpi(d, _served(d.kinds, d.measure), fold, _booking_records(d.kinds))
    if d.counts == "no_disruption":
        return Kpi(d, _no_disruption, fold, _no_disruption_records)
    if d.counts == "complaints":
        return Kpi(
            d,
            partial(_complaint_counts, d.clock),
            fold,
            _complaint_records(d.clock),
            trend_facts=_complaints_by_bucket(d.clock),
        )
    if d.counts == "satisfaction":
        return Kpi(
            d,
            _satisfaction,
            fold,
            _evaluation_records(bad_only=False),
            trend_facts=_satisfaction_by_bucket,
        )
    if d.counts == "rectified":
        return Kpi(d, _rectified, fold, _evaluation_records(bad_only=True))
    if d.counts == "offhours_load":
        return Kpi(d, _offhours_load, fold, _offhours_records, distribution=_offhours_distribution)
    if d.counts == "coverage":
        return Kpi(d, _coverage, fold, _coverage_records)
    if d.counts == "draws_on_time":
        return Kpi(d, _draws_on_time, fold, _draw_records)
    if d.counts == "drawn_inspected":
        return Kpi(d, _drawn_inspected, fold, _draw_records)
    if d.counts == "applications":
        return Kpi(d, _applications(d.measure), fold, _application_records)
    if d.counts == "simple_fires":
        return Kpi(d, _simple_fires, fold, _fire_records)

    if d.counts == "results_published":
        return Kpi(d, _published_on_time, fold, _result_records)
    raise ValueError(f"{d.code}: no computation for {d.counts!r}")


KPIS: tuple[Kpi, ...] = tuple(_computed(d) for d in DEFINITIONS)
BY_CODE = {k.code: k for k in KPIS}


def kpi(code: str) -> Kpi:
    return BY_CODE[code]


# --- what the page asks --------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    code: str
    value: float | None
    previous: float | None
    last_year: float | None


def tile(code: str, period: Period) -> Tile:
    """The KPI over the period, the previous period and the same period last year."""
    k = kpi(code)
    return Tile(
        code,
        k.fold(k.facts(period)),
        k.fold(k.facts(period.previous)),
        k.fold(k.facts(period.last_year)),
    )


def _values_in(period: Period) -> dict[str, float | None]:
    token = _SHARED.set({})
    try:
        return {k.code: k.fold(k.facts(period)) for k in KPIS}
    finally:
        _SHARED.reset(token)


def tiles(period: Period) -> list[Tile]:
    """Every KPI's tile. The periods are asked side by side: most of the time goes to
    waiting for the database, which can work on them at once. A year's previous period is
    the same period last year, asked once."""
    periods = list(dict.fromkeys((period, period.previous, period.last_year)))
    with ThreadPoolExecutor(len(periods)) as pool:
        values = dict(zip(periods, pool.map(_values_in, periods), strict=True))
    now_, previous, last_year = values[period], values[period.previous], values[period.last_year]
    return [Tile(k.code, now_[k.code], previous[k.code], last_year[k.code]) for k in KPIS]


def trend(code: str, period: Period) -> pd.DataFrame:
    """The KPI per week or month over the periods up to the chosen one's end."""
    k = kpi(code)
    span = period.trend
    frame = (k.trend_facts or k.facts)(span)
    # An empty week or month folds to 0 for a count and to no value for a rate.
    rows = [{"period": b, "value": k.fold(frame[frame["bucket"] == b])} for b in span.buckets]
    return pd.DataFrame(rows, columns=["period", "value"])


def breakdown(code: str, by: str, period: Period) -> pd.DataFrame:
    """The KPI over the period per district or station (rows without one are left out)."""
    k = kpi(code)
    if by not in k.breakdowns:
        raise ValueError(f"{code} has no breakdown by {by!r}")
    frame = k.facts(period).dropna(subset=[by])
    rows = [{"key": key, "value": k.fold(group)} for key, group in frame.groupby(by)]
    return pd.DataFrame(rows, columns=["key", "value"])


def distribution(code: str, period: Period) -> pd.DataFrame | None:
    """The KPI's distribution over the period (`low`, `high`, `people`), or None if it has
    none."""
    k = kpi(code)
    return k.distribution(period) if k.distribution else None


def records(actor: Actor, code: str, period: Period) -> pd.DataFrame:
    """The records behind the KPI in the period (at most RECORD_LIMIT), identities masked."""
    require(actor, "kpi.read")
    return kpi(code).records(actor, period)


__all__ = [
    "BREAKDOWNS",
    "KPIS",
    "PERIOD_KINDS",
    "Kpi",
    "Period",
    "Tile",
    "breakdown",
    "distribution",
    "kpi",
    "period_of",
    "records",
    "tile",
    "tiles",
    "trend",
]
