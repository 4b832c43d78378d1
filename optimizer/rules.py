"""Rules 4–6 of the contract over a set of bookings, implemented once.

The baseline's ledger, :func:`optimizer.model.check_assignment` and
:func:`optimizer.explain.explain_task` all ask the same questions of a partial plan: is
this person's blocked period free (rule 4), do their minutes stay within the cap (rule 5),
is the resource full (rule 6)?  They ask them here.  ``validator.py`` stays independent:
it is the referee and shares no code with what it checks.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable

from optimizer.contract import Assignment, Instance

NO_DOUBLE_BOOKING = 4
WEEKLY_HOURS_CAP = 5
RESOURCE_CAPACITY = 6


class Ledger:
    """Who is blocked when (travel included), minutes used per person, runs per resource."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.busy: dict[str, list[tuple[int, int, str]]] = defaultdict(list)  # sorted
        self.used: dict[str, int] = defaultdict(int)
        self.runs: dict[str, list[tuple[int, int]]] = defaultdict(list)

    @classmethod
    def of(cls, instance: Instance, assignments: Iterable[Assignment]) -> Ledger:
        """The bookings of a (partial) plan."""
        ledger = cls(instance)
        for a in assignments:
            task = instance.task_by_id[a.task]
            for pid in a.staff:
                person = instance.staff_by_id.get(pid)
                if person is None:  # not a staff member: the validator reports it
                    continue
                tau = instance.travel(person, task)
                ledger.block(pid, a.start - tau, a.start + task.duration + tau, a.task)
            if task.resource:
                ledger.occupy(task.resource, a.start, a.start + task.duration)
        return ledger

    # -- bookings ----------------------------------------------------------------------

    def block(self, pid: str, a: int, b: int, task_id: str, sign: int = 1) -> None:
        """Book (``sign`` 1) or release (-1) the blocked period ``[a, b)`` of a person."""
        if sign > 0:
            bisect.insort(self.busy[pid], (a, b, task_id))
        else:
            self.busy[pid].remove((a, b, task_id))
        self.used[pid] += sign * (b - a)

    def occupy(self, rid: str, start: int, end: int, sign: int = 1) -> None:
        if sign > 0:
            self.runs[rid].append((start, end))
        else:
            self.runs[rid].remove((start, end))

    # -- the rules ---------------------------------------------------------------------

    def clashes(self, pid: str, a: int, b: int) -> list[tuple[int, int, str]]:
        """Rule 4: the person's bookings overlapping ``[a, b)``, by start."""
        periods = self.busy[pid]
        i = bisect.bisect_left(periods, (a, a, ""))
        out = [p for p in periods[max(0, i - 1) : i] if p[1] > a]
        while i < len(periods) and periods[i][0] < b:
            out.append(periods[i])
            i += 1
        return out

    def over_hours(self, pid: str, minutes: int, cap: int) -> bool:
        """Rule 5: would ``minutes`` more take the person past ``cap``?"""
        return self.used[pid] + minutes > cap

    def broken_rule(self, pid: str, a: int, b: int, cap: int) -> int | None:
        """The first of rules 4 and 5 that blocking ``[a, b)`` would break, or None."""
        if self.clashes(pid, a, b):
            return NO_DOUBLE_BOOKING
        if self.over_hours(pid, b - a, cap):
            return WEEKLY_HOURS_CAP
        return None

    def resource_full(self, rid: str, start: int, end: int) -> bool:
        """Rule 6: is ``rid`` at capacity at some minute of ``[start, end)``?"""
        runs = self.runs[rid]
        cap = self.instance.resources[rid].capacity
        points = [start] + [a for a, _ in runs if start < a < end]
        return any(sum(1 for a, b in runs if a <= t < b) >= cap for t in points)

    def fits(self, task_id: str, start: int, staff: Iterable[str]) -> int | None:
        """The first of rules 4–6 that booking ``task_id`` at ``start`` with ``staff``
        would break (people first, then the resource), or None when it fits."""
        task = self.instance.task_by_id[task_id]
        for pid in staff:
            p = self.instance.staff_by_id[pid]
            tau = self.instance.travel(p, task)
            rule = self.broken_rule(pid, start - tau, start + task.duration + tau, p.max_minutes)
            if rule is not None:
                return rule
        if task.resource and self.resource_full(task.resource, start, start + task.duration):
            return RESOURCE_CAPACITY
        return None
