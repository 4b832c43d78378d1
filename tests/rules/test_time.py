"""Local days of stored moments, and how lists and printed documents write them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from rules.time import iso_day, local_day
from services.i18n import written_date

LATE_UTC = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)  # already 2 December in Liaoyang


def test_a_moment_falls_on_its_local_day():
    assert local_day(LATE_UTC) == date(2026, 12, 2)
    assert local_day(date(2026, 12, 1)) == date(2026, 12, 1)
    assert local_day(None) is None


def test_lists_write_iso_days_and_nothing_for_none():
    assert iso_day(LATE_UTC) == "2026-12-02"
    assert iso_day(None) == ""


def test_printed_documents_write_chinese_dates_or_iso():
    assert written_date(LATE_UTC, "zh-CN") == "2026年12月2日"
    assert written_date(date(2027, 1, 5), "en") == "2027-01-05"
    assert written_date(None, "zh-CN") == ""
