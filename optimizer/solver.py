"""Solve a week: baseline warm start, CP-SAT search with progress, explained result."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from optimizer.baseline import baseline_assignments, warm_start
from optimizer.bounds import lower_bound
from optimizer.contract import Assignment, Instance, Plan, Unscheduled
from optimizer.explain import explain_plan
from optimizer.model import PlanningModel, add_plan_hint, prepare, read_assignments, score

LARGE_MODEL = 20_000  # candidate (task, person) pairs


@dataclass
class Progress:
    objective: int
    bound: int | None
    elapsed: float
    unscheduled: int
    plan: Plan


def _make_plan(
    instance: Instance,
    assignments: list[Assignment],
    terms: dict[str, int],
    status: str,
    bound: int | None,
    stats: dict,
) -> Plan:
    done = {a.task for a in assignments}
    order = {t.id: i for i, t in enumerate(instance.tasks)}
    return Plan(
        instance=instance.name,
        status=status,
        objective=sum(terms.values()),
        bound=bound,
        assignments=sorted(assignments, key=lambda a: order[a.task]),
        unscheduled=[Unscheduled(t.id) for t in instance.tasks if t.id not in done],
        stats={**stats, "terms": terms},
    )


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Reads every improving solution, scores it exactly and reports progress."""

    def __init__(self, pm: PlanningModel, started: float, best: int, report: Callable):
        super().__init__()
        self.pm = pm
        self.started = started
        self.best = best
        self.report = report
        self.assignments: list[Assignment] | None = None
        self.first_seconds: float | None = None

    def on_solution_callback(self) -> None:
        assignments = read_assignments(self.pm, self.value)
        terms = score(self.pm.instance, assignments, self.pm.prep.offhours)
        objective = sum(terms.values())
        if self.first_seconds is None:
            self.first_seconds = time.monotonic() - self.started
        if objective < self.best:
            self.best = objective
            self.assignments = assignments
            self.report(assignments, terms, max(0, int(self.best_objective_bound)))


def solve(
    instance: Instance,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    on_progress: Callable[[Progress], None] | None = None,
    stop: threading.Event | None = None,
    lang: str = "zh-CN",
) -> Plan:
    """Plan the week; never returns anything worse than the hand-made baseline.

    Steps: filter candidates, build the baseline and the warm start (reported at once
    through ``on_progress``), compute the lower bound, then search with CP-SAT from the
    warm start as a complete hint.  ``on_progress`` gets every improving plan; setting
    ``stop`` ends the search and returns the best plan so far.  With ``workers=1`` and a
    fixed ``seed`` the search is deterministic (a run cut by ``time_limit`` may still
    stop at a different point).  ``plan.bound`` is max(CP-SAT's bound, our own).
    """
    started = time.monotonic()
    prep = prepare(instance)
    reference = baseline_assignments(prep)
    stats: dict = {"baseline_objective": sum(score(instance, reference, prep.offhours).values())}
    # The warm start is the baseline plus one-step swaps; never worse than the baseline.
    base = warm_start(prep)
    base_terms = score(instance, base, prep.offhours)
    stats["warm_start_objective"] = sum(base_terms.values())

    def report(assignments: list[Assignment], terms: dict[str, int], bound: int | None) -> None:
        if on_progress is None:
            return
        best_bound = max(own_bound, bound or 0)
        plan = _make_plan(instance, assignments, terms, "FEASIBLE", best_bound, dict(stats))
        on_progress(
            Progress(
                plan.objective, best_bound, time.monotonic() - started, len(plan.unscheduled), plan
            )
        )

    own_bound = 0
    report(base, base_terms, None)
    stats["first_feasible_seconds"] = round(time.monotonic() - started, 3)
    own_bound = lower_bound(prep)
    stats["lower_bound"] = own_bound
    pm = PlanningModel(prep, own_bound)
    add_plan_hint(pm, base)
    stats["build_seconds"] = round(time.monotonic() - started, 3)

    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.1, time_limit - (time.monotonic() - started))
    params.num_workers = workers
    params.random_seed = seed
    # Probing during presolve costs seconds on a city week (every start domain is probed)
    # and the warm start already gives a feasible plan; spend the time searching instead.
    params.cp_model_probing_level = 0
    if sum(len(o.candidates) for o in prep.options) > LARGE_MODEL:
        # On a province week full presolve (symmetry detection, repeated rounds) took most
        # of two minutes before the search started; one light round starts it in seconds.
        params.symmetry_level = 0
        params.max_presolve_iterations = 1
    watcher = _Watcher(pm, started, sum(base_terms.values()), report)
    done = threading.Event()

    def relay_stop() -> None:
        # A stop request can come while no solution arrives; watch it on the side.
        while not done.is_set():
            if stop.wait(0.05):
                solver.stop_search()
                return

    relay = None
    if stop is not None:
        if stop.is_set():
            params.max_time_in_seconds = 0.0
        relay = threading.Thread(target=relay_stop, daemon=True)
        relay.start()
    status = solver.solve(pm.model, watcher)
    done.set()
    if relay is not None:
        relay.join()

    name = solver.status_name(status)
    stats["solver_status"] = name
    stats["cp_sat_first_solution_seconds"] = (
        round(watcher.first_seconds, 3) if watcher.first_seconds is not None else None
    )
    stats["solve_seconds"] = round(time.monotonic() - started, 3)
    stats["workers"] = workers
    stats["seed"] = seed
    stats["num_booleans"] = solver.num_booleans
    stats["conflicts"] = solver.num_conflicts
    if status == cp_model.INFEASIBLE:
        plan = _make_plan(
            instance, [], score(instance, [], prep.offhours), "INFEASIBLE", None, stats
        )
        explain_plan(instance, plan, lang, prep)
        return plan
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # The callback can miss a solution found inside presolve; read the final one too.
        final = read_assignments(pm, solver.value)
        final_terms = score(instance, final, prep.offhours)
        if (
            sum(final_terms.values()) < watcher.best
            or watcher.assignments is None
            and (sum(final_terms.values()) < sum(base_terms.values()))
        ):
            watcher.assignments, watcher.best = final, sum(final_terms.values())
    found = watcher.assignments is not None
    assignments = watcher.assignments if found else base
    terms = score(instance, assignments, prep.offhours)
    objective = sum(terms.values())
    bound = own_bound
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        bound = max(bound, int(solver.best_objective_bound))
    bound = min(bound, objective)
    optimal = status == cp_model.OPTIMAL or bound == objective
    plan = _make_plan(
        instance, assignments, terms, "OPTIMAL" if optimal else "FEASIBLE", bound, stats
    )
    plan.stats["gap"] = round((objective - bound) / objective, 4) if objective else 0.0
    plan.stats["source"] = "cp-sat" if found else "warm start"
    explain_plan(instance, plan, lang, prep)
    return plan
