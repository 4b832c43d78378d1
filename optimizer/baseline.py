"""What a careful duty manager would do by hand, as a reference and as the warm start.

Pins first; then the most important, least flexible tasks; each at the cheapest start
(fewest off-hours minutes on a tie) where enough qualified people are free, with the
least-loaded of them.  A published assignment is kept when it still works.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from optimizer.contract import Assignment, Instance, Plan, Unscheduled
from optimizer.model import Candidate, Prepared, TaskOptions, _count, prepare, score


class _Ledger:
    """Who is booked when, how much each person works, and what each resource holds."""

    def __init__(self, prep: Prepared):
        self.prep = prep
        self.busy: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.used: dict[str, int] = defaultdict(int)
        self.off: dict[str, int] = defaultdict(int)
        self.runs: dict[str, list[tuple[int, int]]] = defaultdict(list)

    def person_free(self, opt: TaskOptions, c: Candidate, start: int) -> bool:
        pid = c.person.id
        a, b = start - c.travel, start + opt.task.duration + c.travel
        if self.used[pid] + b - a > c.person.max_minutes:
            return False
        periods = self.busy[pid]
        i = bisect.bisect_left(periods, (a, a))
        if i < len(periods) and periods[i][0] < b:
            return False
        return not (i > 0 and periods[i - 1][1] > a)

    def resource_free(self, opt: TaskOptions, start: int) -> bool:
        rid = opt.task.resource
        if rid is None:
            return True
        end = start + opt.task.duration
        runs = self.runs[rid]
        points = [start] + [a for a, _ in runs if start < a < end]
        cap = self.prep.instance.resources[rid].capacity
        return all(sum(1 for a, b in runs if a <= t < b) < cap for t in points)

    def book(self, opt: TaskOptions, start: int, team: list[Candidate], off: int) -> None:
        for c in team:
            a, b = start - c.travel, start + opt.task.duration + c.travel
            bisect.insort(self.busy[c.person.id], (a, b))
            self.used[c.person.id] += b - a
            self.off[c.person.id] += off
        if opt.task.resource:
            self.runs[opt.task.resource].append((start, start + opt.task.duration))


def _flexibility(opt: TaskOptions) -> int:
    return sum(_count(c.allowed) for c in opt.candidates)


def _place(ledger: _Ledger, opt: TaskOptions) -> Assignment | None:
    task, slot = opt.task, ledger.prep.slot
    by_id = {c.person.id: c for c in opt.candidates}
    fixed = task.pinned or task.previous
    if fixed is not None and fixed.start % slot == 0 and set(fixed.staff) <= set(by_id):
        k = fixed.start // slot
        team = [by_id[s] for s in fixed.staff]
        seg = opt.segment_of(k)
        if seg is not None and (
            task.pinned is not None
            or (
                ledger.resource_free(opt, fixed.start)
                and all(ledger.person_free(opt, c, fixed.start) for c in team)
            )
        ):
            ledger.book(opt, fixed.start, team, seg.off(k))
            return Assignment(task.id, fixed.start, tuple(fixed.staff))
    if task.pinned is not None:
        return None
    starts = sorted(
        (seg.cost, seg.off(k), k, seg) for seg in opt.segments for k in range(seg.lo, seg.hi + 1)
    )
    for _cost, off, k, _seg in starts:
        start = k * slot
        if not ledger.resource_free(opt, start):
            continue
        free = [
            c
            for c in opt.candidates
            if any(lo <= k <= hi for lo, hi in c.allowed) and ledger.person_free(opt, c, start)
        ]
        if len(free) < task.headcount:
            continue
        # Least loaded first: off-hours minutes matter when the run touches off-hours.
        free.sort(
            key=lambda c: (
                ledger.off[c.person.id] if off else 0,
                ledger.used[c.person.id],
                c.travel,
                c.person.id,
            )
        )
        team = free[: task.headcount]
        ledger.book(opt, start, team, off)
        return Assignment(task.id, start, tuple(sorted(c.person.id for c in team)))
    return None


def baseline_assignments(prep: Prepared) -> list[Assignment]:
    order = sorted(
        (o for o in prep.options if o.schedulable),
        key=lambda o: (
            o.task.pinned is None,
            -o.task.priority,
            _flexibility(o),
            o.task.id,
        ),
    )
    ledger = _Ledger(prep)
    placed = [a for opt in order if (a := _place(ledger, opt)) is not None]
    index = {t.id: i for i, t in enumerate(prep.instance.tasks)}
    return sorted(placed, key=lambda a: index[a.task])


def baseline_plan(instance: Instance, lang: str = "zh-CN", prep: Prepared | None = None) -> Plan:
    """The hand-made reference plan, with explanations for what it leaves out."""
    from optimizer.explain import explain_plan

    prep = prep or prepare(instance)
    assignments = baseline_assignments(prep)
    terms = score(instance, assignments, prep.offhours)
    done = {a.task for a in assignments}
    plan = Plan(
        instance=instance.name,
        status="FEASIBLE",
        objective=sum(terms.values()),
        bound=None,
        assignments=assignments,
        unscheduled=[Unscheduled(t.id) for t in instance.tasks if t.id not in done],
        stats={"terms": terms, "method": "baseline"},
    )
    explain_plan(instance, plan, lang, prep)
    return plan
