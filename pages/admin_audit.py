"""The audit log: who changed what and when, newest first, with the row before and after."""

import json

import streamlit as st

from pages.admin_widgets import headed
from pages.common import current_actor
from services.core import audit_log
from services.i18n import t

actor = current_actor()
st.title(t("page.admin_audit"))

default = audit_log.default_filter()
user_col, table_col, dates_col = st.columns([1, 1, 2])
dates = dates_col.date_input(
    t("admin.date_range"), (default.start, default.end), format="YYYY-MM-DD", key="audit_dates"
)
# While the user is still picking the second date, the range has one end only.
start, end = (dates[0], dates[-1]) if dates else (default.start, default.end)
users, tables = audit_log.audit_choices(actor, audit_log.AuditFilter(start=start, end=end))
username = user_col.selectbox(
    t("field.username"),
    [None, *users],
    format_func=lambda u: t("admin.all") if u is None else u,
    key="audit_user",
)
table = table_col.selectbox(
    t("admin.column.table_name"),
    [None, *tables],
    format_func=lambda name: t("admin.all") if name is None else name,
    key="audit_table",
)
wanted = audit_log.AuditFilter(start=start, end=end, username=username, table=table)
page_number = st.number_input(t("admin.page"), min_value=1, value=1, step=1, key="audit_page")
result = audit_log.audit_page(actor, wanted, int(page_number) - 1)
st.caption(t("admin.audit_count", total=result.total, page=result.page + 1, pages=result.pages))


def _as_json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


rows = result.rows.assign(
    at=result.rows["at"].map(lambda at: f"{at:%Y-%m-%d %H:%M:%S}"),
    before=result.rows["before"].map(_as_json),
    after=result.rows["after"].map(_as_json),
)
columns = ["at", "username", "action", "table_name", "row_id", "before", "after", "detail"]
selection = st.dataframe(
    headed(rows, columns),
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
    key="audit_rows",
)
picked = selection.selection.rows if selection else []
if picked:
    entry = result.rows.iloc[picked[0]]
    before_col, after_col = st.columns(2)
    before_col.markdown(t("admin.before"))
    before_col.json(entry["before"] or {})
    after_col.markdown(t("admin.after"))
    after_col.json(entry["after"] or {})
