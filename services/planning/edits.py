"""Manual edits of a plan version: a move checked against the hard rules, an unassignment.

A draft is edited in place; a published version never changes, so editing one makes a new
draft. Every edit rescores the plan and explains what is left unplanned.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete

from db.models import PlanLock, PlanVersion
from optimizer.contract import Instance, Plan, Unscheduled, plan_from_dict, plan_to_dict
from optimizer.explain import explain_unscheduled
from optimizer.model import Prepared, check_assignment, score
from optimizer.validator import Violation
from services.core.errors import NotFound
from services.core.permissions import Actor, require
from services.core.records import load_for_update
from services.core.unit_of_work import unit_of_work
from services.planning.locks import assignment_of
from services.planning.versions import (
    VersionInfo,
    get_version,
    instance_of,
    prepared_of,
    reasons_in_every_language,
    refuse,
    store_version,
    version_info,
)


def check_move(
    info: VersionInfo, task_id: str, start: int, staff: Sequence[str]
) -> list[Violation]:
    """The hard rules moving `task_id` to `start` with `staff` would break (empty: fine)."""
    return check_assignment(
        instance_of(info), plan_from_dict(info.plan), task_id, start, list(staff)
    )


def move(
    actor: Actor, version_id: int, version: int, task_id: str, start: int, staff: Sequence[str]
) -> VersionInfo:
    """Give `task_id` a new start and team; refused, naming the rule, if that breaks one."""
    require(actor, "plans.write")
    info = get_version(version_id)
    violations = check_move(info, task_id, start, staff)
    refuse("assignment", "plan.error.rule_broken", [v.message for v in violations])
    return _edit(actor, info, version, task_id, {"start": start, "staff": list(staff)})


def unassign(actor: Actor, version_id: int, version: int, task_id: str) -> VersionInfo:
    require(actor, "plans.write")
    info = get_version(version_id)
    assignment_of(info, task_id)
    return _edit(actor, info, version, task_id, None)


def _edit(
    actor: Actor, info: VersionInfo, version: int, task_id: str, assignment: dict | None
) -> VersionInfo:
    """Apply one change: in place on a draft, as a new draft when the version is published."""
    instance = instance_of(info)
    if task_id not in instance.task_by_id:
        raise NotFound("error.not_found", what=f"task {task_id}")
    plan = plan_from_dict(info.plan)
    plan.assignments = [a for a in plan.assignments if a.task != task_id]
    plan.unscheduled = [u for u in plan.unscheduled if u.task != task_id]
    if assignment is None:
        plan.unscheduled.append(Unscheduled(task_id))
    else:
        new = plan_from_dict({"assignments": [{"task": task_id, **assignment}]}).assignments[0]
        plan.assignments.append(new)
    rescore(instance, plan, prepared_of(info))
    # Who took a task out by hand, so its reasons say so (a new solve starts afresh).
    manual = {k: v for k, v in plan.stats.get("unassigned_by", {}).items() if k != task_id}
    if assignment is None:
        manual[task_id] = actor.username
    plan.stats["unassigned_by"] = manual
    with unit_of_work(actor) as session:
        if info.published:
            row = store_version(
                session, actor, info.week_start, info.instance, plan, "edit", based_on_id=info.id
            )
        else:
            row = load_for_update(session, PlanVersion, info.id, version)
            row.plan = plan_to_dict(plan)
            row.reasons = reasons_in_every_language(plan)
            row.objective = plan.objective
            row.source = "edit" if row.source == "solve" else row.source
        if assignment is None:
            session.execute(
                delete(PlanLock).where(
                    PlanLock.week_start == info.week_start, PlanLock.task == task_id
                )
            )
        session.flush()
        return version_info(row)


def rescore(instance: Instance, plan: Plan, prep: Prepared | None = None) -> None:
    """Objective, terms and explanations of an edited plan (the bound stays: same instance)."""
    order = {t.id: i for i, t in enumerate(instance.tasks)}
    plan.assignments.sort(key=lambda a: order[a.task])
    plan.unscheduled.sort(key=lambda u: order[u.task])
    terms = score(instance, plan.assignments)
    plan.objective = sum(terms.values())
    plan.status = "FEASIBLE"
    plan.stats = {**plan.stats, "terms": terms}
    reasons = explain_unscheduled(instance, plan, prep)
    for u in plan.unscheduled:
        u.details = reasons[u.task]
        u.reasons = [r.render("zh-CN") for r in u.details]
