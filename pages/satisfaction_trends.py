"""满意度趋势: satisfaction rate and mean score against the previous period and last year,
volume and follow-up response, breakdowns, bad reviews rectified on time, comments.

Every figure comes aggregated from the database (services.evaluations.trends); the page caches
each query for a few minutes, keyed by the filters, so moving around stays fast.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from pages.common import current_actor
from services.core.clock import now
from services.evaluations import trends as sat
from services.evaluations.reviews import CHANNELS, SERVICES, station_choices
from services.i18n import t

actor = current_actor()
CACHE_SECONDS = 300
BREAKDOWN_CHOICES = (*sat.BREAKDOWNS, "dimension")


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _stations() -> dict[int, str]:
    return station_choices()


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _figures(granularity: str, periods: int, filter_values: tuple, today: date) -> dict:
    filters = sat.Filters(*filter_values)
    current = sat.window(granularity, periods, today)
    compared = sat.compared_trend(current, filters)
    return {
        "trend": compared,
        "summary": sat.totals(compared),
        "response": sat.response_rate(current),
        "bad": sat.rectification_by_period(current, filters),
    }


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _breakdown(by: str, granularity: str, periods: int, filter_values: tuple, today: date):
    filters = sat.Filters(*filter_values)
    current = sat.window(granularity, periods, today)
    if by == "dimension":
        return sat.dimension_scores(current, filters)
    return sat.breakdown(by, current, filters)


def _choice(label: str, options: dict, key: str):
    return st.selectbox(
        label,
        [None, *options],
        format_func=lambda v: t("trends.all") if v is None else options[v],
        key=key,
    )


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _delta(now_value: float | None, then: float | None) -> str:
    if now_value is None or then is None:
        return "—"
    return f"{(now_value - then) * 100:+.1f} pp"


def _metrics(summary: dict) -> None:
    current, previous, last_year = (summary[k] for k in ("current", "previous", "last_year"))
    rate, mean, volume, bad = st.columns(4)
    rate.metric(
        t("trends.rate"),
        _percent(current["satisfaction_rate"]),
        _delta(current["satisfaction_rate"], previous["satisfaction_rate"]),
        help=t(
            "trends.delta",
            previous=_percent(previous["satisfaction_rate"]),
            last_year=_percent(last_year["satisfaction_rate"]),
        ),
    )
    mean.metric(
        t("trends.mean"),
        "—" if current["mean_score"] is None else f"{current['mean_score']:.2f}",
    )
    volume.metric(
        t("trends.volume"),
        f"{current['evaluations']:,}",
        f"{current['evaluations'] - previous['evaluations']:+,}",
    )
    bad.metric(
        t("trends.bad"),
        current["bad"],
        f"{current['bad'] - previous['bad']:+}",
        delta_color="inverse",
    )


def _series_labels(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        series_label=frame["series"].map(lambda s: t(f"trends.series.{s}")),
        period_text=frame["period"].map(date.isoformat),
    )


def _trend_chart(frame: pd.DataFrame, measure: str, title: str, percent: bool, key: str):
    pick = alt.selection_point(name="pick", fields=["period_text"], on="click")
    axis = alt.Axis(format="%") if percent else alt.Axis()
    chart = (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=70))
        .encode(
            x=alt.X("position:O", title=t("trends.position")),
            y=alt.Y(f"{measure}:Q", title=title, axis=axis, scale=alt.Scale(zero=False)),
            color=alt.Color("series_label:N", title=None),
            tooltip=[
                alt.Tooltip("period_text:N", title=t("trends.period")),
                alt.Tooltip(f"{measure}:Q", title=title, format=".1%" if percent else ".2f"),
                alt.Tooltip("evaluations:Q", title=t("trends.volume")),
            ],
        )
        .add_params(pick)
    )
    return st.altair_chart(chart, on_select="rerun", selection_mode="pick", key=key)


def _picked(*events) -> date | None:
    for event in events:
        points = (event.selection or {}).get("pick") or [] if event else []
        if points and points[0].get("period_text"):
            return date.fromisoformat(points[0]["period_text"])
    return None


st.title(t("page.satisfaction_trends"))
controls = st.columns([1, 1, 1, 1, 1])
granularity = controls[0].radio(
    t("trends.granularity"),
    sat.GRANULARITIES,
    format_func=lambda v: t(f"trends.{v}"),
    key="trends_granularity",
)
periods = controls[1].number_input(
    t("trends.periods"), min_value=2, max_value=52, value=12, step=1, key="trends_periods"
)
with controls[2]:
    service = _choice(
        t("trends.filter_service"),
        {s: t(f"evaluations.service.{s}") for s in SERVICES},
        "trends_service",
    )
with controls[3]:
    station_id = _choice(t("trends.filter_station"), _stations(), "trends_station")
with controls[4]:
    channel = _choice(
        t("trends.filter_channel"),
        {c: t(f"evaluations.channel.{c}") for c in CHANNELS},
        "trends_channel",
    )
filters = sat.Filters(service=service, station_id=station_id, channel=channel)
today = now().date()
figures = _figures(granularity, int(periods), (service, station_id, channel), today)
trend = _series_labels(figures["trend"])

if trend.empty:
    st.info(t("trends.empty"))
    st.stop()

_metrics(figures["summary"])
st.subheader(t("trends.heading_trend"))
rate_column, mean_column = st.columns(2)
with rate_column:
    rate_event = _trend_chart(
        trend, "satisfaction_rate", t("trends.rate"), True, "trends_rate_chart"
    )
with mean_column:
    mean_event = _trend_chart(trend, "mean_score", t("trends.mean"), False, "trends_mean_chart")

current_periods = trend[trend["series"] == "current"]["period"].tolist()
picked = _picked(rate_event, mean_event) or st.selectbox(
    t("trends.period"),
    [None, *reversed(current_periods)],
    format_func=lambda v: "—" if v is None else v.isoformat(),
    key="trends_period_pick",
)
if picked is not None:
    st.markdown(f"**{t('trends.records_heading', period=picked.isoformat())}**")
    records = sat.records_in_period(actor, granularity, picked, filters)
    st.dataframe(records, hide_index=True, key="trends_records")

st.subheader(t("trends.heading_volume"))
current_trend = trend[trend["series"] == "current"]
volume = (
    alt.Chart(current_trend)
    .mark_bar(opacity=0.6)
    .encode(
        x=alt.X("period_text:O", title=t("trends.period")),
        y=alt.Y("evaluations:Q", title=t("trends.volume")),
    )
)
response = figures["response"].assign(period_text=lambda f: f["period"].map(date.isoformat))
response_line = (
    alt.Chart(response)
    .mark_line(point=True, color="#d62728")
    .encode(
        x=alt.X("period_text:O"),
        y=alt.Y("response_rate:Q", title=t("trends.response_rate"), axis=alt.Axis(format="%")),
        tooltip=[
            alt.Tooltip("due_count:Q", title=t("trends.due_count")),
            alt.Tooltip("answered:Q", title=t("trends.answered")),
        ],
    )
)
st.altair_chart(
    alt.layer(volume, response_line).resolve_scale(y="independent"), key="trends_volume_chart"
)

st.subheader(t("trends.heading_breakdown"))
by = st.radio(
    t("trends.by"),
    BREAKDOWN_CHOICES,
    format_func=lambda v: t(f"trends.by.{v}"),
    horizontal=True,
    key="trends_by",
)
parts = _breakdown(by, granularity, int(periods), (service, station_id, channel), today)
if by == "dimension":
    parts = parts.assign(
        dimension=parts["dimension"].map(lambda d: t(f"evaluations.dimension.{d}")),
        period_text=parts["period"].map(date.isoformat),
    )
    chart = (
        alt.Chart(parts)
        .mark_line(point=True)
        .encode(
            x=alt.X("period_text:O", title=t("trends.period")),
            y=alt.Y("mean_score:Q", title=t("trends.mean"), scale=alt.Scale(zero=False)),
            color=alt.Color("dimension:N", title=t("trends.dimension")),
        )
    )
else:
    if by in ("service", "channel"):
        prefix = f"evaluations.{by}"
        parts = parts.assign(key=parts["key"].map(lambda k: t(f"{prefix}.{k}")))
    chart = (
        alt.Chart(parts)
        .mark_bar()
        .encode(
            y=alt.Y("key:N", title=t("trends.key"), sort="-x"),
            x=alt.X("satisfaction_rate:Q", title=t("trends.rate"), axis=alt.Axis(format="%")),
            tooltip=[
                alt.Tooltip("evaluations:Q", title=t("trends.volume")),
                alt.Tooltip("mean_score:Q", title=t("trends.mean"), format=".2f"),
                alt.Tooltip("bad:Q", title=t("trends.bad")),
            ],
        )
    )
st.altair_chart(chart, key="trends_breakdown_chart")

st.subheader(t("trends.heading_bad"))
bad = figures["bad"]
if not bad.empty:
    bad = bad.assign(period_text=bad["period"].map(date.isoformat))
    bars = (
        alt.Chart(bad)
        .mark_bar(opacity=0.6, color="#ff7f0e")
        .encode(
            x=alt.X("period_text:O", title=t("trends.period")),
            y=alt.Y("cases:Q", title=t("trends.cases")),
        )
    )
    on_time = (
        alt.Chart(bad)
        .mark_line(point=True, color="#2ca02c")
        .encode(
            x="period_text:O",
            y=alt.Y("on_time_rate:Q", title=t("trends.on_time_rate"), axis=alt.Axis(format="%")),
        )
    )
    st.altair_chart(alt.layer(bars, on_time).resolve_scale(y="independent"), key="trends_bad_chart")

st.subheader(t("trends.heading_comments"))
words = st.text_input(t("trends.search"), key="trends_search")
if words.strip():
    found = sat.search_comments(actor, words, sat.window(granularity, int(periods), today), filters)
    st.dataframe(found, hide_index=True, key="trends_comments")
