"""Login: one message for any bad name or password; lockout after repeated failures."""

import streamlit as st

from services.auth import authenticate
from services.clock import now
from services.errors import AuthError
from services.i18n import t

st.title(t("app.title"))
if st.session_state.pop("expired", False):
    st.info(t("auth.expired"))
with st.form("login"):
    username = st.text_input(t("field.username"), key="login_username")
    password = st.text_input(t("field.password"), type="password", key="login_password")
    submitted = st.form_submit_button(t("auth.login"), type="primary")
if submitted:
    try:
        st.session_state.actor = authenticate(username, password)
    except AuthError as error:
        st.error(error.message())
    else:
        st.session_state.last_seen = now()
        st.rerun()
