"""Solves as records every app instance shares: queue, one-per-week lock, progress, stop.

A solve is a `SolveJob` row. Any instance queues one (the unique `active_week` refuses a
second solve of the same week, whoever asks, wherever); a worker claims it, renews its
heartbeat while it works and writes its progress there; any instance reads that progress
and may ask it to stop. Where the worker runs (a local process or a Redis queue) is
`services.planning.solve_backends`' business; what a worker does is `services.planning.worker`.

The lease: a running solve whose heartbeat is older than `lease_seconds()` has lost its
worker (killed, machine gone). The next reader marks it failed and frees its week; the
last plan it reported stays on the row, and a manager may keep it as a draft.
Storing the result and closing the row happen in one transaction, conditional on the
worker still holding the job, so a result is stored exactly once.

Jobs have a kind: "solve" (stores a draft version) or "advice" (capacity advice on one
version, its suggestions kept in `result`). The lock is one active job per week and kind,
so a week's advice never holds the lock its solve needs; workers take queued solves
before queued advice, so an advice never delays a solve that was asked for after it.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from sqlalchemy import String, and_, case, cast, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import SolveJob
from db.session import read_session
from rules.time import local
from services.core.clock import now
from services.core.errors import FiredeskError
from services.core.permissions import SYSTEM, Actor
from services.core.unit_of_work import unit_of_work

ACTIVE = ("queued", "running")
SOLVE, ADVICE = "solve", "advice"


def lease_seconds() -> float:
    """How long a running solve may go without a heartbeat before its week is released."""
    return float(os.environ.get("FIREDESK_SOLVE_LEASE_SECONDS", "60"))


def heartbeat_seconds() -> float:
    return max(0.2, min(5.0, lease_seconds() / 4))


@dataclass
class SolveRun:
    """What a page or a script sees of one solve: a snapshot of its row; `wait` and
    `refresh` read it again."""

    id: int
    week_start: date
    state: str  # queued -> running -> done | failed | stopped
    started_by: str
    time_limit: float
    task_count: int
    stop_requested: bool
    objective: int | None
    bound: int | None
    unscheduled: int | None
    version_id: int | None
    error_key: str | None
    error_detail: str | None
    worker: str | None
    attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    has_best: bool
    kind: str = SOLVE
    base_version_id: int | None = None
    result: dict | None = None  # advice: the suggestions so far, then in all

    @property
    def running(self) -> bool:
        return self.state in ACTIVE

    @property
    def elapsed(self) -> float:
        """Seconds of solving so far (or in all, once it is over); 0 while queued."""
        if self.started_at is None:
            return 0.0
        end = self.finished_at or now()
        return max(0.0, (local(end) - local(self.started_at)).total_seconds())

    @property
    def error(self) -> FiredeskError | None:
        if self.state == "failed":
            key = self.error_key or "plan.error.solve_failed"
            if self.kind == ADVICE and key == "plan.error.worker_lost":
                key = "advice.error.worker_lost"  # an advice leaves no plan to keep
            return FiredeskError(key, detail=self.error_detail or "")
        return None

    @property
    def recoverable(self) -> bool:
        """A failed solve whose last reported plan may still be kept as a draft."""
        return self.state == "failed" and self.has_best and self.version_id is None

    @property
    def version_number(self) -> int | None:
        if self.version_id is None:
            return None
        from db.models import PlanVersion

        with read_session() as session:
            return session.scalar(
                select(PlanVersion.number).where(PlanVersion.id == self.version_id)
            )

    def refresh(self) -> SolveRun:
        fresh = get_run(self.id)
        for f in fields(self):
            setattr(self, f.name, getattr(fresh, f.name))
        return self

    def wait(self, timeout: float | None = None, poll: float = 0.2) -> bool:
        """Wait until the solve is over (True) or `timeout` seconds pass (False)."""
        return self._wait_while(ACTIVE, timeout, poll)

    def wait_started(self, timeout: float | None = None, poll: float = 0.1) -> bool:
        """Wait until a worker has taken the solve (True), or `timeout` seconds pass."""
        return self._wait_while(("queued",), timeout, poll)

    def _wait_while(self, states: tuple[str, ...], timeout: float | None, poll: float) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.refresh().state in states:
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(poll)
        return True


def _run(row, has_best: bool | None = None) -> SolveRun:
    """A snapshot of a solve row: an ORM row, or the light columns of `_light_run`."""
    return SolveRun(
        id=row.id,
        week_start=row.week_start,
        state=row.state,
        started_by=row.username,
        time_limit=row.time_limit,
        task_count=row.task_count,
        stop_requested=row.stop_requested,
        objective=row.objective,
        bound=row.bound,
        unscheduled=row.unscheduled,
        version_id=row.version_id,
        error_key=row.error_key,
        error_detail=row.error_detail,
        worker=row.worker,
        attempts=row.attempts,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        has_best=row.best is not None if has_best is None else has_best,
        kind=row.kind,
        base_version_id=row.base_version_id,
        result=row.result,
    )


# Everything a page shows of a solve but its two large JSON documents (`instance`, the
# problem as asked; `best`, the last plan reported), which a progress poll must not load.
_LIGHT_COLUMNS = tuple(c for c in SolveJob.__table__.c if c.key not in ("instance", "best"))
# Whether there is a last plan (SQL NULL, or a JSON null the ORM wrote for None: no plan).
_HAS_BEST = and_(SolveJob.best.is_not(None), cast(SolveJob.best, String) != "null").label(
    "has_best"
)


def _light_run(session: Session, week_start: date, kind: str) -> _Row | None:
    """The week's latest job row of `kind`, light columns only: one read of the week's index."""
    values = (
        session.execute(
            select(*_LIGHT_COLUMNS, _HAS_BEST)
            .where(SolveJob.week_start == week_start, SolveJob.kind == kind)
            .order_by(SolveJob.id.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return None if values is None else _Row(values)


class _Row:
    """Attribute access to a light row (what `_run` and `_lost` read)."""

    def __init__(self, values) -> None:
        self.__dict__.update(values)


def _lost(row) -> bool:
    """A running solve whose heartbeat is older than the lease (its worker is gone)."""
    return (
        row.state == "running"
        and row.heartbeat_at is not None
        and local(row.heartbeat_at) < local(now()) - timedelta(seconds=lease_seconds())
    )


# ----------------------------------------------------------------------------- the lease


def release_lost(session: Session) -> int:
    """Mark running solves whose heartbeat has expired as failed and free their weeks."""
    moment = now()
    result = session.execute(
        update(SolveJob)
        .where(
            SolveJob.state == "running",
            SolveJob.heartbeat_at < moment - timedelta(seconds=lease_seconds()),
        )
        .values(
            state="failed",
            active_week=None,
            error_key="plan.error.worker_lost",
            error_detail=f"no heartbeat for {lease_seconds():.0f} s",
            finished_at=moment,
        )
    )
    return result.rowcount


def _release_lost_now() -> None:
    with unit_of_work(SYSTEM) as session:
        session.info["audit"] = False
        release_lost(session)


# ----------------------------------------------------------------------------- app side


def enqueue(
    actor: Actor,
    week_start: date,
    *,
    instance: dict,
    task_count: int,
    time_limit: float,
    note: str,
    kind: str = SOLVE,
    base_version_id: int | None = None,
) -> SolveRun:
    """Queue a job of the week; refuses while another job of its kind for the week is
    queued or running."""
    _release_lost_now()
    try:
        with unit_of_work(actor) as session:
            row = SolveJob(
                kind=kind,
                base_version_id=base_version_id,
                week_start=week_start,
                active_week=week_start,
                state="queued",
                user_id=actor.user_id,
                username=actor.username,
                role=actor.role,
                time_limit=time_limit,
                task_count=task_count,
                note=note,
                instance=instance,
                created_at=now(),
            )
            session.add(row)
            session.flush()
            job_id = row.id
    except IntegrityError:
        current = week_run(week_start, kind)
        raise FiredeskError(
            RUNNING_KEYS[kind], user=current.started_by if current else "?"
        ) from None
    return get_run(job_id)


RUNNING_KEYS = {SOLVE: "plan.error.solve_running", ADVICE: "advice.error.running"}


def get_run(job_id: int) -> SolveRun:
    with read_session() as session:
        row = session.get(SolveJob, job_id)
        if row is None:
            raise FiredeskError("error.not_found", what=f"solve {job_id}")
        return _run(row)


def week_run(week_start: date, kind: str = SOLVE) -> SolveRun | None:
    """The week's active job of `kind`, else its latest one (None if there never was one).

    One indexed read of the light columns (what a page polls every few seconds while a
    solve runs); a second read only after releasing a job whose worker was lost."""
    with read_session() as session:
        row = _light_run(session, week_start, kind)
    if row is not None and _lost(row):
        _release_lost_now()
        with read_session() as session:
            row = _light_run(session, week_start, kind)
    return None if row is None else _run(row, has_best=row.has_best)


def request_stop(actor: Actor, week_start: date, kind: str = SOLVE) -> None:
    """Ask the week's job of `kind` to stop: a running solve stores the best plan found so
    far (an advice what it has checked), a queued one is withdrawn before any worker takes
    it."""
    with unit_of_work(actor) as session:
        session.info["audit"] = False
        moment = now()
        session.execute(
            update(SolveJob)
            .where(
                SolveJob.active_week == week_start,
                SolveJob.kind == kind,
                SolveJob.state == "queued",
            )
            .values(state="stopped", active_week=None, stop_requested=True, finished_at=moment)
        )
        session.execute(
            update(SolveJob)
            .where(
                SolveJob.active_week == week_start,
                SolveJob.kind == kind,
                SolveJob.state == "running",
            )
            .values(stop_requested=True)
        )


@dataclass(frozen=True)
class QueueState:
    queued: int
    running: int


def queue_state() -> QueueState:
    """How many solves wait for a worker and how many are being solved, across instances."""
    with read_session() as session:
        counts = dict(
            session.execute(
                select(SolveJob.state, func.count())
                .where(SolveJob.state.in_(ACTIVE))
                .group_by(SolveJob.state)
            ).all()
        )
    return QueueState(counts.get("queued", 0), counts.get("running", 0))


def queued_ids() -> list[int]:
    """Queued jobs in the order a worker takes them: solves first, then advice, each oldest
    first."""
    with read_session() as session:
        return list(
            session.scalars(
                select(SolveJob.id)
                .where(SolveJob.state == "queued")
                .order_by(case((SolveJob.kind == ADVICE, 1), else_=0), SolveJob.id)
            )
        )


def best_of(job_id: int) -> tuple[SolveJob, dict] | None:
    """A failed solve's job row and last reported plan, for keeping it as a draft."""
    with read_session() as session:
        row = session.get(SolveJob, job_id)
        if row is None or row.kind != SOLVE or row.best is None or row.version_id is not None:
            return None
        session.expunge(row)
        return row, row.best


# ----------------------------------------------------------------------------- worker side


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    kind: str
    base_version_id: int | None
    week_start: date
    actor: Actor
    time_limit: float
    instance: dict
    note: str


def claim(job_id: int, worker: str) -> ClaimedJob | None:
    """Take a queued solve (or one whose worker was lost before it was noticed); None when
    another worker has it, it was stopped, or it is over."""
    moment = now()
    with unit_of_work(SYSTEM) as session:
        session.info["audit"] = False
        taken = session.execute(
            update(SolveJob)
            .where(
                SolveJob.id == job_id,
                (SolveJob.state == "queued")
                | (
                    (SolveJob.state == "running")
                    & (SolveJob.heartbeat_at < moment - timedelta(seconds=lease_seconds()))
                ),
            )
            .values(
                state="running",
                worker=worker,
                attempts=SolveJob.attempts + 1,
                started_at=moment,
                heartbeat_at=moment,
            )
        ).rowcount
        if not taken:
            return None
        row = session.get(SolveJob, job_id)
        return ClaimedJob(
            id=row.id,
            kind=row.kind,
            base_version_id=row.base_version_id,
            week_start=row.week_start,
            actor=Actor(user_id=row.user_id, username=row.username, role=row.role),
            time_limit=row.time_limit,
            instance=row.instance,
            note=row.note,
        )


def heartbeat(job_id: int, worker: str, progress: dict | None = None) -> tuple[bool, bool]:
    """Renew the lease (and write progress); returns (still ours, stop requested)."""
    values: dict = {"heartbeat_at": now()}
    if progress is not None:
        values.update(progress)
    with unit_of_work(SYSTEM) as session:
        session.info["audit"] = False
        held = session.execute(
            update(SolveJob)
            .where(SolveJob.id == job_id, SolveJob.worker == worker, SolveJob.state == "running")
            .values(**values)
        ).rowcount
        stop = session.scalar(select(SolveJob.stop_requested).where(SolveJob.id == job_id))
    return bool(held), bool(stop)


def close(session: Session, job_id: int, worker: str | None, **values) -> bool:
    """Close the job in the caller's transaction, if `worker` still holds it (None: any
    failed job without a stored version, for keeping a lost solve's plan)."""
    condition = [SolveJob.id == job_id]
    if worker is not None:
        condition += [SolveJob.worker == worker, SolveJob.state == "running"]
    else:
        condition += [SolveJob.state == "failed", SolveJob.version_id.is_(None)]
    values.setdefault("finished_at", now())
    return bool(
        session.execute(
            update(SolveJob).where(*condition).values(active_week=None, **values)
        ).rowcount
    )
