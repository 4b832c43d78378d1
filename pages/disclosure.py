"""双随机一公开: the month's inspections (unit, date, result) and draws (period, seed,
shares) as the public will read them,
and the Excel to publish. No personal data is ever part of it."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from pages.common import current_actor, download
from services.core.clock import now
from services.i18n import current_language, t
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
draws = kpi_exports.disclosed_draws(actor, month)
st.subheader(t("disclosure.draws"))
if not draws:
    st.info(t("disclosure.draws_empty"))
else:
    header, *rows = kpi_exports.draw_rows(draws)
    st.dataframe(pd.DataFrame(rows, columns=header), hide_index=True, key="disclosure_draws")
language = current_language()
download(
    t("disclosure.download"),
    # Built when clicked, as the dashboard's report.
    lambda: kpi_exports.disclosure_xlsx(found, month, language, draws),
    file_name=f"disclosure-{month.strftime('%Y-%m')}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="disclosure_download",
)
