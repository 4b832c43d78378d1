"""Accounts: who may log in, with which role, linked to which staff member; unlocking."""

import pandas as pd
import streamlit as st

from pages.admin_widgets import RecordForm, attempt, flash, headed, pick_record, shown_version
from pages.common import current_actor
from rules.time import local
from services.accounts import users as accounts
from services.core.clock import now
from services.core.permissions import ROLES
from services.i18n import t

actor = current_actor()
st.title(t("page.admin_accounts"))
flash("account")

frame = accounts.list_accounts(actor)
moment = now()
frame["locked"] = frame["locked_until"].map(lambda at: pd.notna(at) and local(at) > moment)


def _account_form(row, version: int) -> None:
    record_id = int(row["id"]) if row is not None else 0
    fields = RecordForm("acc", row, record_id, version)
    with st.form(f"account_form_{record_id}"):
        username = fields.text("field.username", "username", "username")
        display_name = fields.text("field.display_name", "display_name", "display")
        role = st.selectbox(
            t("field.role"),
            ROLES,
            index=ROLES.index(fields.value("role", ROLES[0])),
            format_func=lambda r: t(f"role.{r}"),
            key=fields.key("role"),
        )
        staff_code = fields.text("field.staff_code", "staff_code", "staff")
        active = st.checkbox(
            t("field.active"), bool(fields.value("active", True)), key=fields.key("active")
        )
        password = st.text_input(
            t("field.password"),
            type="password",
            help=None if row is None else t("admin.password_keep"),
            key=fields.key("password"),
        )
        submitted = st.form_submit_button(t("admin.save"), type="primary", key="acc_save")
    if not submitted:
        return
    data = accounts.AccountInput(
        username, display_name, role, password or None, staff_code or None, active
    )
    if row is None:
        attempt("account", 0, lambda: accounts.create_account(actor, data))
    else:
        attempt(
            "account", record_id, lambda: accounts.update_account(actor, record_id, version, data)
        )


list_tab, edit_tab = st.tabs([t("admin.tab.list"), t("admin.tab.edit")])
with list_tab:
    shown = frame.assign(role=frame["role"].map(lambda r: t(f"role.{r}")))
    columns = [
        "username",
        "display_name",
        "role",
        "staff_code",
        "active",
        "locked",
        "last_login_at",
    ]
    st.dataframe(headed(shown, columns), hide_index=True, key="acc_table")
with edit_tab:
    labels = dict(zip(frame["id"].tolist(), frame["username"], strict=True))
    picked = pick_record(
        "account", "admin.account_pick", "admin.new_account", labels, key="acc_pick"
    )
    row = frame.set_index("id").loc[picked].to_dict() | {"id": picked} if picked else None
    version = shown_version("account", picked, int(row["version"])) if row else 0
    _account_form(row, version)
    if row and row["locked"]:
        st.warning(t("admin.locked", until=f"{local(row['locked_until']):%Y-%m-%d %H:%M}"))
        if st.button(t("admin.unlock"), key="acc_unlock"):
            attempt("account", picked, lambda: accounts.unlock_account(actor, picked))
