"""Measure 19 in figures: on-time verification (24 hours and 3 working days separately),
median time to verify, overdue now, feedback rate; by district and category."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from pages.common import current_actor
from rules.complaints import URGENT_CLOCK, WORKING_DAY_CLOCK
from rules.time import TIME_ZONE
from services.complaints.cases import category_label
from services.complaints.metrics import GROUPINGS, metrics
from services.core.clock import now
from services.i18n import t

current_actor()
st.title(t("page.complaint_metrics"))


@st.cache_data(ttl=60, show_spinner=False)
def _metrics(grouping: str, since: datetime, until: datetime) -> pd.DataFrame:
    rows = metrics(grouping, since, until)
    return pd.DataFrame(
        {
            "group": [m.group for m in rows],
            "clock": [m.clock for m in rows],
            "cases": [m.cases for m in rows],
            "on_time_rate": [m.on_time_rate for m in rows],
            "median_hours": [m.median_hours_to_verify for m in rows],
            "overdue_now": [m.overdue_now for m in rows],
            "feedback_rate": [m.feedback_rate for m in rows],
        }
    )


def _group_label(grouping: str, value: str) -> str:
    if grouping == "category":
        return category_label(value)
    return t("complaints.all") if grouping == "all" else value


today = now().date()
range_col, group_col = st.columns([2, 1])
period = range_col.date_input(
    t("complaints.metrics.period"), (today - timedelta(days=365), today), key="cm_period"
)
grouping = group_col.selectbox(
    t("complaints.metrics.by"),
    list(GROUPINGS),
    index=1,
    format_func=lambda g: t(f"complaints.metrics.by.{g}"),
    key="cm_grouping",
)
start, end = (period[0], period[-1]) if period else (today, today)
since = datetime.combine(start, time(0), TIME_ZONE)
until = datetime.combine(end + timedelta(days=1), time(0), TIME_ZONE)
frame = _metrics(grouping, since, until)

if frame.empty:
    st.info(t("complaints.metrics.none"))
    st.stop()

totals = _metrics("all", since, until).set_index("clock")
figures = st.columns(4)
for column, key, value in zip(
    figures,
    ["on_time_24h", "on_time_3d", "overdue_now", "cases"],
    [
        totals["on_time_rate"].get(URGENT_CLOCK),
        totals["on_time_rate"].get(WORKING_DAY_CLOCK),
        int(totals["overdue_now"].sum()),
        int(totals["cases"].sum()),
    ],
    strict=True,
):
    rate = isinstance(value, float)
    shown = "—" if value is None or pd.isna(value) else (f"{value:.1%}" if rate else value)
    column.metric(t(f"complaints.metrics.{key}"), shown)

frame["group"] = [_group_label(grouping, g) for g in frame["group"]]
frame["clock"] = [t(f"complaints.clock.{c}") for c in frame["clock"]]
labels = {
    "group": t(f"complaints.metrics.by.{grouping}"),
    "clock": t("complaints.metrics.clock"),
    "on_time_rate": t("complaints.metrics.on_time_rate"),
}
chart = (
    alt.Chart(frame.dropna(subset=["on_time_rate"]))
    .mark_bar()
    .encode(
        x=alt.X("on_time_rate:Q", title=labels["on_time_rate"], axis=alt.Axis(format="%")),
        y=alt.Y("group:N", title=labels["group"]),
        color=alt.Color("clock:N", title=labels["clock"]),
        yOffset="clock:N",
        tooltip=["group:N", "clock:N", alt.Tooltip("on_time_rate:Q", format=".1%"), "cases:Q"],
    )
)
st.altair_chart(chart, width="stretch")

table = frame.rename(
    columns={c: t(f"complaints.metrics.{c}") for c in frame.columns if c not in labels}
).rename(columns=labels)
st.dataframe(
    table,
    hide_index=True,
    key="cm_table",
    column_config={
        labels["on_time_rate"]: st.column_config.NumberColumn(format="percent"),
        t("complaints.metrics.feedback_rate"): st.column_config.NumberColumn(format="percent"),
        t("complaints.metrics.median_hours"): st.column_config.NumberColumn(format="%.1f"),
    },
)
st.caption(t("complaints.metrics.definitions"))
