"""The locations page: filter the list, create a unit, reject a bad one."""

import pytest
from sqlalchemy import select

from db.models import District, Location
from db.session import read_session
from demo import detachment as demo_module
from demo.setup import load_demo_detachment
from tests.conftest import make_actor
from tests.pages.conftest import open_app

PAGE = "pages/admin_locations.py"


@pytest.fixture
def district_id(app_db, monkeypatch) -> int:
    monkeypatch.setattr(demo_module, "AREA_BUILDERS", [])  # the foundation is enough here
    load_demo_detachment()
    with read_session() as session:
        return session.scalar(select(District.id).where(District.name == "文圣区"))


def _page():
    return open_app(make_actor("admin", username="admin"), PAGE)


def _fill(app, district_id: int, name: str):
    app.text_input(key="loc_code_0").input("U9001")
    app.text_input(key="loc_name_0").input(name)
    app.selectbox(key="loc_district_0").set_value(district_id)
    app.text_input(key="loc_address_0").input("辽阳市文圣区文圣路88号")
    app.selectbox(key="loc_credit_0").set_value("C")
    app.text_input(key="loc_phone_0").input("0419-3123456")
    app.checkbox(key="loc_open_weekdays_0").check()
    app.button(key="loc_save").click()
    return app.run()


def test_list_filters(district_id):
    app = _page()
    assert not app.exception
    assert "共 513 条" in [c.value for c in app.caption]
    app.selectbox(key="loc_kind").set_value("station").run()
    assert "共 12 条" in [c.value for c in app.caption]


def test_create_a_unit(district_id):
    app = _fill(_page(), district_id, "文圣万达影城")
    assert not app.error and "已保存。" in [s.value for s in app.success]
    with read_session() as session:
        unit = session.scalar(select(Location).where(Location.code == "U9001"))
    assert (unit.kind, unit.credit_class, unit.district_id) == ("unit", "C", district_id)
    assert unit.opening_hours == {str(d): [["08:30", "17:30"]] for d in range(5)}


def test_empty_name_is_rejected(district_id):
    app = _fill(_page(), district_id, "")
    assert "名称：不能为空" in app.error[0].value
