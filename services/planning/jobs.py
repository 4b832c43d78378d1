"""Where solves run: the one seam between the planning page and the solver.

Callers (the planning page, `manage.py plan-week`) use these functions and nothing else:

- `start_solve(actor, week, ...) -> SolveRun`: check the request and queue the week's
  solve for a worker; refused while another solve of the week is queued or running, from
  whichever app instance it was started;
- `solve_run(week) -> SolveRun | None`: the week's active or last solve, whose fields
  (state, objective, bound, unscheduled, elapsed, version_id, error) the page polls;
- `stop_solve(actor, week)`: ask the week's solve to stop; it still stores the best plan
  found so far (a queued one is withdrawn);
- `keep_last_plan(actor, job id)`: keep the last plan a lost solve reported as a draft;
- `queue_state()`, `solve_workers()`, `queued_ahead(run)`: what the page shows of the queue.

A solve is a row every instance shares (`services.planning.solve_jobs`); a worker process
runs it (`services.planning.worker`), reached through the embedded local worker or a Redis
queue (`services.planning.solve_backends`). No solve runs in a thread of the web server.
"""

from __future__ import annotations

from datetime import date

from optimizer.contract import plan_from_dict
from services.core.errors import FiredeskError, NotFound, Problems
from services.core.permissions import Actor, require
from services.core.unit_of_work import unit_of_work
from services.planning import solve_backends, solve_jobs
from services.planning.solve_jobs import QueueState, SolveRun
from services.planning.solves import solve_request
from services.planning.versions import VersionInfo, published_version, store_version, version_info

DEFAULT_TIME_LIMIT = 30.0
MAX_TIME_LIMIT = 600.0

__all__ = ["SolveRun", "start_solve", "solve_run", "stop_solve", "keep_last_plan"]


def start_solve(
    actor: Actor,
    week_start: date,
    *,
    base: dict | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    note: str = "",
    keep: dict | None = None,
) -> SolveRun:
    """Queue a solve of the week for a worker; refused while one is queued or running.
    `keep`: the plan to change as little as possible (default: the published one)."""
    require(actor, "plans.write")
    if not 1 <= time_limit <= MAX_TIME_LIMIT:
        problems = Problems()
        problems.add("time_limit", "error.range", low=1, high=int(MAX_TIME_LIMIT), value=time_limit)
        problems.raise_if_any()
    current = solve_run(week_start)
    if current is not None and current.running:
        raise FiredeskError("plan.error.solve_running", user=current.started_by)
    request = solve_request(actor, week_start, base, time_limit, note, keep)
    run = solve_jobs.enqueue(
        actor,
        week_start,
        instance=request.instance,
        task_count=request.task_count,
        time_limit=time_limit,
        note=note,
    )
    solve_backends.submit(run.id, time_limit)
    return run


def solve_run(week_start: date) -> SolveRun | None:
    """The week's queued or running solve, else its last one, from any app instance."""
    return solve_jobs.week_run(week_start)


def stop_solve(actor: Actor, week_start: date) -> None:
    """Stop the week's solve from any instance; it still stores the best plan found so far
    (a queued one is withdrawn before a worker takes it)."""
    require(actor, "plans.write")
    solve_jobs.request_stop(actor, week_start)


def keep_last_plan(actor: Actor, job_id: int) -> VersionInfo:
    """Keep the last plan a lost solve reported (its worker died) as a draft version, once."""
    require(actor, "plans.write")
    found = solve_jobs.best_of(job_id)
    if found is None:
        raise NotFound("error.not_found", what=f"solve {job_id}")
    job, best = found
    published = published_version(job.week_start)
    with unit_of_work(actor) as session:
        row = store_version(
            session,
            actor,
            job.week_start,
            job.instance,
            plan_from_dict(best),
            "solve",
            based_on_id=published.id if published else None,
            note=(job.note + " (kept from a lost solve)").strip()[:200],
        )
        if not solve_jobs.close(session, job_id, None, state="failed", version_id=row.id):
            raise FiredeskError("plan.error.already_kept")
        return version_info(row)


def queue_state() -> QueueState:
    return solve_jobs.queue_state()


def solve_workers() -> solve_backends.Workers:
    return solve_backends.workers()


def queued_ahead(run: SolveRun) -> int:
    """How many queued jobs a worker takes before this one (solves go before advice)."""
    ids = solve_jobs.queued_ids()
    return ids.index(run.id) if run.id in ids else 0
