"""Capacity advice: which one small addition of capacity would serve the most unplanned priority.

An over-capacity week leaves tasks unplanned; the duty manager's real lever is people.
This module proposes single additions and checks each one by a real solve:

- a person available for one extra block: a weekday evening 18:00-22:00 or a weekend
  half-day 08:30-12:30 / 13:30-17:30 (only the part not already available is asked);
- a person's weekly cap (``max_minutes``) raised by a few hours;
- a second slot in a shared resource (a station's visitor hall: capacity + 1).

Candidates are only made for people holding the skill of some unplanned task (and
eligible for it), never for someone with no availability at all this week (away or on
leave), never overlapping a staff member's ``leave`` intervals when the instance carries
them (an optional per-person key, ignored by the rest of the contract), and a block never
raises the person's weekly cap.  They are pre-filtered cheaply (which unplanned tasks'
windows, skills and trips the new block could hold) and ranked by that estimate per hour
asked; the most promising are then checked by a solve of the instance with the addition,
warm-started from the current plan, with the current plan as ``previous`` so that every
change costs ``weights.change`` (minimal change).  What a suggestion promises is what that
checked plan achieves: ``serves`` are the tasks it plans that the current plan does not,
``priority_gained`` the planned priority it adds (net of anything it drops, listed in
``drops``), and ``plan`` is that plan, a ``firedesk.plan/1`` feasible for the modified
instance.  Suggestions are ranked by priority gained per hour asked.

Before any addition is tried, the current plan is *settled*: the same short solve on the
unmodified instance; if it alone plans more, its plan becomes the reference.  And a
checked plan that is feasible without its addition is no suggestion: it becomes the
reference instead and what was found before is re-checked against it.  So no gain that
needed no extra capacity is credited to an addition: every suggestion's plan breaks the
unmodified instance (it uses what was added).
"""

from __future__ import annotations

import copy
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from optimizer.contract import (
    Assignment,
    Instance,
    Plan,
    Unscheduled,
    parse_instance,
    plan_from_dict,
    plan_to_dict,
)
from optimizer.lns import Incumbent, Lns, improve
from optimizer.model import PlanningModel, add_plan_hint, prepare, score
from optimizer.solver import SMALL_MODEL, solve
from optimizer.validator import validate_plan

DAY = 1440
EVENING = (18 * 60, 22 * 60)
WEEKEND_HALF_DAYS = ((8 * 60 + 30, 12 * 60 + 30), (13 * 60 + 30, 17 * 60 + 30))
CAP_RAISES = (120, 240)  # minutes


@dataclass(frozen=True)
class Addition:
    """One small addition of capacity."""

    kind: str  # "block", "cap" or "hall"
    staff: str | None
    start: int | None = None
    end: int | None = None
    max_minutes: int | None = None
    resource: str | None = None
    capacity: int | None = None
    minutes_asked: int = 0  # new available minutes, or the cap raise; 0 for a hall

    @property
    def add(self) -> dict[str, int | str]:
        if self.kind == "block":
            return {"start": self.start, "end": self.end}
        if self.kind == "cap":
            return {"max_minutes": self.max_minutes}
        return {"resource": self.resource, "capacity": self.capacity}

    def apply(self, data: dict) -> dict:
        """A copy of the instance dict with this addition."""
        out = copy.deepcopy(data)
        if self.kind == "hall":
            for r in out["resources"]:
                if r["id"] == self.resource:
                    r["capacity"] = self.capacity
            return out
        person = next(p for p in out["staff"] if p["id"] == self.staff)
        if self.kind == "cap":
            person["max_minutes"] = self.max_minutes
        else:
            periods = [tuple(a) for a in person["available"]] + [(self.start, self.end)]
            person["available"] = [list(a) for a in _merge(periods)]
        return out


@dataclass
class Candidate:
    addition: Addition
    estimate: int  # priority the pre-filter thinks the addition could serve
    tasks: list[str]  # the unplanned tasks it could cover

    @property
    def per_hour(self) -> float:
        return self.estimate * 60 / max(self.addition.minutes_asked, 60)


@dataclass
class Suggestion:
    addition: Addition
    serves: list[str]
    drops: list[str]
    priority_gained: int
    hours_asked: float
    estimate: int
    plan: dict
    seconds: float

    @property
    def per_hour(self) -> float:
        return self.priority_gained / self.hours_asked if self.hours_asked else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "staff": self.addition.staff,
            "kind": self.addition.kind,
            "add": self.addition.add,
            "hours_asked": self.hours_asked,
            "serves": self.serves,
            "drops": self.drops,
            "priority_gained": self.priority_gained,
            "priority_per_hour": round(self.per_hour, 3),
            "estimate": self.estimate,
            "check_seconds": round(self.seconds, 3),
            "plan": self.plan,
        }


@dataclass
class Advice:
    suggestions: list[Suggestion]
    base: Plan
    stats: dict[str, Any] = field(default_factory=dict)
    combination: Combination | None = None

    def as_list(self) -> list[dict[str, Any]]:
        return [s.as_dict() for s in self.suggestions]

    def as_dict(self) -> dict[str, Any]:
        """The suggestions, the combination (or None) and the run's figures."""
        return {
            "suggestions": self.as_list(),
            "combination": self.combination.as_dict() if self.combination else None,
            "stats": self.stats,
        }


# ----------------------------------------------------------------------------- intervals


def _merge(periods) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(periods):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _uncovered(a: int, b: int, periods) -> int:
    """Minutes of [a, b) not inside ``periods``."""
    covered = sum(max(0, min(b, y) - max(a, x)) for x, y in _merge(periods))
    return (b - a) - covered


def _overlaps(a: int, b: int, periods) -> bool:
    return any(x < b and a < y for x, y in periods)


# ----------------------------------------------------------------------------- the plan


def _raw(instance: Instance | dict) -> dict:
    if isinstance(instance, dict):
        return instance
    if instance.raw:
        return instance.raw
    raise ValueError("advice needs the instance's contract dict (parse it with parse_instance)")


def _assignments(plan: Plan | dict) -> list[Assignment]:
    if isinstance(plan, dict):
        plan = plan_from_dict(plan)
    return list(plan.assignments)


def planned_priority(instance: Instance, assignments) -> int:
    done = {a.task for a in assignments}
    return sum(t.priority for t in instance.tasks if t.id in done)


def make_plan(instance: Instance, assignments, stats: dict | None = None) -> Plan:
    """A contract plan of ``assignments`` scored under ``instance``."""
    terms = score(instance, assignments)
    done = {a.task for a in assignments}
    order = {t.id: i for i, t in enumerate(instance.tasks)}
    return Plan(
        instance=instance.name,
        status="FEASIBLE",
        objective=sum(terms.values()),
        bound=None,
        assignments=sorted(assignments, key=lambda a: order[a.task]),
        unscheduled=[Unscheduled(t.id) for t in instance.tasks if t.id not in done],
        stats={**(stats or {}), "terms": terms},
    )


def with_previous(data: dict, assignments) -> dict:
    """``data`` with the plan as ``previous`` of every task (and no other ``previous``), so a
    solve keeps it unless a change pays for itself."""
    out = copy.deepcopy(data)
    by_task = {a.task: a for a in assignments}
    for t in out["tasks"]:
        t.pop("previous", None)
        a = by_task.get(t["id"])
        if a is not None:
            t["previous"] = {"start": a.start, "staff": list(a.staff)}
    if out["weights"].get("change", 0) <= 0:
        out["weights"] = {**out["weights"], "change": 1}
    return out


def replan(
    data: dict,
    assignments,
    *,
    time_limit: float,
    workers: int = 1,
    seed: int = 0,
    should_stop: Callable[[], bool] | None = None,
    focus: set[str] | None = None,
    rounds: int | None = None,
) -> list[Assignment]:
    """A plan of ``data`` warm-started from (and kept close to) ``assignments``: LNS on
    the once-built model, the first round freeing ``focus`` when given; a small week
    (few candidate pairs) is solved on the full model instead, usually to optimality.
    With ``rounds`` the LNS runs exactly that many rounds, each bounded by deterministic
    time (``time_limit`` is then only a safety cap): one worker and a fixed seed repeat it."""
    inst = parse_instance(with_previous(data, assignments))
    prep = prepare(inst)
    if rounds is None and sum(len(o.candidates) for o in prep.options) <= SMALL_MODEL:
        plan = solve(
            inst, time_limit=time_limit, workers=workers, seed=seed, should_stop=should_stop
        )
        return list(plan.assignments)
    deadline = time.monotonic() + time_limit
    pm = PlanningModel(prep, 0)
    start = [a for a in assignments if _keeps(inst, a)]
    add_plan_hint(pm, start)
    lns = _Focused(pm, focus or set(), seed=seed, workers=workers)
    inc, _ = improve(
        pm,
        start,
        seed=seed,
        workers=workers,
        deadline=deadline,
        rounds=rounds,
        should_stop=should_stop,
        lns=lns,
    )
    return list(inc.assignments)


def _keeps(inst: Instance, a: Assignment) -> bool:
    """The assignment is still possible (an addition never takes capacity away)."""
    return a.task in inst.task_by_id


# ----------------------------------------------------------------------------- candidates


def _starts(instance: Instance, person, task, interval, touch=None):
    """Grid starts in the task's windows that put the person's blocked period inside
    ``interval`` (and overlapping ``touch``)."""
    tau = instance.travel(person, task)
    d, slot = task.duration, instance.slot_minutes
    ja, jb = interval
    for w in task.windows:
        lo = max(ja + tau, w.start)
        hi = min(jb - d - tau, w.end - d)
        if touch is not None:
            lo = max(lo, touch[0] - d - tau + 1)
            hi = min(hi, touch[1] + tau - 1)
        yield from range(-(-lo // slot) * slot, hi + 1, slot)


def _free_at(instance: Instance, person, task, start: int, free, cap_left) -> bool:
    tau = instance.travel(person, task)
    b0, b1 = start - tau, start + task.duration + tau
    if b1 - b0 > cap_left[person.id]:
        return False
    return any(a <= b0 and b1 <= b for a, b in free[person.id])


def _subtract(periods, booked) -> list[tuple[int, int]]:
    out = []
    for a, b in periods:
        pieces = [(a, b)]
        for x, y in booked:
            pieces = [
                piece
                for p0, p1 in pieces
                for piece in ((p0, min(p1, x)), (max(p0, y), p1))
                if piece[1] > piece[0]
            ]
        out += pieces
    return out


def _fits(
    instance: Instance, person, task, interval, touch=None, free=None, cap_left=None
) -> int | None:
    """The person's blocked minutes for ``task`` if some grid start puts it inside
    ``interval`` (overlapping ``touch``) with enough other qualified people available
    then (free of their planned tasks, within their cap) for its headcount, else None."""
    others = [p for p in instance.qualified(task) if p.id != person.id and p.available]
    for s in _starts(instance, person, task, interval, touch):
        if task.headcount == 1 or (
            sum(_free_at(instance, p, task, s, free, cap_left) for p in others)
            >= task.headcount - 1
        ):
            return task.duration + 2 * instance.travel(person, task)
    return None


def _pack(options: list[tuple[int, int, str]], budget: int) -> tuple[int, list[str]]:
    """Greedy: the highest priority per minute first, within ``budget`` minutes."""
    total, chosen = 0, []
    for priority, need, tid in sorted(options, key=lambda o: (-o[0] / o[1], o[2])):
        if need <= budget:
            budget -= need
            total += priority
            chosen.append(tid)
    return total, chosen


def _blocks() -> list[tuple[int, int]]:
    out = [(d * DAY + EVENING[0], d * DAY + EVENING[1]) for d in range(5)]
    for d in (5, 6):
        out += [(d * DAY + a, d * DAY + b) for a, b in WEEKEND_HALF_DAYS]
    return out


def candidate_additions(
    instance: Instance, assignments, *, prefilter: bool = True
) -> list[Candidate]:
    """Every single addition for the people (and halls) some unplanned task needs.

    With ``prefilter`` only those that could hold at least one unplanned task (by window,
    skill, eligibility, trip and the cap left) are returned, with an estimate of the
    priority they could serve; without it every block, cap raise and hall slot the
    rules allow is returned (estimate 0), for brute force.
    """
    data = _raw(instance)
    done = {a.task for a in assignments}
    unplanned = [t for t in instance.tasks if t.id not in done]
    used: dict[str, int] = defaultdict(int)
    for a in assignments:
        t = instance.task_by_id[a.task]
        for pid in a.staff:
            used[pid] += t.duration + 2 * instance.travel(instance.staff_by_id[pid], t)
    booked: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for a in assignments:
        t = instance.task_by_id[a.task]
        for pid in a.staff:
            tau = instance.travel(instance.staff_by_id[pid], t)
            booked[pid].append((a.start - tau, a.start + t.duration + tau))
    free = {p.id: _subtract(p.available, booked[p.id]) for p in instance.staff}
    left = {p.id: p.max_minutes - used[p.id] for p in instance.staff}
    leave = {p["id"]: [tuple(x) for x in p.get("leave") or []] for p in data["staff"]}
    out: list[Candidate] = []
    for person in instance.staff:
        if not person.available:
            continue  # away or on leave all week
        mine = [t for t in unplanned if person in instance.qualified(t)]
        if not mine:
            continue
        cap_left = person.max_minutes - used[person.id]
        for a, b in _blocks():
            new = _uncovered(a, b, person.available)
            if new <= 0 or _overlaps(a, b, leave[person.id]):
                continue
            merged = _merge([*free[person.id], (a, b)])
            interval = next(iv for iv in merged if iv[0] <= a and b <= iv[1])
            options = []
            for t in mine:
                need = _fits(instance, person, t, interval, (a, b), free, left)
                if need is not None:
                    options.append((t.priority, need, t.id))
            add = Addition("block", person.id, start=a, end=b, minutes_asked=new)
            if prefilter and not options:
                continue
            # a run may reach into the adjacent availability: a little slack over the block
            estimate, tasks = _pack(options, min(cap_left, new + 120))
            out.append(Candidate(add, estimate, tasks or [o[2] for o in options]))
        for raise_by in CAP_RAISES:
            options = []
            for t in mine:
                for iv in free[person.id]:
                    need = _fits(instance, person, t, iv, None, free, left)
                    if need is not None and need > cap_left:
                        options.append((t.priority, need, t.id))
                        break
            add = Addition(
                "cap",
                person.id,
                max_minutes=person.max_minutes + raise_by,
                minutes_asked=raise_by,
            )
            if prefilter and not options:
                continue
            estimate, tasks = _pack(options, max(0, cap_left) + raise_by)
            out.append(Candidate(add, estimate, tasks))
    for rid, res in instance.resources.items():
        waiting = [t for t in unplanned if t.resource == rid]
        if not waiting:
            continue
        minutes = sum(t.duration for t in waiting)
        add = Addition("hall", None, resource=rid, capacity=res.capacity + 1, minutes_asked=minutes)
        out.append(Candidate(add, sum(t.priority for t in waiting), [t.id for t in waiting]))
    return out


def hours_asked(instance: Instance, addition: Addition, serves: list[str]) -> float:
    """Hours asked of a person; for a hall, the hours its second slot is used."""
    if addition.kind == "hall":
        minutes = sum(instance.task_by_id[t].duration for t in serves)
        return round(max(minutes, 60) / 60, 2)
    return round(addition.minutes_asked / 60, 2)


# ----------------------------------------------------------------------------- checking


def _focus(
    inst: Instance, base: list[Assignment], addition: Addition, tasks: list[str]
) -> set[str]:
    """The tasks a check frees: the ones the addition could cover, and every planned task
    of the people (and hall) they compete for."""
    free = set(tasks)
    people: set[str] = set()
    for tid in tasks:
        people.update(p.id for p in inst.qualified(inst.task_by_id[tid]))
    if addition.staff:
        people.add(addition.staff)
    for a in base:
        t = inst.task_by_id[a.task]
        if people & set(a.staff) or (addition.resource and t.resource == addition.resource):
            free.add(a.task)
    return free


class _Focused(Lns):
    """An LNS whose first neighbourhood is given (the tasks an addition concerns)."""

    def __init__(self, pm: PlanningModel, free: set[str], **kwargs: Any):
        super().__init__(pm, **kwargs)
        self.focus = {i for i, tv in enumerate(pm.vars) if tv.opt.task.id in free}

    def neighbourhood(self, kind: str, inc: Incumbent) -> set[int]:
        if self.focus:
            self.k_limits = {}
            focus, self.focus = self.focus, set()
            return focus & self.movable_set
        return super().neighbourhood(kind, inc)


def _compare(inst: Instance, base: list[Assignment], new: list[Assignment]):
    """What ``new`` plans that ``base`` does not (serves), the reverse (drops), the net
    priority gained."""
    before = {a.task for a in base}
    after = {a.task for a in new}
    order = [t.id for t in inst.tasks]
    serves = [t for t in order if t in after and t not in before]
    drops = [t for t in order if t in before and t not in after]
    return serves, drops, planned_priority(inst, new) - planned_priority(inst, base)


def check_addition(
    data: dict,
    base: list[Assignment],
    addition: Addition,
    *,
    time_limit: float,
    workers: int = 1,
    seed: int = 0,
    estimate: int = 0,
    tasks: list[str] | None = None,
    should_stop: Callable[[], bool] | None = None,
    rounds: int | None = None,
) -> Suggestion:
    """Solve the instance with ``addition``, warm-started from ``base`` (its ``previous``):
    first one CP-SAT round on the tasks the addition concerns, then LNS for the rest of
    ``time_limit`` (or ``rounds`` rounds).  The result as a suggestion (its gain may be
    zero)."""
    t0 = time.monotonic()
    modified = addition.apply(data)
    inst = parse_instance(modified)
    new = replan(
        modified,
        base,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        should_stop=should_stop,
        focus=_focus(inst, base, addition, tasks or []),
        rounds=rounds,
    )
    serves, drops, gained = _compare(inst, base, new)
    plan = make_plan(inst, new, {"advice": addition.add})
    return Suggestion(
        addition,
        serves,
        drops,
        gained,
        hours_asked(inst, addition, serves),
        estimate,
        plan_to_dict(plan),
        time.monotonic() - t0,
    )


@dataclass
class Combination:
    """Two additions asked together, checked by one solve with both: shown only when it
    serves more than either alone and its plan needs both (feasible with neither one
    alone)."""

    additions: tuple[Addition, Addition]
    serves: list[str]
    drops: list[str]
    priority_gained: int
    alone: tuple[int, int]  # each addition's own checked gain
    plan: dict
    seconds: float

    @property
    def hours_asked(self) -> float:
        return round(sum(a.minutes_asked for a in self.additions) / 60, 2)

    def as_dict(self) -> dict[str, Any]:
        return {
            "additions": [{"staff": a.staff, "kind": a.kind, "add": a.add} for a in self.additions],
            "serves": self.serves,
            "drops": self.drops,
            "priority_gained": self.priority_gained,
            "alone": list(self.alone),
            "check_seconds": round(self.seconds, 3),
            "plan": self.plan,
        }


def apply_all(data: dict, additions) -> dict:
    for addition in additions:
        data = addition.apply(data)
    return data


def check_pair(
    data: dict,
    base: list[Assignment],
    first: Suggestion,
    second: Suggestion,
    *,
    time_limit: float,
    workers: int = 1,
    seed: int = 0,
    should_stop: Callable[[], bool] | None = None,
    rounds: int | None = None,
) -> Combination | None:
    """One solve with both suggestions' additions, warm-started from ``base`` with the
    tasks either concerns freed first; None unless it beats each alone and needs both."""
    t0 = time.monotonic()
    pair = (first.addition, second.addition)
    modified = apply_all(data, pair)
    inst = parse_instance(modified)
    focus = _focus(inst, base, pair[0], first.serves) | _focus(inst, base, pair[1], second.serves)
    new = replan(
        modified,
        base,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        should_stop=should_stop,
        focus=focus,
        rounds=rounds,
    )
    serves, drops, gained = _compare(inst, base, new)
    if gained <= max(first.priority_gained, second.priority_gained):
        return None
    plan = plan_to_dict(make_plan(inst, new, {"advice": [a.add for a in pair]}))
    if any(validate_plan(a.apply(data), plan).ok for a in pair):
        return None  # one addition alone allows it: a better single check, not a pair
    return Combination(
        pair,
        serves,
        drops,
        gained,
        (first.priority_gained, second.priority_gained),
        plan,
        time.monotonic() - t0,
    )


@dataclass(frozen=True)
class AdviceProgress:
    """How far an advice run is: candidates checked of those queued, and what survives."""

    checked: int
    queued: int
    suggestions: list[Suggestion]


def advise(
    instance: Instance | dict,
    plan: Plan | dict | None = None,
    *,
    top: int = 5,
    time_limit: float = 5.0,
    checks: int | None = None,
    workers: int = 1,
    seed: int = 0,
    settle: bool = True,
    combine: bool = True,
    rounds: int | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_progress: Callable[[AdviceProgress], None] | None = None,
) -> Advice:
    """The ``top`` single additions of capacity by priority gained per hour asked, and
    (``combine``) the best two together when that serves more than each alone.

    ``plan`` is the current plan (solved here when missing); ``time_limit`` is the
    seconds of each check solve; ``checks`` how many pre-filtered candidates are checked
    (default ``3 * top``), the highest estimate per hour first.  ``rounds`` makes every
    solve a fixed number of LNS rounds bounded by deterministic time (with one worker and
    a fixed ``seed`` the advice repeats exactly; ``time_limit`` then only caps each).
    ``on_progress`` is called after each check.
    """
    started = time.monotonic()
    data = _raw(instance) if not isinstance(instance, dict) else instance
    inst = parse_instance(data)
    stats: dict[str, Any] = {}
    solved = dict(workers=workers, seed=seed, should_stop=should_stop, rounds=rounds)
    if plan is None:
        base = list(
            solve(
                inst, time_limit=time_limit, workers=workers, seed=seed, lns_rounds=rounds
            ).assignments
        )
    else:
        base = _assignments(plan)
    stats["given_priority"] = planned_priority(inst, base)
    if settle:
        settled = replan(data, base, time_limit=time_limit, **solved)
        if planned_priority(inst, settled) > planned_priority(inst, base):
            base = settled
    candidates = candidate_additions(inst, base)
    candidates.sort(key=lambda c: (-c.per_hour, -c.estimate, c.addition.minutes_asked))
    stats["candidates"] = len(candidates)
    checks = 3 * top if checks is None else checks
    queue = [c for c in candidates[:checks] if c.estimate > 0]
    kept: list[tuple[Candidate, Suggestion]] = []
    checked, rechecks = 0, 0
    stats["base_improved"] = 0

    def stopped() -> bool:
        return should_stop is not None and should_stop()

    while queue and not stopped():
        cand = queue.pop(0)
        s = check_addition(
            data,
            base,
            cand.addition,
            time_limit=time_limit,
            estimate=cand.estimate,
            tasks=cand.tasks,
            **solved,
        )
        checked += 1
        if s.priority_gained > 0 and validate_plan(data, s.plan).ok:
            # The plan needs no addition: it is a better current plan, not a gain of this
            # addition.  It becomes the reference and what was found so far is re-checked
            # against it (at most ``checks`` re-checks in all).
            base = plan_from_dict(s.plan).assignments
            stats["base_improved"] += 1
            again = [c for c, _ in kept][: max(0, checks - rechecks)]
            rechecks += len(again)
            queue = again + queue
            kept = []
        elif s.priority_gained > 0:
            kept.append((cand, s))
        if on_progress is not None:
            on_progress(AdviceProgress(checked, len(queue), [s for _, s in kept]))
    found = [s for _, s in kept]
    found.sort(key=lambda s: (-s.per_hour, -s.priority_gained, s.hours_asked))
    combination = None
    if combine and len(found) >= 2 and not stopped():
        combination = check_pair(data, base, found[0], found[1], time_limit=time_limit, **solved)
        stats["pair_checked"] = True
    stats["base_priority"] = planned_priority(inst, base)
    stats["base_unplanned"] = len(inst.tasks) - len(base)
    stats["checked"] = checked
    stats["advice_seconds"] = round(time.monotonic() - started, 3)
    return Advice(found[:top], make_plan(inst, base), stats, combination)
