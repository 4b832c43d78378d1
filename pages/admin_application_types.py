"""办理事项与材料清单 (administrators): each application type's names, whether the front desk
offers it, and its checklist, one line per document (required, may be supplemented,
checked internally); a new type. Saved with the version the form showed; only applications
taken afterwards read a changed checklist."""

from __future__ import annotations

import streamlit as st

from pages.admin_widgets import attempt, flash, shown_version
from pages.common import current_actor
from rules.applications import REQUIREMENTS
from services.applications import types
from services.i18n import t

actor = current_actor()
st.title(t("page.admin_application_types"))
st.caption(t("applications.types.intro"))
flash("application_type")


def _requirement(code: str) -> str:
    return t(f"applications.requirement.{code}")


def _checklist_form(kind: types.TypeView, version: int) -> None:
    suffix = f"{kind.id}_{version}"
    with st.form(f"at_form_{suffix}"):
        left, right = st.columns(2)
        name_zh = left.text_input(t("field.type_name"), kind.name_zh, key=f"at_zh_{suffix}")
        name_en = right.text_input(
            t("applications.types.name_en"), kind.name_en, key=f"at_en_{suffix}"
        )
        active = st.checkbox(t("applications.types.active"), kind.active, key=f"at_on_{suffix}")
        st.caption(
            t(
                "applications.types.inspection"
                if kind.needs_inspection
                else "applications.types.no_inspection"
            )
        )
        lines = []
        for document in kind.documents:
            code, zh, en, need = st.columns([2, 4, 4, 3])
            code.markdown(f"`{document.code}`")
            lines.append(
                types.DocumentLine(
                    document.code,
                    zh.text_input(
                        t("field.document_name"),
                        document.name_zh,
                        key=f"at_doc_zh_{document.id}_{version}",
                    ),
                    en.text_input(
                        t("applications.types.name_en"),
                        document.name_en,
                        key=f"at_doc_en_{document.id}_{version}",
                    ),
                    need.selectbox(
                        t("field.requirement"),
                        REQUIREMENTS,
                        REQUIREMENTS.index(document.requirement),
                        format_func=_requirement,
                        key=f"at_doc_req_{document.id}_{version}",
                    ),
                    document.id,
                )
            )
        st.markdown(f"**{t('applications.types.new_line')}**")
        code, zh, en, need = st.columns([2, 4, 4, 3])
        new_code = code.text_input(t("field.document_code"), key=f"at_new_code_{suffix}")
        new_zh = zh.text_input(t("field.document_name"), key=f"at_new_zh_{suffix}")
        new_en = en.text_input(t("applications.types.name_en"), key=f"at_new_en_{suffix}")
        new_need = need.selectbox(
            t("field.requirement"),
            REQUIREMENTS,
            1,
            format_func=_requirement,
            key=f"at_new_req_{suffix}",
        )
        submitted = st.form_submit_button(t("admin.save"), type="primary", key="at_save")
    if not submitted:
        return
    if new_code.strip() or new_zh.strip():
        lines.append(types.DocumentLine(new_code, new_zh, new_en, new_need))
    attempt(
        "application_type",
        kind.id,
        lambda: types.save_checklist(actor, kind.id, version, name_zh, name_en, active, lines),
    )


def _new_type_form() -> None:
    with st.form("at_add_form", clear_on_submit=False):
        code = st.text_input(t("applications.types.code"), key="at_add_code")
        left, right = st.columns(2)
        name_zh = left.text_input(t("field.type_name"), key="at_add_zh")
        name_en = right.text_input(t("applications.types.name_en"), key="at_add_en")
        inspection = st.checkbox(t("applications.types.needs_inspection"), key="at_add_insp")
        submitted = st.form_submit_button(t("applications.types.add"), key="at_add_save")
    if submitted:
        attempt(
            "application_type",
            0,
            lambda: types.add_type(actor, code, name_zh, name_en, inspection),
        )


kinds = types.list_types(active_only=False)
created = st.session_state.pop("application_type_result", None)
if isinstance(created, int):
    st.session_state.at_type = created
edit_tab, add_tab = st.tabs([t("applications.types.tab_edit"), t("applications.types.tab_add")])
with edit_tab:
    picked = st.selectbox(
        t("field.application_type"),
        [k.id for k in kinds],
        format_func=lambda i: next(
            k.name() + ("" if k.active else f" ({t('applications.types.inactive')})")
            for k in kinds
            if k.id == i
        ),
        key="at_type",
    )
    kind = next(k for k in kinds if k.id == picked)
    _checklist_form(kind, shown_version("application_type", kind.id, kind.version))
with add_tab:
    _new_type_form()
