"""简易火灾登记: the short form for a small fire with clear facts, and the list (measure 15)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from pages.common import current_actor, show_error
from rules.time import TIME_ZONE, local
from services.core.clock import now
from services.core.errors import FiredeskError
from services.fires.registrations import FireInput, list_fires, monthly_counts, register_fire
from services.i18n import t

actor = current_actor()
st.title(t("page.fires"))
if message := st.session_state.pop("fr_flash", None):
    st.success(message)

moment = local(now())
left, right = st.columns(2)
day = left.date_input(t("field.fire_occurred_at"), moment.date(), key="fr_day")
hour = right.time_input(
    t("field.fire_occurred_at"), moment.time().replace(second=0, microsecond=0), key="fr_time"
)
place = left.text_input(t("field.fire_place"), key="fr_place")
cause = right.text_input(t("field.fire_cause"), key="fr_cause")
loss = left.number_input(t("field.fire_direct_loss"), 0, 10_000_000, 0, key="fr_loss")
injuries = right.number_input(t("field.fire_injuries"), 0, 1000, 0, key="fr_injuries")
deaths = left.number_input(t("field.fire_deaths"), 0, 1000, 0, key="fr_deaths")
party = right.text_input(t("field.fire_party_name"), key="fr_party")
phone = left.text_input(t("field.fire_party_phone"), key="fr_phone")
agreed = st.checkbox(t("field.fire_facts_agreed"), value=True, key="fr_agreed")
arson = st.checkbox(t("field.fire_arson"), key="fr_arson")
notes = st.text_area(t("field.fire_notes"), key="fr_notes")
if st.button(t("fires.submit"), type="primary", key="fr_submit"):
    data = FireInput(
        occurred_at=datetime.combine(day, hour, TIME_ZONE),
        place=place,
        cause=cause,
        direct_loss_yuan=int(loss),
        deaths=int(deaths),
        injuries=int(injuries),
        facts_agreed=agreed,
        arson_suspected=arson,
        party_name=party,
        party_phone=phone,
        notes=notes,
    )
    try:
        register_fire(actor, data)
    except FiredeskError as error:
        show_error(error)
    else:
        st.session_state.fr_flash = t("fires.saved", no=list_fires(actor)[0].record_no)
        st.rerun()

fires = list_fires(actor)
st.caption(t("fires.count", count=len(fires)))
st.dataframe(
    pd.DataFrame(
        {
            t("fires.col.no"): [f.record_no for f in fires],
            t("field.fire_occurred_at"): [f"{local(f.occurred_at):%Y-%m-%d %H:%M}" for f in fires],
            t("field.fire_place"): [f.place for f in fires],
            t("field.fire_cause"): [f.cause for f in fires],
            t("field.fire_direct_loss"): [f.direct_loss_yuan for f in fires],
            t("field.fire_party_name"): [f.party for f in fires],
        }
    ),
    hide_index=True,
    key="fr_table",
)
year = moment.year
counts = monthly_counts(actor, date(year, 1, 1), date(year + 1, 1, 1))
if counts:
    st.subheader(t("fires.col.monthly"))
    st.bar_chart(pd.Series({month: n for month, (n, _) in counts.items()}))
