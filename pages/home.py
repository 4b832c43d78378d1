"""Home: who is signed in and where to go next."""

import streamlit as st

from pages.common import current_actor
from services.i18n import t

actor = current_actor()
st.title(t("app.title"))
st.write(t("home.welcome", name=actor.username, role=t(f"role.{actor.role}")))
st.info(t(f"home.hint.{actor.role}"))

if actor.can("hazards.decide"):
    from services.hazards.queue import list_cases

    overdue = [r for r in list_cases(actor, open_only=True) if r.urgency == "overdue"]
    if overdue:
        st.warning(
            t("hazards.home.overdue", count=len(overdue))
            + " "
            + "、".join(f"{r.case_no} {r.unit_name}" for r in overdue[:10])
        )
        st.page_link("pages/hazards.py", label=t("page.hazards"), icon=":material/report:")
