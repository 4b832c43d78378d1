"""双随机一公开: the month's inspections (unit, date, result) and draws (period, seed,
shares) as the public will read them,
and the Excel to publish. No personal data is ever part of it."""

from __future__ import annotations

from datetime import date, datetime, time

import pandas as pd
import streamlit as st

from pages.common import current_actor, download
from rules.time import TIME_ZONE
from services.core.clock import now
from services.i18n import current_language, t
from services.kpis import draws as draw_figures
from services.kpis import engine as kpis
from services.kpis import exports as kpi_exports

actor = current_actor()

st.title(t("page.disclosure"))
st.caption(t("disclosure.intro"))
last_month = kpis.period_of("month", now().date()).start
# This month so far, last month (the one to publish) and the two years before.
months = [kpis.add_months(last_month, -n) for n in range(-1, 24)]
month: date = st.selectbox(
    t("disclosure.month"),
    months,
    index=1,
    format_func=lambda m: m.strftime("%Y-%m"),
    key="disclosure_month",
)
found = kpi_exports.disclosure(actor, month)
st.subheader(t("disclosure.heading", month=month.strftime("%Y-%m")))
if not found:
    st.info(t("disclosure.empty"))
else:
    header, *rows = kpi_exports.disclosure_rows(found)
    st.dataframe(pd.DataFrame(rows, columns=header), hide_index=True, key="disclosure_table")
    if due := kpi_exports.publication_due(found):
        st.caption(t("disclosure.publish_by", day=due.isoformat()))
draws = kpi_exports.disclosed_draws(actor, month)
st.subheader(t("disclosure.draws"))
if not draws:
    st.info(t("disclosure.draws_empty"))
else:
    header, *rows = kpi_exports.draw_rows(draws)
    st.dataframe(pd.DataFrame(rows, columns=header), hide_index=True, key="disclosure_draws")
since = datetime.combine(month, time(0), TIME_ZONE)
until = datetime.combine(kpis.add_months(month, 1), time(0), TIME_ZONE)
outcomes = draw_figures.outcomes_by_class(actor, since, until)
if outcomes.drop(columns="credit_class").to_numpy().sum():
    st.subheader(t("disclosure.outcomes"))
    st.dataframe(
        outcomes.rename(
            columns={
                "credit_class": t("disclosure.col.credit_class"),
                **{o: t(f"disclosure.result.{o}") for o in outcomes.columns[1:]},
            }
        ),
        hide_index=True,
        key="disclosure_outcomes",
    )
language = current_language()
download(
    t("disclosure.print"),
    lambda: kpi_exports.disclosure_html(found, month, language, draws),
    file_name=f"disclosure-{month.strftime('%Y-%m')}.html",
    mime="text/html",
    key="disclosure_print",
)
download(
    t("disclosure.download"),
    # Built when clicked, as the dashboard's report.
    lambda: kpi_exports.disclosure_xlsx(found, month, language, draws),
    file_name=f"disclosure-{month.strftime('%Y-%m')}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="disclosure_download",
)
