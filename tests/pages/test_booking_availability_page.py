"""The week's availability page: a staff member enters leave and an agreed period."""

from __future__ import annotations

import pytest

from services.staff import availability_week as aw
from tests.fixtures.bookings import MONDAY, build_world, own_actor
from tests.pages.conftest import open_app


@pytest.fixture
def world_app(app_db):
    build_world()
    return app_db


def _page(actor):
    app = open_app(actor, page="pages/availability_week.py")
    app.date_input(key="aw_week").set_value(MONDAY).run()
    return app


@pytest.mark.usefixtures("world_app")
def test_a_staff_member_enters_leave_and_an_agreed_evening():
    me = own_actor("E004")
    app = _page(me)
    assert not app.exception
    assert app.selectbox(key="aw_person").options == ["E004 赵磊"]
    app.selectbox(key="aw_leave_from").select_index(2).run()
    app.selectbox(key="aw_leave_to").select_index(2).run()
    app.text_input(key="aw_leave_note").input("探亲假").run()
    app.button(key="aw_leave_submit").click().run()
    assert "已保存" in " ".join(s.value for s in app.success)
    app.selectbox(key="aw_agreed_day").set_value(3).run()
    app.button(key="aw_agreed_submit").click().run()
    [week] = aw.week_of_staff(me, MONDAY)
    assert sorted(r.kind for r in week.rules) == ["leave", "weekly", "weekly"]
    assert all(not (2 * 1440 <= start < 3 * 1440) for start, _ in week.periods)


@pytest.mark.usefixtures("world_app")
def test_an_overlapping_agreed_period_is_explained():
    me = own_actor("E004")  # already agreed Monday 17:30-22:00
    app = _page(me)
    app.selectbox(key="aw_agreed_day").set_value(0).run()
    app.button(key="aw_agreed_submit").click().run()
    assert app.error, "the overlap with Monday's agreed evening is reported"


@pytest.mark.usefixtures("world_app")
def test_managers_see_everyone(manager):
    app = _page(manager)
    assert len(app.selectbox(key="aw_person").options) == 4
