"""The complaint pages as each role sees them (AppTest): queue, masking, steps, intake,
metrics and the calendar."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db.models import AuditLog
from db.models.complaints import ComplaintCase
from db.session import read_session
from services.accounts import users as accounts
from services.calendar import workdays
from services.complaints import workflow
from services.complaints.intake import intake
from services.complaints.queue import PAGE_SIZE, case_detail, queue
from services.core.permissions import SYSTEM
from services.i18n import t
from tests.conftest import make_actor
from tests.fixtures.complaints import PHONE, seed_detachment, ticket
from tests.pages.conftest import downloads, open_app

PAGE = "pages/complaints.py"


@pytest.fixture
def queue_db(app_db):
    workdays.clear_cache()
    accounts.create_first_admin("chief", "王支队", "s3cret-pass")
    people = seed_detachment(SYSTEM)
    intake(
        SYSTEM, [ticket(), ticket(ticket_no="T2", unit_name="别家", category="其他消防违法行为")]
    )
    yield people
    workdays.clear_cache()


def shown_text(app) -> str:
    """Everything the page shows: text elements and every table's cells."""
    parts = [str(e.value) for e in [*app.markdown, *app.caption, *app.error, *app.success]]
    parts += [frame.value.to_csv() for frame in [*app.dataframe, *app.table]]
    return "\n".join(parts)


def test_staff_sees_the_queue_sorted_and_masked(queue_db):
    app = open_app(make_actor("staff"), PAGE)
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table["工单号"]) == ["LY20261127001", "T2"]
    assert "138****5678" in shown_text(app)
    assert PHONE not in shown_text(app)
    assert downloads(app) == {"cq_export": False}


def _case_id(ticket_no: str) -> int:
    with read_session() as session:
        return session.scalar(select(ComplaintCase.id).where(ComplaintCase.ticket_no == ticket_no))


def test_staff_cannot_unmask_a_case(queue_db):
    app = open_app(make_actor("staff"), PAGE)
    app.selectbox(key="cq_case").set_value(_case_id("LY20261127001")).run()
    assert not app.exception
    assert "张**" in shown_text(app)
    assert PHONE not in shown_text(app)
    assert [b for b in app.button if b.key == "cq_unmask"] == []


def test_duty_manager_unmasks_one_case_and_it_is_audited(queue_db):
    manager = make_actor("duty_manager")
    app = open_app(manager, PAGE)
    app.selectbox(key="cq_case").set_value(_case_id("LY20261127001")).run()
    assert PHONE not in shown_text(app)
    app.button(key="cq_unmask").click().run()
    assert not app.exception
    assert PHONE in shown_text(app)
    with read_session() as session:
        actions = session.scalars(select(AuditLog.action).where(AuditLog.action == "unmask")).all()
    assert actions == ["unmask"]
    assert not any(PHONE in repr(value) for value in app.session_state.to_dict().values())
    app.run()  # any next run: the reveal is not kept
    assert PHONE not in shown_text(app)


def test_bulk_assignment_then_verification_on_the_page(queue_db):
    manager = make_actor("duty_manager")
    app = open_app(manager, PAGE)
    ids = [_case_id("LY20261127001"), _case_id("T2")]
    app.multiselect(key="cq_assign_cases").set_value(ids)
    app.multiselect(key="cq_assign_inspectors").set_value([queue_db["王强"], queue_db["李明"]])
    app.button(key="cq_assign").click().run()
    assert not app.exception
    rows = queue(manager)
    assert {(r.status, r.inspectors) for r in rows} == {("assigned", "王强、李明")}

    app.selectbox(key="cq_case").set_value(ids[0]).run()
    app.radio(key="cq_violation").set_value(True)
    app.text_area(key="cq_verify_notes").input("二楼出口上锁，已当场打开")
    app.button(key="cq_verify").click().run()
    assert not app.exception
    assert case_detail(manager, ids[0]).row.status == "verified"


def _version(case_id: int) -> int:
    with read_session() as session:
        return session.get(ComplaintCase, case_id).version


def test_an_informed_case_is_closed_then_reopened_on_the_page(queue_db):
    manager = make_actor("duty_manager")
    case_id = _case_id("LY20261127001")
    workflow.assign(manager, {case_id: _version(case_id)}, [queue_db["王强"], queue_db["李明"]])
    workflow.verify(manager, case_id, _version(case_id), True, "出口确被锁闭")
    workflow.handle(manager, case_id, _version(case_id), "corrected_on_spot")
    workflow.inform(manager, case_id, _version(case_id), "phone")
    app = open_app(manager, PAGE)
    app.selectbox(key="cq_case").set_value(case_id).run()
    assert not [b for b in app.button if b.key == "cq_reopen"]
    app.button(key="cq_close").click().run()
    assert not app.exception
    assert case_detail(manager, case_id).row.status == "closed"

    app.multiselect(key="cq_status").set_value(["closed"]).run()
    app.selectbox(key="cq_case").set_value(case_id).run()
    assert not [b for b in app.button if b.key == "cq_close"]
    app.text_input(key="cq_reopen_reason").input("复查发现仍锁闭")
    app.button(key="cq_reopen").click().run()
    assert not app.exception
    assert case_detail(manager, case_id).row.status == "assigned"


def test_a_ticket_is_registered_through_the_form(queue_db):
    app = open_app(make_actor("staff"), PAGE)
    app.text_input(key="cq_in_ticket_no").input("F100")
    app.text_input(key="cq_in_unit_name").input("辽阳百货大楼")
    app.text_input(key="cq_in_phone").input("0419-2123456")
    app.text_area(key="cq_in_description").input("消防栓被遮挡")
    app.button(key="cq_in_save").click().run()
    assert not app.exception
    assert "F100" in [r.ticket_no for r in queue(SYSTEM)]


def test_form_errors_are_shown_not_raised(queue_db):
    app = open_app(make_actor("staff"), PAGE)
    app.text_input(key="cq_in_phone").input("12345")
    app.button(key="cq_in_save").click().run()
    assert not app.exception
    errors = " ".join(e.value for e in app.error)
    assert "工单号：不能为空" in errors and "联系电话" in errors


def test_leader_reads_the_metrics(queue_db):
    app = open_app(make_actor("leader"), "pages/complaint_metrics.py")
    assert not app.exception
    assert "3个工作日" in shown_text(app)
    assert PHONE not in shown_text(app)


def test_admin_starts_and_confirms_a_new_year(queue_db):
    app = open_app(make_actor("admin"), "pages/admin_calendar.py")
    assert not app.exception
    app.selectbox(key="cal_year").set_value(2027).run()
    app.button(key="cal_create").click().run()
    assert not app.exception
    assert workdays.year_summary(2027).confirmed is False
    app.button(key="cal_confirm").click().run()
    assert not app.exception
    assert workdays.year_summary(2027).confirmed is True


def test_admin_marks_a_holiday_in_a_new_year(queue_db):
    workdays.create_year(SYSTEM, 2031)
    app = open_app(make_actor("admin"), "pages/admin_calendar.py")
    app.selectbox(key="cal_year").set_value(2031).run()
    app.date_input(key="cal_extra_day").set_value(date(2031, 1, 1))
    app.text_input(key="cal_extra_note").input("元旦")
    app.button(key="cal_save").click().run()
    assert not app.exception
    summary = workdays.year_summary(2031)
    assert (date(2031, 1, 1), False, "元旦") in summary.days
    assert summary.working_days == 260


def test_the_queue_is_drawn_a_page_at_a_time(queue_db):
    intake(SYSTEM, [ticket(ticket_no=f"P{i:03d}", unit_name=f"单位{i:03d}") for i in range(60)])
    manager = make_actor("duty_manager")
    app = open_app(manager, PAGE)
    assert not app.exception
    assert len(app.dataframe[0].value) == PAGE_SIZE
    counts = t("complaints.count_page", "zh-CN", count=62, first=1, last=PAGE_SIZE)
    assert counts in [c.value for c in app.caption]
    assert len(app.multiselect(key="cq_assign_cases").options) == PAGE_SIZE
    app.number_input(key="cq_page").set_value(2).run()
    assert list(app.dataframe[0].value["工单号"]) == [r.ticket_no for r in queue(manager)[50:]]
    assert t("complaints.count_page", "zh-CN", count=62, first=51, last=62) in [
        c.value for c in app.caption
    ]


def test_the_export_has_every_filtered_case_not_only_the_page(queue_db, monkeypatch):
    import streamlit as st

    given = {}
    real = st.download_button

    def recording(label, data, **options):
        given[options["key"]] = data
        return real(label, data, **options)

    monkeypatch.setattr(st, "download_button", recording)
    intake(SYSTEM, [ticket(ticket_no=f"P{i:03d}", unit_name=f"单位{i:03d}") for i in range(60)])
    app = open_app(make_actor("duty_manager"), PAGE)
    assert len(app.dataframe[0].value) == PAGE_SIZE
    assert callable(given["cq_export"])  # built when clicked, not on every drawing
    exported = given["cq_export"]().decode("utf-8-sig")
    assert len(exported.strip().splitlines()) == 1 + 62  # the header and every case
    assert PHONE not in exported
