"""Altair charts of the planning page (data from services.planning.views)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from services.i18n import t

ROW_HEIGHT = 18


def timeline(bars: pd.DataFrame, offhours: pd.DataFrame) -> alt.LayerChart:
    """A Gantt chart per person, coloured by kind, off-hours shaded, locks outlined."""
    people = max(1, bars["person"].nunique())
    shade = (
        alt.Chart(offhours)
        .mark_rect(color="#888", opacity=0.12)
        .encode(x=alt.X("start:T"), x2="end:T")
    )
    x = alt.X("start:T", title=None, axis=alt.Axis(format="%a %H:%M", labelAngle=0))
    y = alt.Y("person:N", title=None, sort="ascending")
    tasks = (
        alt.Chart(bars)
        .mark_bar(cornerRadius=2, height=ROW_HEIGHT - 4)
        .encode(
            x=x,
            x2="end:T",
            y=y,
            color=alt.Color("kind:N", title=t("plan.col.kind")),
            tooltip=[
                alt.Tooltip("task:N", title=t("plan.col.task")),
                alt.Tooltip("kind:N", title=t("plan.col.kind")),
                alt.Tooltip("when:N", title=t("plan.col.start")),
                alt.Tooltip("location:N", title=t("plan.col.location")),
                alt.Tooltip("person:N", title=t("plan.col.person")),
                alt.Tooltip("locked:N", title=t("plan.col.locked")),
            ],
        )
    )
    # Locks as an outline layer: a conditional stroke would cost a schema validation per run.
    locks = (
        alt.Chart(bars[bars["locked"]])
        .mark_bar(filled=False, stroke="black", strokeWidth=2, height=ROW_HEIGHT - 4)
        .encode(x=x, x2="end:T", y=y)
    )
    return alt.layer(shade, tasks, locks).properties(height=people * ROW_HEIGHT + 40)


def grouped_bars(data: pd.DataFrame, x: str, y: str, color: str, y_title: str) -> alt.Chart:
    """Bars per `x` (a day), one colour per `color` value, side by side."""
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:N", title=None, sort=None),
            xOffset=alt.XOffset(f"{color}:N"),
            y=alt.Y(f"{y}:Q", title=y_title),
            color=alt.Color(f"{color}:N", title=None),
            tooltip=list(data.columns),
        )
    )


def stacked_bars(data: pd.DataFrame, x: str, y: str, color: str, y_title: str) -> alt.Chart:
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:N", title=None, sort=None),
            y=alt.Y(f"{y}:Q", title=y_title),
            color=alt.Color(f"{color}:N", title=None),
            tooltip=list(data.columns),
        )
    )


def heatmap(data: pd.DataFrame, x: str, y: str, value: str) -> alt.Chart:
    return (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=alt.X(f"{x}:N", title=None, sort=None),
            y=alt.Y(f"{y}:N", title=None),
            color=alt.Color(f"{value}:Q", title=t("plan.col.tasks")),
            tooltip=list(data.columns),
        )
    )


def unmet_heatmap(data: pd.DataFrame) -> alt.LayerChart:
    """Unplanned minutes by skill and day; each cell also reads 'unplanned / available'."""
    cells = data.assign(label=data["unplanned"].astype(str) + " / " + data["available"].astype(str))
    base = alt.Chart(cells).encode(
        x=alt.X("day:N", title=None, sort=None),
        y=alt.Y("skill:N", title=None),
    )
    tooltip = [
        alt.Tooltip("day:N", title=t("plan.col.day")),
        alt.Tooltip("skill:N", title=t("plan.col.skill")),
        alt.Tooltip("unplanned:Q", title=t("advice.col.unplanned")),
        alt.Tooltip("available:Q", title=t("advice.col.available")),
    ]
    rect = base.mark_rect().encode(
        color=alt.Color(
            "unplanned:Q", title=t("advice.col.unplanned"), scale=alt.Scale(scheme="orangered")
        ),
        tooltip=tooltip,
    )
    text = base.mark_text(fontSize=10).encode(text="label:N", tooltip=tooltip)
    return alt.layer(rect, text)


def horizontal_bars(data: pd.DataFrame, label: str, value: str, title: str) -> alt.Chart:
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{value}:Q", title=title),
            y=alt.Y(f"{label}:N", title=None, sort="-x"),
            tooltip=list(data.columns),
        )
        .properties(height=max(60, len(data) * ROW_HEIGHT))
    )
