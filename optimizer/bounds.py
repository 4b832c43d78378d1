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
  group's minimum of unscheduled penalty + window cost becomes a cut;
* teams in the off-hours (:func:`team_groups`, :func:`team_minimum`): per skill, the
  tasks of two or more people that can only run in the off-hours (evening and weekend
  inspections) are solved on their own as a time-indexed LP in which both people of a
  task start together, each person's blocked periods (run plus trips) do not overlap and
  fit their agreed periods; its least unscheduled penalty becomes a cut;
* capacity over time (:func:`capacity_rows`): per skill and per stretch of the week
  (the off-hours, each evening or weekend block, each day, the office hours, the whole
  week, each cut to the windows the skill's tasks accept), the person-minutes the
  scheduled tasks must spend there (headcount x the part of the blocked period that
  falls there at any start) fit in the minutes the qualified people are available
  there (at most their weekly cap).  Over capacity this is what prices the tasks that
  must stay unplanned: the LP drops the cheapest penalty per minute until the rest fits.

Every integral plan is a feasible point of this LP, so its value (rounded up) is a
valid bound; it is added to the CP-SAT model as an objective floor.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from optimizer.model import (
    OffHours,
    PlanningModel,
    Prepared,
    TaskOptions,
)
from optimizer.model import _intersect as _grid_intersect  # closed ranges of slot indices
from rules.intervals import complement, intersect, merge

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


TEAM_LIMIT = 30_000  # (task, person, start) variables one team group may build
# Simplex iterations one team LP may take (a count, not seconds, so the bound does not
# depend on the machine's load); a group whose LP needs more gets no cut.
TEAM_ITERATIONS = 20_000


def team_groups(prep: Prepared) -> list[list[TaskOptions]]:
    """Per skill, the schedulable tasks of two or more people whose every window lies in
    the off-hours: the evening and weekend work the few people who agreed to it share."""
    off = prep.offhours
    groups: dict[str, list[TaskOptions]] = defaultdict(list)
    for o in prep.options:
        t = o.task
        evening = all(off.minutes(w.start, w.end) == w.end - w.start for w in t.windows)
        if o.schedulable and t.headcount >= 2 and evening:
            groups[t.skill].append(o)
    return [g for _, g in sorted(groups.items()) if len(g) > 1]


def team_minimum(prep: Prepared, group: list[TaskOptions]) -> float | None:
    """A lower bound on ``sum over the group of (penalty if left out, else its least
    window cost)`` in every feasible plan, or None if the group is too large or its LP
    needs more than ``TEAM_ITERATIONS``.

    The LP relaxation of a time-indexed model of the group alone: ``x[t, k]`` task t
    starts at grid index k, ``y[t, p, k] <= x[t, k]`` person p goes with it, and
    ``sum_p y[t, p, k] = headcount * x[t, k]`` (the team starts together: this is what the
    aggregated rows cannot see).  Each person's blocked periods form an interval graph;
    one row per left end keeps them apart (for intervals these rows are exactly the
    conflict-free sets), and their minutes stay within the weekly cap.  Starts come from
    the preparation, so every blocked period already lies inside one agreed period.
    Every plan restricted to the group is a point of this LP (other tasks only take
    time away), so its minimum is a valid bound, and so is the cut built from it with
    any window cost at least the least one.
    """
    slot, w = prep.slot, prep.instance.weights
    if sum(_count_starts(c.allowed) for o in group for c in o.candidates) > TEAM_LIMIT:
        return None
    solver = pywraplp.Solver.CreateSolver("GLOP")
    objective = solver.Objective()
    penalty = 0
    per_person: dict[str, list[tuple[int, int, int, pywraplp.Variable]]] = defaultdict(list)
    runs: list[tuple[int, int, pywraplp.Variable, set[str]]] = []
    for o in group:
        t = o.task
        penalty += w.unscheduled * t.priority
        least_cost = min(seg.cost for seg in o.segments)
        once = solver.Constraint(0, 1)
        at: dict[int, list] = defaultdict(list)
        for c in o.candidates:
            for lo, hi in c.allowed:
                for k in range(lo, hi + 1):
                    at[k].append(c)
        for k, cands in sorted(at.items()):
            if len(cands) < t.headcount:
                continue
            x = solver.NumVar(0, 1, f"x[{t.id},{k}]")
            once.SetCoefficient(x, 1)
            objective.SetCoefficient(x, least_cost - w.unscheduled * t.priority)
            runs.append((k * slot, k * slot + t.duration, x, {c.person.id for c in cands}))
            team = solver.Constraint(0, 0)
            team.SetCoefficient(x, -t.headcount)
            for c in cands:
                y = solver.NumVar(0, 1, f"y[{t.id},{c.person.id},{k}]")
                team.SetCoefficient(y, 1)
                alone = solver.Constraint(-solver.infinity(), 0)  # a person counts once
                alone.SetCoefficient(y, 1)
                alone.SetCoefficient(x, -1)
                start = k * slot
                per_person[c.person.id].append(
                    (start - c.travel, start + t.duration + c.travel, o.blocked(c), y)
                )
    # At any minute the tasks running need headcount distinct people each, out of those
    # who could be there: a whole number of teams (the LP alone would pair three
    # people as three half-teams).
    least_team = min(o.task.headcount for o in group)
    for minute in sorted({a for a, _, _, _ in runs}):
        covering = [(x, who) for a, b, x, who in runs if a <= minute < b]
        people = set().union(*(who for _, who in covering))
        teams = len(people) // least_team
        if teams < len(covering):
            row = solver.Constraint(-solver.infinity(), teams)
            for x, _ in covering:
                row.SetCoefficient(x, 1)
    staff = prep.instance.staff_by_id
    for pid, items in per_person.items():
        for left in sorted({a for a, _, _, _ in items}):
            clique = solver.Constraint(-solver.infinity(), 1)
            for a, b, _, y in items:
                if a <= left < b:
                    clique.SetCoefficient(y, 1)
        cap = solver.Constraint(-solver.infinity(), staff[pid].max_minutes)
        for _, _, minutes, y in items:
            cap.SetCoefficient(y, minutes)
    objective.SetMinimization()
    solver.SetSolverSpecificParametersAsString(f"max_number_of_iterations: {TEAM_ITERATIONS}")
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return penalty + objective.Value()


def _count_starts(ranges) -> int:
    return sum(hi - lo + 1 for lo, hi in ranges)


def _add_group_cut(solver, choice, prep: Prepared, group: list[TaskOptions], minimum) -> None:
    """sum over the group of (penalty if left out, else the chosen window cost) >= minimum"""
    w = prep.instance.weights
    penalty = sum(w.unscheduled * o.task.priority for o in group)
    cut = solver.Constraint(-solver.infinity(), penalty - minimum)
    for o in group:
        for x, cost, _ in choice[o.task.id]:
            cut.SetCoefficient(x, w.unscheduled * o.task.priority - cost)


DAY = 1440
WEEK = 7 * DAY
PAD = DAY  # blocked periods (travel) may reach before Monday or past Sunday


@dataclass(frozen=True)
class CapacityRow:
    """``sum(need[t] * scheduled[t]) <= capacity`` holds in every feasible plan."""

    name: str
    need: dict[str, int]  # task id -> person-minutes it must spend inside the region
    capacity: int  # person-minutes the group is available there, within weekly caps
    region: tuple[tuple[int, int], ...] = ()

    @property
    def demand(self) -> int:
        return sum(self.need.values())


def _base_regions(prep: Prepared) -> list[tuple[str, list[tuple[int, int]]]]:
    """Stretches of the week people's time is counted over."""
    off = merge([(a, b) for a, b in prep.instance.offhours])
    office = complement(off, 0, WEEK)
    regions = [("week", [(-PAD, WEEK + PAD)]), ("off-hours", off), ("office hours", office)]
    regions += [(f"off-hours block {a}-{b}", [(a, b)]) for a, b in off]
    regions += [(f"day {d + 1}", [(d * DAY, (d + 1) * DAY)]) for d in range(7)]
    return regions


PACK_LIMIT = 60_000  # (task, person, available period) variables the packing may add


@dataclass(frozen=True)
class PackRow:
    """One available period of one person and the tasks whose blocked period fits in it.

    Rule 3 puts each of a person's blocked periods inside ONE of their available
    periods, and rule 4 keeps them apart: so the tasks a period hosts need at most its
    minutes (those inside the hosted tasks' windows, stretched by the trip), and whole
    tasks only: at most ``fit`` of them, the number of the shortest that fit.
    """

    person: str
    index: int  # which of the person's (merged) available periods
    period: tuple[int, int]
    need: dict[str, int]  # task id -> the person's blocked minutes for it
    capacity: int
    fit: int


def packing_rows(
    prep: Prepared, regions: list[CapacityRow] | None = None
) -> tuple[dict[str, list[tuple[str, int]]], list[PackRow]]:
    """Where each task could go (``{task: [(person, period index)]}``, for every task in
    some row a plan that scheduled everything would break) and those rows.

    Besides each period as a whole, each period is also counted inside the region of
    each capacity row (e.g. an agreed evening inside the evening bookings' windows): a
    task then needs only its blocked minutes that fall in the region at any start the
    person could take, and the period offers only its minutes in the region.
    """
    slot = prep.slot
    staff = prep.instance.staff_by_id
    periods = {p.id: merge([(a, b) for a, b in p.available]) for p in prep.instance.staff}
    hosted: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
    starts_of: dict[tuple[str, str, int], list[tuple[int, int]]] = {}
    reach: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    places: dict[str, list[tuple[str, int]]] = {}
    by_task = prep.by_task
    for o in prep.options:
        if not o.schedulable:
            continue
        t, d = o.task, o.task.duration
        spots = []
        for c in o.candidates:
            tau = c.travel
            for j, (a, b) in enumerate(periods[c.person.id]):
                lo, hi = -(-(a + tau) // slot), (b - d - tau) // slot
                starts = _grid_intersect([(lo, hi)], c.allowed) if lo <= hi else []
                if not starts:
                    continue
                key = (c.person.id, j)
                hosted[key][t.id] = d + 2 * tau
                starts_of[t.id, c.person.id, j] = starts
                reach[key] += [(w.start - tau, w.end + tau) for w in t.windows]
                spots.append(key)
        places[t.id] = spots
    rows = []
    involved: set[str] = set()

    def add(pid: str, j: int, need: dict[str, int], cap: int) -> None:
        if sum(need.values()) <= cap:
            return
        fit, used = 0, 0
        for m in sorted(need.values()):
            if used + m > cap:
                break
            fit, used = fit + 1, used + m
        rows.append(PackRow(pid, j, periods[pid][j], need, cap, fit))
        involved.update(need)

    for (pid, j), need in hosted.items():
        inside = intersect([periods[pid][j]], merge(reach[pid, j]))
        add(pid, j, need, min(staff[pid].max_minutes, sum(y - x for x, y in inside)))
    for row in regions or []:
        ix = OffHours(row.region)
        for (pid, j), tasks in hosted.items():
            need, near = {}, []
            for tid in tasks:
                if tid not in row.need:
                    continue
                o = by_task[tid]
                d = o.task.duration
                tau = (hosted[pid, j][tid] - d) // 2
                least = d + 2 * tau
                for lo, hi in starts_of[tid, pid, j]:
                    for k in range(lo, hi + 1):
                        st = k * slot
                        least = min(least, ix.minutes(st - tau, st + d + tau))
                        if least == 0:
                            break
                    if least == 0:
                        break
                if least:
                    need[tid] = least
                    near += [(w.start - tau, w.end + tau) for w in o.task.windows]
            if need:
                inside = intersect(intersect([periods[pid][j]], merge(near)), list(row.region))
                add(pid, j, need, min(staff[pid].max_minutes, sum(y - x for x, y in inside)))
    return {tid: places[tid] for tid in involved}, rows


def _least_inside(opt: TaskOptions, slot: int, region: OffHours, cover: int) -> int:
    """Fewest minutes of the task's blocked period (shortest trip) inside the region, at
    any start it could have; ``cover`` is the hull's minutes inside (a shortcut)."""
    travel = min(c.travel for c in opt.candidates)
    d = opt.task.duration
    lo, hi = opt.starts[0][0] * slot - travel, opt.starts[-1][1] * slot + d + travel
    if cover == hi - lo:  # every possible blocked period lies inside
        return d + 2 * travel
    least = d + 2 * travel
    for a, b in opt.starts:
        for k in range(a, b + 1):
            s = k * slot
            least = min(least, region.minutes(s - travel, s + d + travel))
            if least == 0:
                return 0
    return least


def capacity_rows(prep: Prepared) -> list[CapacityRow]:
    """Capacity constraints (see the module's docstring) that some plan could break if it
    scheduled everything: only those can raise the bound.

    Why each holds: a scheduled task's ``headcount`` people are each busy for its whole
    blocked period, at least its run plus the shortest trip on either side; a person's
    blocked periods do not overlap and lie inside their available periods, and add up to
    at most ``max_minutes``.  So inside any region the person-minutes a group's tasks
    need cannot exceed what the group is available there.  Only tasks every candidate
    of which is in the group are counted (others may be done by outsiders).
    """
    inst, slot = prep.instance, prep.slot
    live = [o for o in prep.options if o.schedulable]
    by_skill: dict[str, list[TaskOptions]] = defaultdict(list)
    for o in live:
        by_skill[o.task.skill].append(o)
    staff = inst.staff_by_id
    rows: list[CapacityRow] = []
    base = _base_regions(prep)
    for skill, opts in sorted(by_skill.items()):
        group = sorted({c.person.id for o in opts for c in o.candidates})
        accepted = merge(
            [
                (w.start - t, w.end + t)
                for o in opts
                for t in [min(c.travel for c in o.candidates)]
                for w in o.task.windows
            ]
        )
        windows = {
            o.task.id: merge([(w.start - t, w.end + t) for w in o.task.windows])
            for o in opts
            for t in [min(c.travel for c in o.candidates)]
        }
        stretches = []
        for name, stretch in base:
            stretches.append((name, intersect(stretch, accepted)))
            # Only the windows of the tasks that must run there: an evening block cut to
            # the evenings that evening bookings accept, without nights a 24-hour
            # complaint window would add.
            own = [w for ws in windows.values() if intersect(ws, stretch) == ws for w in ws]
            stretches.append((f"{name}, its own tasks' windows", merge(own)))
        seen: set[tuple] = set()
        for name, region in stretches:
            region = tuple(region)
            if not region or region in seen:
                continue
            seen.add(region)
            ix = OffHours(region)
            need = {}
            for o in opts:
                t = o.task
                travel = min(c.travel for c in o.candidates)
                lo = o.starts[0][0] * slot - travel
                hi = o.starts[-1][1] * slot + t.duration + travel
                minutes = _least_inside(o, slot, ix, ix.minutes(lo, hi))
                if minutes:
                    need[t.id] = t.headcount * minutes
            if not need:
                continue
            capacity = sum(
                min(
                    staff[p].max_minutes,
                    sum(ix.minutes(a, b) for a, b in staff[p].available),
                )
                for p in group
            )
            row = CapacityRow(f"{skill}: {name}", need, capacity, region)
            if row.demand > capacity:
                rows.append(row)
    return rows


def _options(opt: TaskOptions) -> list[tuple[int, int]]:
    """Pareto-minimal (window cost, off-hours minutes) pairs over the task's starts."""
    pairs = sorted({(s.cost, min(s.off_lo, s.off(s.hi))) for s in opt.segments})
    front: list[tuple[int, int]] = []
    for cost, off in pairs:
        if not front or off < front[-1][1]:
            front.append((cost, off))
    return front


def lower_bound(
    prep: Prepared, budget: float = 1.0, capacity_cuts: bool = True, team_cuts: bool = True
) -> int:
    """The LP bound, with the exact minima of small competing groups as cuts and (unless
    ``capacity_cuts`` is False) the skills' capacity over time (:func:`capacity_rows`) and
    (unless ``team_cuts`` is also False) the off-hours teams (:func:`team_minimum`)."""
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
            _add_group_cut(solver, choice, prep, group, minimum)
    if capacity_cuts:
        for group in team_groups(prep) if team_cuts else []:
            minimum = team_minimum(prep, group)
            if minimum is not None:
                # The LP's value is floating point within GLOP's tolerances: shave a
                # little (a few units on a city week) rather than trust the last digits.
                _add_group_cut(solver, choice, prep, group, minimum - 1e-4 * (1 + minimum))
        rows = capacity_rows(prep)
        for row in rows:
            cap = solver.Constraint(-solver.infinity(), row.capacity)
            for tid, need in row.need.items():
                for x, _, _ in choice[tid]:
                    cap.SetCoefficient(x, need)
    if capacity_cuts:
        places, pack = packing_rows(prep, rows)
        if pack and sum(len(v) for v in places.values()) <= PACK_LIMIT:
            # y[t, p, j]: person p does task t inside their j-th available period.
            y: dict[tuple[str, str, int], pywraplp.Variable] = {}
            for tid, spots in sorted(places.items()):
                team = solver.Constraint(0, 0)  # shares add up to headcount x scheduled
                for x, _, _ in choice[tid]:
                    team.SetCoefficient(x, -prep.by_task[tid].task.headcount)
                per_person: dict[str, list[pywraplp.Variable]] = defaultdict(list)
                for pid, j in spots:
                    v = y[tid, pid, j] = solver.NumVar(0, 1, f"y[{tid},{pid},{j}]")
                    team.SetCoefficient(v, 1)
                    per_person[pid].append(v)
                for vs in per_person.values():  # one person counts once per task
                    once = solver.Constraint(-solver.infinity(), 0)
                    for v in vs:
                        once.SetCoefficient(v, 1)
                    for x, _, _ in choice[tid]:
                        once.SetCoefficient(x, -1)
            for row in pack:
                minutes = solver.Constraint(-solver.infinity(), row.capacity)
                count = solver.Constraint(-solver.infinity(), row.fit)
                for tid, m in row.need.items():
                    v = y[tid, row.person, row.index]
                    minutes.SetCoefficient(v, m)
                    count.SetCoefficient(v, 1)
    objective.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return fixed if not choice else 0
    value = fixed + objective.Value()
    # The LP is solved in floating point; shave a little before rounding up.
    return max(0, math.ceil(value - 1e-3 - 1e-9 * abs(value)))
