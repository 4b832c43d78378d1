"""Weekly plans: each solve, import or manual edit is a numbered version of a week's plan;
locks are the assignments a manager fixed for the next solve.

A version keeps the instance it was planned against next to the plan (both in the
planning contract's JSON), so what a version says can always be re-checked, exported and
explained without the database as it is today. Published versions are immutable: the
guard below refuses any change to one, whatever code path tries it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    event,
    func,
    inspect,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base

PLAN_STATUSES = ("draft", "published")
PLAN_SOURCES = ("solve", "baseline", "import", "edit")
# queued -> running -> done | failed | stopped (a queued solve stopped before any worker took it)
SOLVE_STATES = ("queued", "running", "done", "failed", "stopped")
# A job solves the week (and stores a draft) or computes capacity advice on one version.
JOB_KINDS = ("solve", "advice")


class PlanVersion(Base):
    __tablename__ = "plan_versions"
    # The instance and the rendered reasons are bulky inputs and derived text; the row keeps
    # them (and a published row never changes), so the audit records the plan itself only.
    __audit_skip__ = ("instance", "reasons", "summary")
    __table_args__ = (
        UniqueConstraint("week_start", "number", name="uq_plan_versions_week_number"),
        CheckConstraint(f"status IN {PLAN_STATUSES}", name="status"),
        CheckConstraint(f"source IN {PLAN_SOURCES}", name="source"),
        Index("ix_plan_versions_week_status", "week_start", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    week_start: Mapped[date]
    number: Mapped[int]  # 1, 2, … within the week
    status: Mapped[str] = mapped_column(String(10), default="draft")
    source: Mapped[str] = mapped_column(String(10))
    based_on_id: Mapped[int | None]  # the version this one was derived from
    instance: Mapped[dict]  # firedesk.instance/1 as planned (locks pinned, published previous)
    plan: Mapped[dict]  # firedesk.plan/1
    # Why each unscheduled task is out, rendered once in every UI language: {task: {lang: [..]}}
    reasons: Mapped[dict] = mapped_column(default=dict)
    objective: Mapped[int]
    bound: Mapped[int | None]
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    created_by: Mapped[str] = mapped_column(String(40))
    published_at: Mapped[datetime | None]
    published_by: Mapped[str | None] = mapped_column(String(40))
    # optimizer.summary of the plan, set when it is published (what the KPIs read of it).
    summary: Mapped[dict | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class PlanLock(Base):
    """An assignment the next solve must keep exactly (the contract's `pinned`)."""

    __tablename__ = "plan_locks"
    __table_args__ = (UniqueConstraint("week_start", "task", name="uq_plan_locks_week_task"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week_start: Mapped[date]
    task: Mapped[str] = mapped_column(String(40))
    start: Mapped[int]  # minutes from the week's Monday 00:00
    staff: Mapped[list]  # staff codes
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    created_by: Mapped[str] = mapped_column(String(40))


class SolveJob(Base):
    """One solve of a week, wherever it runs: queued by any app instance, run by a worker,
    watched and stopped from any instance.

    `active_week` is the week while the solve is queued or running and NULL after: its
    unique constraint is the lock that allows one solve per week across every instance
    (NULLs never collide). A running solve renews `heartbeat_at`; one whose heartbeat is
    older than the lease has lost its worker, and the next reader releases its week.
    `best` keeps the last plan the worker reported, so a lost solve's work can be kept.

    An "advice" job (`kind`) computes capacity advice on the version `base_version_id`
    and keeps the suggestions in `result` (written as progress too). The lock is one
    active job per week *and kind*: an advice never holds the lock a solve needs.
    """

    __tablename__ = "solve_jobs"
    __audit_skip__ = (
        "instance",
        "best",
        "heartbeat_at",
        "objective",
        "bound",
        "unscheduled",
        "result",
    )
    __table_args__ = (
        UniqueConstraint("active_week", "kind", name="uq_solve_jobs_active_week"),
        CheckConstraint(f"state IN {SOLVE_STATES}", name="state"),
        CheckConstraint(f"kind IN {JOB_KINDS}", name="kind"),
        Index("ix_solve_jobs_week_created", "week_start", "created_at"),
        Index("ix_solve_jobs_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default="solve", server_default="solve")
    week_start: Mapped[date]
    active_week: Mapped[date | None]
    state: Mapped[str] = mapped_column(String(10), default="queued")
    stop_requested: Mapped[bool] = mapped_column(default=False)
    # Who asked (the audit of the stored version names them; checked when it was queued).
    user_id: Mapped[int | None]
    username: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(20))
    time_limit: Mapped[float]
    task_count: Mapped[int]
    note: Mapped[str] = mapped_column(String(200), default="")
    instance: Mapped[dict]  # what the manager asked to solve (locks pinned, previous plan)
    objective: Mapped[int | None]
    bound: Mapped[int | None]
    unscheduled: Mapped[int | None]
    best: Mapped[dict | None]  # the last reported plan (firedesk.plan/1)
    version_id: Mapped[int | None]  # the draft it stored, exactly once
    base_version_id: Mapped[int | None]  # advice: the version advised on
    result: Mapped[dict | None]  # advice: the suggestions (so far, then final)
    error_key: Mapped[str | None] = mapped_column(String(60))
    error_detail: Mapped[str | None] = mapped_column(String(500))
    worker: Mapped[str | None] = mapped_column(String(80))
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class CapacityAsk(Base):
    """One capacity-advice suggestion asked of its person, and, once they agree, the
    capacity it adds to that one week.

    The addition is either an extra period (`start_at`, `end_at`: local time, inside the
    week) or the week's hour cap raised to `max_minutes`; it is never a standing rule:
    only the week `week_start` counts it, and only once `agreed_at` is set
    (`services.staff.availability` reads it). One ask per advice job and suggestion
    (`uq_capacity_asks_suggestion`), so a second click asks nobody twice.
    """

    __tablename__ = "capacity_asks"
    __table_args__ = (
        UniqueConstraint("advice_job_id", "suggestion", name="uq_capacity_asks_suggestion"),
        CheckConstraint(
            "(start_at IS NOT NULL AND end_at IS NOT NULL AND end_at > start_at"
            " AND max_minutes IS NULL)"
            " OR (start_at IS NULL AND end_at IS NULL AND max_minutes IS NOT NULL)",
            name="one_addition",
        ),
        Index("ix_capacity_asks_week_staff", "week_start", "staff_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    week_start: Mapped[date]
    advice_job_id: Mapped[int] = mapped_column(ForeignKey("solve_jobs.id", ondelete="CASCADE"))
    suggestion: Mapped[int]  # its index in the advice's suggestions (0 = best)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    start_at: Mapped[datetime | None]
    end_at: Mapped[datetime | None]
    max_minutes: Mapped[int | None]
    serves: Mapped[list]  # the task ids the suggestion's checked plan serves
    dedup_key: Mapped[str] = mapped_column(String(200))  # its outbox message's
    asked_at: Mapped[datetime]
    asked_by: Mapped[str] = mapped_column(String(40))
    agreed_at: Mapped[datetime | None]
    agreed_by: Mapped[str | None] = mapped_column(String(40))
    solve_job_id: Mapped[int | None]  # the re-plan queued when they agreed
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


@event.listens_for(PlanVersion, "before_update")
def _published_is_final(_mapper, _connection, target: PlanVersion) -> None:
    # Publishing flips a draft once; after that the row is evidence and never changes.
    history = inspect(target).attrs.status.history
    was = (history.deleted or history.unchanged or [None])[0]
    if was == "published":
        raise ValueError(f"plan version {target.id} is published and cannot be changed")


__all__ = [
    "PLAN_SOURCES",
    "PLAN_STATUSES",
    "SOLVE_STATES",
    "CapacityAsk",
    "PlanLock",
    "PlanVersion",
    "SolveJob",
]
