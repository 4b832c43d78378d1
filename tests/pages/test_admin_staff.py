"""The staff page: list, create a person, reject a bad phone, add an agreed period."""

import pytest
from sqlalchemy import select

from db.models import Location, Staff
from db.session import read_session
from demo import detachment as demo_module
from demo.setup import load_demo_detachment
from tests.conftest import make_actor
from tests.pages.conftest import open_app

PAGE = "pages/admin_staff.py"


@pytest.fixture
def demo(app_db, monkeypatch):
    monkeypatch.setattr(demo_module, "AREA_BUILDERS", [])  # the foundation is enough here
    load_demo_detachment()
    with read_session() as session:
        return session.scalar(select(Location.id).where(Location.code == "ST01"))


def _admin_page():
    return open_app(make_actor("admin", username="admin"), PAGE)


def _fill(app, code: str, phone: str, station_id: int):
    app.text_input(key="staff_code_0").input(code)
    app.text_input(key="staff_name_0").input("赵新兵")
    app.selectbox(key="staff_base_0").set_value(station_id)
    app.number_input(key="staff_cap_0").set_value(32)
    app.text_input(key="staff_phone_0").input(phone)
    app.multiselect(key="staff_skills_0").select("guide")
    app.button(key="staff_save").click()
    return app.run()


def test_list_and_week_view(demo):
    app = _admin_page()
    assert not app.exception
    assert "共 60 条" in [c.value for c in app.caption]
    assert any("全体在岗人员共可排" in c.value for c in app.caption)


def test_create_a_person(demo):
    app = _fill(_admin_page(), "E100", "13912345678", demo)
    assert not app.exception and not app.error
    assert "已保存。" in [s.value for s in app.success]
    with read_session() as session:
        person = session.scalar(select(Staff).where(Staff.code == "E100"))
    assert (person.name, person.weekly_hour_cap, person.skill_names) == ("赵新兵", 32, ["guide"])
    assert app.selectbox(key="staff_pick").value == person.id  # the new person is open


def test_bad_phone_is_named_in_chinese(demo):
    app = _fill(_admin_page(), "E101", "12345", demo)
    assert "联系电话：“12345”不是有效的手机号或固定电话" in app.error[0].value
    with read_session() as session:
        assert session.scalar(select(Staff).where(Staff.code == "E101")) is None


def test_add_and_reject_agreed_periods(demo):
    app = _admin_page()
    with read_session() as session:
        person = session.scalar(select(Staff).where(Staff.code == "E001"))
    app.selectbox(key="staff_pick").set_value(person.id).run()
    app.selectbox(key="rule_kind").set_value("weekly").run()
    app.selectbox(key="rule_weekday").set_value(6)
    app.button(key="rule_add").click().run()
    assert not app.error, [e.value for e in app.error]
    assert any("每周日 18:30–21:30" in m.value for m in app.markdown), [
        m.value for m in app.markdown
    ] + [s.value for s in app.success]
    app.selectbox(key="rule_weekday").set_value(6)  # the same period again overlaps
    app.button(key="rule_add").click().run()
    assert "与已有时段 18:30–21:30 重叠" in app.error[0].value
