"""The calendar page: confirming a year says how many provisional deadlines it firmed up."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from db.models.complaints import ComplaintCase
from db.session import read_session
from rules.time import TIME_ZONE
from services.accounts import users as accounts
from services.calendar import workdays
from services.complaints.intake import intake
from services.core.permissions import SYSTEM
from tests.conftest import make_actor
from tests.fixtures.complaints import seed_detachment, ticket
from tests.pages.conftest import open_app


def test_confirming_a_year_firms_up_the_open_clocks_running_into_it(app_db, monkeypatch):
    workdays.clear_cache()
    accounts.create_first_admin("chief", "王支队", "s3cret-pass")
    seed_detachment(SYSTEM)
    moment = datetime(2026, 12, 31, 12, 0, tzinfo=TIME_ZONE)
    monkeypatch.setattr("services.complaints.intake.now", lambda: moment)
    # Thu 31 Dec 2026 + 3 working days reaches into 2027, which nobody has published yet.
    intake(SYSTEM, [ticket(received_at="2026-12-31 10:00", category="other_violation")])
    app = open_app(make_actor("admin"), "pages/admin_calendar.py")
    app.selectbox(key="cal_year").set_value(2027).run()
    app.button(key="cal_create").click().run()
    app.button(key="cal_confirm").click().run()
    assert not app.exception
    [info] = [e.value for e in app.info]
    assert "投诉核查 1 件" in info and "回访 0 件" in info
    with read_session() as session:
        case = session.scalars(select(ComplaintCase)).one()
    assert case.deadline_provisional is False
    workdays.clear_cache()
