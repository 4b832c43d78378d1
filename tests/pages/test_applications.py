"""The application pages (AppTest): intake with missing documents, the notice to print,
and the queue taking an application through decision and delivery."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models.applications import Application
from db.session import read_session
from demo.setup import load_demo_detachment
from pages.registry import PAGES
from services.applications import types
from services.applications.intake import ApplicationInput, intake
from services.calendar import workdays
from tests.conftest import make_actor
from tests.pages.conftest import downloads, open_app

NEW = "pages/application_new.py"
QUEUE = "pages/applications.py"
CLERK = make_actor("staff")


@pytest.fixture
def desk(app_db):
    workdays.clear_cache()
    yield
    workdays.clear_cache()


def test_a_clerk_accepts_an_incomplete_application_and_gets_the_notice(desk):
    app = open_app(CLERK, NEW)
    assert not app.exception
    app.selectbox(key="an_type").select_index(0).run()  # the pre-opening check
    # Internal documents are named as checked internally and offered as no checkbox.
    assert any("营业执照" in str(i.value) for i in app.info)
    assert all("营业执照" not in c.label for c in app.checkbox)
    app.checkbox(key="an_doc_pre_opening_check_application_form").check()
    app.checkbox(key="an_doc_pre_opening_check_applicant_id").check()
    app.text_input(key="an_unit").input("好时光KTV")
    app.text_input(key="an_applicant").input("张三丰")
    app.text_input(key="an_phone").input("13812345678")
    app.button(key="an_submit").click().run()
    assert not app.exception
    assert [str(w.value) for w in app.warning][0].startswith("已容缺受理")
    assert "5 项材料" in app.warning[0].value
    assert downloads(app) == {"an_notice": False, "an_receipt": False}
    with read_session() as session:
        assert session.scalar(select(Application.status)) == "supplementing"


def test_a_missing_required_document_is_reported_on_the_page(desk):
    app = open_app(CLERK, NEW)
    app.text_input(key="an_unit").input("好时光KTV")
    app.text_input(key="an_applicant").input("张三丰")
    app.text_input(key="an_phone").input("13812345678")
    app.button(key="an_submit").click().run()
    assert "不能受理" in app.error[0].value
    with read_session() as session:
        assert session.scalar(select(Application.id)) is None


def _take(kind_code: str, documents: list[str], **changes) -> int:
    kind = types.type_by_code(kind_code)
    data = ApplicationInput(kind.id, "好时光KTV", "张三丰", "13812345678", documents, **changes)
    return intake(CLERK, data).application_id


def test_the_queue_masks_applicants_and_takes_a_change_to_delivery(desk):
    _take(
        types.NAME_CHANGE,
        ["change_application", "original_permit"],
        delivery_method="post",
        delivery_address="白塔区 1 号",
    )
    app = open_app(CLERK, QUEUE)
    assert not app.exception
    tiles = {m.label: m.value for m in app.metric}
    assert (tiles["本月受理"], tiles["容缺受理"], tiles["邮寄送达占比"]) == ("1", "1", "100%")
    table = app.dataframe[0].value
    assert list(table["申请人"]) == ["张**"]
    assert "张三丰" not in table.to_csv()
    assert set(downloads(app)) == {"ap_export", "ap_notice", "ap_receipt"}
    assert not any(b.key.startswith("ap_approve") for b in app.button)  # documents missing
    app.multiselect(key=next(m.key for m in app.multiselect)).set_value(
        ["name_preapproval", "representative_ids"]
    ).run()
    app.button(key=next(b.key for b in app.button if b.key.startswith("ap_supp_go"))).click().run()
    assert not app.exception
    assert "已受理" in app.subheader[0].value
    app.button(key=next(b.key for b in app.button if b.key.startswith("ap_approve"))).click().run()
    assert "准予许可" in app.subheader[0].value
    app.text_input(
        key=next(i.key for i in app.text_input if i.key.startswith("ap_tracking"))
    ).input("EMS123")
    app.button(key=next(b.key for b in app.button if b.key.startswith("ap_send"))).click().run()
    assert "已寄出" in app.subheader[0].value
    app.button(key=next(b.key for b in app.button if b.key.startswith("ap_receive"))).click().run()
    assert not app.exception
    with read_session() as session:
        assert session.scalar(select(Application.status)) == "delivered"


def test_the_pages_are_registered_for_the_front_desk_only():
    specs = {spec.path: spec.permission for spec in PAGES}
    assert specs[NEW] == specs[QUEUE] == "applications.write"
    assert make_actor("staff").can("applications.write")
    assert not make_actor("leader").can("applications.write")


def test_the_demo_month_renders_in_the_queue_masked(desk):
    load_demo_detachment()
    with read_session() as session:
        names = list(session.scalars(select(Application.applicant_name)))
    app = open_app(CLERK, QUEUE)
    assert not app.exception
    app.toggle(key="ap_open").set_value(False).run()
    shown = app.dataframe[0].value.to_csv()
    assert len(app.dataframe[0].value) == len(names)
    assert not any(name in shown for name in names)
