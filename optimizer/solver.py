"""Solve a week: baseline warm start, CP-SAT search with progress, explained result."""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass

from ortools.sat.python import cp_model

from optimizer.baseline import baseline_assignments, warm_start
from optimizer.bounds import lower_bound
from optimizer.contract import Assignment, Instance, Plan, Unscheduled, plan_to_dict
from optimizer.explain import explain_plan
from optimizer.lns import improve, run_cp_sat, set_hint
from optimizer.model import PlanningModel, add_plan_hint, prepare, read_assignments, score

LARGE_MODEL = 20_000  # candidate (task, person) pairs
SMALL_MODEL = 1_500  # up to this many pairs the full model is tried first, to prove optimality
FULL_FIRST_SHARE = 0.4  # of the time on a small week, before LNS takes over
FINAL_SHARE = 0.2  # of the time left after LNS: the full model hinted with the LNS plan


@dataclass(frozen=True)
class Progress:
    """One improving plan, as plain data: picklable and JSON-serialisable, so a worker
    process can send it through a queue (``plan`` is the contract's plan document)."""

    objective: int
    bound: int | None
    elapsed: float
    unscheduled: int
    plan: dict

    @property
    def unplanned(self) -> int:
        return self.unscheduled

    def as_dict(self) -> dict:
        return asdict(self)


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
        self.values: list[int] | None = None  # full model vector of ``assignments``, if known
        self.source = "warm start"

    def on_solution_callback(self) -> None:
        assignments = read_assignments(self.pm, self.value)
        terms = score(self.pm.instance, assignments, self.pm.prep.offhours)
        objective = sum(terms.values())
        if self.first_seconds is None:
            self.first_seconds = time.monotonic() - self.started
        if objective < self.best:
            self.best = objective
            self.assignments = assignments
            self.values = None
            self.source = "cp-sat"
            self.report(assignments, terms, max(0, int(self.best_objective_bound)))


def _full_model(
    pm: PlanningModel,
    seconds: float,
    workers: int,
    seed: int,
    watcher: _Watcher,
    should_stop: Callable[[], bool] | None,
) -> tuple[cp_model.CpSolver, int]:
    """CP-SAT on the whole model from its current hint, for at most ``seconds``."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.1, seconds)
    params.num_workers = workers
    params.random_seed = seed
    # Probing during presolve costs seconds on a city week (every start domain is probed)
    # and the warm start already gives a feasible plan; spend the time searching instead.
    params.cp_model_probing_level = 0
    if sum(len(o.candidates) for o in pm.prep.options) > LARGE_MODEL:
        # On a province week full presolve (symmetry detection, repeated rounds) took most
        # of two minutes before the search started; one light round starts it in seconds.
        params.symmetry_level = 0
        params.max_presolve_iterations = 1
    status = run_cp_sat(solver, pm.model, watcher, should_stop)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # The callback can miss a solution found inside presolve; read the final one too.
        final = read_assignments(pm, solver.value)
        objective = sum(score(pm.instance, final, pm.prep.offhours).values())
        if objective <= watcher.best:
            if objective < watcher.best or watcher.assignments is None:
                watcher.source = "cp-sat"
            watcher.best, watcher.assignments = objective, final
            watcher.values = list(solver.response_proto.solution)
    return solver, status


def solve(
    instance: Instance,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    on_progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    lang: str = "zh-CN",
    lns_rounds: int | None = None,
    stop: threading.Event | None = None,
) -> Plan:
    """Plan the week; never returns anything worse than the hand-made baseline.

    Steps: filter candidates, build the baseline and the warm start (reported at once
    through ``on_progress``), compute the lower bound, build the CP-SAT model once.  A
    small week is first solved on the full model (often to proven optimality); then
    large-neighbourhood search (:mod:`optimizer.lns`) improves the incumbent, and the
    last part of the time goes to the full model hinted with the LNS plan (it may still
    improve it and it tightens the bound).  ``on_progress`` gets every improving plan as
    a plain-data :class:`Progress`; ``should_stop()`` returning true ends the search and
    returns the best plan so far (``stop``, a ``threading.Event``, is still accepted for
    one release).  ``lns_rounds`` runs exactly that many LNS rounds and nothing else,
    each sub-solve bounded by deterministic time: with ``workers=1`` and a fixed ``seed``
    two runs give the identical plan.  ``plan.bound`` is max(CP-SAT's bound, our own).
    """
    if stop is not None:
        warnings.warn(
            "solve(stop=Event) is deprecated; pass should_stop=event.is_set",
            DeprecationWarning,
            stacklevel=2,
        )
        if should_stop is None:
            should_stop = stop.is_set
    started = time.monotonic()
    deadline = started + time_limit
    prep = prepare(instance)
    reference = baseline_assignments(prep)
    stats: dict = {"baseline_objective": sum(score(instance, reference, prep.offhours).values())}
    own_bound = 0

    def report(assignments: list[Assignment], terms: dict[str, int], bound: int | None) -> None:
        if on_progress is None:
            return
        best_bound = max(own_bound, bound or 0)
        plan = _make_plan(instance, assignments, terms, "FEASIBLE", best_bound, dict(stats))
        on_progress(
            Progress(
                plan.objective,
                best_bound,
                round(time.monotonic() - started, 3),
                len(plan.unscheduled),
                plan_to_dict(plan),
            )
        )

    # The baseline is the first plan, reported at once; then the warm start (two repaired
    # greedy plans, never worse than the baseline) is reported when it is better.
    report(reference, score(instance, reference, prep.offhours), None)
    stats["first_feasible_seconds"] = round(time.monotonic() - started, 3)
    base = warm_start(prep, reference)
    base_terms = score(instance, base, prep.offhours)
    stats["warm_start_objective"] = sum(base_terms.values())
    if stats["warm_start_objective"] < stats["baseline_objective"]:
        report(base, base_terms, None)
    # Without the off-hours team cuts: their LP costs seconds on a city week, taken from
    # the search, and the floor only tightens the reported gap (the benchmark computes
    # the full bound on its own).
    own_bound = lower_bound(prep, team_cuts=False)
    stats["lower_bound"] = own_bound
    pm = PlanningModel(prep, own_bound)
    add_plan_hint(pm, base)
    stats["build_seconds"] = round(time.monotonic() - started, 3)
    pairs = sum(len(o.candidates) for o in prep.options)
    stats["candidate_pairs"] = pairs

    watcher = _Watcher(pm, started, sum(base_terms.values()), report)
    cp_bound = 0
    optimal = False
    statuses: list[str] = []
    phases: list[str] = []

    def full_phase(seconds: float) -> None:
        nonlocal cp_bound, optimal
        phases.append("full")
        solver, status = _full_model(pm, seconds, workers, seed, watcher, should_stop)
        statuses.append(solver.status_name(status))
        stats["num_booleans"] = solver.num_booleans
        stats["conflicts"] = stats.get("conflicts", 0) + solver.num_conflicts
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            cp_bound = max(cp_bound, int(solver.best_objective_bound))
        if status == cp_model.INFEASIBLE:
            optimal = None  # no plan keeps the pins
        elif status == cp_model.OPTIMAL:
            optimal = True

    def stopped() -> bool:
        return should_stop is not None and should_stop()

    if lns_rounds is None and pairs <= SMALL_MODEL and not stopped():
        full_phase((deadline - time.monotonic()) * FULL_FIRST_SHARE)
    if optimal is False and not stopped() and (lns_rounds is None or lns_rounds > 0):
        phases.append("lns")
        start_plan = watcher.assignments or base
        if watcher.values is not None:
            set_hint(pm, watcher.values)
        elif watcher.assignments is not None:
            pm.model.clear_hints()
            add_plan_hint(pm, start_plan)
        left = deadline - time.monotonic()
        lns_deadline = (
            deadline if lns_rounds is not None else time.monotonic() + left * (1 - FINAL_SHARE)
        )

        def on_improve(inc) -> None:
            watcher.best, watcher.assignments, watcher.values = (
                inc.objective,
                inc.assignments,
                inc.values,
            )
            watcher.source = "lns"
            report(inc.assignments, score(instance, inc.assignments, prep.offhours), cp_bound)

        inc, search = improve(
            pm,
            start_plan,
            seed=seed,
            workers=workers,
            deadline=lns_deadline,
            rounds=lns_rounds,
            round_seconds=1.0,
            should_stop=should_stop,
            on_improve=on_improve,
        )
        stats["lns"] = search.stats.as_dict()
        if lns_rounds is None and not stopped() and deadline - time.monotonic() > 0.2:
            set_hint(pm, inc.values)
            full_phase(deadline - time.monotonic())

    stats["phases"] = phases
    stats["solver_status"] = statuses[-1] if statuses else "NOT_RUN"
    stats["cp_sat_first_solution_seconds"] = (
        round(watcher.first_seconds, 3) if watcher.first_seconds is not None else None
    )
    stats["solve_seconds"] = round(time.monotonic() - started, 3)
    stats["workers"] = workers
    stats["seed"] = seed
    if optimal is None:
        plan = _make_plan(
            instance, [], score(instance, [], prep.offhours), "INFEASIBLE", None, stats
        )
        explain_plan(instance, plan, lang, prep)
        return plan
    found = watcher.assignments is not None
    assignments = watcher.assignments if found else base
    terms = score(instance, assignments, prep.offhours)
    objective = sum(terms.values())
    bound = min(max(own_bound, cp_bound), objective)
    optimal = optimal or bound == objective
    plan = _make_plan(
        instance, assignments, terms, "OPTIMAL" if optimal else "FEASIBLE", bound, stats
    )
    plan.stats["gap"] = round((objective - bound) / objective, 4) if objective else 0.0
    plan.stats["source"] = watcher.source
    explain_plan(instance, plan, lang, prep)
    return plan
