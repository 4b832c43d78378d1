"""First start on an empty database: create the first administrator, or load the demo."""

import streamlit as st

from demo.setup import load_demo_detachment
from pages.common import show_error, sign_in
from services.accounts.users import create_first_admin
from services.core.errors import FiredeskError
from services.i18n import t

st.title(t("setup.title"))
st.write(t("setup.intro"))
left, right = st.columns(2)
with left:
    st.subheader(t("setup.admin_heading"))
    with st.form("first_admin"):
        username = st.text_input(t("field.username"), key="setup_username")
        display_name = st.text_input(t("field.display_name"), key="setup_display_name")
        password = st.text_input(t("field.password"), type="password", key="setup_password")
        create = st.form_submit_button(t("setup.create_admin"), type="primary")
    if create:
        try:
            actor = create_first_admin(username, display_name, password)
        except FiredeskError as error:
            show_error(error)
        else:
            sign_in(actor)
            st.rerun()
with right:
    st.subheader(t("setup.demo_heading"))
    st.write(t("setup.demo_intro"))
    if st.button(t("setup.load_demo"), key="load_demo"):
        with st.spinner(t("setup.loading_demo")):
            try:
                load_demo_detachment()
            except FiredeskError as error:
                show_error(error)
            else:
                st.rerun()
