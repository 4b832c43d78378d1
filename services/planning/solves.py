"""What a solve of a week is, wherever it runs: its input, its checks, its result.

A solve gets the week from the database (or a what-if instance), with the week's locks as
the contract's `pinned` and the published plan as `previous`, so a re-plan keeps locks and
changes as little as possible. `solve_request` checks all that before anything runs;
`run_solve` is the work itself (the optimizer, then a stored draft). Where it runs is
`services.planning.jobs`'s business. The rule-of-thumb plan needs no background: it is
`baseline_version`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from optimizer.baseline import baseline_plan
from optimizer.contract import Instance, plan_from_dict
from optimizer.explain import explain_task
from optimizer.model import prepare
from optimizer.solver import Progress, solve
from services.core.errors import FiredeskError
from services.core.permissions import Actor, require
from services.core.unit_of_work import unit_of_work
from services.i18n import current_language
from services.planning.instance import build_week_instance
from services.planning.locks import week_locks
from services.planning.versions import (
    VersionInfo,
    parse,
    published_version,
    refuse,
    store_version,
    version_info,
)


def instance_for_solve(
    week_start: date, base: dict | None = None, keep: dict | None = None
) -> dict:
    """The instance the next solve gets: the week from the database (or `base`), with the
    week's locks as `pinned` and, as `previous`, the published plan, or the plan `keep`
    (a `firedesk.plan/1`: a re-plan that changes a draft as little as possible)."""
    instance = json.loads(json.dumps(base)) if base is not None else build_week_instance(week_start)
    if instance.get("week_start") != week_start.isoformat():
        raise FiredeskError(
            "plan.error.other_week", week=week_start.isoformat(), other=instance.get("week_start")
        )
    locks = week_locks(week_start)
    if keep is None:
        published = published_version(week_start)
        keep = published.plan if published is not None else {"assignments": []}
    previous = {a["task"]: a for a in keep["assignments"]}
    for task in instance["tasks"]:
        task.pop("pinned", None)
        task.pop("previous", None)
        if task["id"] in locks:
            held = locks[task["id"]]
            task["pinned"] = {"start": held.start, "staff": list(held.staff)}
        if task["id"] in previous:
            task["previous"] = {
                "start": previous[task["id"]]["start"],
                "staff": list(previous[task["id"]]["staff"]),
            }
    return instance


def check_locks(instance: Instance) -> None:
    """Refuse to solve with a lock its people can no longer keep (leave entered since, hours
    used up): the whole week would come back infeasible instead of one task unplanned."""
    empty = plan_from_dict({"assignments": [], "unscheduled": []})
    prep = prepare(instance)
    broken = [
        f"{option.task.id}: " + "; ".join(r.render(current_language()) for r in reasons)
        for option in prep.options
        if option.task.pinned is not None and not option.schedulable
        for reasons in [explain_task(instance, empty, option.task.id, prep)]
    ]
    refuse("lock", "plan.error.lock_broken", broken)


@dataclass(frozen=True)
class SolveRequest:
    """A checked solve, ready to run: who asked, the instance as stored and as parsed."""

    actor: Actor
    week_start: date
    instance: dict
    parsed: Instance
    time_limit: float
    note: str = ""

    @property
    def task_count(self) -> int:
        return len(self.parsed.tasks)


def solve_request(
    actor: Actor,
    week_start: date,
    base: dict | None,
    time_limit: float,
    note: str = "",
    keep: dict | None = None,
) -> SolveRequest:
    """The week's next solve, checked: a ValidationError names what is wrong before it runs."""
    instance = instance_for_solve(week_start, base, keep)
    parsed = parse(instance)
    check_locks(parsed)
    return SolveRequest(actor, week_start, instance, parsed, time_limit, note)


@dataclass(frozen=True)
class Solved:
    """What a finished solve stored."""

    version_id: int
    version_number: int
    objective: int
    bound: int | None
    unscheduled: int


def run_solve(
    request: SolveRequest,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_stored: Callable[[Session, Solved], None] | None = None,
) -> Solved:
    """Solve the week and store the plan as a draft; a stop keeps the best plan so far.
    `on_stored` runs in the storing transaction (a worker closes its job there; raising
    rolls the version back)."""
    plan = solve(
        request.parsed,
        time_limit=request.time_limit,
        on_progress=on_progress,
        should_stop=should_stop,
    )
    published = published_version(request.week_start)
    with unit_of_work(request.actor) as session:
        row = store_version(
            session,
            request.actor,
            request.week_start,
            request.instance,
            plan,
            "solve",
            based_on_id=published.id if published else None,
            note=request.note,
        )
        solved = Solved(row.id, row.number, plan.objective, plan.bound, len(plan.unscheduled))
        if on_stored is not None:
            on_stored(session, solved)
    return solved


def baseline_version(actor: Actor, week_start: date) -> VersionInfo:
    """A quick rule-of-thumb plan (no optimisation): a starting point in a fraction of a second."""
    require(actor, "plans.write")
    instance = instance_for_solve(week_start)
    plan = baseline_plan(parse(instance))
    with unit_of_work(actor) as session:
        row = store_version(
            session, actor, week_start, instance, plan, "baseline", based_on_id=None
        )
        return version_info(row)
