"""Accounts: who may log in, with which role, linked to which staff member; unlocking."""

import pandas as pd
import streamlit as st

from pages.admin_widgets import attempt, flash, headed, shown_version
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
    with st.form(f"account_form_{record_id}"):
        username = st.text_input(
            t("field.username"),
            row["username"] if row is not None else "",
            key=f"acc_username_{record_id}",
        )
        display_name = st.text_input(
            t("field.display_name"),
            row["display_name"] if row is not None else "",
            key=f"acc_display_{record_id}",
        )
        role = st.selectbox(
            t("field.role"),
            ROLES,
            index=ROLES.index(row["role"]) if row is not None else 0,
            format_func=lambda r: t(f"role.{r}"),
            key=f"acc_role_{record_id}",
        )
        staff_code = st.text_input(
            t("field.staff_code"),
            (row["staff_code"] or "") if row is not None else "",
            key=f"acc_staff_{record_id}",
        )
        active = st.checkbox(
            t("field.active"),
            bool(row["active"]) if row is not None else True,
            key=f"acc_active_{record_id}",
        )
        password = st.text_input(
            t("field.password"),
            type="password",
            help=None if row is None else t("admin.password_keep"),
            key=f"acc_password_{record_id}",
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
    created = st.session_state.pop("account_result", None)
    if created:
        st.session_state.acc_pick = created
    picked = st.selectbox(
        t("admin.account_pick"),
        [0, *labels],
        format_func=lambda i: t("admin.new_account") if i == 0 else labels[i],
        key="acc_pick",
    )
    row = frame.set_index("id").loc[picked].to_dict() | {"id": picked} if picked else None
    version = shown_version("account", picked, int(row["version"])) if row else 0
    _account_form(row, version)
    if row and row["locked"]:
        st.warning(t("admin.locked", until=f"{local(row['locked_until']):%Y-%m-%d %H:%M}"))
        if st.button(t("admin.unlock"), key="acc_unlock"):
            attempt("account", picked, lambda: accounts.unlock_account(actor, picked))
