"""Home: who is signed in and where to go next."""

import streamlit as st

from pages.common import current_actor
from services.i18n import t

actor = current_actor()
st.title(t("app.title"))
st.write(t("home.welcome", name=actor.username, role=t(f"role.{actor.role}")))
st.info(t(f"home.hint.{actor.role}"))
