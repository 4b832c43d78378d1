"""Where solves run: the one seam between the planning page and the solver.

Callers (the planning page, `manage.py plan-week`) use three functions and nothing else:

- `start_solve(actor, week, ...) -> SolveRun`: check the request and start solving the
  week, or return the solve of the week already running;
- `solve_run(week) -> SolveRun | None`: the week's running or last finished solve, whose
  fields (state, objective, bound, unscheduled, elapsed, version_id, error) the page polls;
- `stop_solve(actor, week)`: ask the week's solve to stop; it still stores the best plan
  found so far.

A job is named by its week: at most one solve of a week runs at a time, so a Streamlit
rerun (or a second browser tab) finds the running solve instead of starting another.

A `SolveRunner` decides where the work happens. The one runner today, `ThreadRunner`,
runs each solve on a daemon thread of the web process and keeps the runs in a
process-wide registry. A worker pool (RQ on Redis, say) would be a second runner behind the
same three functions, installed with `use_runner`: it would enqueue
`solves.run_solve(request, should_stop=...)`, keep each SolveRun's fields where every web
process can read them, and turn `stop` into a flag the job's `should_stop` reads.
"""

from __future__ import annotations

import threading
import time as time_module
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from optimizer.solver import Progress
from services.core.errors import FiredeskError, Problems
from services.core.permissions import Actor, require
from services.planning.solves import Solved, SolveRequest, run_solve, solve_request

DEFAULT_TIME_LIMIT = 30.0
MAX_TIME_LIMIT = 600.0


@dataclass
class SolveRun:
    """One solve of a week as its runner reports it; the page polls it."""

    week_start: date
    started_by: str
    time_limit: float
    task_count: int
    started: float = field(default_factory=time_module.monotonic)
    state: str = "running"  # running → done | failed
    objective: int | None = None
    bound: int | None = None
    unscheduled: int | None = None
    finished_after: float | None = None  # seconds
    version_id: int | None = None
    version_number: int | None = None
    error: FiredeskError | None = None
    _over: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def elapsed(self) -> float:
        if self.finished_after is not None:
            return self.finished_after
        return time_module.monotonic() - self.started

    def progress(self, update: Progress) -> None:
        """The solver's latest numbers (its `on_progress`)."""
        self.objective = update.objective
        self.bound = update.bound
        self.unscheduled = update.unscheduled

    def finish(self, solved: Solved) -> None:
        self.version_id, self.version_number = solved.version_id, solved.version_number
        self.objective, self.bound, self.unscheduled = (
            solved.objective,
            solved.bound,
            solved.unscheduled,
        )
        self.state = "done"

    def fail(self, error: FiredeskError) -> None:
        self.error = error
        self.state = "failed"

    def end(self) -> None:
        """The run is over (done or failed): the clock stops and waiters wake up."""
        self.finished_after = time_module.monotonic() - self.started
        self._over.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the run is over (or `timeout` seconds); True when it is over."""
        self._over.wait(timeout)
        return not self.running


class SolveRunner(Protocol):
    """Where solves run. A job is named by its week."""

    def start(self, week_start: date, request: Callable[[], SolveRequest]) -> SolveRun:
        """Start the week's solve, or return the one running. `request` is called only
        when none is running (it builds and checks the solve, and may raise)."""
        ...

    def current(self, week_start: date) -> SolveRun | None:
        """The week's running or last finished solve."""
        ...

    def stop(self, week_start: date) -> None:
        """Ask the week's running solve to stop (nothing if none runs)."""
        ...


class ThreadRunner:
    """Each solve on a daemon thread of this process, kept in a registry by week."""

    def __init__(self) -> None:
        self._runs: dict[date, SolveRun] = {}
        self._stops: dict[date, threading.Event] = {}
        self._lock = threading.Lock()

    def start(self, week_start: date, request: Callable[[], SolveRequest]) -> SolveRun:
        with self._lock:
            current = self._runs.get(week_start)
            if current is not None and current.running:
                return current
            job = request()
            run = SolveRun(week_start, job.actor.username, job.time_limit, job.task_count)
            stop = threading.Event()
            thread = threading.Thread(
                target=_run_on_thread,
                args=(run, job, stop),
                name=f"plan-{week_start.isoformat()}",
                daemon=True,
            )
            self._runs[week_start] = run
            self._stops[week_start] = stop
        thread.start()
        return run

    def current(self, week_start: date) -> SolveRun | None:
        with self._lock:
            return self._runs.get(week_start)

    def stop(self, week_start: date) -> None:
        with self._lock:
            stop = self._stops.get(week_start)
        if stop is not None:
            stop.set()


def _run_on_thread(run: SolveRun, job: SolveRequest, stop: threading.Event) -> None:
    try:
        run.finish(run_solve(job, on_progress=run.progress, should_stop=stop.is_set))
    except FiredeskError as error:
        run.fail(error)
    except Exception as error:  # a crashed thread must still tell the page it is over
        run.fail(FiredeskError("plan.error.solve_failed", detail=str(error)))
    finally:
        run.end()


_runner: SolveRunner = ThreadRunner()


def use_runner(runner: SolveRunner) -> SolveRunner:
    """Run solves with `runner` from now on; returns the runner it replaces."""
    global _runner
    previous, _runner = _runner, runner
    return previous


def start_solve(
    actor: Actor,
    week_start: date,
    *,
    base: dict | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    note: str = "",
) -> SolveRun:
    """Start solving the week in the background, or return the solve already running."""
    require(actor, "plans.write")
    if not 1 <= time_limit <= MAX_TIME_LIMIT:
        problems = Problems()
        problems.add("time_limit", "error.range", low=1, high=int(MAX_TIME_LIMIT), value=time_limit)
        problems.raise_if_any()
    return _runner.start(
        week_start, lambda: solve_request(actor, week_start, base, time_limit, note)
    )


def solve_run(week_start: date) -> SolveRun | None:
    """The week's running or last finished solve."""
    return _runner.current(week_start)


def stop_solve(actor: Actor, week_start: date) -> None:
    """Stop the week's solve; it still stores the best plan found so far."""
    require(actor, "plans.write")
    _runner.stop(week_start)
