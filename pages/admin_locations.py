"""Locations administration: stations, offices and units; districts and travel times."""

from datetime import time

import streamlit as st

from pages.admin_widgets import RecordForm, attempt, flash, headed, pick_record, shown_version
from pages.common import current_actor
from services.i18n import t
from services.locations import registry as loc

actor = current_actor()
st.title(t("page.admin_locations"))
flash("location")
flash("district")
district_names = loc.districts()
KINDS = list(loc.LOCATION_KINDS)


def _label(prefix: str):
    return lambda value: t("admin.all") if value is None else t(f"{prefix}.{value}")


def _list_tab() -> None:
    kind_col, district_col, credit_col, search_col = st.columns(4)
    kind = kind_col.selectbox(
        t("field.location_kind"), [None, *KINDS], format_func=_label("admin.kind"), key="loc_kind"
    )
    district = district_col.selectbox(
        t("field.location_district"),
        [None, *district_names],
        format_func=lambda d: t("admin.all") if d is None else district_names[d],
        key="loc_district",
    )
    credit = credit_col.selectbox(
        t("field.credit_class"),
        [None, *loc.CREDIT_CLASSES],
        format_func=lambda c: t("admin.all") if c is None else c,
        key="loc_credit",
    )
    search = search_col.text_input(t("admin.search"), key="loc_search")
    frame = loc.list_locations(actor, kind, district, credit, search)
    frame["kind"] = frame["kind"].map(lambda k: t(f"admin.kind.{k}"))
    frame["risk_level"] = frame["risk_level"].map(lambda r: t(f"admin.risk.{r}") if r else "")
    st.caption(t("admin.count", count=len(frame)))
    columns = ["code", "kind", "name", "district", "address", "credit_class", "risk_level"]
    st.dataframe(headed(frame, [*columns, "contact_phone"]), hide_index=True, key="loc_table")


def _hours_inputs(fields: RecordForm, hours: dict) -> dict:
    """Open/closed and one period for each of Monday–Friday, Saturday and Sunday."""
    result = {}
    for group in loc.HOURS_GROUPS:
        period = hours.get(group)
        is_open, start_col, end_col = st.columns([1, 2, 2])
        opened = is_open.checkbox(
            t(f"field.hours_{group}"), period is not None, key=fields.key(f"open_{group}")
        )
        start = start_col.time_input(
            t("admin.opens"),
            period[0] if period else time(8, 30),
            key=fields.key(f"from_{group}"),
        )
        end = end_col.time_input(
            t("admin.closes"),
            period[1] if period else time(17, 30),
            key=fields.key(f"to_{group}"),
            help=t("admin.until_midnight"),
            step=60,  # seconds: lets closing time be 23:59 ("until midnight")
        )
        result[group] = (start, end) if opened else None
    return result


def _location_form(location, version: int) -> None:
    record_id = location.id if location else 0
    fields = RecordForm("loc", location, record_id, version)
    with st.form(f"location_form_{record_id}"):
        code = fields.text("field.location_code", "code", "code")
        kind = st.selectbox(
            t("field.location_kind"),
            KINDS,
            index=KINDS.index(fields.value("kind", "unit")),
            format_func=_label("admin.kind"),
            key=fields.key("kind"),
        )
        name = fields.text("field.location_name", "name", "name")
        district = fields.choice(
            "field.location_district", district_names, "district_id", "district"
        )
        address = fields.text("field.location_address", "address", "address")
        credit_col, risk_col = st.columns(2)
        credits = [None, *loc.CREDIT_CLASSES]
        credit = credit_col.selectbox(
            t("field.credit_class"),
            credits,
            index=credits.index(fields.value("credit_class", None)),
            format_func=lambda c: "—" if c is None else c,
            key=fields.key("credit"),
        )
        risks = [None, *loc.RISK_LEVELS]
        risk = risk_col.selectbox(
            t("field.risk_level"),
            risks,
            index=risks.index(fields.value("risk_level", None)),
            format_func=lambda r: "—" if r is None else t(f"admin.risk.{r}"),
            key=fields.key("risk"),
        )
        phone = fields.text("field.location_phone", "contact_phone", "phone")
        st.markdown(t("admin.opening_hours"))
        hours = _hours_inputs(fields, loc.simple_hours(fields.value("opening_hours", {})))
        submitted = st.form_submit_button(t("admin.save"), type="primary", key="loc_save")
    if not submitted:
        return
    data = loc.LocationInput(code, kind, name, district, address, credit, risk, phone, hours)
    if location:
        attempt(
            "location", location.id, lambda: loc.update_location(actor, location.id, version, data)
        )
    else:
        attempt("location", 0, lambda: loc.create_location(actor, data))


def _edit_tab() -> None:
    frame = loc.list_locations(actor)
    labels = dict(zip(frame["id"].tolist(), frame["code"] + " " + frame["name"], strict=True))
    picked = pick_record(
        "location", "admin.location_pick", "admin.new_location", labels, key="loc_pick"
    )
    location = loc.get_location(actor, picked) if picked else None
    version = shown_version("location", location.id, location.version) if location else 0
    _location_form(location, version)


def _districts_tab() -> None:
    st.subheader(t("admin.travel_heading"))
    st.caption(t("admin.travel_hint"))
    matrix = loc.travel_matrix()
    edited = st.data_editor(matrix, key="travel_editor")
    if st.button(t("admin.save_travel"), type="primary", key="travel_save"):
        changes = loc.changed_travel_times(matrix, edited)
        attempt("district", 0, lambda: loc.save_travel_times(actor, changes))
    st.subheader(t("admin.district_heading"))
    with st.form("district_form"):
        picked = st.selectbox(
            t("admin.district_pick"),
            [0, *district_names],
            format_func=lambda d: t("admin.new_district") if d == 0 else district_names[d],
            key="district_pick",
        )
        name = st.text_input(t("field.district_name"), key="district_name")
        submitted = st.form_submit_button(t("admin.save"), key="district_save")
    if submitted:
        attempt("district", picked, lambda: loc.save_district(actor, name, picked or None))


list_tab, edit_tab, districts_tab = st.tabs(
    [t("admin.tab.list"), t("admin.tab.edit"), t("admin.tab.districts")]
)
with list_tab:
    _list_tab()
with edit_tab:
    _edit_tab()
with districts_tab:
    _districts_tab()
