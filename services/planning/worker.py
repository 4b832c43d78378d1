"""What a worker does with one job (a solve or capacity advice), and the embedded worker's loop.

`run_job(job_id)` claims the job, solves its instance with the optimizer while a heartbeat
thread renews the lease, writes progress (objective, bound, unplanned, the plan so far) to
the job's row and watches for a stop request, then stores the draft version and closes the
job in one transaction. It is the function the Redis queue's workers run (RQ imports it
by name) and the one the embedded local worker process calls for each queued job. An
advice job (`kind` "advice") runs `services.planning.advice.compute_advice` the same way:
same lease, same stop, its suggestions stored on the row.

The time limit is the worker's to enforce: the solver gets it, and the queue's own job
timeout (a little longer) kills a solve that would not end.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable

from optimizer.solver import Progress
from services.core.errors import FiredeskError
from services.core.unit_of_work import unit_of_work
from services.planning import solve_jobs

log = logging.getLogger("firedesk.worker")


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class _Lost(Exception):
    """The job was taken from this worker (its lease expired): nothing may be stored."""


def run_job(job_id: int, *, orphaned: Callable[[], bool] | None = None) -> str:
    """Solve one queued job; returns how it ended (done, failed, lost, skipped).

    `orphaned()` is asked at each heartbeat: once it says yes (the embedded worker's app
    process is gone) the solve stops as if a manager had pressed stop, and the best plan so
    far is stored, rather than a worker nobody serves any more solving to its time limit."""
    from db import session as db_session

    db_session.after_fork()
    name = worker_name()
    job = solve_jobs.claim(job_id, name)
    if job is None:
        return "skipped"
    log.info("%s %s of week %s claimed by %s", job.kind, job_id, job.week_start, name)
    latest: dict = {}
    guard = threading.Lock()
    stop, lost, over = threading.Event(), threading.Event(), threading.Event()

    def on_progress(update: Progress) -> None:
        with guard:
            latest.update(
                objective=update.objective,
                bound=update.bound,
                unscheduled=update.unscheduled,
                best=update.plan,
            )

    def beat() -> None:
        while not over.wait(solve_jobs.heartbeat_seconds()):
            if orphaned is not None and orphaned():
                stop.set()  # asked before the database: it may be gone with the app
            with guard:
                progress = dict(latest)
                latest.clear()
            try:
                held, stop_requested = solve_jobs.heartbeat(job_id, name, progress or None)
            except Exception:  # a busy database must not kill the solve: try again next beat
                log.exception("heartbeat of solve %s failed", job_id)
                continue
            if not held:
                lost.set()
                stop.set()
            elif stop_requested:
                stop.set()

    heart = threading.Thread(target=beat, name=f"heartbeat-{job_id}", daemon=True)
    heart.start()
    try:
        if job.kind == solve_jobs.ADVICE:
            _advise(job, name, latest, guard, stop, lost, over)
            log.info("advice %s stored", job_id)
            return "done"
        from services.planning.solves import SolveRequest, run_solve
        from services.planning.versions import parse

        request = SolveRequest(
            job.actor, job.week_start, job.instance, parse(job.instance), job.time_limit, job.note
        )

        def close(session, solved) -> None:
            over.set()
            if lost.is_set() or not solve_jobs.close(
                session,
                job_id,
                name,
                state="done",
                version_id=solved.version_id,
                objective=solved.objective,
                bound=solved.bound,
                unscheduled=solved.unscheduled,
            ):
                raise _Lost  # rolls the version back: a result is stored exactly once

        solved = run_solve(
            request, on_progress=on_progress, should_stop=stop.is_set, on_stored=close
        )
        log.info("solve %s stored version %s", job_id, solved.version_id)
        return "done"
    except _Lost:
        log.warning("solve %s was taken from %s (lease expired); nothing stored", job_id, name)
        return "lost"
    except Exception as error:
        if isinstance(error, FiredeskError) and set(error.params) <= {"detail"}:
            key, detail = error.key, str(error.params.get("detail", ""))
        elif isinstance(error, FiredeskError):
            key, detail = "plan.error.solve_failed", str(error)
        else:
            log.exception("solve %s crashed", job_id)
            key, detail = "plan.error.solve_failed", f"{type(error).__name__}: {error}"
        with unit_of_work(job.actor) as session:
            solve_jobs.close(
                session, job_id, name, state="failed", error_key=key, error_detail=detail[:500]
            )
        return "failed"
    finally:
        over.set()


def _advise(job, name: str, latest: dict, guard, stop, lost, over) -> None:
    """Capacity advice on the job's version; progress (the suggestions so far) goes to the
    row's `result` with each heartbeat, the final result with the closing transaction."""
    from services.planning.advice import compute_advice

    def on_progress(result: dict) -> None:
        with guard:
            latest.update(result=result)

    result = compute_advice(job, should_stop=stop.is_set, on_progress=on_progress)
    over.set()
    with unit_of_work(job.actor) as session:
        if lost.is_set() or not solve_jobs.close(
            session, job.id, name, state="done", result=result
        ):
            raise _Lost


def work_embedded(*, parent_pid: int | None = None, burst: bool = False, poll: float = 0.5) -> int:
    """The embedded worker: take queued solves from the database one at a time.

    Runs until its parent (the app process that started it) is gone (a solve running then
    stops within a heartbeat and keeps its best plan), or, with `burst`, until the queue is
    empty. Several of them (one per app instance) share the queue:
    claiming a job is one conditional UPDATE, so each job runs once."""
    solved = 0

    def orphaned() -> bool:
        return parent_pid is not None and os.getppid() != parent_pid

    while True:
        if orphaned():
            return solved
        try:
            ids = solve_jobs.queued_ids()
        except Exception:  # the database restarting must not end the worker
            log.exception("could not read the solve queue")
            ids = []
        for job_id in ids:
            if orphaned():
                return solved
            if run_job(job_id, orphaned=orphaned) == "done":
                solved += 1
        if burst and not ids:
            return solved
        if not ids:
            time.sleep(poll)
