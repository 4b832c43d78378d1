"""The official working-day calendar: check a year, mark holidays and make-up working days
when the State Council publishes them, then confirm the year."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages.admin_widgets import attempt, flash, form_key, shown_version
from pages.common import current_actor
from services.calendar import workdays
from services.core.clock import now
from services.i18n import t

actor = current_actor()
st.title(t("page.admin_calendar"))
flash("calendar")
firmed = st.session_state.pop("calendar_result", None)
if isinstance(firmed, dict):
    st.info(t("workdays.firmed_up", **firmed))

years = workdays.stored_years()
this_year = now().year
choices = sorted(set(years) | {this_year + 1})
year = st.selectbox(
    t("field.calendar_year"),
    choices,
    index=choices.index(this_year) if this_year in choices else 0,
    key="cal_year",
)
summary = workdays.year_summary(year)

if summary is None:
    st.info(t("workdays.missing", year=year))
    if st.button(t("workdays.create", year=year), type="primary", key="cal_create"):
        attempt("calendar", year, lambda: workdays.create_year(actor, year))
    st.stop()

version = shown_version("calendar", year, summary.version)
state = t("workdays.confirmed") if summary.confirmed else t("workdays.unconfirmed")
st.markdown(
    t(
        "workdays.summary",
        year=year,
        state=state,
        working=summary.working_days,
        source=t(f"workdays.source.{summary.source}"),
    )
)
if not summary.confirmed:
    st.warning(t("workdays.unconfirmed_hint"))

WEEKDAYS = "一二三四五六日"
days = pd.DataFrame(
    {
        "day": [d for d, _, _ in summary.days],
        "weekday": [f"周{WEEKDAYS[d.weekday()]}" for d, _, _ in summary.days],
        "working": [w for _, w, _ in summary.days],
        "note": [n for _, _, n in summary.days],
    }
)
only_special = st.checkbox(t("workdays.only_special"), value=True, key="cal_special")
shown = days
if only_special:
    weekend = days["day"].map(lambda d: d.weekday() >= 5)
    shown = days[(days["working"] == weekend) | (days["note"] != "")]
edited = st.data_editor(
    shown,
    hide_index=True,
    disabled=["day", "weekday"],
    column_config={
        "day": st.column_config.DateColumn(t("field.calendar_day"), format="YYYY-MM-DD"),
        "weekday": st.column_config.TextColumn(t("workdays.weekday")),
        "working": st.column_config.CheckboxColumn(t("workdays.working")),
        "note": st.column_config.TextColumn(t("field.calendar_note"), max_chars=60),
    },
    key=f"cal_editor_{form_key(year, version)}",
)
add_col, mark_col, note_col = st.columns([2, 1, 2])
extra_day = add_col.date_input(t("workdays.other_day"), value=None, key="cal_extra_day")
extra_working = mark_col.checkbox(t("workdays.working"), key="cal_extra_working")
extra_note = note_col.text_input(t("field.calendar_note"), key="cal_extra_note")

if st.button(t("workdays.save"), type="primary", key="cal_save"):
    before = shown.set_index("day")[["working", "note"]]
    after = edited.set_index("day")[["working", "note"]]
    changed = after[(after != before).any(axis=1)]
    changes = {day: (bool(row.working), row.note or "") for day, row in changed.iterrows()}
    if extra_day is not None:
        changes[extra_day] = (extra_working, extra_note)
    attempt("calendar", year, lambda: workdays.save_days(actor, year, version, changes))

label = "workdays.unconfirm" if summary.confirmed else "workdays.confirm"
if st.button(t(label), key="cal_confirm"):
    attempt(
        "calendar",
        year,
        lambda: workdays.set_confirmed(actor, year, version, not summary.confirmed),
    )
