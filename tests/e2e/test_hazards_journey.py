"""A duty manager on the demo: the home page names the overdue hazard case, the hazard page
lists the major hazard reported up and the seals with their clock, and the most urgent
case's correction order downloads as a PDF carrying its number and guidance."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.harness import DEMO_PASSWORD, WAIT_MS, goto_page, login, open_app, wait_for_app, zh

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(app_server):
    return app_server(seed="demo", backend="postgres")


def test_the_manager_follows_hazards_and_downloads_the_pdf_order(server, browser_page):
    page = browser_page
    open_app(page, server, zh("auth.login"))
    login(page, "manager", DEMO_PASSWORD, text="欢迎")
    expect(page.get_by_text("件隐患整改案件已超期").first).to_be_visible(timeout=WAIT_MS)

    goto_page(page, "hazards", text=zh("hazards.major.title"))
    expect(page.get_by_text(zh("hazards.seal.title")).first).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)

    button = page.locator("[class*='st-key-hz_pdf_']").locator("button")
    expect(button).to_be_visible(timeout=WAIT_MS)
    with page.expect_download() as download:
        button.click()
    content = download.value.path().read_bytes()
    assert content.startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "消限字" in text and zh("hazards.order.guidance") in text
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
