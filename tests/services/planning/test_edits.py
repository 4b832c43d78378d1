"""Manual edits: a move checked against the hard rules, an unassignment rescored and explained."""

from __future__ import annotations

import pytest

from optimizer.validator import validate_plan
from services.core.errors import ConflictError, ValidationError
from services.planning import edits as plan_edits
from services.planning import locks as plan_locks
from services.planning import versions as plan_versions
from tests.fixtures.planning import imported


def _bad_and_good_moves(info: plan_versions.VersionInfo):
    """A move that breaks a rule, and the same task moved to another valid start."""
    instance = plan_versions.instance_of(info)
    for assignment in info.plan["assignments"]:
        task = instance.task_by_id[assignment["task"]]
        for window in task.windows:
            for start in range(window.start, window.end - task.duration + 1, 30):
                if start != assignment["start"] and not plan_edits.check_move(
                    info, task.id, start, assignment["staff"]
                ):
                    return assignment, start
    raise AssertionError("no valid alternative start in the test week")


def test_a_move_is_checked_and_names_the_broken_rule(db, manager, small_week):
    draft = imported(manager, small_week)
    assignment, good_start = _bad_and_good_moves(draft)
    task = assignment["task"]

    violations = plan_edits.check_move(draft, task, 7, assignment["staff"])
    assert {v.rule for v in violations} >= {1}
    with pytest.raises(ValidationError) as refused:
        plan_edits.move(manager, draft.id, draft.version, task, 7, assignment["staff"])
    assert "Within a window" in refused.value.messages("en")[0]

    moved = plan_edits.move(manager, draft.id, draft.version, task, good_start, assignment["staff"])
    assert moved.id == draft.id and moved.version == draft.version + 1
    assert plan_locks.assignment_of(moved, task)["start"] == good_start
    assert validate_plan(moved.instance, moved.plan).ok
    with pytest.raises(ConflictError):  # the form still showed the old version
        plan_edits.unassign(manager, draft.id, draft.version, task)


def test_unassign_rescores_and_explains(db, manager, small_week):
    draft = imported(manager, small_week)
    task = draft.plan["assignments"][0]["task"]
    after = plan_edits.unassign(manager, draft.id, draft.version, task)
    assert task in {u["task"] for u in after.plan["unscheduled"]}
    assert after.objective > draft.objective  # leaving a task out costs its priority
    assert after.reasons[task]["en"][0] == f"Unassigned by hand by {manager.username}"
    assert after.reasons[task]["zh-CN"][0] == f"由 {manager.username} 手动取消安排"
    assert len(after.reasons[task]["en"]) > 1  # and what the planner would say about it
    assigned = plan_locks.assignment_of(draft, task)
    back = plan_edits.move(
        manager, draft.id, after.version, task, assigned["start"], assigned["staff"]
    )
    assert task not in back.reasons and back.plan["stats"]["unassigned_by"] == {}
