"""The registers page: an admin keeps the units (key unit, in or out, last inspection) and
the inspectors (districts, declared conflicts); wrong entries are refused with a clear
message and nothing is saved; other roles never reach the page."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from db.models import District, Location, Staff
from db.models.draws import DrawInspector, DrawUnit
from db.session import read_session
from rules.time import TIME_ZONE
from services.core import clock
from services.core.errors import ConflictError, PermissionDenied, ValidationError
from services.draws import registers
from tests.conftest import make_actor
from tests.fixtures.draws import build_draw_world
from tests.pages.conftest import open_app

PAGE = "pages/draw_registers.py"


@pytest.fixture
def world(app_db, monkeypatch):
    build_draw_world()
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 12, 20, 9, 0, tzinfo=TIME_ZONE))
    with read_session() as session:
        return {
            "locations": {loc.code: loc.id for loc in session.scalars(select(Location))},
            "staff": {s.code: s.id for s in session.scalars(select(Staff))},
            "districts": {d.name: d.id for d in session.scalars(select(District))},
        }


def test_an_admin_sees_both_registers(world):
    app = open_app(make_actor("admin"), PAGE)
    assert not app.exception
    units = app.dataframe[0].value
    assert len(units) == 40
    key_units = units[units.iloc[:, 5]].iloc[:, 0].tolist()
    assert key_units == ["R003", "R007"]
    assert units.set_index(units.columns[0]).loc["R007"].iloc[-1] == "E001"
    people = app.dataframe[1].value
    assert people.iloc[:, 0].tolist() == ["E001", "E002", "E004"]
    assert "R011" in people.set_index(people.columns[0]).loc["E004"].iloc[3]


def test_an_admin_marks_a_key_unit_and_its_last_inspection(world):
    app = open_app(make_actor("admin"), PAGE)
    r010 = world["locations"]["R010"]
    app.selectbox(key="registers_unit").select(r010).run()
    app.checkbox(key=f"ru_key_{r010}").check()
    app.date_input(key=f"ru_last_on_{r010}").set_value(date(2026, 11, 5))
    app.multiselect(key=f"ru_last_by_{r010}").select("E001").select("E002")
    app.button(key="registers_unit_save").click().run()
    assert not app.exception and not app.error
    assert any("R010" in s.value for s in app.success)
    with read_session() as session:
        row = session.get(DrawUnit, r010)
        assert (row.key_unit, row.last_inspected_on, row.last_inspectors) == (
            True,
            date(2026, 11, 5),
            ["E001", "E002"],
        )
    with read_session() as session:
        units = {u.code: u for u in registers.register_units(session)}
    assert units["R010"].key_unit and units["R010"].last_inspectors == ("E001", "E002")


def test_a_future_last_inspection_is_refused_and_nothing_saved(world):
    app = open_app(make_actor("admin"), PAGE)
    r010 = world["locations"]["R010"]
    app.selectbox(key="registers_unit").select(r010).run()
    app.date_input(key=f"ru_last_on_{r010}").set_value(date(2027, 1, 5))
    app.button(key="registers_unit_save").click().run()
    assert "检查时间不能晚于现在" in app.error[0].value
    with read_session() as session:
        assert session.get(DrawUnit, r010) is None


def test_an_admin_declares_a_conflict_and_narrows_the_districts(world):
    app = open_app(make_actor("admin"), PAGE)
    e002 = world["staff"]["E002"]
    app.selectbox(key="registers_inspector").select(e002).run()
    app.multiselect(key=f"ri_districts_{e002}").unselect(world["districts"]["辽阳县"])
    app.multiselect(key=f"ri_conflicts_{e002}").select(world["locations"]["R005"])
    app.text_input(key=f"ri_note_{e002}").input("配偶任职单位")
    app.button(key="registers_inspector_save").click().run()
    assert not app.exception and not app.error
    with read_session() as session:
        row = session.get(DrawInspector, e002)
        assert row.district_ids == [world["districts"]["白塔区"]]
        assert row.conflict_location_ids == [world["locations"]["R005"]]
        assert row.note == "配偶任职单位"


def test_an_inspector_without_districts_is_refused(world):
    app = open_app(make_actor("admin"), PAGE)
    e001 = world["staff"]["E001"]
    app.selectbox(key="registers_inspector").select(e001).run()
    app.multiselect(key=f"ri_districts_{e001}").unselect(world["districts"]["白塔区"])
    app.button(key="registers_inspector_save").click().run()
    assert "请至少选择一个负责辖区" in app.error[0].value
    with read_session() as session:
        assert session.get(DrawInspector, e001) is None


def test_the_service_refuses_what_the_page_cannot_offer(world):
    admin = make_actor("admin")
    with pytest.raises(ValidationError) as refused:
        registers.save_inspector(
            admin,
            registers.InspectorEntry(
                world["staff"]["E003"], [99999], [world["locations"]["R001"] + 100000]
            ),
        )
    fields = {e.field for e in refused.value.errors}
    assert fields == {"register_inspector", "register_districts", "register_conflicts"}
    with pytest.raises(ValidationError) as refused:
        registers.save_unit(
            admin,
            registers.UnitEntry(world["locations"]["R001"], last_inspectors=("E003",)),
        )
    assert "E003" in refused.value.messages("en")[0]
    with pytest.raises(PermissionDenied):
        registers.save_unit(make_actor("duty_manager"), registers.UnitEntry(1))


def test_only_admins_reach_the_page():
    for role, allowed in (("admin", True), ("duty_manager", False), ("leader", False)):
        assert make_actor(role).can(registers.REGISTER_PERMISSION) is allowed


def test_a_concurrent_edit_of_a_unit_is_refused_not_overwritten(world):
    admin = make_actor("admin")
    r003 = world["locations"]["R003"]  # a key unit, entry at version 1
    app = open_app(admin, PAGE)
    app.selectbox(key="registers_unit").select(r003).run()
    app.checkbox(key=f"ru_in_{r003}").uncheck().run()
    # Meanwhile another admin saves the same unit's entry.
    registers.save_unit(admin, registers.UnitEntry(r003, key_unit=False, version=1))
    app.button(key="registers_unit_save").click().run()
    assert "已被他人修改" in app.error[0].value
    with read_session() as session:
        row = session.get(DrawUnit, r003)
        assert (row.key_unit, row.in_register, row.version) == (False, True, 2)


def test_a_concurrent_first_entry_of_an_inspector_is_refused(world):
    admin = make_actor("admin")
    e001 = world["staff"]["E001"]  # no entry yet: the form shows version 0
    app = open_app(admin, PAGE)
    app.selectbox(key="registers_inspector").select(e001).run()
    app.text_input(key=f"ri_note_{e001}").input("原工作单位")
    bai_ta = world["districts"]["白塔区"]
    registers.save_inspector(admin, registers.InspectorEntry(e001, [bai_ta], [], "", version=0))
    app.button(key="registers_inspector_save").click().run()
    assert "已被他人修改" in app.error[0].value
    with read_session() as session:
        assert session.get(DrawInspector, e001).note == ""
    # After a reload the form shows the stored entry, and the save goes through.
    app = open_app(admin, PAGE)
    app.selectbox(key="registers_inspector").select(e001).run()
    app.text_input(key=f"ri_note_{e001}").input("原工作单位")
    app.button(key="registers_inspector_save").click().run()
    assert not app.error
    with read_session() as session:
        assert session.get(DrawInspector, e001).note == "原工作单位"


def test_the_service_refuses_a_stale_version(world):
    admin = make_actor("admin")
    r003 = world["locations"]["R003"]
    registers.save_unit(admin, registers.UnitEntry(r003, key_unit=False, version=1))
    with pytest.raises(ConflictError):
        registers.save_unit(admin, registers.UnitEntry(r003, key_unit=True, version=1))
    with pytest.raises(ConflictError):  # an entry appeared since the form showed none
        registers.save_unit(admin, registers.UnitEntry(r003, key_unit=True, version=0))
    registers.save_unit(admin, registers.UnitEntry(r003, key_unit=True, version=2))
    with read_session() as session:
        assert (session.get(DrawUnit, r003).key_unit, session.get(DrawUnit, r003).version) == (
            True,
            3,
        )
