"""An independent check of a plan against its instance: rules 1-7 and the objective.

Deliberately written from the contract text alone, on the raw JSON dicts, sharing no
code with the model, so a modelling mistake cannot hide behind the same mistake here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

RULE_NAMES = {
    0: "Every task exactly once",
    1: "Within a window",
    2: "Required skill",
    3: "Free for the blocked period",
    4: "No double booking",
    5: "Weekly hours cap",
    6: "Resource capacity",
    7: "Pinned kept",
}


@dataclass(frozen=True)
class Violation:
    rule: int
    task: str | None
    staff: str | None
    message: str

    @property
    def rule_name(self) -> str:
        return RULE_NAMES.get(self.rule, str(self.rule))


@dataclass
class ValidationReport:
    ok: bool
    violations: list[Violation]
    objective: int
    terms: dict[str, int] = field(default_factory=dict)


def _as_dict(obj: Any) -> dict:
    if isinstance(obj, dict):
        return obj
    raw = getattr(obj, "raw", None)
    if isinstance(raw, dict) and raw:
        return raw
    # A Plan object: go through its JSON form so the check reads what would be written.
    from optimizer.contract import plan_to_dict

    return plan_to_dict(obj)


def _overlap(a: int, b: int, c: int, d: int) -> int:
    return max(0, min(b, d) - max(a, c))


def validate_plan(instance: Any, plan: Any) -> ValidationReport:
    """Check ``plan`` against ``instance`` (objects or contract dicts)."""
    inst = _as_dict(instance)
    pl = _as_dict(plan)
    slot = inst["slot_minutes"]
    district_of = {loc["id"]: loc["district"] for loc in inst["locations"]}
    dindex = {d: i for i, d in enumerate(inst["districts"])}
    staff = {s["id"]: s for s in inst["staff"]}
    tasks = {t["id"]: t for t in inst["tasks"]}
    capacity = {r["id"]: r["capacity"] for r in inst["resources"]}
    weights = inst["weights"]
    out: list[Violation] = []

    def bad(rule: int, task: str | None, person: str | None, msg: str) -> None:
        out.append(Violation(rule, task, person, f"{RULE_NAMES[rule]}: {msg}"))

    seen: dict[str, int] = defaultdict(int)
    for a in pl.get("assignments", []):
        seen[a["task"]] += 1
    for u in pl.get("unscheduled", []):
        seen[u["task"]] += 1
    for tid in tasks:
        if seen.get(tid, 0) != 1:
            bad(0, tid, None, f"task {tid} appears {seen.get(tid, 0)} times in the plan")
    for tid in seen:
        if tid not in tasks:
            bad(0, tid, None, f"task {tid} is not in the instance")

    blocked: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    off_minutes: dict[str, int] = defaultdict(int)
    running: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    window_cost = 0
    assigned: dict[str, dict] = {}
    for a in pl.get("assignments", []):
        t = tasks.get(a["task"])
        if t is None:
            continue
        assigned[t["id"]] = a
        s, d = a["start"], t["duration"]
        costs = [w["cost"] for w in t["windows"] if w["start"] <= s and s + d <= w["end"]]
        if not costs:
            bad(1, t["id"], None, f"{t['id']} at {s} runs outside every window")
        else:
            window_cost += min(costs)
        if s % slot:
            bad(1, t["id"], None, f"{t['id']} starts at {s}, not on the {slot}-minute grid")
        team = list(a["staff"])
        if len(set(team)) != len(team) or len(team) != t["headcount"]:
            bad(2, t["id"], None, f"{t['id']} needs {t['headcount']} distinct people, got {team}")
        if t.get("resource"):
            running[t["resource"]].append((s, s + d, t["id"]))
        run_off = sum(_overlap(s, s + d, o[0], o[1]) for o in inst["offhours"])
        for pid in set(team):
            p = staff.get(pid)
            if p is None:
                bad(2, t["id"], pid, f"{pid} on {t['id']} is not a staff member")
                continue
            if t["skill"] not in p["skills"]:
                bad(2, t["id"], pid, f"{pid} lacks skill {t['skill']} for {t['id']}")
            if t.get("eligible") is not None and pid not in t["eligible"]:
                bad(2, t["id"], pid, f"{pid} is not eligible for {t['id']}")
            if p["base"] == t["location"]:
                tau = 0
            else:
                tau = inst["travel_minutes"][dindex[district_of[p["base"]]]][
                    dindex[district_of[t["location"]]]
                ]
            b0, b1 = s - tau, s + d + tau
            if not any(av[0] <= b0 and b1 <= av[1] for av in p["available"]):
                bad(3, t["id"], pid, f"{pid} is not available for [{b0}, {b1}) of {t['id']}")
            blocked[pid].append((b0, b1, t["id"]))
            off_minutes[pid] += run_off
        pin = t.get("pinned")
        if pin and (pin["start"] != s or sorted(pin["staff"]) != sorted(team)):
            bad(7, t["id"], None, f"{t['id']} must keep its pinned start and staff")
    for tid, t in tasks.items():
        if t.get("pinned") and tid not in assigned:
            bad(7, tid, None, f"pinned task {tid} is not assigned")

    for pid, periods in blocked.items():
        periods.sort()
        total = sum(b - a for a, b, _ in periods)
        if total > staff[pid]["max_minutes"]:
            bad(5, None, pid, f"{pid} works {total} min > max {staff[pid]['max_minutes']}")
        # Sorted by start, a period overlaps an earlier one exactly when it starts before
        # the latest end seen so far (this also catches a long period swallowing others).
        end, owner = float("-inf"), None
        for a0, a1, ta in periods:
            if a0 < end:
                bad(4, ta, pid, f"{pid} is booked on {owner} and {ta} at once (from {a0})")
            if a1 > end:
                end, owner = a1, ta

    for rid, runs in running.items():
        events = sorted([(a, 1, tid) for a, _, tid in runs] + [(b, -1, tid) for _, b, tid in runs])
        level = 0
        for time, delta, tid in events:
            level += delta
            if delta > 0 and level > capacity.get(rid, 0):
                bad(6, tid, None, f"resource {rid} holds {level} tasks at {time}")

    unsched = sum(
        tasks[u["task"]]["priority"] for u in pl.get("unscheduled", []) if u["task"] in tasks
    )
    changes = 0
    for tid, t in tasks.items():
        prev = t.get("previous")
        if not prev:
            continue
        a = assigned.get(tid)
        if a is None or a["start"] != prev["start"] or sorted(a["staff"]) != sorted(prev["staff"]):
            changes += 1
    peak = max(off_minutes.values(), default=0)
    terms = {
        "Unscheduled penalty": weights["unscheduled"] * unsched,
        "Window cost": window_cost,
        "Off-hours peak": weights["offhours_peak"] * peak,
        "Change from published": weights["change"] * changes,
    }
    return ValidationReport(not out, out, sum(terms.values()), terms)
