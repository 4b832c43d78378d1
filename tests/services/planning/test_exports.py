"""Calendars, roster, notices and the planning page's tables, on a small generated week."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from optimizer.baseline import baseline_plan
from optimizer.contract import parse_instance, plan_to_dict
from optimizer.generator import generate_week
from services.planning import exports as plan_exports
from services.planning import views as plan_views

STAMP = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def week():
    instance = parse_instance(generate_week(staff=10, load=0.6, seed=7))
    return instance, plan_to_dict(baseline_plan(instance))


def _busiest(instance, plan) -> str:
    counts: dict[str, int] = {}
    for a in plan["assignments"]:
        for s in a["staff"]:
            counts[s] = counts.get(s, 0) + 1
    return max(counts, key=counts.get)


def test_ics_is_rfc5545_text(week):
    instance, plan = week
    person = _busiest(instance, plan)
    text = plan_exports.ics(instance, plan, person, STAMP)
    raw = text.encode("utf-8")
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF only
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    unfolded = text.replace("\r\n ", "")
    events = unfolded.count("BEGIN:VEVENT")
    assert events == sum(person in a["staff"] for a in plan["assignments"]) > 0
    assert unfolded.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert unfolded.endswith("END:VCALENDAR\r\n")
    assert len(set(re.findall(r"^UID:(.*)$", unfolded, re.M))) == events
    first = min((a for a in plan["assignments"] if person in a["staff"]), key=lambda a: a["start"])
    begins = plan_views.at(date.fromisoformat(instance.week_start), first["start"])
    assert f"DTSTART;TZID=Asia/Shanghai:{begins:%Y%m%dT%H%M%S}" in unfolded
    assert "DTSTAMP:20261127T080000Z" in unfolded
    summary = re.search(r"^SUMMARY:(.*)$", unfolded, re.M).group(1)
    assert re.search(r"[\u4e00-\u9fff]", summary)


def test_ics_escapes_and_folds_without_breaking_characters():
    line = "SUMMARY:" + "消防站参观，含讲解；" * 10
    folded = plan_exports._fold(plan_exports._escape(line))
    chunks = folded.encode("utf-8").split(b"\r\n")
    assert all(len(c) <= 75 for c in chunks)
    assert all(c.decode("utf-8") for c in chunks)  # no character split across lines
    assert folded.replace("\r\n ", "") == line  # nothing to escape in full-width punctuation
    assert plan_exports._escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_roster_excel_neutralises_formulas(week):
    instance, plan = week
    data = plan_exports.roster_xlsx(instance, plan, '=HYPERLINK("http://evil")', "zh-CN")
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert sheet["A1"].value.startswith("'=")
    assert sheet["A1"].data_type == "s"
    assert sheet.max_row == 2 + len(plan["assignments"])
    tasks = {sheet.cell(row=r, column=4).value for r in range(3, sheet.max_row + 1)}
    assert tasks == {a["task"] for a in plan["assignments"]}
    people = book.worksheets[1]
    staffed = {s for a in plan["assignments"] for s in a["staff"]}
    assert people.max_row == 2 + len(staffed)


def test_printable_roster_and_notices_escape_html(week):
    instance, plan = week
    page = plan_exports.roster_html(instance, plan, "<script>x</script>", "zh-CN")
    assert "<script>x" not in page and "&lt;script&gt;" in page
    assert page.count("<tr>") == len(plan["assignments"]) + page.count("<h2>")
    notices = plan_exports.unit_notices(instance, plan)
    bases = {s.base for s in instance.staff}
    assert notices and all(n.location_id not in bases for n in notices)
    text = plan_exports.notices_html(instance, plan, "zh-CN")
    assert text.count('class="notice"') == len(notices)
    assert "需准备" in text


def test_contract_json_round_trips(week):
    instance, plan = week
    assert json.loads(plan_exports.contract_json(plan)) == plan
    assert parse_instance(json.loads(plan_exports.contract_json(instance.raw))).name == (
        instance.name
    )


def test_views(week):
    instance, plan = week
    demand = plan_views.demand(instance, "zh-CN")
    assert demand["tasks"].sum() == len(instance.tasks)
    capacity = plan_views.capacity(instance, "en")
    assert set(capacity["measure"]) == {"Available", "Demanded"}
    timeline = plan_views.timeline(instance, plan, {plan["assignments"][0]["task"]}, "zh-CN")
    assert len(timeline) == sum(len(a["staff"]) for a in plan["assignments"])
    assert timeline["locked"].sum() == len(plan["assignments"][0]["staff"])
    assert (timeline["end"] > timeline["start"]).all()
    calendar = sum(len(plan_views.day_calendar(instance, plan, d)) for d in range(7))
    assert calendar == len(plan["assignments"])
    assert plan_views.station_view(instance, plan)["tasks"].sum() >= len(plan["assignments"])
    terms = plan_views.terms(plan, "en")
    assert terms["value"].sum() == plan["objective"]
    fairness = plan_views.offhours_per_person(instance, plan)
    assert (fairness["minutes"] > 0).all()


def test_changes_against_the_published_plan(week):
    instance, plan = week
    edited = json.loads(json.dumps(plan))
    moved = edited["assignments"][0]
    moved["start"] += 30
    dropped = edited["assignments"].pop(1)
    table = plan_views.changes(instance, plan, edited, "en")
    assert dict(zip(table["task"], table["change"], strict=True)) == {
        moved["task"]: "new time",
        dropped["task"]: "no longer planned",
    }
    assert plan_views.changes(instance, None, plan).empty


def test_warnings_name_tasks_no_one_can_take(week):
    instance, _ = week
    raw = json.loads(json.dumps(instance.raw))
    raw["tasks"][0]["skill"] = "juggler"
    raw["tasks"][1]["kind"] = "complaint_check"
    found = plan_views.warnings(parse_instance(raw), "en")
    assert any(w.startswith(raw["tasks"][0]["id"]) and "juggler" in w for w in found)
    assert any(raw["tasks"][1]["id"] in w and "due this week" in w for w in found)
