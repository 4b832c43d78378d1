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
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Integer, case, cast, func, or_, select
from sqlalchemy.sql import Select

from db.models import Evaluation, FollowUp, Location, RectificationCase
from db.models.evaluations import DIMENSIONS
from db.session import read_session
from services.clock import now
from services.evaluations import evaluation_query, evaluation_rows, month_of, week_of
from services.permissions import Actor, require

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
    first = week_of(today) if granularity == "week" else month_of(today)
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


def _measures():
    satisfied = func.sum(case((Evaluation.level <= 3, 1), else_=0))
    bad = func.sum(case((Evaluation.level >= 4, 1), else_=0))
    score = func.sum(cast(6 - Evaluation.level, Integer))
    return (
        func.count().label("evaluations"),
        satisfied.label("satisfied"),
        score.label("score"),
        bad.label("bad"),
    )


def _with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    for column in ("evaluations", "satisfied", "score", "bad"):
        frame[column] = pd.to_numeric(frame[column]).fillna(0).astype(int)
    frame["satisfaction_rate"] = frame["satisfied"] / frame["evaluations"]
    frame["mean_score"] = frame["score"] / frame["evaluations"]
    return frame.drop(columns="score")


def trend(win: Window, filters: Filters = Filters()) -> pd.DataFrame:
    """Evaluations, satisfaction rate, mean score and bad reviews per period of `win`
    (periods without evaluations are left out)."""
    period = _period(win.granularity).label("period")
    query = _filtered(select(period, *_measures()), win, filters).group_by(period)
    with read_session() as session:
        rows = session.execute(query.order_by(period)).all()
    frame = pd.DataFrame(rows, columns=["period", "evaluations", "satisfied", "score", "bad"])
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return _with_rates(frame)[TREND_COLUMNS]


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
    return pd.concat(frames, ignore_index=True)


def summary(win: Window, filters: Filters = Filters()) -> dict[str, float | int | None]:
    """One window's totals (the figures over the charts)."""
    query = _filtered(select(*_measures()), win, filters)
    with read_session() as session:
        count, satisfied, score, bad = session.execute(query).one()
    count = int(count or 0)
    return {
        "evaluations": count,
        "satisfaction_rate": int(satisfied or 0) / count if count else None,
        "mean_score": int(score or 0) / count if count else None,
        "bad": int(bad or 0),
    }


def breakdown(by: str, win: Window, filters: Filters = Filters()) -> pd.DataFrame:
    """The window's figures by service, station or channel."""
    if by not in BREAKDOWNS:
        raise ValueError(f"breakdown must be one of {BREAKDOWNS}")
    if by == "station":
        key = func.coalesce(Location.name, "").label("key")
        query = select(key, *_measures()).outerjoin(Location, Location.id == Evaluation.station_id)
    else:
        key = getattr(Evaluation, by).label("key")
        query = select(key, *_measures())
    query = _filtered(query, win, filters).group_by(key).order_by(key)
    with read_session() as session:
        rows = session.execute(query).all()
    frame = pd.DataFrame(rows, columns=["key", "evaluations", "satisfied", "score", "bad"])
    return _with_rates(frame)


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
    return week_of(day) if granularity == "week" else month_of(day)


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
    query = select(
        period, func.count().label("cases"), on_time.label("on_time"), overdue.label("overdue")
    ).join(RectificationCase, RectificationCase.evaluation_id == Evaluation.id)
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
    require(actor, "kpi.read")
    win = Window(granularity, period_start, _step(granularity, period_start, 1))
    query = _filtered(evaluation_query(), win, filters)
    with read_session() as session:
        rows = session.execute(query.order_by(Evaluation.evaluated_at.desc()).limit(limit)).all()
    return evaluation_rows(actor, rows)


def search_comments(
    actor: Actor, text: str, win: Window, filters: Filters = Filters(), limit: int = 100
) -> pd.DataFrame:
    require(actor, "kpi.read")
    query = _filtered(evaluation_query(), win, filters).where(
        Evaluation.comment.ilike(f"%{text.strip()}%")
    )
    with read_session() as session:
        rows = session.execute(query.order_by(Evaluation.evaluated_at.desc()).limit(limit)).all()
    return evaluation_rows(actor, rows)
