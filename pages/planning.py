"""Weekly planning: check the week, solve it with live progress, look at the plan, adjust,
re-plan, publish and send out. The views themselves live in pages/planning_widgets.py."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from pages import planning_widgets as views
from pages.common import current_actor
from rules.weeks import monday_of, next_monday
from services.core.clock import now
from services.i18n import t
from services.planning import versions as plan_versions

actor = current_actor()
st.title(t("page.planning"))
views.apply_pending()

if "plan_week" not in st.session_state:  # next week: the one usually being planned
    st.session_state.plan_week = next_monday(now().date())
picked = st.date_input(t("plan.week"), key="plan_week")
week = monday_of(picked)
st.caption(
    t("plan.week_caption", start=week.isoformat(), end=(week + timedelta(days=6)).isoformat())
)

versions = plan_versions.week_versions(week)
selected = views.pick_version(versions)
views.solve_progress(actor, week)

view = st.radio(
    t("plan.view"),
    views.VIEWS,
    key="plan_view",
    horizontal=True,
    format_func=lambda name: t(f"plan.view.{name}"),
    label_visibility="collapsed",
)
if view == "prepare":
    views.before_solving(week)
elif view == "solve":
    views.solve(actor, week, selected)
elif view == "files":
    views.files(actor, selected)
elif selected is None:
    st.info(t("plan.no_versions"))
elif view == "plan":
    views.plan(actor, week, selected)
elif view == "adjust":
    views.adjust(actor, week, selected)
elif view == "publish":
    views.publish(actor, selected)
