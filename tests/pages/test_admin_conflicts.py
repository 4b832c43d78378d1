"""Two admins edit the same record: the second save is refused with a message saying why,
the form then shows what the first one saved (its new version), and redoing the change on
it saves. On every admin page whose forms carry the version they showed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from db.models import Location, Staff, User
from db.session import read_session
from demo import detachment as demo_module
from demo.setup import load_demo_detachment
from services.accounts import users as accounts
from services.calendar import workdays
from services.core.permissions import SYSTEM
from tests.conftest import make_actor
from tests.pages.conftest import open_app

REFUSED = "保存前该记录已被他人修改，您的更改未保存"
ADDRESS = "辽阳市白塔区新华路1号"


def _errors(app) -> str:
    return " ".join(e.value for e in app.error)


def _saved(app) -> bool:
    return not app.exception and not app.error and "已保存。" in [s.value for s in app.success]


def _version(model, record_id: int) -> int:
    with read_session() as session:
        return session.get(model, record_id).version


@pytest.fixture
def demo(app_db, monkeypatch):
    monkeypatch.setattr(demo_module, "AREA_BUILDERS", [])  # the foundation is enough here
    load_demo_detachment()


def _two_sessions(page: str, pick_key: str, record_id: int):
    sessions = []
    for name in ("admin_a", "admin_b"):
        app = open_app(make_actor("admin", username=name), page)
        app.selectbox(key=pick_key).set_value(record_id).run()
        sessions.append(app)
    return sessions


def _first_saves_then_second_is_refused(first, second, save_key: str, first_edit, second_edit):
    """Both sessions show the same version; the first saves its edit, the second's is refused."""
    first_edit(first)
    first.button(key=save_key).click()
    assert _saved(first.run())
    second_edit(second)
    second.button(key=save_key).click()
    second.run()
    assert REFUSED in _errors(second)


def test_staff_form_reloads_after_a_conflict_and_then_saves(demo):
    with read_session() as session:
        person = session.scalar(select(Staff).where(Staff.code == "E001"))
    first, second = _two_sessions("pages/admin_staff.py", "staff_pick", person.id)
    shown = _version(Staff, person.id)

    _first_saves_then_second_is_refused(
        first,
        second,
        "staff_save",
        lambda app: app.text_input(key=f"staff_name_{person.id}_v{shown}").input("甲改名"),
        lambda app: app.number_input(key=f"staff_cap_{person.id}_v{shown}").set_value(30),
    )
    with read_session() as session:
        assert session.get(Staff, person.id).weekly_hour_cap == person.weekly_hour_cap
    current = _version(Staff, person.id)
    assert current > shown
    assert second.text_input(key=f"staff_name_{person.id}_v{current}").value == "甲改名"

    second.number_input(key=f"staff_cap_{person.id}_v{current}").set_value(30)
    second.button(key="staff_save").click()
    assert _saved(second.run())
    with read_session() as session:
        stored = session.get(Staff, person.id)
    assert (stored.name, stored.weekly_hour_cap) == ("甲改名", 30)


def test_location_form_reloads_after_a_conflict_and_then_saves(demo):
    with read_session() as session:
        unit = session.scalar(select(Location).where(Location.kind == "unit").limit(1))
    first, second = _two_sessions("pages/admin_locations.py", "loc_pick", unit.id)
    shown = _version(Location, unit.id)

    _first_saves_then_second_is_refused(
        first,
        second,
        "loc_save",
        lambda app: app.text_input(key=f"loc_address_{unit.id}_v{shown}").input(ADDRESS),
        lambda app: app.text_input(key=f"loc_name_{unit.id}_v{shown}").input("乙改名"),
    )
    current = _version(Location, unit.id)
    assert current > shown
    assert second.text_input(key=f"loc_address_{unit.id}_v{current}").value == ADDRESS
    assert second.text_input(key=f"loc_name_{unit.id}_v{current}").value == unit.name

    second.text_input(key=f"loc_name_{unit.id}_v{current}").input("乙改名")
    second.button(key="loc_save").click()
    assert _saved(second.run())
    with read_session() as session:
        stored = session.get(Location, unit.id)
    assert (stored.name, stored.address) == ("乙改名", ADDRESS)


def test_account_form_reloads_after_a_conflict_and_then_saves(app_db):
    chief = accounts.create_first_admin("chief", "王支队", "s3cret-pass")
    clerk = accounts.create_account(
        SYSTEM, accounts.AccountInput("clerk", "李四", "staff", "password-1")
    )
    sessions = []
    for _ in range(2):
        app = open_app(make_actor("admin", chief.user_id, "chief"), "pages/admin_accounts.py")
        app.selectbox(key="acc_pick").set_value(clerk).run()
        sessions.append(app)
    first, second = sessions
    shown = _version(User, clerk)

    _first_saves_then_second_is_refused(
        first,
        second,
        "acc_save",
        lambda app: app.text_input(key=f"acc_display_{clerk}_v{shown}").input("李四（窗口）"),
        lambda app: app.selectbox(key=f"acc_role_{clerk}_v{shown}").set_value("duty_manager"),
    )
    current = _version(User, clerk)
    assert second.text_input(key=f"acc_display_{clerk}_v{current}").value == "李四（窗口）"
    assert second.selectbox(key=f"acc_role_{clerk}_v{current}").value == "staff"

    second.selectbox(key=f"acc_role_{clerk}_v{current}").set_value("duty_manager")
    second.button(key="acc_save").click()
    assert _saved(second.run())
    with read_session() as session:
        stored = session.get(User, clerk)
    assert (stored.display_name, stored.role) == ("李四（窗口）", "duty_manager")


def test_calendar_reloads_after_a_conflict_and_then_saves(app_db):
    workdays.clear_cache()
    accounts.create_first_admin("chief", "王支队", "s3cret-pass")
    workdays.create_year(SYSTEM, 2031)
    sessions = []
    for name in ("admin_a", "admin_b"):
        app = open_app(make_actor("admin", username=name), "pages/admin_calendar.py")
        app.selectbox(key="cal_year").set_value(2031).run()
        sessions.append(app)
    first, second = sessions

    first.button(key="cal_confirm").click()
    assert _saved(first.run())

    second.date_input(key="cal_extra_day").set_value(date(2031, 1, 1))
    second.text_input(key="cal_extra_note").input("元旦")
    second.button(key="cal_save").click()
    second.run()
    assert REFUSED in _errors(second)
    assert "已确认" in " ".join(m.value for m in second.markdown)  # what the first one did
    assert workdays.year_summary(2031).days[0] == (date(2031, 1, 1), True, "")

    second.button(key="cal_save").click()  # the day and note the user entered are still there
    assert _saved(second.run())
    summary = workdays.year_summary(2031)
    assert summary.confirmed and summary.days[0] == (date(2031, 1, 1), False, "元旦")
    workdays.clear_cache()


def _busy_save_script():
    import streamlit as st

    from pages.admin_widgets import attempt, shown_version
    from services.core.errors import BusyError

    st.session_state.version = shown_version("staff", 7, st.session_state.get("stored", 3))
    if st.button("save", key="save"):

        def save():
            raise BusyError("error.busy")

        attempt("staff", 7, save)


def test_a_busy_database_keeps_the_form_as_typed():
    """Nothing was changed by anyone: the user retries what they typed on the same version."""
    app = AppTest.from_function(_busy_save_script).run()
    app.session_state.stored = 4  # what the form would read if its version were forgotten
    app.button(key="save").click().run()
    assert "系统正忙" in _errors(app)
    assert app.session_state.version == 3
