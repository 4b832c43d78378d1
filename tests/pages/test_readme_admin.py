"""README's "Administration" section names exactly the sidebar's administration pages."""

from __future__ import annotations

import re
from pathlib import Path

from pages.registry import PAGES
from services.i18n import t

README = Path(__file__).resolve().parents[2] / "README.md"
COUNTS = {4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}


def _section() -> str:
    return README.read_text(encoding="utf-8").split("\n## Administration\n", 1)[1].split("\n## ")[0]


def _admin_pages():
    return [p for p in PAGES if p.section_key == "section.admin"]


def test_the_administration_section_lists_the_admin_pages_in_sidebar_order():
    section = _section()
    listed = re.findall(r"^- \*\*(.+?) / (.+?)\*\* \(`/([\w-]+)`\)", section, re.M)
    expected = [(t(p.title_key, "zh-CN"), t(p.title_key, "en"), p.url_path) for p in _admin_pages()]
    assert listed == expected
    count = COUNTS[len(expected)]
    assert f"Administrators find {count} pages under **{t('section.admin', 'zh-CN')} / " in section
