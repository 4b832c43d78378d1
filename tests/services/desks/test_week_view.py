"""The published week for everyone who works it: every assignment once per officer, grouped
by day, person or station; unannounced tasks in full for staff and neutral for a leader; a
printable page with every value escaped."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from services.desks import week_view
from services.planning.exports import UNANNOUNCED_TITLE
from services.planning.versions import published_version
from tests.conftest import BACKENDS, _empty_all_tables
from tests.fixtures.desks import account, demo_loaded, republish_with_kind, this_monday


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request, database_urls) -> Iterator[str]:
    with demo_loaded(database_urls[request.param], _empty_all_tables) as url:
        yield url


def test_every_published_assignment_is_listed_under_each_of_its_officers(demo):
    table = week_view.week_table(account("clerk"), this_monday())
    plan = published_version(this_monday()).plan
    assert len(table) == sum(len(a["staff"]) for a in plan["assignments"]) > 0
    assert {r["task"] for r in table} == {a["task"] for a in plan["assignments"]}
    by_person = week_view.grouped(table, "person")
    assert sum(len(rows) for rows in by_person.values()) == len(table)
    by_day = week_view.grouped(table, "day")
    assert sum(len(rows) for rows in by_day.values()) == len(plan["assignments"])
    assert week_view.week_table(account("clerk"), this_monday() + timedelta(days=14)) is None


def test_unannounced_tasks_are_shown_to_staff_and_neutral_to_a_leader(demo):
    task = published_version(this_monday()).plan["assignments"][0]["task"]
    republish_with_kind(task, "complaint_check")
    staff = [r for r in week_view.week_table(account("clerk"), this_monday()) if r["task"] == task]
    assert staff and all(r["kind"] == "投诉核查" and r["location"] for r in staff)
    leader = week_view.week_table(account("leader"), this_monday(), "zh-CN")
    assert task not in {r["task"] for r in leader}
    neutral = [r for r in leader if r["kind"] == UNANNOUNCED_TITLE]
    assert len(neutral) == len(staff) and all(r["location"] == "" for r in neutral)


def test_the_printable_page_escapes_every_value(demo):
    table = week_view.week_table(account("clerk"), this_monday())
    table[0] = {**table[0], "location": "<script>alert(1)</script>"}
    page = week_view.week_html(table, "station", "<b>周</b>", "zh-CN")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;周&lt;/b&gt;" in page and "@media print" in page
