"""The booking pages in the app: enter, list, edit, move along, cancel; tour slots."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from services.bookings import requests as bookings
from services.bookings import tours
from services.bookings.requests import BookingFilter
from services.core.permissions import SYSTEM
from tests.fixtures.bookings import MONDAY, booking_input, build_world
from tests.pages.conftest import open_app


@pytest.fixture
def world_app(app_db):
    build_world()
    return app_db


def _texts(app) -> str:
    return " ".join(str(e.value) for e in [*app.success, *app.error, *app.warning, *app.caption])


def _new_booking_page(actor, kind: str = "offhours_inspection"):
    app = open_app(actor, page="pages/booking_new.py")
    app.selectbox(key="bn_kind").set_value(kind).run()
    app.date_input(key="bn_week").set_value(MONDAY).run()
    return app


@pytest.mark.usefixtures("world_app")
def test_an_inspection_starts_from_the_units_opening_hours(staff_actor):
    app = _new_booking_page(staff_actor)
    app.selectbox(key="bn_unit").set_value("U001").run()
    assert app.text_area(key="bn_U001_preferred").value == "周一 18:00–23:00\n周六 10:00–22:00"
    assert app.number_input(key="bn_headcount_offhours_inspection").value == 2
    app.text_area(key="bn_U001_acceptable").input("周三 19:00-21:00").run()
    app.text_input(key="bn_contact_name").input("刘经理")
    app.text_input(key="bn_contact_phone").input("0419-2123456")
    app.button(key="bn_submit").click().run()
    assert not app.exception
    assert "预约已保存" in _texts(app)
    [row] = bookings.list_bookings(BookingFilter(week_start=MONDAY))
    assert (row.kind, row.unit_code, row.headcount, row.contact) == (
        "offhours_inspection",
        "U001",
        2,
        "刘** 041*****3456",
    )
    assert [w["cost"] for w in row.windows] == [0, 0, 30]


@pytest.mark.usefixtures("world_app")
def test_bad_input_is_listed_in_chinese_and_nothing_is_saved(staff_actor):
    app = _new_booking_page(staff_actor, "training")
    app.selectbox(key="bn_unit").set_value("U002").run()
    app.text_area(key="bn_U002_preferred").input("周二 10:00-11:00").run()
    app.number_input(key="bn_duration_training").set_value(120).run()
    app.text_input(key="bn_contact_phone").input("5551234").run()
    app.button(key="bn_submit").click().run()
    errors = " ".join(e.value for e in app.error)
    assert "“5551234”不是有效的手机号或固定电话" in errors
    assert "120 分钟比每个可接受时段都长" in errors
    assert "参加人数：不能为空" in errors
    assert bookings.list_bookings(BookingFilter()) == []


@pytest.mark.usefixtures("world_app")
def test_a_training_asks_for_its_participants(staff_actor):
    app = _new_booking_page(staff_actor, "training")
    participants = app.number_input(key="bn_participants")
    assert (participants.label, participants.value) == ("参加人数", None)
    app.selectbox(key="bn_unit").set_value("U002").run()
    app.text_area(key="bn_U002_preferred").input("周二 09:00-11:30").run()
    app.text_input(key="bn_contact_phone").input("0419-2123456")
    app.number_input(key="bn_participants").set_value(85).run()
    app.button(key="bn_submit").click().run()
    assert "预约已保存" in _texts(app)
    [row] = bookings.list_bookings(BookingFilter())
    assert (row.kind, row.group_size) == ("training", 85)


@pytest.mark.usefixtures("world_app")
def test_only_trainings_and_drills_ask_for_participants(staff_actor):
    def labels(kind: str) -> list[str]:
        return [n.label for n in _new_booking_page(staff_actor, kind).number_input]

    assert "参加人数" in labels("drill")
    assert "参加人数" not in labels("offhours_inspection")
    tour = labels("station_tour")
    assert "参观人数" in tour and "参加人数" not in tour


@pytest.mark.usefixtures("world_app")
def test_an_unreadable_time_pattern_is_named(staff_actor):
    app = _new_booking_page(staff_actor, "drill")
    app.selectbox(key="bn_unit").set_value("U002").run()
    app.text_area(key="bn_U002_preferred").input("下周找个时间").run()
    app.text_input(key="bn_contact_phone").input("13812345678")
    app.button(key="bn_submit").click().run()
    assert "看不懂“下周找个时间”" in " ".join(e.value for e in app.error)


@pytest.mark.usefixtures("world_app")
def test_a_tour_is_booked_into_a_free_slot(staff_actor, manager):
    tours.publish_slots(manager, "S01", [MONDAY + timedelta(days=2)], [time(9, 30)], 60, 1, 40)
    app = _new_booking_page(staff_actor, "station_tour")
    app.selectbox(key="bn_unit").set_value("S01").run()
    app.number_input(key="bn_group_size").set_value(35).run()
    slot = app.selectbox(key="bn_slot")
    assert slot.options == ["周三 12-02 09:30（余 1 组 / 40 人）"]
    slot.set_value(tours.week_slots(MONDAY)[0].id).run()
    app.text_input(key="bn_group").input("实验小学五年级")
    app.text_input(key="bn_contact_phone").input("13912345678")
    app.button(key="bn_submit").click().run()
    assert "预约已保存" in _texts(app)
    # The slot is full now: a second group is told so, and no slot is offered.
    again = _new_booking_page(staff_actor, "station_tour")
    again.selectbox(key="bn_unit").set_value("S01").run()
    assert again.selectbox(key="bn_slot").options == []
    assert "没有能容纳这个团体的空闲时段" in _texts(again)


@pytest.mark.usefixtures("world_app")
def test_the_list_moves_a_booking_along_and_cancels_it(staff_actor):
    booking_id = bookings.create_booking(staff_actor, booking_input())
    app = open_app(staff_actor, page="pages/bookings.py")
    app.date_input(key="bl_week").set_value(MONDAY).run()
    assert "共 1 条" in _texts(app)
    app.selectbox(key="bl_selected").set_value(booking_id).run()
    app.selectbox(key=f"bl_next_{booking_id}").set_value("planned").run()
    app.button(key=f"bl_change_{booking_id}").click().run()
    assert bookings.get_booking(SYSTEM, booking_id).status == "planned"
    app.button(key=f"bl_cancel_{booking_id}").click().run()
    assert "取消原因：不能为空" in " ".join(e.value for e in app.error)
    app.text_input(key=f"bl_reason_{booking_id}").input("单位装修停业")
    app.button(key=f"bl_cancel_{booking_id}").click().run()
    detail = bookings.get_booking(SYSTEM, booking_id)
    assert (detail.status, detail.history[-1].reason) == ("cancelled", "单位装修停业")


@pytest.mark.usefixtures("world_app")
def test_marking_a_training_done_records_who_actually_came(staff_actor):
    booking_id = bookings.create_booking(
        staff_actor, booking_input(kind="training", unit_code="U002", group_size=80)
    )
    bookings.change_status(staff_actor, booking_id, 1, "planned")
    bookings.change_status(staff_actor, booking_id, 2, "confirmed")
    app = open_app(staff_actor, page="pages/bookings.py")
    app.checkbox(key="bl_all_weeks").check().run()
    app.selectbox(key="bl_selected").set_value(booking_id).run()
    assert app.selectbox(key=f"bl_next_{booking_id}").value == "done"
    actual = app.number_input(key=f"bl_participants_{booking_id}_3")
    assert (actual.label, actual.value) == ("实际参加人数", 80)
    actual.set_value(67).run()
    app.button(key=f"bl_change_{booking_id}").click().run()
    assert not app.exception
    detail = bookings.get_booking(SYSTEM, booking_id)
    assert (detail.status, detail.data.group_size) == ("done", 67)


@pytest.mark.usefixtures("world_app")
def test_no_participants_are_asked_when_an_inspection_is_done(staff_actor):
    booking_id = bookings.create_booking(staff_actor, booking_input())
    bookings.change_status(staff_actor, booking_id, 1, "planned")
    bookings.change_status(staff_actor, booking_id, 2, "confirmed")
    app = open_app(staff_actor, page="pages/bookings.py")
    app.checkbox(key="bl_all_weeks").check().run()
    app.selectbox(key="bl_selected").set_value(booking_id).run()
    assert app.selectbox(key=f"bl_next_{booking_id}").value == "done"
    assert "实际参加人数" not in [n.label for n in app.number_input]
    app.button(key=f"bl_change_{booking_id}").click().run()
    assert bookings.get_booking(SYSTEM, booking_id).status == "done"


@pytest.mark.usefixtures("world_app")
def test_an_edit_after_someone_elses_save_is_refused_and_the_form_reloads(staff_actor, manager):
    booking_id = bookings.create_booking(staff_actor, booking_input())
    app = open_app(staff_actor, page="pages/bookings.py")
    app.checkbox(key="bl_all_weeks").check().run()
    app.selectbox(key="bl_selected").set_value(booking_id).run()
    app.text_area(key=f"be_{booking_id}_v1_notes").input("东门进入").run()
    # Meanwhile a manager changes the priority.
    bookings.update_booking(manager, booking_id, 1, booking_input(priority=9))
    app.button(key=f"bl_save_{booking_id}").click().run()
    assert "保存前该记录已被他人修改" in " ".join(e.value for e in app.error)
    saved = bookings.get_booking(SYSTEM, booking_id)
    assert (saved.data.priority, saved.data.notes) == (9, "")
    # The form now shows the stored booking (version 2), not what was typed on version 1.
    assert app.text_area(key=f"be_{booking_id}_v2_notes").value == ""
    assert app.number_input(key=f"be_{booking_id}_v2_priority_offhours_inspection").value == 9
    app.text_area(key=f"be_{booking_id}_v2_notes").input("东门进入").run()
    app.button(key=f"bl_save_{booking_id}").click().run()
    assert "已保存" in _texts(app)
    saved = bookings.get_booking(SYSTEM, booking_id)
    assert (saved.data.priority, saved.data.notes) == (9, "东门进入")


@pytest.mark.usefixtures("world_app")
def test_an_edit_is_saved(staff_actor):
    booking_id = bookings.create_booking(staff_actor, booking_input())
    app = open_app(staff_actor, page="pages/bookings.py")
    app.checkbox(key="bl_all_weeks").check().run()
    app.selectbox(key="bl_selected").set_value(booking_id).run()
    assert app.text_area(key=f"be_{booking_id}_v1_preferred").value == "周一 18:30–22:00"
    app.text_area(key=f"be_{booking_id}_v1_preferred").input("周二 18:30-22:00").run()
    app.button(key=f"bl_save_{booking_id}").click().run()
    assert not app.exception
    saved = bookings.get_booking(SYSTEM, booking_id)
    assert saved.data.windows[0] == {"start": 1440 + 1110, "end": 1440 + 1320, "cost": 0}


@pytest.mark.usefixtures("world_app")
def test_managers_publish_tour_slots(manager, staff_actor):
    app = open_app(manager, page="pages/tour_slots.py")
    app.selectbox(key="ts_station").set_value("S01").run()
    app.date_input(key="ts_week").set_value(MONDAY).run()
    app.multiselect(key="ts_days").set_value([MONDAY + timedelta(days=5)]).run()
    app.text_input(key="ts_starts").input("09:00, 14:30").run()
    app.button(key="ts_publish").click().run()
    assert "已发布 2 个新时段" in _texts(app)
    assert len(tours.week_slots(MONDAY, "S01")) == 2
    staff_view = open_app(staff_actor, page="pages/tour_slots.py")
    assert (
        staff_view.button(key="ts_publish") is None
        if False
        else not [b for b in staff_view.button if b.key == "ts_publish"]
    )
