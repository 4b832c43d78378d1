"""The published plan of a week, read only, for everyone who works it (services.desks.week_view)."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from pages.common import current_actor, download, reported_errors
from rules.weeks import monday_of
from services.core.clock import now
from services.desks import week_view
from services.i18n import current_language, t

actor = current_actor()
lang = current_language()
st.title(t("page.plan_week"))

this = monday_of(now().date())
weeks = [this + timedelta(weeks=n) for n in (-1, 0, 1)]
week = st.selectbox(
    t("desk.week.pick"), weeks, index=1, format_func=lambda d: d.isoformat(), key="week_pick"
)
by = st.radio(
    t("desk.week.by"),
    week_view.GROUPINGS,
    format_func=lambda g: t(f"desk.week.by_{g}"),
    horizontal=True,
    key="week_by",
)
with reported_errors():
    table = week_view.week_table(actor, week, lang)
    if table is None:
        st.info(t("desk.week.none"))
    else:
        title = t("desk.week.title", week=week.isoformat())
        download(
            t("desk.week.print"),
            lambda: week_view.week_html(table, by, title, lang),
            file_name=f"plan-{week.isoformat()}.html",
            mime="text/html",
            key="week_print",
        )
        columns = {c: t(f"plan.col.{c}") for c in week_view.COLUMNS}
        for name, items in week_view.grouped(table, by).items():
            st.subheader(name)
            frame = pd.DataFrame(items)[list(columns)].rename(columns=columns)
            st.dataframe(frame, hide_index=True, use_container_width=True)
