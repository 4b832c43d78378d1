"""The draws page: a manager draws a period, sees the result and verifies its file; a
redraw needs a reason; staff never see the page's form."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from streamlit.testing.v1 import AppTest

from rules.time import TIME_ZONE
from services.core import clock
from services.core.permissions import SYSTEM
from services.draws import plans, records, verify
from tests.conftest import make_actor
from tests.fixtures.draws import build_draw_world
from tests.pages.conftest import downloads, open_app

SEED = "2027-01 公开种子"


@pytest.fixture
def draw_world_app(app_db, monkeypatch):
    build_draw_world()
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 12, 20, 9, 0, tzinfo=TIME_ZONE))


def _draw_from_the_page(app: AppTest, *, seed: str = SEED, reason: str | None = None) -> AppTest:
    app.text_input(key="draws_seed").input(seed)
    if reason is not None:
        app.checkbox(key="draws_again").check().run()
        app.text_input(key="draws_reason").input(reason)
    app.button(key="draws_submit").click().run()
    return app


def test_a_manager_draws_next_month_and_sees_the_result(draw_world_app):
    app = open_app(make_actor("duty_manager"), "pages/draws.py")
    assert not app.exception
    assert app.text_input(key="draws_period").value == "2027-01"
    assert app.number_input(key="draws_share_D").value == 20.0
    _draw_from_the_page(app)
    assert not app.exception
    row = plans.find_draw(SYSTEM, "2027-01")
    assert row.seed == SEED and row.created_by == "test-duty_manager"
    assert any("2027-01" in s.value for s in app.success)
    result = app.dataframe[1].value
    assert len(result) == len(row.result["assignments"]) > 0
    first = row.result["assignments"][0]
    assert result.iloc[0, 0].startswith(first["unit"])
    assert all(code in result.iloc[0, 3] for code in first["inspectors"])
    assert "draws_download" in downloads(app)


def test_a_second_draw_is_refused_and_a_redraw_needs_a_reason(draw_world_app):
    plans.make_draw(make_actor("duty_manager"), plans.DrawRequest("2027-01", SEED))
    app = open_app(make_actor("duty_manager"), "pages/draws.py")
    _draw_from_the_page(app, seed="其他种子")
    assert "已完成抽取" in app.error[0].value
    _draw_from_the_page(app, seed="其他种子", reason="")
    assert app.error and len(plans.list_draws(SYSTEM)) == 1
    app = open_app(make_actor("duty_manager"), "pages/draws.py")
    _draw_from_the_page(app, seed="其他种子", reason="种子录入错误")
    assert not app.exception
    assert [d.status for d in plans.list_draws(SYSTEM)] == ["current", "superseded"]


def test_staff_cannot_draw_and_a_leader_reads_only(draw_world_app):
    plans.make_draw(make_actor("duty_manager"), plans.DrawRequest("2027-01", SEED))
    leader = open_app(make_actor("leader"), "pages/draws.py")
    assert not leader.exception
    assert not [b for b in leader.button if b.key == "draws_submit"]
    assert len(leader.dataframe[0].value) == 1


def test_the_page_verifies_a_file_and_reports_tampering(draw_world_app):
    row = plans.get_draw(SYSTEM, plans.make_draw(SYSTEM, plans.DrawRequest("2027-01", SEED)))
    good = verify.draw_csv(row)
    assert verify.verify_file(SYSTEM, good)[1].ok
    unit = row.result["assignments"][0]["unit"]
    bad = good.replace(f",{unit},".encode(), b",R999,", 1)
    verdict = verify.verify_file(SYSTEM, bad)[1]
    assert not verdict.ok and any("R999" in p for p in verdict.problems)


def test_the_disclosure_page_lists_the_month_s_draw(draw_world_app):
    plans.make_draw(make_actor("duty_manager"), plans.DrawRequest("2026-12", SEED))
    app = open_app(make_actor("leader"), "pages/disclosure.py")
    app.selectbox(key="disclosure_month").select(date(2026, 12, 1)).run()
    assert not app.exception
    table = app.dataframe[-1].value
    assert list(table.iloc[0][:3]) == ["2026-12", 1, SEED]
    assert {"disclosure_download", "disclosure_print"} <= set(downloads(app))


def test_the_disclosure_page_shows_the_publication_day_and_outcomes_by_class(
    draw_world_app, monkeypatch
):
    moment = datetime(2026, 12, 20, 9, 0, tzinfo=TIME_ZONE)
    monkeypatch.setattr("services.draws.records.now", lambda: moment)
    shares = {"A": 10000, "B": 10000, "C": 10000, "D": 10000}
    row = plans.get_draw(
        SYSTEM, plans.make_draw(SYSTEM, plans.DrawRequest("2026-12", SEED, shares))
    )
    first = row.result["assignments"][0]
    records.record_inspection(
        SYSTEM,
        records.InspectionInput(
            unit_code=first["unit"],
            kind="random_inspection",
            inspected_at=datetime(2026, 12, 3, 10, 0, tzinfo=TIME_ZONE),
            officers=first["inspectors"],
            outcome="correction_order",
            findings=["storage"],
            draw_id=row.id,
        ),
    )
    credit = next(u["credit_class"] for u in row.snapshot["units"] if u["code"] == first["unit"])
    app = open_app(make_actor("leader"), "pages/disclosure.py")
    app.selectbox(key="disclosure_month").select(date(2026, 12, 1)).run()
    assert not app.exception
    assert any("2026-12-31" in c.value for c in app.caption)
    outcomes = app.dataframe[-1].value.set_index("信用等级")
    assert outcomes.loc[credit, "责令限期改正"] == 1
    assert int(outcomes.to_numpy().sum()) == 1


def test_the_inclusion_rules_are_chosen_on_the_page_and_listed(draw_world_app):
    app = open_app(make_actor("duty_manager"), "pages/draws.py")
    app.selectbox(key="draws_key_units").select("never")
    app.selectbox(key="draws_hazard_units").select("always").run()
    _draw_from_the_page(app)
    assert not app.exception
    row = plans.find_draw(SYSTEM, "2027-01")
    assert (row.rules["key_units"], row.rules["hazard_units"]) == ("never", "always")
    listed = app.dataframe[0].value
    rules_column = [c for c in listed.columns if "纳入规则" in c][0]
    assert "有未结隐患案件的单位: 全部纳入" in listed[rules_column].iloc[0]
