"""Large-neighbourhood search around CP-SAT.

The full model of the week is built once.  Each round frees the variables of a
*neighbourhood* of tasks chosen from the week's structure (one day, one district, one
skill in one off-hours block, the unplanned tasks with the people who could take them,
a random handful of people), fixes every other task's variables to the incumbent by
narrowing their domains in the model in place, re-solves briefly with CP-SAT hinted with
the incumbent, and restores the domains.  A plan is only ever replaced by one scored no
worse by :func:`optimizer.model.score`.  Which kinds are tried and how many tasks they free
adapt to what has paid off: a multiplicative weight per kind (up on improvement, down
otherwise) and a size per kind (grows when the sub-problem is solved to optimality
without gain, shrinks when it times out).
"""

from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from optimizer.contract import Assignment
from optimizer.model import PlanningModel, read_assignments, score

KINDS = ("day", "district", "skill_block", "unplanned", "insert", "people")


def run_cp_sat(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None,
    should_stop: Callable[[], bool] | None,
) -> int:
    """``solver.solve`` with ``should_stop`` polled on the side (it may come while no
    solution arrives), so a stop request ends the search within about 50 ms."""
    if should_stop is None:
        return solver.solve(model, callback)
    if should_stop():
        solver.parameters.max_time_in_seconds = 0.0
    done = threading.Event()

    def relay() -> None:
        while not done.wait(0.05):
            if should_stop():
                solver.stop_search()
                return

    watcher = threading.Thread(target=relay, daemon=True)
    watcher.start()
    try:
        return solver.solve(model, callback)
    finally:
        done.set()
        watcher.join()


@dataclass
class Incumbent:
    values: list[int]  # one value per model variable
    assignments: list[Assignment]
    objective: int


@dataclass
class LnsStats:
    rounds: int = 0
    improvements: int = 0
    tried: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    improved: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    solve_seconds: float = 0.0
    overhead_seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "rounds": self.rounds,
            "improvements": self.improvements,
            "tried": dict(self.tried),
            "improved": dict(self.improved),
            "sub_solve_seconds": round(self.solve_seconds, 3),
            "overhead_seconds": round(self.overhead_seconds, 3),
        }


class Lns:
    """LNS over one :class:`PlanningModel`; the model's domains are restored after each round."""

    def __init__(
        self, pm: PlanningModel, *, seed: int = 0, workers: int = 2, linearization: int = 0
    ):
        self.pm = pm
        self.linearization = linearization
        self.inst = pm.instance
        self.rng = random.Random(seed)
        self.seed = seed
        self.workers = workers
        proto = pm.model.proto
        self.num_vars = len(proto.variables)
        # Each task's own decision variables (the ones fixed when the task is not free).
        self.task_vars: list[list[int]] = []
        for tv in pm.vars:
            idx = []
            if tv.opt.schedulable:
                for v in [tv.scheduled, tv.k, *tv.segment, *tv.person.values()]:
                    if not isinstance(v, int):
                        idx.append(v.index)
                for v in (tv.offhours, tv.keep):
                    if v is not None and not isinstance(v, int):
                        idx.append(v.index)
            self.task_vars.append(sorted(set(idx)))
        self.domains = {i: list(proto.variables[i].domain) for idx in self.task_vars for i in idx}
        self._structure()
        n = len(pm.vars)
        start = max(6, min(40, n // 6))
        self.size = dict.fromkeys(KINDS, start)
        self.weight = dict.fromkeys(KINDS, 1.0)
        self.stats = LnsStats()

    # -- the week's structure ----------------------------------------------------------

    def _structure(self) -> None:
        inst, slot = self.inst, self.pm.prep.slot
        self.movable = [
            i for i, tv in enumerate(self.pm.vars) if tv.opt.schedulable and not tv.opt.task.pinned
        ]
        self.days: dict[int, list[int]] = defaultdict(list)  # any start falls on the day
        self.district: dict[str, list[int]] = defaultdict(list)
        self.blocks: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.can_take: dict[str, list[int]] = defaultdict(list)  # person -> tasks
        offhours = sorted(inst.offhours)
        for i in self.movable:
            opt = self.pm.vars[i].opt
            t = opt.task
            first, last = opt.starts[0][0] * slot, opt.starts[-1][1] * slot + t.duration
            for d in range(max(0, first // 1440), min(6, (last - 1) // 1440) + 1):
                self.days[d].append(i)
            self.district[inst.locations[t.location].district].append(i)
            for b, (a, e) in enumerate(offhours):
                if a < last and first < e:
                    self.blocks[(t.skill, b)].append(i)
            for c in opt.candidates:
                self.can_take[c.person.id].append(i)
        self.people = sorted(self.can_take)
        self.movable_set = set(self.movable)
        # The days on which each task could start (from its start grid).
        self.start_days: dict[int, set[int]] = {}
        for i in self.movable:
            days: set[int] = set()
            for lo, hi in self.pm.vars[i].opt.starts:
                days.update(range((lo * slot) // 1440, (hi * slot) // 1440 + 1))
            self.start_days[i] = days
        self.resource_users: dict[str, list[int]] = defaultdict(list)
        for i in self.movable:
            rid = self.pm.vars[i].opt.task.resource
            if rid:
                self.resource_users[rid].append(i)

    # -- neighbourhoods ----------------------------------------------------------------

    def _trim(self, tasks: list[int], size: int) -> set[int]:
        tasks = sorted(set(tasks))
        if len(tasks) <= size:
            return set(tasks)
        return set(self.rng.sample(tasks, size))

    def neighbourhood(self, kind: str, inc: Incumbent) -> set[int]:
        self.k_limits: dict[int, list[tuple[int, int]]] = {}
        size, rng = self.size[kind], self.rng
        placed = {a.task: a for a in inc.assignments}
        index = {tv.opt.task.id: i for i, tv in enumerate(self.pm.vars)}
        if kind == "day" and self.days:
            return self._trim(self.days[rng.choice(sorted(self.days))], size)
        if kind == "district" and self.district:
            return self._trim(self.district[rng.choice(sorted(self.district))], size)
        if kind == "skill_block" and self.blocks:
            return self._trim(self.blocks[rng.choice(sorted(self.blocks))], size)
        by_person: dict[str, list[int]] = defaultdict(list)
        for a in inc.assignments:
            for pid in a.staff:
                by_person[pid].append(index[a.task])
        if kind == "insert":
            free = self._insertion(placed, index, size)
            if free:
                return free
        if kind == "unplanned":
            left = [i for i in self.movable if self.pm.vars[i].opt.task.id not in placed]
            # The costliest left-out tasks first, drawn at random in proportion to priority.
            left.sort(key=lambda i: -self.pm.vars[i].opt.task.priority * (0.5 + rng.random()))
            free: set[int] = set()
            for i in left:
                if len(free) >= size:
                    break
                opt = self.pm.vars[i].opt
                free.add(i)
                # Everything that competes with it: its people's tasks, its resource's.
                for c in opt.candidates:
                    free.update(by_person.get(c.person.id, []))
                if opt.task.resource:
                    free.update(self.resource_users[opt.task.resource])
            if free:
                return free
        # "people" (and the fallback): a random handful of people with their tasks and
        # the unplanned tasks they could take.
        free: set[int] = set()
        people = list(self.people)
        rng.shuffle(people)
        for pid in people:
            if len(free) >= size:
                break
            free.update(by_person.get(pid, []))
            free.update(i for i in self.can_take[pid] if self.pm.vars[i].opt.task.id not in placed)
        return self._trim(sorted(free), size)

    def _insertion(self, placed: dict, index: dict, size: int) -> set[int]:
        """One left-out task drawn by priority, with every task of its skill that the
        incumbent runs on two of the days it could run (so CP-SAT can swap them between
        those days and make room), plus other left-out tasks of that skill on those
        days, costliest first, up to ``size``."""
        rng, slot = self.rng, self.pm.prep.slot
        left = [i for i in self.movable if self.pm.vars[i].opt.task.id not in placed]
        if not left:
            return set()
        weights = [self.pm.vars[i].opt.task.priority for i in left]
        u = rng.choices(left, weights=weights)[0]
        opt = self.pm.vars[u].opt
        skill = opt.task.skill
        days = sorted(self.start_days[u])
        chosen = set(rng.sample(days, min(2, len(days))))
        same_days = [
            index[a.task]
            for a in placed.values()
            if a.start // 1440 in chosen
            and index[a.task] in self.movable_set
            and self.pm.vars[index[a.task]].opt.task.skill == skill
        ]
        free = {u} | self._trim(same_days, max(0, size - 1))
        others = [
            i
            for i in left
            if i != u and self.pm.vars[i].opt.task.skill == skill and self.start_days[i] & chosen
        ]
        others.sort(key=lambda i: -self.pm.vars[i].opt.task.priority * (0.5 + rng.random()))
        for i in others:
            if len(free) >= size:
                break
            free.add(i)
        # Each freed task may only start on the chosen days: a small sub-problem that
        # swaps tasks between two days rather than a week-long search.
        per_day = 1440 // slot
        days_k = [(d * per_day, (d + 1) * per_day - 1) for d in sorted(chosen)]
        self.k_limits = dict.fromkeys(free, days_k)
        return free

    def pick_kind(self) -> str:
        total = sum(self.weight.values())
        x = self.rng.random() * total
        for kind in KINDS:
            x -= self.weight[kind]
            if x <= 0:
                return kind
        return KINDS[-1]

    # -- one round ---------------------------------------------------------------------

    def set_hint(self, values: list[int]) -> None:
        set_hint(self.pm, values)

    def round(
        self,
        inc: Incumbent,
        *,
        seconds: float,
        deterministic: float | None,
        should_stop: Callable[[], bool] | None,
    ) -> Incumbent | None:
        """One LNS round; a new incumbent no worse than ``inc``, or None."""
        t0 = time.monotonic()
        kind = self.pick_kind()
        free = self.neighbourhood(kind, inc)
        proto = self.pm.model.proto
        hint = list(inc.values)
        narrowed: list[int] = []
        for t, limits in self.k_limits.items():
            k = self.pm.vars[t].k.index
            old = self.domains[k]
            dom = _intersect_domain(list(zip(old[::2], old[1::2], strict=True)), limits)
            if not dom:
                free.discard(t)
                continue
            d = proto.variables[k].domain
            d.clear()
            d.extend(x for r in dom for x in r)
            narrowed.append(k)
            if not any(lo <= hint[k] <= hi for lo, hi in dom):
                hint[k] = dom[0][0]  # only for a left-out task: its start is then free
        fixed = [i for t, idx in enumerate(self.task_vars) if t not in free for i in idx]
        for i in fixed:
            d = proto.variables[i].domain
            d.clear()
            d.extend([inc.values[i], inc.values[i]])
        self.set_hint(hint)
        solver = cp_model.CpSolver()
        p = solver.parameters
        p.max_time_in_seconds = max(0.01, seconds)
        if deterministic is not None:
            p.max_deterministic_time = deterministic
        p.num_workers = self.workers
        p.random_seed = self.seed + self.stats.rounds
        p.cp_model_probing_level = 0
        p.symmetry_level = 0
        p.linearization_level = self.linearization
        t1 = time.monotonic()
        try:
            status = run_cp_sat(solver, self.pm.model, None, should_stop)
        finally:
            t2 = time.monotonic()
            for i in [*fixed, *narrowed]:
                d = proto.variables[i].domain
                d.clear()
                d.extend(self.domains[i])
        self.stats.rounds += 1
        self.stats.tried[kind] += 1
        self.stats.solve_seconds += t2 - t1
        result = None
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            assignments = read_assignments(self.pm, solver.value)
            objective = sum(score(self.inst, assignments, self.pm.prep.offhours).values())
            if objective <= inc.objective:
                result = Incumbent(list(solver.response_proto.solution), assignments, objective)
        gained = result is not None and result.objective < inc.objective
        if gained:
            self.stats.improvements += 1
            self.stats.improved[kind] += 1
            self.weight[kind] = min(10.0, self.weight[kind] * 1.5)
        else:
            self.weight[kind] = max(0.1, self.weight[kind] * 0.85)
        n = len(self.movable)
        if status == cp_model.OPTIMAL and not gained:
            self.size[kind] = min(max(n, 1), int(self.size[kind] * 1.25) + 1)
        elif status != cp_model.OPTIMAL:
            self.size[kind] = max(4, int(self.size[kind] * 0.8))
        self.stats.overhead_seconds += (t1 - t0) + (time.monotonic() - t2)
        return result


def _intersect_domain(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Intersection of two sorted lists of disjoint inclusive ranges."""
    out = []
    for lo, hi in a:
        for blo, bhi in b:
            x, y = max(lo, blo), min(hi, bhi)
            if x <= y:
                out.append((x, y))
    out.sort()
    return out


def set_hint(pm: PlanningModel, values: list[int]) -> None:
    """Replace the model's hint by a full vector (one value per variable)."""
    hint = pm.model.proto.solution_hint
    hint.vars.clear()
    hint.values.clear()
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


def hinted_values(pm: PlanningModel) -> list[int]:
    """The model's current hint as a full vector (unhinted variables at their lowest value)."""
    proto = pm.model.proto
    values = [proto.variables[i].domain[0] for i in range(len(proto.variables))]
    hint = proto.solution_hint
    for var, value in zip(hint.vars, hint.values, strict=True):
        values[var] = value
    return values


def improve(
    pm: PlanningModel,
    start: list[Assignment],
    *,
    seed: int = 0,
    workers: int = 2,
    deadline: float,
    rounds: int | None = None,
    round_seconds: float = 1.0,
    should_stop: Callable[[], bool] | None = None,
    on_improve: Callable[[Incumbent], None] | None = None,
    lns: Lns | None = None,
) -> tuple[Incumbent, Lns]:
    """LNS from ``start`` (whose hint must already be in ``pm``) until ``deadline``
    (time.monotonic()), ``rounds`` rounds or ``should_stop``.

    With ``rounds`` given each sub-solve is limited by deterministic time instead of the
    clock, so one worker and a fixed seed repeat the same plan.
    """
    lns = lns or Lns(pm, seed=seed, workers=workers)
    inc = Incumbent(
        hinted_values(pm), list(start), sum(score(pm.instance, start, pm.prep.offhours).values())
    )
    if not lns.movable:
        return inc, lns
    done = 0
    while rounds is None or done < rounds:
        if should_stop is not None and should_stop():
            break
        left = deadline - time.monotonic()
        if left <= 0.05:
            break
        seconds = min(left, round_seconds) if rounds is None else left
        new = lns.round(
            inc,
            seconds=seconds,
            deterministic=round_seconds if rounds is not None else None,
            should_stop=should_stop,
        )
        done += 1
        if new is not None:
            better = new.objective < inc.objective
            inc = new
            if better and on_improve is not None:
                on_improve(inc)
    return inc, lns
