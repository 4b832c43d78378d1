"""Satisfaction KPIs and trends, aggregated in the database.

Definitions (the trends page and the leadership KPIs use exactly these):
- satisfaction rate: evaluations rated 非常满意, 满意 or 基本满意 / all counted evaluations;
- mean score: 非常满意 = 5 … 非常不满意 = 1, averaged;
- response rate: follow-ups answered / follow-ups due in the period;
- rectified on time: bad-review cases closed by their deadline / bad-review cases
  (cases withdrawn after an upheld appeal are left out, as are their reviews).

Periods are weeks (Monday) or months; every query groups on the stored `week_start` /
`month_start` column with composite indexes, so a million evaluations never leave the
database row by row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import case, func, or_, select
from sqlalchemy.sql import Select

from db.models import Evaluation, FollowUp, Location, RectificationCase
from db.models.evaluations import BAD_LEVELS, DIMENSIONS
from db.session import read_session
from rules.time import TIME_ZONE
from rules.weeks import monday_of, month_of
from services.core.clock import now
from services.core.permissions import Actor, require
from services.evaluations.reviews import evaluation_query, evaluation_rows

GRANULARITIES = ("week", "month")
BREAKDOWNS = ("service", "station", "channel")
TREND_COLUMNS = ["period", "evaluations", "satisfied", "satisfaction_rate", "mean_score", "bad"]


@dataclass(frozen=True)
class Filters:
    service: str | None = None
    station_id: int | None = None
    channel: str | None = None


@dataclass(frozen=True)
class Window:
    """`periods` weeks or months ending with the one containing `today`; start inclusive,
    end exclusive (both the first day of a period)."""

    granularity: str
    start: date
    end: date

    @property
    def periods(self) -> list[date]:
        found, day = [], self.start
        while day < self.end:
            found.append(day)
            day = _step(self.granularity, day, 1)
        return found


def _step(granularity: str, day: date, count: int) -> date:
    if granularity == "week":
        return day + timedelta(weeks=count)
    months = day.year * 12 + day.month - 1 + count
    return date(months // 12, months % 12 + 1, 1)


def window(granularity: str, periods: int, today: date | None = None) -> Window:
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}")
    today = today or now().date()
    first = monday_of(today) if granularity == "week" else month_of(today)
    end = _step(granularity, first, 1)
    return Window(granularity, _step(granularity, end, -periods), end)


def previous_window(current: Window) -> Window:
    count = len(current.periods)
    return Window(
        current.granularity,
        _step(current.granularity, current.start, -count),
        current.start,
    )


def last_year_window(current: Window) -> Window:
    """The same periods a year earlier (52 weeks back keeps weeks on Mondays)."""
    back = 52 if current.granularity == "week" else 12
    return Window(
        current.granularity,
        _step(current.granularity, current.start, -back),
        _step(current.granularity, current.end, -back),
    )


def _period(granularity: str):
    return Evaluation.week_start if granularity == "week" else Evaluation.month_start


def _filtered(query: Select, win: Window, filters: Filters) -> Select:
    period = _period(win.granularity)
    query = query.where(period >= win.start, period < win.end, Evaluation.counted.is_(True))
    if filters.service:
        query = query.where(Evaluation.service == filters.service)
    if filters.station_id:
        query = query.where(Evaluation.station_id == filters.station_id)
    if filters.channel:
        query = query.where(Evaluation.channel == filters.channel)
    return query


def _counted_by_level(key, query: Select, win: Window, filters: Filters) -> pd.DataFrame:
    """Evaluations, satisfied, bad and mean score per `key`. The database only counts rows
    per (key, level), the cheapest aggregate and one the (period, level, counted) indexes
    answer on their own; the few resulting rows are folded into the measures here."""
    query = _filtered(query.add_columns(Evaluation.level, func.count()), win, filters)
    with read_session() as session:
        rows = session.execute(query.group_by(key, Evaluation.level)).all()
    frame = pd.DataFrame(rows, columns=["key", "level", "n"])
    frame["n"] = frame["n"].astype(int)
    frame["satisfied"] = frame["n"].where(frame["level"] <= 3, 0)
    frame["bad"] = frame["n"].where(frame["level"] >= 4, 0)
    frame["score"] = frame["n"] * (6 - frame["level"])
    grouped = frame.groupby("key", as_index=False, sort=True)[["n", "satisfied", "score", "bad"]]
    result = grouped.sum().rename(columns={"n": "evaluations"})
    result["satisfaction_rate"] = result["satisfied"] / result["evaluations"]
    result["mean_score"] = result["score"] / result["evaluations"]
    return result.drop(columns="score")


def trend(win: Window, filters: Filters = Filters()) -> pd.DataFrame:
    """Evaluations, satisfaction rate, mean score and bad reviews per period of `win`
    (periods without evaluations are left out)."""
    period = _period(win.granularity)
    frame = _counted_by_level(period, select(period), win, filters)
    frame = frame.rename(columns={"key": "period"})
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame[TREND_COLUMNS]


def compared_trend(current: Window, filters: Filters = Filters()) -> pd.DataFrame:
    """The current window beside the previous one and the same one last year, aligned by
    position (1 = the window's first period) so the three lines share an axis."""
    frames = []
    for series, win in (
        ("current", current),
        ("previous", previous_window(current)),
        ("last_year", last_year_window(current)),
    ):
        frame = trend(win, filters)
        position = {p: i + 1 for i, p in enumerate(win.periods)}
        frame["position"] = frame["period"].map(position)
        frame["series"] = series
        frames.append(frame)
    frames = [frame for frame in frames if not frame.empty]
    if not frames:
        return pd.DataFrame(columns=[*TREND_COLUMNS, "position", "series"])
    return pd.concat(frames, ignore_index=True)


def totals(compared: pd.DataFrame) -> dict[str, dict[str, float | int | None]]:
    """Each series' totals over its window (the figures over the charts), from the rows
    `compared_trend` already fetched rather than three more scans of the table."""
    result = {}
    for series in ("current", "previous", "last_year"):
        rows = compared[compared["series"] == series]
        count = int(rows["evaluations"].sum())
        result[series] = {
            "evaluations": count,
            "satisfaction_rate": int(rows["satisfied"].sum()) / count if count else None,
            "mean_score": float((rows["mean_score"] * rows["evaluations"]).sum()) / count
            if count
            else None,
            "bad": int(rows["bad"].sum()),
        }
    return result


def breakdown(by: str, win: Window, filters: Filters = Filters()) -> pd.DataFrame:
    """The window's figures by service, station or channel."""
    if by not in BREAKDOWNS:
        raise ValueError(f"breakdown must be one of {BREAKDOWNS}")
    column = Evaluation.station_id if by == "station" else getattr(Evaluation, by)
    frame = _counted_by_level(column, select(column), win, filters)
    if by == "station":
        with read_session() as session:
            names = dict(
                session.execute(
                    select(Location.id, Location.name).where(Location.kind != "unit")
                ).all()
            )
        frame["key"] = frame["key"].map(lambda i: names.get(i, "") if pd.notna(i) else "")
    return frame


def dimension_scores(win: Window, filters: Filters = Filters()) -> pd.DataFrame:
    """Mean score (1–5) of each dimension per period, long format."""
    period = _period(win.granularity).label("period")
    averages = [func.avg(getattr(Evaluation, f"score_{d}")).label(d) for d in DIMENSIONS]
    query = _filtered(select(period, *averages), win, filters).group_by(period).order_by(period)
    with read_session() as session:
        rows = session.execute(query).all()
    frame = pd.DataFrame(rows, columns=["period", *DIMENSIONS])
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    long = frame.melt(id_vars="period", var_name="dimension", value_name="mean_score")
    long["mean_score"] = pd.to_numeric(long["mean_score"])
    return long.dropna(subset=["mean_score"])


def _period_of(granularity: str, day: date) -> date:
    return monday_of(day) if granularity == "week" else month_of(day)


def response_rate(win: Window) -> pd.DataFrame:
    """Follow-ups due per period and the share answered (an evaluation was recorded)."""
    query = (
        select(
            FollowUp.due,
            func.count().label("due_count"),
            func.sum(case((FollowUp.status == "done", 1), else_=0)).label("answered"),
        )
        .where(FollowUp.due >= win.start, FollowUp.due < win.end)
        .group_by(FollowUp.due)
    )
    with read_session() as session:
        rows = session.execute(query).all()
    # Grouped by day in SQL; rolling a few hundred days up into periods is cheap here.
    frame = pd.DataFrame(rows, columns=["due", "due_count", "answered"])
    frame["period"] = [_period_of(win.granularity, d) for d in pd.to_datetime(frame["due"]).dt.date]
    frame[["due_count", "answered"]] = frame[["due_count", "answered"]].astype(int)
    frame = frame.groupby("period", as_index=False)[["due_count", "answered"]].sum()
    frame["response_rate"] = frame["answered"] / frame["due_count"]
    return frame


def rectification_by_period(win: Window, filters: Filters = Filters()) -> pd.DataFrame:
    """Bad reviews per period (by the review's date), and how many were rectified on time."""
    period = _period(win.granularity).label("period")
    on_time = func.sum(
        case(
            (
                (RectificationCase.closed_at.is_not(None))
                & (RectificationCase.closed_at <= RectificationCase.due_at),
                1,
            ),
            else_=0,
        )
    )
    overdue = func.sum(
        case(
            (
                or_(
                    RectificationCase.closed_at > RectificationCase.due_at,
                    (RectificationCase.closed_at.is_(None)) & (RectificationCase.due_at < now()),
                ),
                1,
            ),
            else_=0,
        )
    )
    query = (
        select(
            period, func.count().label("cases"), on_time.label("on_time"), overdue.label("overdue")
        )
        .join(RectificationCase, RectificationCase.evaluation_id == Evaluation.id)
        # A case opens after its review, so this bound loses none of the window's cases and
        # lets the database start from the few cases instead of the many evaluations.
        .where(RectificationCase.opened_at >= datetime.combine(win.start, time(0), TIME_ZONE))
        # Only bad reviews have cases (a review's level never changes): the database reads
        # the period's few bad reviews from ix_evaluations_level_* instead of all of them.
        .where(Evaluation.level.in_(BAD_LEVELS))
    )
    query = _filtered(query, win, filters).group_by(period).order_by(period)
    with read_session() as session:
        rows = session.execute(query).all()
    frame = pd.DataFrame(rows, columns=["period", "cases", "on_time", "overdue"])
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    frame[["cases", "on_time", "overdue"]] = frame[["cases", "on_time", "overdue"]].astype(int)
    frame["on_time_rate"] = frame["on_time"] / frame["cases"]
    return frame


def records_in_period(
    actor: Actor,
    granularity: str,
    period_start: date,
    filters: Filters = Filters(),
    limit: int = 200,
) -> pd.DataFrame:
    """The evaluations behind one point of a chart (newest first)."""
    win = Window(granularity, period_start, _step(granularity, period_start, 1))
    return records_in_window(actor, win, filters, limit)


def records_in_window(
    actor: Actor,
    win: Window,
    filters: Filters = Filters(),
    limit: int = 200,
    bad_only: bool = False,
) -> pd.DataFrame:
    """The window's evaluations (newest first), or only its bad reviews."""
    require(actor, "kpi.read")
    query = _filtered(evaluation_query(), win, filters)
    if bad_only:
        query = query.where(Evaluation.level.in_(BAD_LEVELS))
    with read_session() as session:
        rows = session.execute(query.order_by(Evaluation.evaluated_at.desc()).limit(limit)).all()
    return evaluation_rows(rows)


def search_comments(
    actor: Actor, text: str, win: Window, filters: Filters = Filters(), limit: int = 100
) -> pd.DataFrame:
    require(actor, "kpi.read")
    query = _filtered(evaluation_query(), win, filters).where(
        Evaluation.comment.ilike(f"%{text.strip()}%")
    )
    with read_session() as session:
        rows = session.execute(query.order_by(Evaluation.evaluated_at.desc()).limit(limit)).all()
    return evaluation_rows(rows)
