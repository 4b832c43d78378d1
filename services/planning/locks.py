"""Locks: the assignments a manager fixed for every later solve of the week.

The next solve receives them as the contract's `pinned` (see `solves.instance_for_solve`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select

from db.models import PlanLock
from db.session import read_session
from services.core.clock import now
from services.core.errors import FiredeskError, NotFound
from services.core.permissions import Actor, require
from services.core.unit_of_work import unit_of_work
from services.planning.versions import VersionInfo, get_version


@dataclass(frozen=True)
class Lock:
    task: str
    start: int
    staff: tuple[str, ...]
    created_by: str


def week_locks(week_start: date) -> dict[str, Lock]:
    with read_session() as session:
        rows = session.scalars(select(PlanLock).where(PlanLock.week_start == week_start)).all()
        return {r.task: Lock(r.task, r.start, tuple(r.staff), r.created_by) for r in rows}


def lock(actor: Actor, version_id: int, task_id: str) -> Lock:
    """Fix the task's assignment in `version_id` for every later solve of the week."""
    require(actor, "plans.write")
    info = get_version(version_id)
    assignment = assignment_of(info, task_id)
    with unit_of_work(actor) as session:
        session.execute(
            delete(PlanLock).where(PlanLock.week_start == info.week_start, PlanLock.task == task_id)
        )
        session.add(
            PlanLock(
                week_start=info.week_start,
                task=task_id,
                start=assignment["start"],
                staff=list(assignment["staff"]),
                created_at=now(),
                created_by=actor.username,
            )
        )
    return Lock(task_id, assignment["start"], tuple(assignment["staff"]), actor.username)


def unlock(actor: Actor, week_start: date, task_id: str) -> Lock:
    """Release a lock; returns what it held."""
    require(actor, "plans.write")
    with unit_of_work(actor) as session:
        row = session.scalars(
            select(PlanLock).where(PlanLock.week_start == week_start, PlanLock.task == task_id)
        ).first()
        if row is None:
            raise NotFound("error.not_found", what=f"lock {task_id}")
        session.delete(row)
        return Lock(row.task, row.start, tuple(row.staff), row.created_by)


def assignment_of(info: VersionInfo, task_id: str) -> dict:
    """The task's assignment in the version, or an error saying it has none."""
    for assignment in info.plan["assignments"]:
        if assignment["task"] == task_id:
            return assignment
    raise FiredeskError("plan.error.not_assigned", task=task_id)
