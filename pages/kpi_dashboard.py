"""领导驾驶舱: every leadership KPI for a period against the previous period and the same
period last year; each opens its trend, its breakdown and its records; the report downloads
as Excel or as a page to print.

All figures come from services.kpis.engine, cached for a few minutes per period.
"""

from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from pages.common import current_actor, download
from rules.time import iso_day
from services.core.clock import now
from services.i18n import current_language, t
from services.kpis import engine as kpis
from services.kpis import exports as kpi_exports

actor = current_actor()
CACHE_SECONDS = 300


def _period(values: tuple[date, date, str]) -> kpis.Period:
    return kpis.Period(*values)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _tiles(values: tuple[date, date, str]) -> list[kpis.Tile]:
    return kpis.tiles(_period(values))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _trend(code: str, values: tuple[date, date, str]) -> pd.DataFrame:
    return kpis.trend(code, _period(values))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _distribution(code: str, values: tuple[date, date, str]) -> pd.DataFrame | None:
    return kpis.distribution(code, _period(values))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _breakdown(code: str, by: str, values: tuple[date, date, str]) -> pd.DataFrame:
    return kpis.breakdown(code, by, _period(values))


def _change(k: kpis.Kpi, value: float | None, then: float | None) -> str | None:
    if value is None or then is None:
        return None
    if k.unit == "rate":
        return f"{(value - then) * 100:+.1f} pp"
    if k.unit == "ratio":
        return f"{value - then:+.2f}"
    return f"{value - then:+,.0f}"


def _tile(column, tile: kpis.Tile) -> None:
    k = kpis.kpi(tile.code)
    compare = t(
        "kpis.compare",
        previous=kpi_exports.formatted(k, tile.previous),
        last_year=kpi_exports.formatted(k, tile.last_year),
    )
    column.metric(
        t(k.name_key),
        kpi_exports.formatted(k, tile.value),
        _change(k, tile.value, tile.previous),
        delta_color="normal" if k.higher_is_better else "inverse",
        help=f"{t(k.help_key)}\n\n{compare}",
        border=True,
    )


def _chart(frame: pd.DataFrame, x: str, k: kpis.Kpi, kind: str) -> alt.Chart:
    axis = alt.Axis(format="%") if k.unit == "rate" else alt.Axis()
    y = alt.Y("value:Q", title=t(k.name_key), axis=axis)
    fmt = ".1%" if k.unit == "rate" else ".2f"
    base = alt.Chart(frame).encode(tooltip=[alt.Tooltip(x), alt.Tooltip("value:Q", format=fmt)])
    if kind == "line":
        return base.mark_line(point=True).encode(x=alt.X(x, title=t("kpis.period_start")), y=y)
    return base.mark_bar().encode(x=alt.X(x, title=None, sort="-y"), y=y)


def _distribution_chart(spread: pd.DataFrame) -> alt.Chart:
    labels = [
        t("kpis.distribution.none")
        if row.high == 0
        else t("kpis.distribution.hours", low=row.low, high=row.high)
        for row in spread.itertuples()
    ]
    frame = spread.assign(bin=labels)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("bin:N", title=t("kpis.distribution.axis"), sort=labels),
            y=alt.Y("people:Q", title=t("kpis.people")),
            tooltip=[alt.Tooltip("bin:N", title=t("kpis.distribution.axis")), "people:Q"],
        )
    )


def _period_picker() -> kpis.Period:
    today = now().date()
    kind = st.segmented_control(
        t("kpis.period_kind"),
        kpis.PERIOD_KINDS,
        format_func=lambda v: t(f"kpis.kind.{v}"),
        default="month",
        key="kpi_period_kind",
    )
    if kind != "custom":
        return kpis.period_of(kind or "month", today)
    picked = st.date_input(
        t("kpis.custom_range"),
        (today - timedelta(days=28), today),
        max_value=today,
        key="kpi_custom_range",
    )
    start, end = (picked[0], picked[-1]) if picked else (today, today)
    return kpis.period_of("custom", today, start, end)


def _drill_down(code: str, values: tuple[date, date, str]) -> None:
    k = kpis.kpi(code)
    st.subheader(t(k.name_key))
    st.caption(t(k.help_key))
    trend = _trend(code, values).assign(period=lambda f: f["period"].map(date.isoformat))
    st.markdown(f"**{t('kpis.trend')}**")
    st.altair_chart(_chart(trend, "period:O", k, "line"), key="kpi_trend_chart")
    if k.breakdowns:
        st.markdown(f"**{t('kpis.breakdown')}**")
        by = st.radio(
            t("kpis.breakdown"),
            k.breakdowns,
            format_func=lambda v: t(f"kpis.by.{v}"),
            horizontal=True,
            label_visibility="collapsed",
            key="kpi_breakdown_by",
        )
        by = by or k.breakdowns[0]
        parts = _breakdown(code, by, values)
        if by == "state":  # codes in the cached facts, named in the reader's language
            parts = parts.assign(key=parts["key"].map(lambda s: t(f"applications.status.{s}")))
        if not parts.empty:
            st.altair_chart(_chart(parts, "key:N", k, "bar"), key="kpi_breakdown_chart")
    spread = _distribution(code, values)
    if spread is not None and not spread.empty:
        st.markdown(f"**{t('kpis.distribution')}**")
        st.altair_chart(_distribution_chart(spread), key="kpi_distribution_chart")
    st.markdown(f"**{t('kpis.records')}**")
    rows = kpis.records(actor, code, _period(values))
    if rows.empty:
        st.info(t("kpis.no_records"))
    else:
        st.dataframe(rows, hide_index=True, key="kpi_records")


st.title(t("page.kpi_dashboard"))
period = _period_picker()
values = (period.start, period.end, period.granularity)
last_day = period.end - timedelta(days=1)
st.caption(t("kpis.period", start=period.start.isoformat(), end=last_day.isoformat()))

tiles = _tiles(values)
for row_start in range(0, len(tiles), 4):
    for column, tile in zip(st.columns(4), tiles[row_start : row_start + 4], strict=False):
        _tile(column, tile)

language = current_language()
left, right = st.columns(2)
download(
    t("kpis.download_excel"),
    # Built when clicked: a workbook costs 15-40 ms that most visits do not need.
    lambda: kpi_exports.report_xlsx(tiles, period, language),
    file_name=f"kpis-{period.start.isoformat()}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="kpi_download_xlsx",
    where=left,
)
download(
    t("kpis.download_html"),
    kpi_exports.report_html(tiles, period, language),
    file_name=f"kpis-{period.start.isoformat()}.html",
    mime="text/html",
    key="kpi_download_html",
    where=right,
)

if actor.can("hazards.read"):
    # Measure 06: leadership follows every major fire hazard until it is closed.
    from services.hazards.queue import list_cases, major_open

    majors = major_open(list_cases(actor, open_only=True))
    st.subheader(t("hazards.major.title") + f" · {len(majors)}")
    if majors:
        st.dataframe(
            pd.DataFrame(
                {
                    t("hazards.col.case_no"): [r.case_no for r in majors],
                    t("hazards.col.unit"): [r.unit_name for r in majors],
                    t("hazards.col.state"): [t(f"hazards.state.{r.state}") for r in majors],
                    t("hazards.col.urgency"): [t(f"hazards.queue.{r.urgency}") for r in majors],
                    t("hazards.col.reported_at"): [iso_day(r.major_reported_at) for r in majors],
                }
            ),
            hide_index=True,
            key="kpi_major_hazards",
        )
    else:
        st.caption(t("hazards.major.none"))

picked = st.selectbox(
    t("kpis.detail"),
    [None, *(k.code for k in kpis.KPIS)],
    format_func=lambda c: "—" if c is None else t(kpis.kpi(c).name_key),
    key="kpi_pick",
)
if picked:
    _drill_down(picked, values)
