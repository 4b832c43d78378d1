"""A plan in numbers: per task whether it is planned and in a preferred (cost-0) window, per
person the off-hours minutes worked. These are the facts a week's plan contributes to the
detachment's KPIs (no disruption, fairness, coverage); a published plan never changes, so
they are computed once, when it is published, and stored beside it.

The input is the contract's JSON as stored (`firedesk.instance/1`, `firedesk.plan/1`), read
leniently: the summary of an already-validated plan must not fail on it.
"""

from __future__ import annotations

from optimizer.model import OffHours

SUMMARY_FORMAT = "firedesk.plan-summary/1"


def _lowest_cost(task: dict, start: int) -> int | None:
    costs = [
        w["cost"]
        for w in task.get("windows", [])
        if w["start"] <= start and start + task["duration"] <= w["end"]
    ]
    return min(costs) if costs else None


def summarize(instance: dict, plan: dict) -> dict:
    """`{"format", "tasks": [[id, district, planned, start, preferred]], "staff": [[id,
    district, station name, off-hours minutes]]}`; `start` and `preferred` are null for an
    unplanned task; district and station come from the task's and the person's base location.
    """
    places = {loc["id"]: loc for loc in instance.get("locations", [])}
    off = OffHours(tuple(i) for i in instance.get("offhours", []))
    tasks = {t["id"]: t for t in instance.get("tasks", [])}
    minutes = {s["id"]: 0 for s in instance.get("staff", [])}
    starts: dict[str, int] = {}
    for a in plan.get("assignments", []):
        task = tasks.get(a["task"])
        if task is None:
            continue
        starts[a["task"]] = a["start"]
        for person in a["staff"]:
            worked = off.minutes(a["start"], a["start"] + task["duration"])
            minutes[person] = minutes.get(person, 0) + worked
    task_rows = []
    for task_id, task in tasks.items():
        start = starts.get(task_id)
        preferred = None if start is None else _lowest_cost(task, start) == 0
        district = places.get(task.get("location"), {}).get("district")
        task_rows.append([task_id, district, start is not None, start, preferred])
    bases = {s["id"]: places.get(s.get("base"), {}) for s in instance.get("staff", [])}
    staff_rows = [
        [person, bases.get(person, {}).get("district"), bases.get(person, {}).get("name"), m]
        for person, m in minutes.items()
    ]
    return {"format": SUMMARY_FORMAT, "tasks": task_rows, "staff": staff_rows}


__all__ = ["SUMMARY_FORMAT", "summarize"]
