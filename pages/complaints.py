"""The 12345 complaint queue: what is due first, bulk assignment, each case's steps, intake."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from pages.admin_widgets import attempt, flash
from pages.common import current_actor, download, reported_errors
from rules.inspections import INSPECTORS_REQUIRED
from rules.time import TIME_ZONE
from services.complaints import workflow
from services.complaints.cases import (
    CATEGORIES,
    HANDLINGS,
    INFORM_METHODS,
    OPEN_STATUSES,
    STATUSES,
    TIME_FORMAT,
    category_label,
)
from services.complaints.importer import import_sheet
from services.complaints.intake import DEFAULT_CHANNEL, TicketInput, intake
from services.complaints.queue import (
    PAGE_SIZE,
    CaseDetail,
    CaseRow,
    Filters,
    all_cases,
    case_detail,
    district_names,
    export_csv,
    queue,
    queue_page,
)
from services.core.privacy import may_reveal
from services.i18n import t

actor = current_actor()
st.title(t("page.complaints"))
# Always one container here, message or not: the tabs below keep their place in the page,
# so Streamlit does not redraw them (and jump back to the first tab) after a save.
with st.container():
    flash("complaint")
    if imported := st.session_state.pop("cq_imported", None):
        st.success(t("complaints.imported", tickets=imported.tickets, cases=imported.cases))

# The case picker lists at most this many cases of the filtered queue (its first ones).
QUEUE_LIMIT = 300


@st.cache_data(ttl=300, show_spinner=False)
def _inspectors() -> dict[int, str]:
    return dict(workflow.inspector_choices())


@st.cache_data(ttl=300, show_spinner=False)
def _districts() -> list[str]:
    return district_names()


def _when(moment: datetime | None) -> str:
    return moment.strftime(TIME_FORMAT) if moment else ""


def _left(row: CaseRow) -> str:
    if row.urgency == "clock_stopped":
        return ""
    hours, minutes = divmod(abs(row.minutes_left), 60)
    return t("complaints.left" if row.minutes_left >= 0 else "complaints.late", h=hours, m=minutes)


def _frame(rows: list[CaseRow]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            t("complaints.col.urgency"): [t(f"complaints.urgency.{r.urgency}") for r in rows],
            t("complaints.col.left"): [_left(r) for r in rows],
            t("field.complaint_ticket_no"): [r.ticket_no for r in rows],
            t("field.complaint_category"): [category_label(r.category) for r in rows],
            t("field.complaint_unit_name"): [r.unit_name for r in rows],
            t("field.complaint_district"): [r.district for r in rows],
            t("complaints.col.status"): [t(f"complaints.status.{r.status}") for r in rows],
            t("field.complaint_received_at"): [_when(r.received_at) for r in rows],
            t("complaints.col.deadline"): [
                _when(r.deadline_at) + (t("complaints.provisional") if r.provisional else "")
                for r in rows
            ],
            t("field.complaint_inspectors"): [r.inspectors for r in rows],
            t("complaints.col.tickets"): [r.tickets for r in rows],
            t("field.complaint_complainant_name"): [r.complainant_name for r in rows],
            t("field.complaint_complainant_phone"): [r.complainant_phone for r in rows],
        }
    )
    # A plain frame (no Styler): the urgency's mark (🔴 🟠 🟢 ✔) is in its text, and a
    # Styler would send every cell a second time, as its display value, with its CSS.
    return frame


def _filters() -> Filters:
    status_col, category_col, district_col, overdue_col = st.columns([3, 2, 2, 1])
    statuses = status_col.multiselect(
        t("complaints.col.status"),
        list(STATUSES),
        default=list(OPEN_STATUSES),
        format_func=lambda s: t(f"complaints.status.{s}"),
        key="cq_status",
    )
    category = category_col.selectbox(
        t("field.complaint_category"),
        [None, *CATEGORIES],
        format_func=lambda c: t("complaints.all") if c is None else category_label(c),
        key="cq_category",
    )
    district = district_col.selectbox(
        t("field.complaint_district"),
        [None, *_districts()],
        format_func=lambda d: t("complaints.all") if d is None else d,
        key="cq_district",
    )
    overdue = overdue_col.checkbox(t("complaints.overdue_only"), key="cq_overdue")
    return Filters(tuple(statuses) or STATUSES, category, district, overdue)


def _label(row: CaseRow) -> str:
    return f"{row.ticket_no} · {row.unit_name} · {t(f'complaints.status.{row.status}')}"


def _bulk_assign(rows: list[CaseRow]) -> None:
    assignable = {r.id: r for r in rows if workflow.FLOW.allows("assign", r.status)}
    if not actor.can("complaints.assign") or not assignable:
        return
    st.subheader(t("complaints.assign_heading"))
    with st.form("cq_assign_form"):
        picked = st.multiselect(
            t("field.complaint_cases"),
            list(assignable),
            format_func=lambda i: _label(assignable[i]),
            key="cq_assign_cases",
        )
        inspectors = _inspectors()
        pair = st.multiselect(
            t("field.complaint_inspectors"),
            list(inspectors),
            format_func=inspectors.get,
            max_selections=INSPECTORS_REQUIRED,
            key="cq_assign_inspectors",
        )
        submitted = st.form_submit_button(t("complaints.assign"), type="primary", key="cq_assign")
    if submitted:
        versions = {i: assignable[i].version for i in picked}
        attempt("complaint", 0, lambda: workflow.assign(actor, versions, pair))


def _queue_tab(filters: Filters) -> None:
    # The table shows one page of PAGE_SIZE cases, read from the database page by page; the
    # export has every case the filters select, built only when it is downloaded.
    shown = queue_page(actor, filters, int(st.session_state.get("cq_page", 1)), PAGE_SIZE)
    if st.session_state.get("cq_page", 1) != shown.page:  # fewer cases since: the last page
        st.session_state.cq_page = shown.page
    st.caption(t("complaints.count_page", count=shown.total, first=shown.first, last=shown.last))
    st.dataframe(_frame(shown.rows), hide_index=True, key="cq_table")
    if shown.pages > 1:
        st.number_input(
            t("complaints.page", pages=shown.pages),
            min_value=1,
            max_value=shown.pages,
            step=1,
            key="cq_page",
        )
    _bulk_assign(shown.rows)
    download(
        t("complaints.export"),
        lambda: export_csv(all_cases(actor, filters)),
        file_name="complaints.csv",
        mime="text/csv",
        key="cq_export",
    )


def _verify_form(case: CaseRow) -> None:
    with st.form(f"cq_verify_form_{case.id}"):
        found = st.radio(
            t("complaints.violation_found"),
            [True, False],
            format_func=lambda v: t("complaints.yes" if v else "complaints.no"),
            horizontal=True,
            key="cq_violation",
        )
        notes = st.text_area(t("complaints.notes"), key="cq_verify_notes")
        if st.form_submit_button(t("complaints.action.verify"), type="primary", key="cq_verify"):
            attempt(
                "complaint",
                case.id,
                lambda: workflow.verify(actor, case.id, case.version, found, notes),
            )


def _handle_form(case: CaseRow) -> None:
    with st.form(f"cq_handle_form_{case.id}"):
        handling = st.selectbox(
            t("field.complaint_handling"),
            list(HANDLINGS),
            format_func=lambda h: t(f"complaints.handling.{h}"),
            key="cq_handling",
        )
        notes = st.text_area(t("complaints.notes"), key="cq_handle_notes")
        if st.form_submit_button(t("complaints.action.handle"), type="primary", key="cq_handle"):
            attempt(
                "complaint",
                case.id,
                lambda: workflow.handle(actor, case.id, case.version, handling, notes),
            )


def _inform_form(case: CaseRow) -> None:
    with st.form(f"cq_inform_form_{case.id}"):
        how = st.selectbox(
            t("field.complaint_informed_how"),
            list(INFORM_METHODS),
            format_func=lambda h: t(f"complaints.inform.{h}"),
            key="cq_inform_how",
        )
        day_col, time_col = st.columns(2)
        moment = datetime.now(TIME_ZONE)
        day = day_col.date_input(t("field.complaint_informed_at"), moment, key="cq_inform_day")
        clock = time_col.time_input(" ", moment.time(), key="cq_inform_time")
        if st.form_submit_button(t("complaints.action.inform"), type="primary", key="cq_inform"):
            at = datetime.combine(day, clock, TIME_ZONE)
            attempt(
                "complaint", case.id, lambda: workflow.inform(actor, case.id, case.version, how, at)
            )


def _close_or_reopen(case: CaseRow) -> None:
    if workflow.FLOW.allows("close", case.status):
        if st.button(t("complaints.action.close"), type="primary", key="cq_close"):
            attempt("complaint", case.id, lambda: workflow.close(actor, case.id, case.version))
    elif workflow.FLOW.allows("reopen", case.status) and actor.can("complaints.assign"):
        reason = st.text_input(t("field.complaint_reason"), key="cq_reopen_reason")
        if st.button(t("complaints.action.reopen"), key="cq_reopen"):
            attempt(
                "complaint", case.id, lambda: workflow.reopen(actor, case.id, case.version, reason)
            )


# The form of each step taken on the case page (assignment is the queue tab's bulk form).
STEP_FORMS = {"verify": _verify_form, "handle": _handle_form, "inform": _inform_form}


def _complainants(detail: CaseDetail) -> None:
    # A plain table (not a grid): few rows, and its text is in the page for screen readers.
    st.table(
        pd.DataFrame(
            {
                t("field.complaint_ticket_no"): [x.ticket_no for x in detail.tickets],
                t("field.complaint_received_at"): [_when(x.received_at) for x in detail.tickets],
                t("field.complaint_channel"): [x.channel for x in detail.tickets],
                t("field.complaint_complainant_name"): [x.complainant_name for x in detail.tickets],
                t("field.complaint_complainant_phone"): [
                    x.complainant_phone for x in detail.tickets
                ],
                t("field.complaint_description"): [x.description for x in detail.tickets],
            }
        ),
        border="horizontal",
        hide_index=True,
    )


def _history(detail: CaseDetail) -> None:
    st.dataframe(
        pd.DataFrame(
            {
                t("complaints.col.at"): [_when(e.at) for e in detail.events],
                t("complaints.col.step"): [
                    t(f"complaints.action.{e.action}") for e in detail.events
                ],
                t("complaints.col.status"): [
                    t(f"complaints.status.{e.status}") for e in detail.events
                ],
                t("complaints.col.by"): [e.username for e in detail.events],
                t("complaints.notes"): [e.note for e in detail.events],
            }
        ),
        hide_index=True,
        key="cq_history",
    )


def _case_tab(rows: list[CaseRow]) -> None:
    """One case of the queue as the filters select it (its first QUEUE_LIMIT cases)."""
    if len(rows) == QUEUE_LIMIT:
        st.warning(t("complaints.limited", limit=QUEUE_LIMIT))
    by_id = {r.id: r for r in rows}
    picked = st.selectbox(
        t("complaints.pick_case"),
        list(by_id),
        index=None,
        # No status in the label: a changed label would make Streamlit drop the selection.
        format_func=lambda i: f"{by_id[i].ticket_no} · {by_id[i].unit_name}",
        key="cq_case",
    )
    if picked is None:
        return
    detail = case_detail(actor, picked)
    case = detail.row
    st.markdown(
        t(
            "complaints.case_line",
            category=category_label(case.category),
            status=t(f"complaints.status.{case.status}"),
            deadline=_when(case.deadline_at),
            urgency=t(f"complaints.urgency.{case.urgency}"),
        )
    )
    if case.provisional:
        st.warning(t("complaints.provisional_hint"))
    st.caption(f"{case.unit_name} · {detail.address} · {case.district}")
    # A reveal lives for the one run its click caused: it is never kept in session state,
    # so the next rerun (any click, or the next person at this browser) shows it masked.
    if may_reveal(actor) and st.button(
        t("complaints.unmask"), key="cq_unmask", help=t("complaints.unmask_help")
    ):
        with reported_errors():
            detail = case_detail(actor, picked, unmask=True)
    _complainants(detail)
    for action in workflow.FLOW.actions_from(case.status):
        if action in STEP_FORMS:
            STEP_FORMS[action](case)
    _close_or_reopen(case)
    st.subheader(t("complaints.history"))
    _history(detail)


def _intake_form() -> None:
    with st.form("cq_intake_form", clear_on_submit=False):
        number_col, day_col, time_col = st.columns(3)
        ticket_no = number_col.text_input(t("field.complaint_ticket_no"), key="cq_in_ticket_no")
        moment = datetime.now(TIME_ZONE)
        day = day_col.date_input(t("field.complaint_received_at"), moment, key="cq_in_day")
        clock = time_col.time_input(" ", moment.time(), key="cq_in_time", step=60)
        category = st.selectbox(
            t("field.complaint_category"),
            list(CATEGORIES),
            format_func=category_label,
            key="cq_in_category",
        )
        unit_col, district_col = st.columns(2)
        unit = unit_col.text_input(t("field.complaint_unit_name"), key="cq_in_unit_name")
        district = district_col.selectbox(
            t("field.complaint_district"), _districts(), key="cq_in_district"
        )
        address = st.text_input(t("field.complaint_address"), key="cq_in_address")
        name_col, phone_col = st.columns(2)
        name = name_col.text_input(t("field.complaint_complainant_name"), key="cq_in_name")
        phone = phone_col.text_input(t("field.complaint_complainant_phone"), key="cq_in_phone")
        description = st.text_area(t("field.complaint_description"), key="cq_in_description")
        submitted = st.form_submit_button(t("complaints.save"), type="primary", key="cq_in_save")
    if submitted:
        data = TicketInput(
            ticket_no=ticket_no,
            received_at=datetime.combine(day, clock, TIME_ZONE),
            channel=DEFAULT_CHANNEL,
            category=category,
            unit_name=unit,
            address=address,
            district=district or "",
            complainant_name=name,
            complainant_phone=phone,
            description=description,
        )
        attempt("complaint", 0, lambda: intake(actor, [data]))


def _import() -> None:
    st.caption(t("complaints.import_hint"))
    upload = st.file_uploader(t("complaints.import"), type=["csv", "xlsx"], key="cq_upload")
    if upload is not None and st.button(t("complaints.import"), type="primary", key="cq_import"):
        with reported_errors():
            result = import_sheet(actor, upload.name, upload.getvalue())
            # The queue above was drawn before the import: rerun so it lists the new cases.
            st.session_state.cq_imported = result
            st.rerun()


# The filters choose the cases of the queue and of the case picker alike.
filters = _filters()
queue_tab, case_tab, intake_tab = st.tabs(
    [t("complaints.tab.queue"), t("complaints.tab.case"), t("complaints.tab.intake")]
)
with queue_tab:
    _queue_tab(filters)
with case_tab:
    _case_tab(queue(actor, filters, limit=QUEUE_LIMIT))
with intake_tab:
    _intake_form()
    _import()
