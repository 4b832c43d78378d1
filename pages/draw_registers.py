"""双随机登记册: keep the two registers of the draw. Inspection objects (key-unit flag,
in or out of the register, who inspected last and when; class, risk and district are the
location's) and inspectors (districts covered, declared conflicts 回避). Admins only.
A save carries the version of the entry its form first showed: someone else's save in
between refuses it (pages.admin_widgets.shown_version), never silently overwritten."""

from __future__ import annotations

import streamlit as st

from pages.admin_widgets import forget_version, records_table, shown_version
from pages.common import current_actor, show_error
from services.core.errors import FiredeskError
from services.draws import registers
from services.i18n import t

actor = current_actor()
st.title(t("page.draw_registers"))
st.caption(t("registers.intro"))
if message := st.session_state.pop("registers_flash", None):
    st.success(message)

districts = registers.district_names()
units = registers.unit_rows(actor)
inspectors = registers.inspector_rows(actor)
unit_label = {u.location_id: f"{u.code} {u.name}" for u in units}
inspector_codes = [i.code for i in inspectors if i.active]


def _save(action, name: str, scope: str, record_id: int) -> None:
    try:
        action()
    except FiredeskError as error:
        show_error(error)
    else:
        forget_version(scope, record_id)
        st.session_state.registers_flash = t("registers.saved", name=name)
        st.rerun()


def _unit_row(u) -> dict:
    return {
        "code": u.code,
        "name": u.name,
        "district": u.district,
        "credit_class": u.credit_class,
        "risk_level": t(f"admin.risk.{u.risk_level}") if u.risk_level else "",
        "key_unit": u.key_unit,
        "in_register": u.in_register,
        "last_inspected": u.last_inspected_on.isoformat() if u.last_inspected_on else "",
        "last_inspectors": "、".join(u.last_recorded or u.last_inspectors),
    }


def _inspector_row(i) -> dict:
    return {
        "code": i.code,
        "name": i.name,
        "active": i.active,
        "districts": "、".join(districts.get(d, "?") for d in i.district_ids),
        "conflicts": "、".join(unit_label.get(c, str(c)) for c in i.conflict_location_ids),
        "note": i.note,
    }


def _units_tab() -> None:
    rows = [_unit_row(u) for u in units]
    if not records_table(rows, "registers.units_empty", "registers.col", "registers_units_table"):
        return
    by_id = {u.location_id: u for u in units}
    chosen = st.selectbox(
        t("registers.choose_unit"), list(by_id), format_func=unit_label.get, key="registers_unit"
    )
    unit = by_id[chosen]
    version = shown_version("register_unit", chosen, unit.version)
    key_unit = st.checkbox(t("field.register_key_unit"), unit.key_unit, key=f"ru_key_{chosen}")
    in_register = st.checkbox(
        t("field.register_in_register"), unit.in_register, key=f"ru_in_{chosen}"
    )
    last_on = st.date_input(
        t("field.register_last_inspected"),
        unit.last_inspected_on,
        key=f"ru_last_on_{chosen}",
    )
    last_by = st.multiselect(
        t("field.register_last_inspectors"),
        sorted(set(inspector_codes) | set(unit.last_inspectors)),
        list(unit.last_inspectors),
        key=f"ru_last_by_{chosen}",
    )
    if unit.last_recorded:
        st.caption(t("registers.recorded_precedence", codes="、".join(unit.last_recorded)))
    if st.button(t("registers.save"), type="primary", key="registers_unit_save"):
        entry = registers.UnitEntry(
            location_id=chosen,
            key_unit=key_unit,
            in_register=in_register,
            last_inspectors=tuple(last_by),
            last_inspected_on=last_on,
            version=version,
        )
        _save(
            lambda: registers.save_unit(actor, entry), unit_label[chosen], "register_unit", chosen
        )


def _inspectors_tab() -> None:
    rows = [_inspector_row(i) for i in inspectors]
    empty = "registers.inspectors_empty"
    if not records_table(rows, empty, "registers.col", "registers_inspectors_table"):
        return
    by_id = {i.staff_id: i for i in inspectors}
    chosen = st.selectbox(
        t("registers.choose_inspector"),
        list(by_id),
        format_func=lambda s: f"{by_id[s].code} {by_id[s].name}",
        key="registers_inspector",
    )
    person = by_id[chosen]
    version = shown_version("register_inspector", chosen, person.version)
    if not person.registered:
        st.caption(
            t(
                "registers.default_districts",
                districts="、".join(districts.get(d, "?") for d in person.district_ids),
            )
        )
    covered = st.multiselect(
        t("field.register_districts"),
        list(districts),
        [d for d in person.district_ids if d in districts],
        format_func=districts.get,
        key=f"ri_districts_{chosen}",
    )
    conflicts = st.multiselect(
        t("field.register_conflicts"),
        list(unit_label),
        [c for c in person.conflict_location_ids if c in unit_label],
        format_func=unit_label.get,
        key=f"ri_conflicts_{chosen}",
    )
    note = st.text_input(
        t("field.register_note"),
        person.note,
        max_chars=registers.NOTE_MAX,
        key=f"ri_note_{chosen}",
    )
    if st.button(t("registers.save"), type="primary", key="registers_inspector_save"):
        entry = registers.InspectorEntry(
            staff_id=chosen,
            district_ids=list(covered),
            conflict_location_ids=list(conflicts),
            note=note,
            version=version,
        )
        _save(
            lambda: registers.save_inspector(actor, entry),
            f"{person.code} {person.name}",
            "register_inspector",
            chosen,
        )


units_tab, inspectors_tab = st.tabs([t("registers.units"), t("registers.inspectors")])
with units_tab:
    _units_tab()
with inspectors_tab:
    _inspectors_tab()
