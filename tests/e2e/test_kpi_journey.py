"""Leadership opens the KPI dashboard on the demo data, drills into a KPI and downloads the
report; the monthly disclosure downloads as Excel too."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from services.kpis import engine as kpis
from tests.e2e.harness import (
    DEMO_PASSWORD,
    WAIT_MS,
    choose,
    goto_page,
    login,
    open_app,
    wait_for_app,
    widget,
    zh,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(app_server):
    return app_server(seed="demo", backend="postgres")


def _downloaded(page, key: str) -> list[list[object]]:
    with page.expect_download() as download:
        widget(page, key).locator("button").click()
    content = download.value.path().read_bytes()
    sheet = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_leadership_reads_the_tiles_drills_down_and_downloads(server, browser_page):
    page = browser_page
    open_app(page, server, zh("auth.login"))
    login(page, "leader", DEMO_PASSWORD, text="欢迎")
    goto_page(page, "kpis", text=zh("kpis.satisfaction"))
    metrics = page.get_by_test_id("stMetric")
    expect(metrics).to_have_count(len(kpis.KPIS), timeout=WAIT_MS)
    expect(metrics.filter(has_text=zh("kpis.satisfaction"))).to_contain_text("%")
    # The demo's past weeks carry published plans, so the plan tiles have figures too.
    for code in ("no_disruption", "plan_coverage"):
        expect(metrics.filter(has_text=zh(f"kpis.{code}"))).to_contain_text("%")

    choose(page, "kpi_pick", zh("kpis.complaints_24h"))
    wait_for_app(page, text=zh("kpis.records"))
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)

    rows = _downloaded(page, "kpi_download_xlsx")
    assert rows[1][0] == zh("kpis.col.kpi")
    assert {r[0] for r in rows[2:]} >= {zh("kpis.satisfaction"), zh("kpis.plan_coverage")}

    goto_page(page, "disclosure", text=zh("disclosure.intro"))
    rows = _downloaded(page, "disclosure_download")
    assert rows[1] == [
        zh(f"disclosure.col.{c}")
        for c in ("date", "unit", "district", "kind", "result", "publish_by")
    ]
