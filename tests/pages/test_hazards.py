"""The hazard page (AppTest): from an inspection's correction order to a closed case."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from db.models.hazards import HazardCase
from db.session import read_session
from services.core.clock import now
from services.draws import records
from tests.conftest import make_actor
from tests.fixtures.draws import build_draw_world
from tests.pages.conftest import open_app

CLERK = make_actor("staff")


def _case() -> HazardCase:
    with read_session() as session:
        return session.scalars(select(HazardCase)).one()


def _inspected(app_db) -> None:
    build_draw_world()
    records.record_inspection(
        CLERK,
        records.InspectionInput(
            unit_code="R001",
            kind="offhours_inspection",
            inspected_at=now() - timedelta(hours=1),
            officers=["E001", "E002"],
            outcome="correction_order",
            findings=["exits"],
        ),
    )


def test_a_case_goes_from_the_order_to_closed_in_the_browser(app_db):
    _inspected(app_db)
    app = open_app(CLERK, "pages/hazards.py")
    assert not app.exception
    case = _case()
    app.text_area(key=f"hz_plan_{case.id}_0").input("拆除<b>东侧</b>出口铁栅栏").run()
    app.button(key=f"hz_save_{case.id}").click().run()
    assert not app.exception
    assert _case().guidance[0]["plan"] == "拆除<b>东侧</b>出口铁栅栏"
    app.button(key=f"hz_issue_{case.id}").click().run()
    assert not app.exception
    assert _case().state == "order_issued"
    assert any(b.key == f"hz_print_{case.id}" for b in app.get("download_button"))
    assert not any(b.key == f"hz_grant_extension_{case.id}" for b in app.button)  # staff
    app.button(key=f"hz_apply_{case.id}").click().run()
    assert _case().state == "reinspection_due"
    app.button(key=f"hz_reinspect_{case.id}").click().run()
    assert not app.exception
    assert _case().state == "closed_fixed"


def test_a_leader_sees_the_queue_and_no_step(app_db):
    _inspected(app_db)
    app = open_app(make_actor("leader"), "pages/hazards.py")
    assert not app.exception
    assert list(app.dataframe[0].value["单位"]) == ["单位001"]
    assert [m.value for m in app.metric][:1] == ["1"]
    assert not [b for b in app.button if b.key.startswith("hz_")]


def test_the_duty_managers_home_page_names_overdue_cases(app_db, monkeypatch):
    _inspected(app_db)
    later = now() + timedelta(days=30)  # the order is long overdue by then
    monkeypatch.setattr("services.hazards.queue.now", lambda: later)
    app = open_app(make_actor("duty_manager"), "pages/home.py")
    assert not app.exception
    assert "1 件隐患整改案件已超期" in app.warning[0].value
    assert "YH" in app.warning[0].value
    staff_home = open_app(CLERK, "pages/home.py")
    assert not staff_home.warning


def test_a_major_hazard_is_reported_sealed_and_listed_in_the_browser(app_db, monkeypatch):
    _inspected(app_db)
    case = _case()
    app = open_app(CLERK, "pages/hazards.py")
    app.checkbox(key=f"hz_major_{case.id}").check().run()
    app.selectbox(key=f"hz_level_{case.id}").set_value("government").run()
    app.text_input(key=f"hz_to_{case.id}").input("白塔区人民政府").run()
    app.button(key=f"hz_save_{case.id}").click().run()
    assert not app.exception
    assert (_case().major, _case().major_reported_to) == (True, "白塔区人民政府")
    assert "白塔区人民政府" in app.error[0].value  # the report, on the case
    listed = next(d.value for d in app.dataframe if "上报时间" in d.value)
    assert list(listed["上报至"]) == ["本级人民政府 白塔区人民政府"]
    app.text_input(key=f"hz_seal_scope_{case.id}").input("二楼仓库").run()
    app.checkbox(key=f"hz_seal_urgent_{case.id}").check().run()
    app.button(key=f"hz_seal_propose_{case.id}").click().run()
    assert not app.exception
    assert not [b for b in app.button if b.key.startswith("hz_seal_seal_")]  # staff: no decision
    later = now() + timedelta(days=2)  # the urgent seal's 24 h are over
    monkeypatch.setattr("services.hazards.seals.now", lambda: later)
    manager = open_app(make_actor("duty_manager"), "pages/hazards.py")
    seals_table = next(d.value for d in manager.dataframe if "查封范围（场所、部位）" in d.value)
    assert list(seals_table["时限状态"]) == ["已超期"]
    home = open_app(make_actor("duty_manager"), "pages/home.py")
    assert any("临时查封超期" in w.value for w in home.warning)
    [decide] = [b for b in manager.button if b.key.startswith("hz_seal_seal_")]
    decide.click().run()
    assert not manager.exception
    from services.hazards.seals import list_seals

    assert [s.state for s in list_seals(CLERK)] == ["sealed"]
    leader = open_app(make_actor("leader"), "pages/kpi_dashboard.py")
    assert not leader.exception
    major = next(d.value for d in leader.dataframe if "上报时间" in d.value)
    assert list(major["单位"]) == ["单位001"]


def test_an_issued_order_downloads_as_html_and_pdf(app_db):
    _inspected(app_db)
    case = _case()
    app = open_app(CLERK, "pages/hazards.py")
    app.button(key=f"hz_issue_{case.id}").click().run()
    keys = {b.key for b in app.get("download_button")}
    assert {f"hz_print_{case.id}", f"hz_pdf_{case.id}"} <= keys


def test_an_escalated_case_with_a_seal_to_decide_stays_on_the_open_list(app_db):
    from services.hazards import cases, seals

    _inspected(app_db)
    case = _case()
    cases.issue_order(CLERK, case.id, case.version, (now() + timedelta(days=30)).date())
    cases.apply_reinspection(CLERK, case.id, _case().version)
    records.record_inspection(
        CLERK,
        records.InspectionInput(
            unit_code="R001",
            kind="reinspection",
            inspected_at=now(),
            officers=["E001", "E002"],
            outcome="correction_order",
            findings=["exits"],
        ),
    )
    assert _case().state == "escalated"
    seals.propose_seal(CLERK, case.id, _case().version, "整栋", urgent=True)
    app = open_app(make_actor("duty_manager"), "pages/hazards.py")
    assert not app.exception
    assert app.selectbox(key="hz_pick").value == case.id
    assert [b.key for b in app.button if b.key.startswith("hz_seal_seal_")]
