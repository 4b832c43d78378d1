"""Login: one message for any bad name or password, the same lockout for every name."""

import streamlit as st

from pages.common import sign_in
from services.accounts.auth import authenticate
from services.core.errors import AuthError
from services.i18n import t

st.title(t("app.title"))
notice = st.session_state.pop("auth_notice", None)
if notice:
    st.info(t(notice))
with st.form("login"):
    username = st.text_input(t("field.username"), key="login_username")
    password = st.text_input(t("field.password"), type="password", key="login_password")
    submitted = st.form_submit_button(t("auth.login"), type="primary")
if submitted:
    try:
        actor = authenticate(username, password)
    except AuthError as error:
        st.error(error.message())
    else:
        sign_in(actor)
        st.rerun()
