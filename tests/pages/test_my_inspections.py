"""我的检查: an officer sees the units drawn for them (with the published plan's time where
planned, nobody else's) and the other inspections a published week sends them on, records
one with the checklist and outcome (of the item's kind), and a wrong record is refused with
the reason and nothing saved."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from db.models import Staff
from db.models.draws import InspectionRecord
from db.session import read_session
from rules.time import TIME_ZONE
from services.core import clock
from services.core.permissions import SYSTEM, Actor
from services.draws import officer, plans
from services.draws.tasks import task_id
from tests.conftest import make_actor
from tests.fixtures.draws import build_draw_world, publish_week
from tests.pages.conftest import open_app

PAGE = "pages/my_inspections.py"
MOMENT = datetime(2026, 12, 20, 9, 0, tzinfo=TIME_ZONE)
ALL = {"A": 10000, "B": 10000, "C": 10000, "D": 10000}
WEEK = date(2026, 12, 14)


@pytest.fixture
def drawn(app_db, monkeypatch):
    build_draw_world()
    monkeypatch.setattr(clock, "now", lambda: MOMENT)
    monkeypatch.setattr("services.draws.records.now", lambda: MOMENT)
    return plans.get_draw(
        SYSTEM, plans.make_draw(SYSTEM, plans.DrawRequest("2026-12", "种子", ALL))
    )


def _officer(code: str) -> Actor:
    with read_session() as session:
        staff_id = session.scalar(select(Staff.id).where(Staff.code == code))
    return Actor(user_id=None, username=f"officer-{code}", role="staff", staff_id=staff_id)


def _mine(draw, code: str) -> list[dict]:
    return [a for a in draw.result["assignments"] if code in a["inspectors"]]


def test_an_officer_sees_only_the_units_drawn_for_them_and_the_planned_time(drawn):
    first = _mine(drawn, "E001")[0]
    identifier = task_id(drawn.id, first["unit"])
    publish_week(
        WEEK, [(identifier, "random_inspection", first["unit"], 1440 + 600, first["inspectors"])]
    )
    app = open_app(_officer("E001"), PAGE)
    assert not app.exception
    assert app.title[0].value == "我的检查"
    table = app.dataframe[0].value
    assert len(table) == len(_mine(drawn, "E001")) > 0
    assert set(table["检查类型"]) == {"双随机抽查"}
    units = [u.split()[0] for u in table["单位"]]
    assert set(units) == {a["unit"] for a in _mine(drawn, "E001")}
    row = table[[u.startswith(first["unit"] + " ") for u in table["单位"]]].iloc[0]
    assert row["计划时间"] == "2026-12-15 10:00"
    others = {a["unit"] for a in drawn.result["assignments"]} - set(units)
    assert others  # E002 and E004 have units E001 never sees


def test_an_officer_records_a_minor_violation_corrected_on_the_spot(drawn):
    item = _mine(drawn, "E001")[0]
    app = open_app(_officer("E001"), PAGE)
    key = task_id(drawn.id, item["unit"])
    app.selectbox(key="mine_pick").select(key).run()
    assert sorted(app.multiselect(key=f"mine_officers_{key}").value) == item["inspectors"]
    app.date_input(key=f"mine_day_{key}").set_value(date(2026, 12, 18))
    app.selectbox(key=f"mine_outcome_{key}").select("minor_corrected")
    app.multiselect(key=f"mine_findings_{key}").select("exits")
    app.button(key="mine_submit").click().run()
    assert not app.exception and not app.error
    assert "当场改正" in app.success[0].value
    with read_session() as session:
        record = session.scalars(select(InspectionRecord)).one()
    assert (record.task, record.kind, record.draw_id) == (key, "random_inspection", drawn.id)
    assert (record.draw_id, record.outcome, record.findings, record.officers) == (
        drawn.id,
        "minor_corrected",
        ["exits"],
        item["inspectors"],
    )
    assert record.inspected_at.date() == date(2026, 12, 18)
    recorded = [i for i in officer.own_inspections(_officer("E001")) if i.record_id]
    assert [(i.unit_code, i.outcome) for i in recorded] == [(item["unit"], "minor_corrected")]


def test_one_officer_alone_or_an_outcome_without_findings_is_refused(drawn):
    item = _mine(drawn, "E001")[0]
    app = open_app(_officer("E001"), PAGE)
    key = task_id(drawn.id, item["unit"])
    app.selectbox(key="mine_pick").select(key).run()
    other = next(c for c in item["inspectors"] if c != "E001")
    app.multiselect(key=f"mine_officers_{key}").unselect(other)
    app.selectbox(key=f"mine_outcome_{key}").select("correction_order")
    app.button(key="mine_submit").click().run()
    message = app.error[0].value
    assert "至少 2 名执法人员" in message and "请勾选发现的问题" in message
    with read_session() as session:
        assert session.scalars(select(InspectionRecord)).all() == []


def test_an_account_without_a_staff_member_has_no_inspections(drawn):
    app = open_app(make_actor("staff"), PAGE)
    assert not app.exception
    assert "未关联执法人员" in app.info[0].value
    assert [s.key for s in app.selectbox] == []


def test_an_officer_records_a_booked_offhours_inspection_from_the_list(drawn):
    publish_week(WEEK, [("B901", "offhours_inspection", "R009", 1440 + 600, ("E001", "E002"))])
    app = open_app(_officer("E001"), PAGE)
    table = app.dataframe[0].value
    assert "错时检查" in set(table["检查类型"])
    app.selectbox(key="mine_pick").select("B901").run()
    assert sorted(app.multiselect(key="mine_officers_B901").value) == ["E001", "E002"]
    app.date_input(key="mine_day_B901").set_value(date(2026, 12, 15))
    app.button(key="mine_submit").click().run()
    assert not app.exception and not app.error
    with read_session() as session:
        record = session.scalars(select(InspectionRecord)).one()
    assert (record.task, record.kind, record.draw_id, record.outcome) == (
        "B901",
        "offhours_inspection",
        None,
        "no_problem",
    )
    table = app.dataframe[0].value
    assert list(table[table["检查类型"] == "错时检查"]["状态"]) == ["未发现问题"]
