"""What a careful duty manager would do by hand, as a reference and as the warm start.

Pins first; then the most important, least flexible tasks; each at the cheapest start
(fewest off-hours minutes on a tie) where enough qualified people are free, with the
least-loaded of them.  A published assignment is kept when it still works.
"""

from __future__ import annotations

from collections import defaultdict

from optimizer.contract import Assignment, Instance, Plan, Unscheduled
from optimizer.model import Candidate, Prepared, TaskOptions, _count, prepare, score
from optimizer.rules import Ledger


class _Ledger(Ledger):
    """The shared ledger of rules 4–6 plus each person's off-hours minutes."""

    def __init__(self, prep: Prepared, nearest: bool = False):
        super().__init__(prep.instance)
        self.prep = prep
        # Team choice: least loaded first (the duty manager's habit), or nearest first
        # (less travel per run: two evening runs for people close by instead of one for
        # people an hour away).
        self.nearest = nearest
        self.off: dict[str, int] = defaultdict(int)
        self.options = prep.by_task

    def person_free(self, opt: TaskOptions, c: Candidate, start: int) -> bool:
        a, b = start - c.travel, start + opt.task.duration + c.travel
        return self.broken_rule(c.person.id, a, b, c.person.max_minutes) is None

    def resource_free(self, opt: TaskOptions, start: int) -> bool:
        rid = opt.task.resource
        return rid is None or not self.resource_full(rid, start, start + opt.task.duration)

    def book(self, opt: TaskOptions, start: int, team: list[Candidate], off: int) -> None:
        for c in team:
            self.book_person(opt, start, c, off)
        if opt.task.resource:
            self.occupy(opt.task.resource, start, start + opt.task.duration)

    def book_person(self, opt: TaskOptions, start: int, c: Candidate, off: int, sign: int = 1):
        a, b = start - c.travel, start + opt.task.duration + c.travel
        self.block(c.person.id, a, b, opt.task.id, sign)
        self.off[c.person.id] += sign * off


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
                c.travel if ledger.nearest else 0,
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


def baseline_assignments(prep: Prepared, nearest: bool = False) -> list[Assignment]:
    order = sorted(
        (o for o in prep.options if o.schedulable),
        key=lambda o: (
            o.task.pinned is None,
            -o.task.priority,
            _flexibility(o),
            o.task.id,
        ),
    )
    ledger = _Ledger(prep, nearest)
    placed = [a for opt in order if (a := _place(ledger, opt)) is not None]
    index = {t.id: i for i, t in enumerate(prep.instance.tasks)}
    return sorted(placed, key=lambda a: index[a.task])


def _swap_in(ledger: _Ledger, opt: TaskOptions, placed: dict[str, Assignment]) -> Assignment | None:
    """Plan a left-out task by handing one conflicting task of each missing person to a
    colleague who is free then (the one-step swap a duty manager tries by phone)."""
    prep, task = ledger.prep, opt.task
    by_task = ledger.options
    starts = sorted(
        (seg.cost, seg.off(k), k) for seg in opt.segments for k in range(seg.lo, seg.hi + 1)
    )
    for _cost, off, k in starts:
        start = k * prep.slot
        if not ledger.resource_free(opt, start):
            continue
        on_duty = [c for c in opt.candidates if any(lo <= k <= hi for lo, hi in c.allowed)]
        free = [c for c in on_duty if ledger.person_free(opt, c, start)]
        if len(on_duty) < task.headcount:
            continue
        moves: list[tuple[TaskOptions, Candidate, Candidate]] = []
        taken = {c.person.id for c in free}
        for c in on_duty:
            if len(free) + len(moves) >= task.headcount:
                break
            if c.person.id in taken:
                continue
            a, b = start - c.travel, start + task.duration + c.travel
            blocking = ledger.clashes(c.person.id, a, b)
            if len(blocking) != 1:
                continue
            other = by_task[blocking[0][2]]
            current = placed[other.task.id]
            if other.task.pinned is not None:
                continue
            if ledger.used[c.person.id] - (blocking[0][1] - blocking[0][0]) + b - a > (
                c.person.max_minutes
            ):
                continue
            ko = current.start // prep.slot
            for c2 in other.candidates:
                if (
                    c2.person.id in current.staff
                    or c2.person.id in taken
                    or not any(lo <= ko <= hi for lo, hi in c2.allowed)
                    or not ledger.person_free(other, c2, current.start)
                ):
                    continue
                moves.append((other, c, c2))
                taken |= {c.person.id, c2.person.id}
                break
        if len(free) + len(moves) < task.headcount:
            continue
        for other, c, c2 in moves:
            current = placed[other.task.id]
            seg = other.segment_of(current.start // prep.slot)
            o = seg.off(current.start // prep.slot)
            mine = next(x for x in other.candidates if x.person.id == c.person.id)
            ledger.book_person(other, current.start, mine, o, sign=-1)
            ledger.book_person(other, current.start, c2, o)
            staff = sorted((set(current.staff) - {c.person.id}) | {c2.person.id})
            placed[other.task.id] = Assignment(other.task.id, current.start, tuple(staff))
        team = free + [c for _, c, _ in moves]
        team = team[: task.headcount]
        ledger.book(opt, start, team, off)
        return Assignment(task.id, start, tuple(sorted(c.person.id for c in team)))
    return None


def _unbook(ledger: _Ledger, opt: TaskOptions, a: Assignment) -> None:
    k = a.start // ledger.prep.slot
    off = opt.segment_of(k).off(k)
    for c in opt.candidates:
        if c.person.id in a.staff:
            ledger.book_person(opt, a.start, c, off, sign=-1)
    if opt.task.resource:
        ledger.occupy(opt.task.resource, a.start, a.start + opt.task.duration, sign=-1)


def _rebook(ledger: _Ledger, opt: TaskOptions, a: Assignment) -> None:
    k = a.start // ledger.prep.slot
    team = [c for c in opt.candidates if c.person.id in a.staff]
    ledger.book(opt, a.start, team, opt.segment_of(k).off(k))


def _bump_in(
    ledger: _Ledger, opt: TaskOptions, placed: dict[str, Assignment], limit: int = 12
) -> Assignment | None:
    """Plan a left-out task by moving one task that blocks it to another time or team
    (e.g. every evening inspector is out on other inspections that night)."""
    prep, task = ledger.prep, opt.task
    tried: set[str] = set()
    starts = sorted(
        (seg.cost, seg.off(k), k) for seg in opt.segments for k in range(seg.lo, seg.hi + 1)
    )
    for _cost, _off, k in starts:
        start = k * prep.slot
        blockers: list[str] = []
        for c in opt.candidates:
            if not any(lo <= k <= hi for lo, hi in c.allowed):
                continue
            a, b = start - c.travel, start + task.duration + c.travel
            for _, _, tid in ledger.clashes(c.person.id, a, b):
                if (
                    tid not in tried
                    and tid not in blockers
                    and ledger.options[tid].task.pinned is None
                ):
                    blockers.append(tid)
        for tid in blockers:
            tried.add(tid)
            other, old = ledger.options[tid], placed[tid]
            _unbook(ledger, other, old)
            mine = _place(ledger, opt)
            if mine is not None:
                moved = _place(ledger, other)
                if moved is not None:
                    placed[tid] = moved
                    return mine
                _unbook(ledger, opt, mine)
            _rebook(ledger, other, old)
            if len(tried) >= limit:
                return None
    return None


def _level_offhours(ledger: _Ledger, placed: dict[str, Assignment], rounds: int = 2000) -> None:
    """Hand evening and weekend runs from whoever carries the most off-hours minutes to
    a qualified colleague who is free then and stays below that peak."""
    slot = ledger.prep.slot
    for _ in range(rounds):
        if not ledger.off:
            return
        top = max(ledger.off, key=lambda pid: (ledger.off[pid], pid))
        peak = ledger.off[top]
        if peak <= 0 or not _hand_over(ledger, placed, top, peak, slot):
            return


def _hand_over(
    ledger: _Ledger, placed: dict[str, Assignment], pid: str, peak: int, slot: int
) -> bool:
    for _a, _b, tid in list(ledger.busy[pid]):
        opt, current = ledger.options[tid], placed[tid]
        if opt.task.pinned is not None or opt.task.previous is not None:
            continue  # moving them costs a change; the solver weighs that, not this pass
        k = current.start // slot
        off = opt.segment_of(k).off(k)
        if off <= 0:
            continue
        mine = next(c for c in opt.candidates if c.person.id == pid)
        for other in sorted(opt.candidates, key=lambda c: (ledger.off[c.person.id], c.person.id)):
            if ledger.off[other.person.id] + off >= peak:
                break
            if other.person.id in current.staff or not any(
                lo <= k <= hi for lo, hi in other.allowed
            ):
                continue
            if ledger.person_free(opt, other, current.start):
                ledger.book_person(opt, current.start, mine, off, sign=-1)
                ledger.book_person(opt, current.start, other, off)
                staff = sorted((set(current.staff) - {pid}) | {other.person.id})
                placed[tid] = Assignment(tid, current.start, tuple(staff))
                return True
    return False


def warm_start(prep: Prepared, base: list[Assignment] | None = None) -> list[Assignment]:
    """The solver's first hint: the better of two greedy plans, each repaired by
    one-step swaps and moves for what it left out — the baseline (which itself stays
    the untouched reference) and the same greedy choosing the nearest people first
    (on weeks with long trips that fits more runs into the evenings)."""
    base = base if base is not None else baseline_assignments(prep)
    inst = prep.instance
    best = _repaired(prep, base)
    near = _repaired(prep, baseline_assignments(prep, nearest=True), nearest=True)
    if sum(score(inst, near, prep.offhours).values()) < sum(
        score(inst, best, prep.offhours).values()
    ):
        return near
    return best


def _repaired(prep: Prepared, base: list[Assignment], nearest: bool = False) -> list[Assignment]:
    """``base`` with one-step swaps and moves for what it left out, if that scores better."""
    ledger = _Ledger(prep, nearest)
    placed: dict[str, Assignment] = {}
    for a in base:
        opt = ledger.options[a.task]
        by_id = {c.person.id: c for c in opt.candidates}
        k = a.start // prep.slot
        ledger.book(opt, a.start, [by_id[s] for s in a.staff], opt.segment_of(k).off(k))
        placed[a.task] = a
    left = sorted(
        (o for o in prep.options if o.schedulable and o.task.id not in placed),
        key=lambda o: (-o.task.priority, o.task.id),
    )
    for opt in left:
        a = _swap_in(ledger, opt, placed) or _bump_in(ledger, opt, placed)
        if a is not None:
            placed[a.task] = a
    _level_offhours(ledger, placed)
    index = {t.id: i for i, t in enumerate(prep.instance.tasks)}
    better = sorted(placed.values(), key=lambda a: index[a.task])
    inst = prep.instance
    if sum(score(inst, better, prep.offhours).values()) < sum(
        score(inst, base, prep.offhours).values()
    ):
        return better
    return base


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
