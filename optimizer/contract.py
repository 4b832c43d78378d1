"""The planning contract's nouns: instance and plan, read, checked and written.

Everything here follows /shared/spec/planning-contract.md.  Parsing collects every
problem it finds (a week exported from the app is fixed in one go, not one error
per round trip) and raises a single :class:`InstanceError` that lists them all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INSTANCE_SCHEMA = "firedesk.instance/1"
PLAN_SCHEMA = "firedesk.plan/1"
HORIZON = 10080  # minutes in a week
ALLOWED_SLOTS = (5, 10, 15, 20, 30, 60)


class InstanceError(ValueError):
    """A malformed instance; ``errors`` lists every problem found, one sentence each."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("invalid planning instance:\n- " + "\n- ".join(self.errors))


@dataclass(frozen=True)
class Window:
    start: int
    end: int
    cost: int


@dataclass(frozen=True)
class Location:
    id: str
    name: str
    district: str


@dataclass(frozen=True)
class Staff:
    id: str
    name: str
    base: str
    skills: frozenset[str]
    available: tuple[tuple[int, int], ...]
    max_minutes: int


@dataclass(frozen=True)
class Resource:
    id: str
    capacity: int


@dataclass(frozen=True)
class Fixed:
    """A start and a team: a pinned or a previously published assignment."""

    start: int
    staff: tuple[str, ...]


@dataclass(frozen=True)
class Task:
    id: str
    kind: str
    location: str
    duration: int
    skill: str
    headcount: int
    priority: int
    windows: tuple[Window, ...]
    eligible: frozenset[str] | None = None
    resource: str | None = None
    pinned: Fixed | None = None
    previous: Fixed | None = None


@dataclass(frozen=True)
class Weights:
    unscheduled: int
    offhours_peak: int
    change: int


@dataclass
class Instance:
    name: str
    week_start: str
    slot_minutes: int
    offhours: tuple[tuple[int, int], ...]
    districts: tuple[str, ...]
    travel_minutes: tuple[tuple[int, ...], ...]
    locations: dict[str, Location]
    staff: list[Staff]
    resources: dict[str, Resource]
    tasks: list[Task]
    weights: Weights
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.staff_by_id = {s.id: s for s in self.staff}
        self.task_by_id = {t.id: t for t in self.tasks}
        self._district_index = {d: i for i, d in enumerate(self.districts)}

    def travel(self, person: Staff, task: Task) -> int:
        """τ of rule 3: zero at the person's own base, else the district-to-district trip."""
        if person.base == task.location:
            return 0
        a = self._district_index[self.locations[person.base].district]
        b = self._district_index[self.locations[task.location].district]
        return self.travel_minutes[a][b]

    def qualified(self, task: Task) -> list[Staff]:
        """Staff holding the skill and, where the task restricts it, listed as eligible."""
        return [
            s
            for s in self.staff
            if task.skill in s.skills and (task.eligible is None or s.id in task.eligible)
        ]


@dataclass(frozen=True)
class Assignment:
    task: str
    start: int
    staff: tuple[str, ...]


@dataclass
class Unscheduled:
    task: str
    reasons: list[str] = field(default_factory=list)
    # Structured reasons (optimizer.explain.Reason) so a UI can re-render in its own language.
    details: list[Any] = field(default_factory=list)


@dataclass
class Plan:
    instance: str
    status: str
    objective: int
    bound: int | None
    assignments: list[Assignment]
    unscheduled: list[Unscheduled]
    stats: dict[str, Any] = field(default_factory=dict)

    def assignment_of(self, task_id: str) -> Assignment | None:
        for a in self.assignments:
            if a.task == task_id:
                return a
        return None


# ----------------------------------------------------------------------------- parsing


class _Collector:
    """Accumulates error sentences while the parser keeps going."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, message: str) -> None:
        self.errors.append(message)

    def require(self, obj: Any, key: str, where: str) -> Any:
        if not isinstance(obj, dict) or key not in obj:
            self.add(f"{where}: missing required key '{key}'")
            return None
        return obj[key]

    def integer(self, value: Any, what: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            if value is not None:
                self.add(f"{what} must be an integer, got {value!r}")
            return None
        return value

    def interval(self, value: Any, what: str) -> tuple[int, int] | None:
        if (
            not isinstance(value, list | tuple)
            or len(value) != 2
            or any(isinstance(v, bool) or not isinstance(v, int) for v in value)
        ):
            self.add(f"{what} must be a two-integer list [start, end], got {value!r}")
            return None
        a, b = value
        if b <= a:
            self.add(f"{what}: end {b} is at or before start {a}")
            return None
        return (a, b)


def _ids(items: Iterable[Any], what: str, c: _Collector) -> None:
    seen: set[str] = set()
    for item in items:
        if isinstance(item, dict) and "id" in item:
            if item["id"] in seen:
                c.add(f"duplicate {what} id '{item['id']}'")
            seen.add(item["id"])


def _parse_fixed(raw: Any, where: str, c: _Collector) -> Fixed | None:
    if raw is None:
        return None
    start = c.integer(c.require(raw, "start", where), f"{where}.start")
    staff = c.require(raw, "staff", where)
    if staff is None or start is None:
        return None
    if not isinstance(staff, list) or not all(isinstance(s, str) for s in staff):
        c.add(f"{where}.staff must be a list of staff ids")
        return None
    return Fixed(start, tuple(staff))


_REQUIRED = (
    "schema",
    "name",
    "week_start",
    "slot_minutes",
    "offhours",
    "districts",
    "travel_minutes",
    "locations",
    "staff",
    "resources",
    "tasks",
    "weights",
)


def parse_instance(data: dict) -> Instance:
    """Build an :class:`Instance` from the contract's JSON object, or raise InstanceError.

    One parser per section of the contract, in the order of the spec; each adds what it
    finds wrong to the collector and the parse carries on, so every problem is listed."""
    c = _Collector()
    if not isinstance(data, dict):
        raise InstanceError(["the instance must be a JSON object"])
    slot = _parse_meta(data, c)
    offhours = _parse_offhours(data.get("offhours"), c)
    districts = _parse_districts(data.get("districts"), c)
    travel_rows = _parse_travel(data.get("travel_minutes"), districts, c)
    locations = _parse_locations(data.get("locations"), districts, c)
    staff = _parse_staff(data.get("staff"), locations, c)
    resources = _parse_resources(data.get("resources"), c)
    known = _Known(slot, locations, {s.id: s for s in staff}, resources)
    tasks = _parse_tasks(data.get("tasks"), known, c)
    weights = _parse_weights(data.get("weights"), c)
    if c.errors:
        raise InstanceError(c.errors)
    return Instance(
        name=str(data["name"]),
        week_start=str(data["week_start"]),
        slot_minutes=slot,
        offhours=tuple(sorted(offhours)),
        districts=tuple(districts),
        travel_minutes=tuple(travel_rows),
        locations=locations,
        staff=staff,
        resources=resources,
        tasks=tasks,
        weights=weights,
        raw=data,
    )


def _parse_meta(data: dict, c: _Collector) -> int | None:
    """The required keys, the schema and the slot length (None when it is unusable)."""
    for key in _REQUIRED:
        c.require(data, key, "instance")
    if "schema" in data and data["schema"] != INSTANCE_SCHEMA:
        c.add(f"schema is {data['schema']!r}, expected {INSTANCE_SCHEMA!r}")
    slot = c.integer(data.get("slot_minutes"), "slot_minutes")
    if slot is not None and (slot not in ALLOWED_SLOTS or 1440 % slot):
        c.add(f"slot_minutes {slot} must divide 1440 and be one of {list(ALLOWED_SLOTS)}")
        return None
    return slot


def _parse_intervals(raw: Any, what: str, c: _Collector) -> list[tuple[int, int]]:
    """The valid `[start, end]` intervals of a list (offhours, a person's availability)."""
    found = []
    for i, iv in enumerate(raw or []):
        parsed = c.interval(iv, f"{what}[{i}]")
        if parsed:
            found.append(parsed)
    return found


def _parse_offhours(raw: Any, c: _Collector) -> list[tuple[int, int]]:
    return _parse_intervals(raw, "offhours", c)


def _parse_districts(raw: Any, c: _Collector) -> list[str]:
    districts = raw or []
    if not isinstance(districts, list) or not all(isinstance(d, str) for d in districts):
        c.add("districts must be a list of district names")
        districts = []
    if len(set(districts)) != len(districts):
        c.add("districts contains a duplicate name")
    return districts


def _parse_travel(travel: Any, districts: list[str], c: _Collector) -> list[tuple[int, ...]]:
    """The district-to-district matrix: square, one row per district, non-negative."""
    rows: list[tuple[int, ...]] = []
    if travel is None:
        return rows
    if not isinstance(travel, list) or len(travel) != len(districts):
        c.add(
            f"travel_minutes must have one row per district ({len(districts)}), "
            f"got {len(travel) if isinstance(travel, list) else travel!r}"
        )
        return rows
    for i, row in enumerate(travel):
        if not isinstance(row, list) or len(row) != len(districts):
            c.add(f"travel_minutes row {i} must have {len(districts)} entries (square)")
        elif any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in row):
            c.add(f"travel_minutes row {i} must hold non-negative integers")
        else:
            rows.append(tuple(row))
    return rows


def _parse_locations(raw: Any, districts: list[str], c: _Collector) -> dict[str, Location]:
    locations: dict[str, Location] = {}
    raw_locations = raw or []
    _ids(raw_locations, "location", c)
    for i, loc in enumerate(raw_locations):
        where = f"location[{i}]"
        lid = c.require(loc, "id", where)
        district = c.require(loc, "district", f"location '{lid}'" if lid else where)
        if lid is None:
            continue
        if district is not None and district not in districts:
            c.add(f"location '{lid}': district '{district}' is not in districts")
        locations[lid] = Location(lid, str(loc.get("name", lid)), district)
    return locations


def _parse_staff(raw: Any, locations: dict[str, Location], c: _Collector) -> list[Staff]:
    staff: list[Staff] = []
    raw_staff = raw or []
    _ids(raw_staff, "staff", c)
    for i, s in enumerate(raw_staff):
        person = _parse_person(s, i, locations, c)
        if person is not None:
            staff.append(person)
    return staff


def _parse_person(s: Any, i: int, locations: dict[str, Location], c: _Collector) -> Staff | None:
    sid = c.require(s, "id", f"staff[{i}]")
    where = f"staff '{sid}'" if sid else f"staff[{i}]"
    base = c.require(s, "base", where)
    skills = c.require(s, "skills", where)
    available = c.require(s, "available", where)
    max_minutes = c.integer(c.require(s, "max_minutes", where), f"{where}.max_minutes")
    if max_minutes is not None and max_minutes < 0:
        c.add(f"{where}: max_minutes {max_minutes} is negative")
    if base is not None and base not in locations:
        c.add(f"{where}: base '{base}' is not a location")
    if skills is not None and (
        not isinstance(skills, list) or not all(isinstance(k, str) for k in skills)
    ):
        c.add(f"{where}: skills must be a list of strings")
        skills = []
    periods = _parse_intervals(available, f"{where}.available", c)
    if sid is None:
        return None
    return Staff(
        sid,
        str(s.get("name", sid)),
        base,
        frozenset(skills or []),
        tuple(sorted(periods)),
        max_minutes or 0,
    )


def _parse_resources(raw: Any, c: _Collector) -> dict[str, Resource]:
    resources: dict[str, Resource] = {}
    raw_resources = raw or []
    _ids(raw_resources, "resource", c)
    for i, r in enumerate(raw_resources):
        rid = c.require(r, "id", f"resource[{i}]")
        cap = c.integer(c.require(r, "capacity", f"resource '{rid}'"), f"resource '{rid}'.capacity")
        if cap is not None and cap < 1:
            c.add(f"resource '{rid}': capacity {cap} must be at least 1")
        if rid is not None:
            resources[rid] = Resource(rid, cap or 1)
    return resources


@dataclass(frozen=True)
class _Known:
    """What the sections before the tasks defined, for the tasks to refer to."""

    slot: int | None
    locations: dict[str, Location]
    staff: dict[str, Staff]
    resources: dict[str, Resource]


def _parse_tasks(raw: Any, known: _Known, c: _Collector) -> list[Task]:
    tasks: list[Task] = []
    raw_tasks = raw or []
    _ids(raw_tasks, "task", c)
    for i, t in enumerate(raw_tasks):
        task = _parse_task(t, i, known, c)
        if task is not None:
            tasks.append(task)
    return tasks


def _parse_task(t: Any, i: int, known: _Known, c: _Collector) -> Task | None:
    tid = c.require(t, "id", f"task[{i}]")
    where = f"task '{tid}'" if tid else f"task[{i}]"
    vals = {k: c.require(t, k, where) for k in ("kind", "location", "skill", "windows")}
    duration = c.integer(c.require(t, "duration", where), f"{where}.duration")
    headcount = c.integer(c.require(t, "headcount", where), f"{where}.headcount")
    priority = c.integer(c.require(t, "priority", where), f"{where}.priority")
    if duration is not None and duration <= 0:
        c.add(f"{where}: duration {duration} must be > 0")
    if headcount is not None and headcount < 1:
        c.add(f"{where}: headcount {headcount} must be at least 1")
    if priority is not None and priority < 1:
        c.add(f"{where}: priority {priority} must be at least 1")
    if vals["location"] is not None and vals["location"] not in known.locations:
        c.add(f"{where}: unknown location '{vals['location']}'")
    windows = _parse_windows(vals["windows"], where, c)
    optional = t if isinstance(t, dict) else {}
    eligible = optional.get("eligible")
    if eligible is not None:
        unknown = [e for e in eligible if e not in known.staff]
        if unknown:
            c.add(f"{where}: unknown staff in eligible: {', '.join(map(str, unknown))}")
        eligible = frozenset(eligible)
    resource = optional.get("resource")
    if resource is not None and resource not in known.resources:
        c.add(f"{where}: unknown resource '{resource}'")
    pinned = _parse_fixed(optional.get("pinned"), f"{where}.pinned", c)
    previous = _parse_fixed(optional.get("previous"), f"{where}.previous", c)
    for label, fixed in (("pinned", pinned), ("previous", previous)):
        if fixed is None:
            continue
        for sid in fixed.staff:
            if sid not in known.staff:
                c.add(f"{where}: {label} staff '{sid}' is unknown")
    if pinned is not None:
        _check_pinned(
            pinned, where, vals["skill"], eligible, headcount, duration, windows, known, c
        )
    if (
        tid is None
        or None in (duration, headcount, priority)
        or any(vals[k] is None for k in ("kind", "location", "skill"))
    ):
        return None
    return Task(
        tid,
        str(vals["kind"]),
        vals["location"],
        duration,
        str(vals["skill"]),
        headcount,
        priority,
        tuple(windows),
        eligible,
        resource,
        pinned,
        previous,
    )


def _parse_windows(raw: Any, where: str, c: _Collector) -> list[Window]:
    windows = []
    for j, w in enumerate(raw or []):
        ww = f"{where}.windows[{j}]"
        ws = c.integer(c.require(w, "start", ww), f"{ww}.start")
        we = c.integer(c.require(w, "end", ww), f"{ww}.end")
        cost = c.integer(c.require(w, "cost", ww), f"{ww}.cost")
        if cost is not None and cost < 0:
            c.add(f"{ww}: cost {cost} must be >= 0")
        if ws is not None and we is not None:
            if we <= ws:
                c.add(f"{ww}: window end {we} is at or before start {ws}")
            else:
                windows.append(Window(ws, we, cost or 0))
    if raw is not None and not raw:
        c.add(f"{where}: windows is empty")
    return windows


def _check_pinned(
    pinned: Fixed,
    where: str,
    skill: Any,
    eligible: frozenset[str] | None,
    headcount: int | None,
    duration: int | None,
    windows: list[Window],
    known: _Known,
    c: _Collector,
) -> None:
    """A pinned assignment must be one the task could have: skill, team, grid, window."""
    for sid in pinned.staff:
        person = known.staff.get(sid)
        if person is None:
            continue
        if skill is not None and skill not in person.skills:
            c.add(f"{where}: pinned staff '{sid}' may not take it (lacks skill '{skill}')")
        if eligible is not None and sid not in eligible:
            c.add(f"{where}: pinned staff '{sid}' may not take it (not in eligible)")
    if headcount is not None and len(set(pinned.staff)) != headcount:
        c.add(f"{where}: pinned staff {list(pinned.staff)} must be {headcount} distinct people")
    if known.slot and pinned.start % known.slot:
        c.add(f"{where}: pinned start {pinned.start} is not on the {known.slot}-minute grid")
    if (
        duration
        and windows
        and not any(w.start <= pinned.start and pinned.start + duration <= w.end for w in windows)
    ):
        c.add(f"{where}: pinned start {pinned.start} is not inside any window")


def _parse_weights(raw: Any, c: _Collector) -> Weights:
    if isinstance(raw, dict):
        w = {}
        for key in ("unscheduled", "offhours_peak", "change"):
            v = c.integer(c.require(raw, key, "weights"), f"weights.{key}")
            if v is not None and v < 0:
                c.add(f"weights.{key} {v} must be non-negative")
            w[key] = v or 0
        return Weights(**w)
    if raw is not None:
        c.add("weights must be an object {unscheduled, offhours_peak, change}")
    return Weights(0, 0, 0)


def load_instance(path: str | Path) -> Instance:
    """Read an instance file; a JSON syntax error is reported as an InstanceError too."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InstanceError([f"{path}: not valid JSON ({exc})"]) from exc
    return parse_instance(data)


# ----------------------------------------------------------------------------- plans


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The contract's plan JSON; extra information goes into ``stats`` only."""
    return {
        "schema": PLAN_SCHEMA,
        "instance": plan.instance,
        "status": plan.status,
        "objective": plan.objective,
        "bound": plan.bound,
        "assignments": [
            {"task": a.task, "start": a.start, "staff": list(a.staff)} for a in plan.assignments
        ],
        "unscheduled": [{"task": u.task, "reasons": list(u.reasons)} for u in plan.unscheduled],
        "stats": plan.stats,
    }


def plan_from_dict(data: dict[str, Any]) -> Plan:
    """Read a plan document back (e.g. a published plan handed to the validator or the UI)."""
    return Plan(
        instance=str(data.get("instance", "")),
        status=str(data.get("status", "UNKNOWN")),
        objective=int(data.get("objective") or 0),
        bound=data.get("bound"),
        assignments=[
            Assignment(a["task"], int(a["start"]), tuple(a["staff"]))
            for a in data.get("assignments", [])
        ],
        unscheduled=[
            Unscheduled(u["task"], list(u.get("reasons", []))) for u in data.get("unscheduled", [])
        ],
        stats=dict(data.get("stats") or {}),
    )


def write_plan(plan: Plan, path: str | Path) -> None:
    Path(path).write_text(
        json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
