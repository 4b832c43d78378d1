"""A solve's input: locks as pinned, the published plan as previous, checked before it runs."""

from __future__ import annotations

import json
from datetime import date

import pytest

from services.core.errors import FiredeskError, ValidationError
from services.planning import jobs as plan_jobs
from services.planning import locks as plan_locks
from services.planning import publish as plan_publish
from services.planning import solves as plan_solves
from tests.fixtures.planning import WEEK, imported, solved


def test_locks_become_pinned_and_the_published_plan_previous(db, manager, small_week):
    draft = imported(manager, small_week)
    held = draft.plan["assignments"][0]
    plan_locks.lock(manager, draft.id, held["task"])
    plan_publish.publish(manager, draft.id, draft.version)

    instance = plan_solves.instance_for_solve(WEEK, small_week)
    tasks = {t["id"]: t for t in instance["tasks"]}
    assert tasks[held["task"]]["pinned"] == {"start": held["start"], "staff": held["staff"]}
    for assignment in draft.plan["assignments"]:
        assert tasks[assignment["task"]]["previous"]["start"] == assignment["start"]

    replanned = solved(manager, small_week)
    kept = next(a for a in replanned.plan["assignments"] if a["task"] == held["task"])
    assert (kept["start"], kept["staff"]) == (held["start"], held["staff"])
    assert replanned.based_on_id == draft.id

    plan_locks.unlock(manager, WEEK, held["task"])
    assert plan_locks.week_locks(WEEK) == {}


def test_a_lock_that_can_no_longer_be_kept_is_named_before_solving(db, manager, small_week):
    draft = imported(manager, small_week)
    held = draft.plan["assignments"][0]
    plan_locks.lock(manager, draft.id, held["task"])
    week = json.loads(json.dumps(small_week))
    for person in week["staff"]:
        if person["id"] == held["staff"][0]:
            person["available"] = []  # e.g. leave entered after the lock was set
    with pytest.raises(ValidationError) as refused:
        plan_jobs.start_solve(manager, WEEK, base=week, time_limit=2)
    assert refused.value.errors[0].field == "lock"
    assert refused.value.messages("en")[0].count(held["task"]) >= 1
    assert plan_jobs.solve_run(WEEK) is None or not plan_jobs.solve_run(WEEK).running


def test_an_instance_of_another_week_is_refused(db, manager, small_week):
    with pytest.raises(FiredeskError) as refused:
        plan_jobs.start_solve(manager, date(2026, 12, 7), base=small_week, time_limit=2)
    assert refused.value.key == "plan.error.other_week"
