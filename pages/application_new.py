"""受理申请: take an application with what was handed in (容缺受理), then print the one-time
notice and the receipt."""

from __future__ import annotations

import streamlit as st

from pages.common import current_actor, download, show_error
from services.applications import printouts, types
from services.applications.intake import ApplicationInput, intake
from services.applications.queue import get_application
from services.core.errors import FiredeskError
from services.i18n import t

actor = current_actor()
st.title(t("page.application_new"))

kinds = types.list_types()
kind = st.selectbox(
    t("field.application_type"), kinds, format_func=lambda k: k.name(), key="an_type"
)
internal = [d.name() for d in kind.documents if d.requirement == "internal"]
if internal:
    st.info(t("applications.intake.internal_note", names="、".join(internal)))

st.subheader(t("applications.intake.handed_in"))
handed_in = [
    d.code
    for d in kind.askable()
    if st.checkbox(
        f"{d.name()} · {t(f'applications.requirement.{d.requirement}')}",
        key=f"an_doc_{kind.code}_{d.code}",
    )
]
left, right = st.columns(2)
unit_name = left.text_input(t("field.unit_name"), key="an_unit")
address = right.text_input(t("field.application_address"), key="an_address")
applicant = left.text_input(t("field.applicant_name"), key="an_applicant")
phone = right.text_input(t("field.applicant_phone"), key="an_phone")
method = st.radio(
    t("field.delivery_method"),
    ["in_person", "post"],
    format_func=lambda m: t(f"applications.delivery.{m}"),
    horizontal=True,
    key="an_method",
)
postal = st.text_input(t("field.delivery_address"), key="an_postal") if method == "post" else ""

if st.button(t("applications.intake.submit"), type="primary", key="an_submit"):
    data = ApplicationInput(
        type_id=kind.id,
        unit_name=unit_name,
        applicant_name=applicant,
        applicant_phone=phone,
        documents=handed_in,
        address=address,
        delivery_method=method,
        delivery_address=postal,
    )
    try:
        st.session_state.an_last = intake(actor, data).application_id
    except FiredeskError as error:
        show_error(error)

if (last := st.session_state.get("an_last")) is not None:
    row = get_application(actor, last)
    if row.notice_items:
        st.warning(
            t(
                "applications.intake.accepted_with_notice",
                no=row.application_no,
                count=len(row.notice_items),
            )
        )
        download(
            t("applications.print.notice"),
            printouts.notice_html(row),
            file_name=f"{row.notice_no}.html",
            mime="text/html",
            key="an_notice",
        )
    else:
        st.success(t("applications.intake.accepted", no=row.application_no))
    download(
        t("applications.print.receipt"),
        printouts.receipt_html(row),
        file_name=f"{row.application_no}.html",
        mime="text/html",
        key="an_receipt",
    )
