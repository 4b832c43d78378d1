"""Complaint checks and random inspections are unannounced: nothing addressed to a unit,
and no calendar title, may tell of them. Checked as a property over every task kind."""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime

import pytest

from optimizer.baseline import baseline_plan
from optimizer.contract import parse_instance, plan_to_dict
from optimizer.generator import generate_week
from services.i18n import all_messages
from services.planning import exports as plan_exports
from services.planning import views as plan_views

STAMP = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
CONTRACT_KINDS = (
    "offhours_inspection",
    "training",
    "drill",
    "station_tour",
    "complaint_check",
    "follow_up",
    "random_inspection",
    "expert_visit",
    "outreach",
)
# Every kind the contract names, every kind the UI can label, and one nobody knows yet.
ALL_KINDS = sorted(
    set(CONTRACT_KINDS)
    | {key.removeprefix("plan.kind.") for key in all_messages() if key.startswith("plan.kind.")}
    | {"some_new_kind"}
)


def test_the_unannounced_kinds_are_the_complaint_check_and_the_random_inspection():
    assert {"complaint_check", "random_inspection"} == plan_views.UNANNOUNCED_KINDS
    assert set(ALL_KINDS) >= plan_views.UNANNOUNCED_KINDS


@pytest.fixture(scope="module")
def week():
    raw = generate_week(staff=10, load=0.6, seed=7)
    instance = parse_instance(raw)
    return raw, plan_to_dict(baseline_plan(instance))


def _relabelled(raw: dict, kinds: list[str]):
    """The same week with its tasks' kinds dealt round-robin from `kinds`."""
    document = copy.deepcopy(raw)
    for n, task in enumerate(document["tasks"]):
        task["kind"] = kinds[n % len(kinds)]
    return parse_instance(document)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_a_unit_is_told_of_a_task_exactly_when_its_kind_is_announced(week, kind):
    raw, plan = week
    instance = _relabelled(raw, [kind])
    bases = {person.base for person in instance.staff}
    at_units = [
        a for a in plan["assignments"] if instance.task_by_id[a["task"]].location not in bases
    ]
    assert at_units, "the generated week must visit units"
    notices = plan_exports.unit_notices(instance, plan)
    noticed = sum(len(n.appointments) for n in notices)
    page = plan_exports.notices_html(instance, plan, "zh-CN")
    label = plan_views.kind_label(kind, "zh-CN")
    if plan_views.announced(kind):
        assert noticed == len(at_units)
        assert label in page
    else:
        assert (noticed, notices) == (0, [])
        assert label not in page


@pytest.mark.parametrize("kind", sorted(plan_views.UNANNOUNCED_KINDS))
def test_calendar_titles_never_name_an_unannounced_task(week, kind):
    raw, plan = week
    # Mixed with every announced kind, so each person's calendar holds both sorts.
    instance = _relabelled(raw, [kind, *[k for k in ALL_KINDS if plan_views.announced(k)]])
    people = {s for a in plan["assignments"] for s in a["staff"]}
    hidden = {t.id for t in instance.tasks if t.kind == kind}
    seen_hidden = 0
    for person in people:
        text = plan_exports.ics(instance, plan, person, STAMP).replace("\r\n ", "")
        summaries = re.findall(r"^SUMMARY:(.*)$", text, re.M)
        descriptions = re.findall(r"^DESCRIPTION:(.*)$", text, re.M)
        assert all(plan_views.kind_label(kind, "zh-CN") not in s for s in summaries)
        assert not any(
            re.search(rf"\b{re.escape(task)}\b", d) for d in descriptions for task in hidden
        )
        seen_hidden += sum(s.startswith(plan_exports.UNANNOUNCED_TITLE) for s in summaries)
    assert (
        seen_hidden == sum(len(a["staff"]) for a in plan["assignments"] if a["task"] in hidden) > 0
    )


def test_an_announced_task_keeps_its_kind_in_the_calendar(week):
    raw, plan = week
    instance = _relabelled(raw, ["training"])
    person = plan["assignments"][0]["staff"][0]
    text = plan_exports.ics(instance, plan, person, STAMP)
    assert "SUMMARY:消防培训" in text
