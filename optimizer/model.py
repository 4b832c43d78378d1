"""The CP-SAT model: one builder per hard rule and per objective term.

Layout (see STYLE.md, "Planning engines"):

* :func:`prepare` filters, before any variable exists, who could ever take each task
  and when (skill, eligibility, availability around the travel-extended blocked period,
  the weekly cap), so variables are created sparsely.
* A task's start is one integer ``k`` on the slot grid (``start = slot * k``); a
  15-minute grid over a week-long window is then still one variable, not hundreds of
  Booleans.  Window cost and off-hours minutes are piecewise linear in ``k``;
  :func:`prepare` cuts each task's start range into *segments* where both are exact
  linear functions, and one literal per segment selects the piece.
* Each candidate person gets a presence literal and an optional, travel-extended,
  fixed-size interval; ``add_no_overlap`` per person forbids double booking.
* Hard rules and soft terms are listed in ``HARD_RULES`` / ``SOFT_TERMS`` under the
  stable names the UI shows; soft terms are kept as (expression, weight, name) so the
  objective breaks down after the solve.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from optimizer.contract import Assignment, Instance, Plan, Staff, Task
from optimizer.rules import Ledger
from optimizer.validator import RULE_NAMES, Violation

HORIZON_PAD = 1440  # blocked periods may reach before Monday 00:00 or past Sunday night
Ranges = list[tuple[int, int]]  # sorted, disjoint, inclusive integer ranges of grid indices


# ----------------------------------------------------------------------------- time helpers


def _intersect(a: Ranges, b: Ranges) -> Ranges:
    # Hot in prepare() (one call per task and qualified person): plain comparisons
    # instead of min()/max() calls.
    out: Ranges = []
    i = j = 0
    na, nb = len(a), len(b)
    while i < na and j < nb:
        alo, ahi = a[i]
        blo, bhi = b[j]
        lo = alo if alo > blo else blo
        hi = ahi if ahi < bhi else bhi
        if lo <= hi:
            out.append((lo, hi))
        if ahi < bhi:
            i += 1
        else:
            j += 1
    return out


def _merge(ranges: Iterable[tuple[int, int]]) -> Ranges:
    out: Ranges = []
    for lo, hi in sorted(r for r in ranges if r[0] <= r[1]):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _within(a: Ranges, b: Ranges) -> Ranges:
    """``a`` cut to ``b``; the common case (``b`` one range covering ``a``) costs nothing."""
    if a and len(b) == 1 and b[0][0] <= a[0][0] and a[-1][1] <= b[0][1]:
        return a
    return _intersect(a, b)


def _contains(ranges: Ranges, k: int) -> bool:
    i = bisect.bisect_right(ranges, (k, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= k <= ranges[i][1]


def _count(ranges: Ranges) -> int:
    return sum(hi - lo + 1 for lo, hi in ranges)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


class OffHours:
    """Minutes of ``[a, b)`` inside the week's off-hours, in O(log n) via a prefix sum."""

    def __init__(self, intervals: Iterable[tuple[int, int]]):
        merged: list[list[int]] = []
        for a, b in sorted(intervals):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]
        self.before = [0]
        for a, b in merged:
            self.before.append(self.before[-1] + b - a)

    def _upto(self, t: int) -> int:
        i = bisect.bisect_right(self.starts, t) - 1
        if i < 0:
            return 0
        return self.before[i] + min(t, self.ends[i]) - self.starts[i]

    def minutes(self, a: int, b: int) -> int:
        return self._upto(b) - self._upto(a)


def window_cost(task: Task, start: int) -> int | None:
    """Lowest cost among the windows containing the run, or None outside every window."""
    costs = [w.cost for w in task.windows if w.start <= start and start + task.duration <= w.end]
    return min(costs) if costs else None


# ----------------------------------------------------------------------------- preparation


@dataclass(frozen=True)
class Candidate:
    person: Staff
    travel: int  # τ of rule 3
    allowed: Ranges  # grid indices at which the blocked period fits the person's availability


@dataclass(frozen=True)
class Segment:
    """Starts ``lo..hi`` (grid indices) with one window cost and linear off-hours minutes."""

    lo: int
    hi: int
    cost: int
    off_lo: int  # off-hours minutes of the run when k = lo
    slope: int  # change of off-hours minutes per grid step

    def off(self, k: int) -> int:
        return self.off_lo + self.slope * (k - self.lo)


@dataclass
class TaskOptions:
    task: Task
    starts: Ranges  # grid indices where at least `headcount` candidates could take it
    candidates: list[Candidate]
    segments: list[Segment] = field(default_factory=list)

    @property
    def schedulable(self) -> bool:
        return bool(self.starts)

    def blocked(self, cand: Candidate) -> int:
        return self.task.duration + 2 * cand.travel

    def segment_of(self, k: int) -> Segment | None:
        for seg in self.segments:
            if seg.lo <= k <= seg.hi:
                return seg
        return None


@dataclass
class Prepared:
    instance: Instance
    slot: int
    offhours: OffHours
    options: list[TaskOptions]

    @property
    def by_task(self) -> dict[str, TaskOptions]:
        return {o.task.id: o for o in self.options}


def window_ranges(task: Task, slot: int) -> Ranges:
    return _merge((_ceil_div(w.start, slot), (w.end - task.duration) // slot) for w in task.windows)


def availability_ranges(person: Staff, task: Task, travel: int, slot: int) -> Ranges:
    return _merge(
        (_ceil_div(a + travel, slot), (b - task.duration - travel) // slot)
        for a, b in person.available
    )


def _segments(task: Task, starts: Ranges, slot: int, off: OffHours) -> list[Segment]:
    segs: list[Segment] = []
    for lo, hi in starts:
        cur: list[int] | None = None  # [lo, hi, cost, off_lo, slope]
        prev_off = None
        for k in range(lo, hi + 1):
            s = k * slot
            cost = window_cost(task, s)
            o = off.minutes(s, s + task.duration)
            if cur is not None and cost == cur[2] and k == cur[1] + 1:
                slope = o - prev_off
                if cur[1] == cur[0] or slope == cur[4]:
                    cur[1], cur[4] = k, slope
                    prev_off = o
                    continue
            if cur is not None:
                segs.append(Segment(cur[0], cur[1], cur[2], cur[3], cur[4]))
            cur = [k, k, cost, o, 0]
            prev_off = o
        if cur is not None:
            segs.append(Segment(cur[0], cur[1], cur[2], cur[3], cur[4]))
    return segs


def prepare(instance: Instance) -> Prepared:
    """Filter each task's candidate people and starts before building anything."""
    slot = instance.slot_minutes
    off = OffHours(instance.offhours)
    qualified_by_skill: dict[str, list[Staff]] = defaultdict(list)
    for p in instance.staff:
        for sk in p.skills:
            qualified_by_skill[sk].append(p)
    options = []
    shift_cache: dict[tuple[str, int, int], Ranges] = {}
    for task in instance.tasks:
        if task.pinned is not None:
            # A pin is kept as given; if its people cannot be there the week is infeasible
            # (pinned_kept then says so) rather than silently breaking rule 3 or 5.
            k = task.pinned.start // slot
            cands = []
            for sid in task.pinned.staff:
                p = instance.staff_by_id[sid]
                tau = instance.travel(p, task)
                allowed = _intersect([(k, k)], availability_ranges(p, task, tau, slot))
                if allowed and task.duration + 2 * tau <= p.max_minutes:
                    cands.append(Candidate(p, tau, allowed))
            ok = len(cands) == len(task.pinned.staff)
            opt = TaskOptions(task, [(k, k)] if ok else [], cands if ok else [])
            opt.segments = _segments(task, opt.starts, slot, off)
            options.append(opt)
            continue
        windows = window_ranges(task, slot)
        if not windows:  # every window is shorter than the task
            options.append(TaskOptions(task, [], []))
            continue
        cands = []
        for p in qualified_by_skill.get(task.skill, []):
            if task.eligible is not None and p.id not in task.eligible:
                continue
            tau = instance.travel(p, task)
            if task.duration + 2 * tau > p.max_minutes:
                continue
            # Shifts depend only on (person, duration, trip): cached, a province has
            # a hundred thousand (task, person) pairs but few distinct keys.
            key = (p.id, task.duration, tau)
            shifts = shift_cache.get(key)
            if shifts is None:
                shifts = shift_cache[key] = availability_ranges(p, task, tau, slot)
            if not shifts or shifts[-1][1] < windows[0][0] or shifts[0][0] > windows[-1][1]:
                continue
            allowed = _intersect(windows, shifts)
            if allowed:
                cands.append(Candidate(p, tau, allowed))
        # Starts where enough people could come at all (a sweep over candidate ranges).
        events: dict[int, int] = defaultdict(int)
        for c in cands:
            for lo, hi in c.allowed:
                events[lo] += 1
                events[hi + 1] -= 1
        starts: Ranges = []
        level, open_at = 0, None
        for k in sorted(events):
            level += events[k]
            if level >= task.headcount and open_at is None:
                open_at = k
            elif level < task.headcount and open_at is not None:
                starts.append((open_at, k - 1))
                open_at = None
        cands = [
            Candidate(c.person, c.travel, a) for c in cands if (a := _within(c.allowed, starts))
        ]
        if len(cands) < task.headcount:
            starts, cands = [], []
        opt = TaskOptions(task, starts, cands)
        opt.segments = _segments(task, starts, slot, off)
        options.append(opt)
    return Prepared(instance, slot, off, options)


# ----------------------------------------------------------------------------- the model


@dataclass
class TaskVars:
    opt: TaskOptions
    scheduled: cp_model.IntVar | int
    k: cp_model.IntVar
    segment: list[cp_model.IntVar | int]
    person: dict[str, cp_model.IntVar]  # presence literal per candidate id
    offhours: cp_model.IntVar | int | None = None  # None: constant per segment, see off_const
    keep: cp_model.IntVar | int | None = None


class PlanningModel:
    """Builds the CP-SAT model of one instance from the named rule and term builders."""

    def __init__(
        self,
        prep: Prepared,
        lower_bound: int | None = None,
        terms: Sequence[str] | None = None,
    ):
        self.prep = prep
        self.instance = prep.instance
        self.model = cp_model.CpModel()
        self.vars: list[TaskVars] = []
        self.soft: list[tuple[cp_model.LinearExprT, int, str]] = []
        self.intervals_of: dict[str, list[cp_model.IntervalVar]] = defaultdict(list)
        self.task_intervals = 0
        self.extra_hints: list[tuple[cp_model.IntVar, Callable[[dict], int]]] = []
        self._create_decisions()
        for _name, rule in HARD_RULES:
            rule(self)
        for name, term in SOFT_TERMS:
            if terms is None or name in terms:  # sub-models for bounds use only some terms
                term(self)
        self.objective = sum(w * e for e, w, _ in self.soft)
        self.model.minimize(self.objective)
        if lower_bound:
            # Our own bound as an objective floor: CP-SAT then reports at least this bound
            # and prunes against it.
            self.model.add(self.objective >= lower_bound)

    def _create_decisions(self) -> None:
        m = self.model
        for opt in self.prep.options:
            t = opt.task
            if not opt.schedulable:
                self.vars.append(TaskVars(opt, 0, m.new_constant(0), [], {}))
                continue
            sched = 1 if t.pinned else m.new_bool_var(f"sched[{t.id}]")
            k = m.new_int_var_from_domain(
                cp_model.Domain.from_intervals([list(r) for r in opt.starts]), f"k[{t.id}]"
            )
            person = {
                c.person.id: m.new_bool_var(f"y[{t.id},{c.person.id}]") for c in opt.candidates
            }
            if len(opt.segments) == 1:
                segment = [sched]
            else:
                segment = [m.new_bool_var(f"seg[{t.id},{i}]") for i in range(len(opt.segments))]
            self.vars.append(TaskVars(opt, sched, k, segment, person))

    # -- helpers used by the builders and by hints --------------------------------------

    def start_expr(self, tv: TaskVars) -> cp_model.LinearExprT:
        return self.prep.slot * tv.k


# ----------------------------------------------------------------------------- hard rules


def within_a_window(pm: PlanningModel) -> None:
    """Rule 1: the start variable's domain is the grid inside the windows; a segment is chosen."""
    m = pm.model
    for tv in pm.vars:
        if not tv.opt.schedulable:
            continue
        if len(tv.segment) > 1:
            m.add(sum(tv.segment) == tv.scheduled)
            for lit, seg in zip(tv.segment, tv.opt.segments, strict=True):
                m.add_linear_constraint(tv.k, seg.lo, seg.hi).only_enforce_if(lit)


def required_skill(pm: PlanningModel) -> None:
    """Rule 2: exactly `headcount` qualified (skill, eligible) people, or none at all."""
    for tv in pm.vars:
        if tv.opt.schedulable:
            pm.model.add(sum(tv.person.values()) == tv.opt.task.headcount * tv.scheduled)


def free_for_the_blocked_period(pm: PlanningModel) -> None:
    """Rule 3: the blocked period fits inside one of the person's available periods.

    The gaps between a person's available periods become fixed intervals in their
    no-overlap (cheap and propagates well).  Where periods touch or overlap, a gap would
    be empty, so those people get an explicit start-domain constraint per task instead.
    """
    m = pm.model
    gaps_ok: dict[str, bool] = {}
    for p in pm.instance.staff:
        periods = list(p.available)
        gaps_ok[p.id] = all(b[0] > a[1] for a, b in zip(periods, periods[1:], strict=False))
    wanted = {c.person.id for tv in pm.vars for c in tv.opt.candidates}
    far = 4 * HORIZON_PAD
    for pid in sorted(wanted):
        if not gaps_ok[pid]:
            continue
        edges = (
            [-far]
            + [x for iv in pm.instance.staff_by_id[pid].available for x in iv]
            + [10080 + far]
        )
        for a, b in zip(edges[::2], edges[1::2], strict=True):
            if b > a:
                pm.intervals_of[pid].append(
                    m.new_fixed_size_interval_var(a, b - a, f"off_duty[{pid},{a}]")
                )
    for tv in pm.vars:
        for c in tv.opt.candidates:
            if c.allowed != tv.opt.starts and not gaps_ok[c.person.id]:
                dom = cp_model.Domain.from_intervals([list(r) for r in c.allowed])
                m.add_linear_expression_in_domain(tv.k, dom).only_enforce_if(tv.person[c.person.id])


def no_double_booking(pm: PlanningModel) -> None:
    """Rule 4: per person, the travel-extended blocked periods do not overlap."""
    m = pm.model
    for tv in pm.vars:
        for c in tv.opt.candidates:
            iv = m.new_optional_fixed_size_interval_var(
                pm.start_expr(tv) - c.travel,
                tv.opt.blocked(c),
                tv.person[c.person.id],
                f"busy[{tv.opt.task.id},{c.person.id}]",
            )
            pm.intervals_of[c.person.id].append(iv)
            pm.task_intervals += 1
    for ivs in pm.intervals_of.values():
        if len(ivs) > 1:
            m.add_no_overlap(ivs)


def weekly_hours_cap(pm: PlanningModel) -> None:
    """Rule 5: blocked minutes (travel included) within each person's max_minutes."""
    load: dict[str, list[tuple[cp_model.IntVar, int]]] = defaultdict(list)
    for tv in pm.vars:
        for c in tv.opt.candidates:
            load[c.person.id].append((tv.person[c.person.id], tv.opt.blocked(c)))
    for pid, terms in load.items():
        cap = pm.instance.staff_by_id[pid].max_minutes
        if sum(m for _, m in terms) > cap:
            pm.model.add(sum(v * m for v, m in terms) <= cap)


def resource_capacity(pm: PlanningModel) -> None:
    """Rule 6: tasks sharing a resource never exceed its capacity at any minute."""
    m = pm.model
    users: dict[str, list[cp_model.IntervalVar]] = defaultdict(list)
    for tv in pm.vars:
        t = tv.opt.task
        if t.resource and tv.opt.schedulable:
            users[t.resource].append(
                m.new_optional_fixed_size_interval_var(
                    pm.start_expr(tv), t.duration, tv.scheduled, f"run[{t.id}]"
                )
            )
    for rid, ivs in users.items():
        cap = pm.instance.resources[rid].capacity
        if len(ivs) <= cap:
            continue
        if cap == 1:
            m.add_no_overlap(ivs)
        else:
            m.add_cumulative(ivs, [1] * len(ivs), cap)


def pinned_kept(pm: PlanningModel) -> None:
    """Rule 7: a pinned task runs at its pinned start with exactly its pinned staff."""
    for tv in pm.vars:
        pin = tv.opt.task.pinned
        if pin is None:
            continue
        if not tv.opt.schedulable:
            pm.model.add_bool_or([])  # an unplannable pin makes the week infeasible
            continue
        pm.model.add(tv.k == pin.start // pm.prep.slot)
        for lit in tv.person.values():
            pm.model.add(lit == 1)


HARD_RULES: list[tuple[str, Callable[[PlanningModel], None]]] = [
    ("Within a window", within_a_window),
    ("Required skill", required_skill),
    ("Free for the blocked period", free_for_the_blocked_period),
    ("No double booking", no_double_booking),
    ("Weekly hours cap", weekly_hours_cap),
    ("Resource capacity", resource_capacity),
    ("Pinned kept", pinned_kept),
]


# ----------------------------------------------------------------------------- soft terms


def unscheduled_penalty(pm: PlanningModel) -> None:
    expr = sum(tv.opt.task.priority * (1 - tv.scheduled) for tv in pm.vars)
    pm.soft.append((expr, pm.instance.weights.unscheduled, "Unscheduled penalty"))


def window_cost_term(pm: PlanningModel) -> None:
    expr = sum(
        seg.cost * lit
        for tv in pm.vars
        for lit, seg in zip(tv.segment, tv.opt.segments, strict=True)
        if seg.cost
    )
    pm.soft.append((expr, 1, "Window cost"))


def offhours_peak(pm: PlanningModel) -> None:
    """The largest number of off-hours run minutes any one person carries."""
    m = pm.model
    per_person: dict[str, list] = defaultdict(list)
    bound: dict[str, int] = defaultdict(int)
    for tv in pm.vars:
        segs = tv.opt.segments
        if not segs:
            continue
        values = {seg.off_lo for seg in segs} | {seg.off(seg.hi) for seg in segs}
        top = max(values)
        if top == 0:
            continue
        if len(values) == 1:
            # Same off-hours minutes at every start: a constant times the presence literal.
            tv.offhours = top
            for pid, lit in tv.person.items():
                per_person[pid].append(top * lit)
                bound[pid] += top
            continue
        o = m.new_int_var(0, top, f"off[{tv.opt.task.id}]")
        tv.offhours = o
        for lit, seg in zip(tv.segment, segs, strict=True):
            m.add(o >= seg.off_lo + seg.slope * (tv.k - seg.lo)).only_enforce_if(lit)
        for pid, lit in tv.person.items():
            share = m.new_int_var(0, top, f"off[{tv.opt.task.id},{pid}]")
            m.add(share >= o).only_enforce_if(lit)
            per_person[pid].append(share)
            bound[pid] += top
            pm.extra_hints.append((share, lambda h, o=o, lit=lit: h[o] if h[lit] else 0))
    if not per_person:
        return
    peak = m.new_int_var(0, max(bound.values()), "offhours_peak")
    pm.peak = peak
    for _pid, terms in per_person.items():
        m.add(peak >= sum(terms))
    pm.soft.append((peak, pm.instance.weights.offhours_peak, "Off-hours peak"))


def change_from_published(pm: PlanningModel) -> None:
    m = pm.model
    changed = []
    for tv in pm.vars:
        prev = tv.opt.task.previous
        if prev is None:
            continue
        k = prev.start // pm.prep.slot
        possible = (
            tv.opt.schedulable
            and prev.start % pm.prep.slot == 0
            and _contains(tv.opt.starts, k)
            and len(set(prev.staff)) == tv.opt.task.headcount
            and all(sid in tv.person for sid in prev.staff)
        )
        if not possible:
            changed.append(1)
            continue
        keep = m.new_bool_var(f"keep[{tv.opt.task.id}]")
        tv.keep = keep
        m.add(tv.k == k).only_enforce_if(keep)
        for sid in prev.staff:
            m.add_implication(keep, tv.person[sid])
        changed.append(1 - keep)
    if changed:
        pm.soft.append((sum(changed), pm.instance.weights.change, "Change from published"))


SOFT_TERMS: list[tuple[str, Callable[[PlanningModel], None]]] = [
    ("Unscheduled penalty", unscheduled_penalty),
    ("Window cost", window_cost_term),
    ("Off-hours peak", offhours_peak),
    ("Change from published", change_from_published),
]

TERM_NAMES = [name for name, _ in SOFT_TERMS]


# ----------------------------------------------------------------------------- hints & read-out


def add_plan_hint(pm: PlanningModel, assignments: Sequence[Assignment]) -> None:
    """A complete hint from a plan (baseline or published) so CP-SAT starts from it."""
    m = pm.model
    by_task = {a.task: a for a in assignments}
    hinted: dict = {}
    peak_load: dict[str, int] = defaultdict(int)
    for tv in pm.vars:
        if not tv.opt.schedulable:
            continue
        a = by_task.get(tv.opt.task.id)
        k = a.start // pm.prep.slot if a else tv.opt.starts[0][0]
        seg_index = next((i for i, s in enumerate(tv.opt.segments) if s.lo <= k <= s.hi), None)
        if a is None or seg_index is None or not set(a.staff) <= set(tv.person):
            a = None
            k = tv.opt.starts[0][0]
        on = 1 if a else 0
        if not isinstance(tv.scheduled, int):
            m.add_hint(tv.scheduled, on)
        m.add_hint(tv.k, k)
        hinted[tv.k] = k
        if len(tv.segment) > 1:
            for i, lit in enumerate(tv.segment):
                m.add_hint(lit, int(on and i == seg_index))
        for pid, lit in tv.person.items():
            v = int(bool(a) and pid in a.staff)
            m.add_hint(lit, v)
            hinted[lit] = v
        off_value = tv.opt.segments[seg_index].off(k) if a else 0
        if tv.offhours is not None and not isinstance(tv.offhours, int):
            m.add_hint(tv.offhours, off_value)
            hinted[tv.offhours] = off_value
        if a and tv.offhours is not None:
            for pid in a.staff:
                peak_load[pid] += off_value
        if tv.keep is not None:
            prev = tv.opt.task.previous
            same = bool(a) and a.start == prev.start and sorted(a.staff) == sorted(prev.staff)
            m.add_hint(tv.keep, int(same))
    for var, value_of in pm.extra_hints:
        m.add_hint(var, value_of(hinted))
    if hasattr(pm, "peak"):
        m.add_hint(pm.peak, max(peak_load.values(), default=0))


def read_assignments(pm: PlanningModel, value: Callable) -> list[Assignment]:
    out = []
    for tv in pm.vars:
        if not tv.opt.schedulable or not value(tv.scheduled):
            continue
        staff = tuple(pid for pid, lit in tv.person.items() if value(lit))
        out.append(Assignment(tv.opt.task.id, pm.prep.slot * value(tv.k), staff))
    return out


def score(
    instance: Instance, assignments: Sequence[Assignment], off: OffHours | None = None
) -> dict[str, int]:
    """The objective of a set of assignments, term by term (names as in SOFT_TERMS)."""
    off = off or OffHours(instance.offhours)
    w = instance.weights
    by_task = {a.task: a for a in assignments}
    unscheduled = sum(t.priority for t in instance.tasks if t.id not in by_task)
    cost, changes = 0, 0
    load: dict[str, int] = defaultdict(int)
    for a in assignments:
        t = instance.task_by_id[a.task]
        cost += window_cost(t, a.start) or 0
        o = off.minutes(a.start, a.start + t.duration)
        for pid in a.staff:
            load[pid] += o
    for t in instance.tasks:
        if t.previous is not None:
            a = by_task.get(t.id)
            if (
                a is None
                or a.start != t.previous.start
                or sorted(a.staff) != sorted(t.previous.staff)
            ):
                changes += 1
    return {
        "Unscheduled penalty": w.unscheduled * unscheduled,
        "Window cost": cost,
        "Off-hours peak": w.offhours_peak * max(load.values(), default=0),
        "Change from published": w.change * changes,
    }


# ----------------------------------------------------------------------------- manual moves


def check_assignment(
    instance: Instance, plan: Plan, task_id: str, start: int, staff: Sequence[str]
) -> list[Violation]:
    """Which hard rules would moving ``task_id`` to ``start`` with ``staff`` break?

    The rest of the plan stays as it is; each violation names its rule so the UI can tell
    a manager exactly what a manual move breaks.
    """
    task = instance.task_by_id[task_id]
    out: list[Violation] = []

    def bad(rule: int, person: str | None, msg: str) -> None:
        out.append(Violation(rule, task_id, person, f"{RULE_NAMES[rule]}: {msg}"))

    slot, end = instance.slot_minutes, start + task.duration
    if window_cost(task, start) is None:
        bad(1, None, f"{task_id} at {start} does not fit inside any of its windows")
    if start % slot:
        bad(1, None, f"{start} is not on the {slot}-minute grid")
    if len(set(staff)) != task.headcount or len(staff) != task.headcount:
        bad(2, None, f"{task_id} needs {task.headcount} distinct people, got {len(set(staff))}")
    others = [a for a in plan.assignments if a.task != task_id]
    ledger = Ledger.of(instance, others)  # rules 4–6, shared with the baseline and explain
    order = {a.task: i for i, a in enumerate(others)}
    for pid in dict.fromkeys(staff):
        p = instance.staff_by_id.get(pid)
        if p is None:
            bad(2, pid, f"{pid} is not a staff member")
            continue
        if task.skill not in p.skills:
            bad(2, pid, f"{p.name} ({pid}) lacks the skill '{task.skill}'")
        if task.eligible is not None and pid not in task.eligible:
            bad(2, pid, f"{p.name} ({pid}) is not eligible for {task_id}")
        tau = instance.travel(p, task)
        b0, b1 = start - tau, end + tau
        if not any(a <= b0 and b1 <= b for a, b in p.available):
            bad(3, pid, f"{p.name} ({pid}) is not available for [{b0}, {b1})")
        clashes = ledger.clashes(pid, b0, b1)
        for o0, o1, tid in sorted(clashes, key=lambda c: order[c[2]]):
            bad(4, pid, f"{p.name} ({pid}) is busy with {tid} from {o0} to {o1}")
        if ledger.over_hours(pid, b1 - b0, p.max_minutes):
            used = ledger.used[pid] + b1 - b0
            bad(5, pid, f"{p.name} ({pid}) would work {used} > {p.max_minutes} minutes")
    if task.resource and ledger.resource_full(task.resource, start, end):
        bad(6, None, f"resource {task.resource} is full during [{start}, {end})")
    if task.pinned is not None and (
        task.pinned.start != start or sorted(task.pinned.staff) != sorted(staff)
    ):
        bad(7, None, f"{task_id} is pinned to {task.pinned.start} with {list(task.pinned.staff)}")
    return out
