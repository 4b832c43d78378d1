"""Import bookings from a CSV or Excel file: map its columns, check every row, then save all."""

from __future__ import annotations

import streamlit as st

from pages.booking_widgets import label
from pages.common import current_actor, download, show_error
from services.bookings import importer as bookings_import
from services.bookings import requests as bookings
from services.core.errors import FiredeskError
from services.core.spreadsheet import read_rows
from services.i18n import t

actor = current_actor()
st.title(t("page.booking_import"))
if imported := st.session_state.pop("bi_imported", None):
    st.success(t("bookings.imported", count=imported))


@st.cache_data(show_spinner=False)
def _template(file_format: str) -> bytes:
    return bookings_import.template(file_format)


st.caption(t("bookings.import_help"))
left, right = st.columns(2)
download(
    t("bookings.template_csv"),
    _template("csv"),
    file_name="预约导入模板.csv",
    mime="text/csv",
    key="bi_template_csv",
    where=left,
)
download(
    t("bookings.template_xlsx"),
    _template("xlsx"),
    file_name="预约导入模板.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="bi_template_xlsx",
    where=right,
)

upload = st.file_uploader(t("bookings.import_file"), type=["csv", "xlsx"], key="bi_file")
if upload is not None:
    try:
        frame = read_rows(upload.name, upload.getvalue())
    except FiredeskError as error:
        show_error(error)
        st.stop()
    export, guessed = bookings_import.guess_mapping(list(frame.columns))
    if st.session_state.get("bi_file_seen") != upload.file_id:
        # A new file starts from its own remembered mapping, not the previous file's choices.
        for field in bookings_import.FIELDS:
            st.session_state.pop(f"bi_map_{field}", None)
        st.session_state.bi_file_seen = upload.file_id
    if export:
        st.info(t("bookings.known_export", export=t(f"bookings.export.{export}")))
    st.subheader(t("bookings.mapping"))
    columns = list(frame.columns)
    mapping = {}
    grid = st.columns(4)
    for index, field in enumerate(bookings_import.FIELDS):
        default = guessed.get(field)
        chosen = grid[index % 4].selectbox(
            t(f"field.{bookings_import.FIELD_LABELS[field]}"),
            [None, *columns],
            index=columns.index(default) + 1 if default in columns else 0,
            format_func=lambda c: t("bookings.not_in_file") if c is None else c,
            key=f"bi_map_{field}",
        )
        if chosen is not None:
            mapping[field] = chosen
    channels = list(bookings.CHANNELS)
    channel = st.selectbox(
        t("bookings.default_channel"),
        channels,
        index=channels.index(bookings_import.EXPORT_CHANNELS.get(export, "phone")),
        format_func=label("bookings.channel"),
        key="bi_channel",
    )
    st.caption(t("bookings.rows_in_file", count=len(frame)))
    st.dataframe(frame.head(50), hide_index=True, key="bi_preview")
    if st.button(t("bookings.import"), type="primary", key="bi_submit"):
        try:
            st.session_state.bi_imported = bookings_import.import_bookings(
                actor, frame, mapping, channel, filename=upload.name
            )
        except FiredeskError as error:
            show_error(error)
        else:
            st.rerun()
