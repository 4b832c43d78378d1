"""New booking: every kind of request, with the times the unit accepts (or a tour slot)."""

from __future__ import annotations

import streamlit as st

from pages.booking_widgets import booking_fields
from pages.common import current_actor, show_error
from services.bookings import requests as bookings
from services.core.errors import FiredeskError
from services.i18n import t

actor = current_actor()
st.title(t("page.booking_new"))
if created := st.session_state.pop("bn_created", None):
    st.success(t("bookings.created", id=created))

data, pattern_error = booking_fields("bn")
if st.button(t("bookings.submit"), type="primary", key="bn_submit"):
    try:
        if pattern_error is not None:
            raise pattern_error
        st.session_state.bn_created = bookings.create_booking(actor, data)
    except FiredeskError as error:
        show_error(error)
    else:
        st.rerun()
