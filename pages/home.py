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
    from services.hazards.seals import list_seals

    overdue = [r for r in list_cases(actor, open_only=True) if r.urgency == "overdue"]
    if overdue:
        st.warning(
            t("hazards.home.overdue", count=len(overdue))
            + " "
            + "、".join(f"{r.case_no} {r.unit_name}" for r in overdue[:10])
        )
    late_seals = [s for s in list_seals(actor) if s.urgency == "overdue"]
    if late_seals:
        st.warning(
            t("hazards.seal.home_overdue", count=len(late_seals))
            + " "
            + "、".join(f"{s.case_no} {s.unit_name}" for s in late_seals[:10])
        )
    if overdue or late_seals:
        st.page_link("pages/hazards.py", label=t("page.hazards"), icon=":material/report:")
