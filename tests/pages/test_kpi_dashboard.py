"""The KPI dashboard and the disclosure page on the hand-made detachment (October 2026)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from rules.time import TIME_ZONE
from services.core import clock
from services.kpis import engine as kpis
from tests.conftest import make_actor
from tests.fixtures.kpis import build_detachment
from tests.pages.conftest import downloads, open_app


@pytest.fixture
def october(app_db, monkeypatch):
    build_detachment(make_actor("admin"))
    # The default period is the last full month: make that October 2026.
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 11, 15, 9, 0, tzinfo=TIME_ZONE))


def test_leadership_sees_every_tile_with_its_definition(october):
    app = open_app(make_actor("leader"), "pages/kpi_dashboard.py")
    assert not app.exception
    tiles = {m.label: m for m in app.metric}
    assert len(tiles) == len(kpis.KPIS) == 22
    assert "20 个工作日内公示" in tiles["抽查结果按时公示率"].help
    assert tiles["错时检查"].value == "2"
    assert tiles["错时检查"].delta == "+1"
    assert tiles["满意率"].value == "60.0%"
    assert tiles["培训演练人数"].value == "340"
    assert tiles["24小时核查及时率"].value == "33.3%"
    assert tiles["错时负荷均衡度"].value == "2.25"
    assert "最大值 ÷ 人均值" in tiles["错时负荷均衡度"].help
    assert "上期 1，去年同期 1" in tiles["错时检查"].help
    assert tiles["受理申请数"].value == "4"
    assert tiles["容缺受理数"].value == "2"
    assert tiles["按时检查率（10个工作日）"].value == "33.3%"
    assert tiles["按时决定率（3个工作日）"].value == "50.0%"
    assert tiles["邮寄送达占比"].value == "50.0%"
    assert tiles["简易程序火灾登记数"].value == "3"


def test_applications_break_down_by_their_state_named_in_chinese(october):
    app = open_app(make_actor("leader"), "pages/kpi_dashboard.py")
    app.selectbox(key="kpi_pick").select("applications_accepted").run()
    app.radio(key="kpi_breakdown_by").set_value("state").run()
    assert not app.exception
    _trend, breakdown = app.get("vega_lite_chart")
    data = convert_arrow_bytes_to_pandas_df(breakdown.proto.datasets[0].data.data)
    assert dict(zip(data["key"], data["value"], strict=True)) == {
        "准予许可": 1,
        "已检查": 1,
        "已送达": 1,
        "容缺待补正": 1,
    }
    records = app.dataframe[0].value
    assert len(records) == 4 and "张三丰" not in records.to_csv()


def test_a_tile_opens_its_trend_breakdown_and_masked_records(october):
    app = open_app(make_actor("leader"), "pages/kpi_dashboard.py")
    app.selectbox(key="kpi_pick").select("complaints_24h").run()
    assert not app.exception
    records = app.dataframe[0].value
    assert len(records) == 3
    assert "张三丰" not in set(records["complainant_name"])
    app.radio(key="kpi_breakdown_by").set_value("district").run()
    assert not app.exception


def test_the_fairness_tile_shows_how_the_load_spreads_over_people(october):
    app = open_app(make_actor("leader"), "pages/kpi_dashboard.py")
    app.selectbox(key="kpi_pick").select("offhours_fairness").run()
    assert not app.exception
    assert "**人员错时负荷分布**" in [m.value for m in app.markdown]
    per_person = app.dataframe[0].value
    assert per_person["offhours_minutes"].tolist() == [180, 60, 0]


def test_a_custom_period_is_counted_in_whole_weeks(october):
    app = open_app(make_actor("leader"), "pages/kpi_dashboard.py")
    app.session_state["kpi_period_kind"] = "custom"
    app.run()
    app.date_input(key="kpi_custom_range").set_value((date(2026, 10, 6), date(2026, 10, 13))).run()
    assert not app.exception
    assert "2026-10-05 至 2026-10-18" in app.caption[0].value
    assert {m.label: m.value for m in app.metric}["错时检查"] == "2"


def test_the_disclosure_lists_the_month_without_personal_data(october):
    app = open_app(make_actor("leader"), "pages/disclosure.py")
    assert not app.exception
    assert app.selectbox(key="disclosure_month").value == date(2026, 10, 1)
    table = app.dataframe[0].value
    assert len(table) == 7
    assert "张三丰" not in table.to_string()


@pytest.mark.parametrize(
    ("page", "keys"),
    [
        ("pages/kpi_dashboard.py", {"kpi_download_xlsx", "kpi_download_html"}),
        ("pages/disclosure.py", {"disclosure_download", "disclosure_print"}),
    ],
)
def test_downloads_do_not_rerun_the_page(october, page, keys):
    app = open_app(make_actor("leader"), page)
    assert downloads(app) == dict.fromkeys(keys, False)
