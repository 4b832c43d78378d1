"""Shared page pieces (pages.common)."""

from __future__ import annotations

import re

from tests.pages.conftest import ROOT

DIRECT_DOWNLOAD = re.compile(r"\.download_button\(")


def test_every_page_download_goes_through_the_helper():
    """pages.common.download keeps a click from rerunning the page (which revokes a file
    built when clicked); a page calling st.download_button itself would bring that back.
    The page AppTests check the buttons that exist; this catches a new one."""
    direct = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(ROOT.glob("pages/**/*.py"))
        if path.name != "common.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if DIRECT_DOWNLOAD.search(line)
    ]
    assert direct == []
