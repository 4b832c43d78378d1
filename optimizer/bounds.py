"""A lower bound on the objective that CP-SAT's own LP relaxation does not see.

The model's relaxation knows almost nothing about the off-hours peak (a max of sums of
products) or about how many people can share the work, so its bound stays near the
window costs.  Here we solve a small aggregated LP instead:

* a task that no one can ever take costs its unscheduled penalty, whatever we do;
* a scheduled task costs at least one of its Pareto-best (window cost, off-hours minutes)
  options over the starts where enough people could come;
* any group G of people that must do a set of tasks on their own (each task's candidates
  lie inside G) carries their off-hours minutes, so ``peak >= load / |G|``; G's tasks
  also fit within G's weekly caps and availability;
* a scheduled task's people each carry its off-hours minutes, so ``peak >=`` them;
* small groups of tasks that compete for one hall, or for the only people who can do
  them, are solved exactly on their own (CP-SAT, deterministic time budget); each
  group's minimum of unscheduled penalty + window cost becomes a cut.

Every integral plan is a feasible point of this LP, so its value (rounded up) is a
valid bound; it is added to the CP-SAT model as an objective floor.
"""

from __future__ import annotations

import math
from collections import defaultdict

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from optimizer.model import PlanningModel, Prepared, TaskOptions

LOCAL_TERMS = ("Unscheduled penalty", "Window cost")
SMALL_POOL = 0  # extra candidates tolerated (larger pools made big groups and no gain)


def components(prep: Prepared) -> list[list[TaskOptions]]:
    """Groups of tasks that compete for a resource, or for people they cannot do without,
    at overlapping times (e.g. the tours of one station's hall and its guides).

    These groups are small and solve exactly in milliseconds, and they hold much of the
    unavoidable unscheduled penalty (two bookings for one hall at the same hour).  Tasks
    of different groups still interact in the full problem, so each group's own optimum
    is a relaxation, which is exactly what a lower bound may use.  Groups that compete
    only through large pools of interchangeable people are left to the LP.
    """
    slot = prep.slot
    live = [o for o in prep.options if o.schedulable]
    parent = {o.task.id: o.task.id for o in live}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    spans: dict[tuple, list[tuple[int, int, str]]] = defaultdict(list)
    for o in live:
        d = o.task.duration
        if len(o.candidates) <= o.task.headcount + SMALL_POOL:  # few who can do it
            for c in o.candidates:
                a = c.allowed[0][0] * slot - c.travel
                b = c.allowed[-1][1] * slot + d + c.travel
                spans[("person", c.person.id)].append((a, b, o.task.id))
        if o.task.resource:
            spans[("resource", o.task.resource)].append(
                (o.starts[0][0] * slot, o.starts[-1][1] * slot + d, o.task.id)
            )
    for items in spans.values():
        items.sort()
        end, owner = None, None
        for a, b, tid in items:
            if end is not None and a < end:
                parent[find(tid)] = find(owner)
            if end is None or b > end:
                end, owner = b, tid
    groups: dict[str, list[TaskOptions]] = defaultdict(list)
    for o in live:
        groups[find(o.task.id)].append(o)
    return sorted(groups.values(), key=len)


def component_bounds(
    prep: Prepared, budget: float, max_tasks: int = 40
) -> list[tuple[list[TaskOptions], int]]:
    """A proven minimum of unscheduled penalty + window cost for each competing group.

    Solved with CP-SAT on the group alone within a deterministic-time budget, so the
    result (and everything built on it) does not depend on machine load.
    """
    out = []
    groups = [g for g in components(prep) if 1 < len(g) <= max_tasks]
    total = sum(len(g) for g in groups) or 1
    for group in groups:
        pm = PlanningModel(
            Prepared(prep.instance, prep.slot, prep.offhours, group), terms=LOCAL_TERMS
        )
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_deterministic_time = max(0.01, budget * len(group) / total)
        solver.parameters.cp_model_probing_level = 0
        if solver.solve(pm.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            out.append((group, math.ceil(solver.best_objective_bound - 1e-6)))
    return out


def _options(opt: TaskOptions) -> list[tuple[int, int]]:
    """Pareto-minimal (window cost, off-hours minutes) pairs over the task's starts."""
    pairs = sorted({(s.cost, min(s.off_lo, s.off(s.hi))) for s in opt.segments})
    front: list[tuple[int, int]] = []
    for cost, off in pairs:
        if not front or off < front[-1][1]:
            front.append((cost, off))
    return front


def lower_bound(prep: Prepared, budget: float = 1.0) -> int:
    """The LP bound, with the exact minima of small competing groups as cuts."""
    inst = prep.instance
    w = inst.weights
    fixed = 0
    solver = pywraplp.Solver.CreateSolver("GLOP")
    peak = solver.NumVar(0, solver.infinity(), "peak")
    objective = solver.Objective()
    objective.SetCoefficient(peak, w.offhours_peak)
    choice: dict[str, list[tuple[pywraplp.Variable, int, int]]] = {}
    for opt in prep.options:
        t = opt.task
        if not opt.schedulable:
            if t.pinned is not None:
                return 0  # infeasible week: nothing meaningful to bound
            fixed += w.unscheduled * t.priority + (w.change if t.previous else 0)
            continue
        fixed += w.unscheduled * t.priority
        xs = []
        for i, (cost, off) in enumerate(_options(opt)):
            x = solver.NumVar(0, 1, f"x[{t.id},{i}]")
            objective.SetCoefficient(x, cost - w.unscheduled * t.priority)
            xs.append((x, cost, off))
        lo = 1 if t.pinned is not None else 0
        row = solver.Constraint(lo, 1)
        peak_row = solver.Constraint(0, solver.infinity())  # peak >= off minutes of the choice
        peak_row.SetCoefficient(peak, 1)
        for x, _, off in xs:
            row.SetCoefficient(x, 1)
            peak_row.SetCoefficient(x, -off)
        choice[t.id] = xs

    # Groups of people: each task's own candidate set, and each skill's whole pool.
    groups: set[frozenset[str]] = set()
    pool: dict[str, set[str]] = defaultdict(set)
    for opt in prep.options:
        if opt.schedulable:
            ids = frozenset(c.person.id for c in opt.candidates)
            groups.add(ids)
            pool[opt.task.skill] |= ids
    groups |= {frozenset(p) for p in pool.values()}
    capacity = {p.id: min(p.max_minutes, sum(b - a for a, b in p.available)) for p in inst.staff}
    offhours_available = {
        p.id: sum(prep.offhours.minutes(a, b) for a, b in p.available) for p in inst.staff
    }
    cand_sets = [
        (opt, frozenset(c.person.id for c in opt.candidates))
        for opt in prep.options
        if opt.schedulable
    ]
    for group in groups:
        inside = [(opt, ids) for opt, ids in cand_sets if ids <= group]
        load = solver.Constraint(-solver.infinity(), 0)
        load.SetCoefficient(peak, -len(group))
        work = solver.Constraint(-solver.infinity(), sum(capacity[p] for p in group))
        off_cap = solver.Constraint(-solver.infinity(), sum(offhours_available[p] for p in group))
        for opt, _ids in inside:
            t = opt.task
            blocked = t.duration + 2 * min(c.travel for c in opt.candidates)
            for x, _, off in choice[t.id]:
                load.SetCoefficient(x, t.headcount * off)
                off_cap.SetCoefficient(x, t.headcount * off)
                work.SetCoefficient(x, t.headcount * blocked)
    if budget > 0:
        for group, minimum in component_bounds(prep, budget):
            # sum over the group of (penalty if left out, else window cost) >= minimum
            penalty = sum(w.unscheduled * o.task.priority for o in group)
            cut = solver.Constraint(-solver.infinity(), penalty - minimum)
            for o in group:
                for x, cost, _ in choice[o.task.id]:
                    cut.SetCoefficient(x, w.unscheduled * o.task.priority - cost)
    objective.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return fixed if not choice else 0
    value = fixed + objective.Value()
    # The LP is solved in floating point; shave a little before rounding up.
    return max(0, math.ceil(value - 1e-3 - 1e-9 * abs(value)))
