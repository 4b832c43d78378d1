"""The week's plan: versions, locks, solves running in the background, edits and publishing.

Every solve, import or manual edit produces a numbered *version* of a week's plan that
keeps the instance it was planned against. Drafts may be edited; publishing flips a draft
once and from then on the row never changes (a re-publish is a new version). Locks are
the assignments a manager fixed: the next solve receives them as the contract's `pinned`,
and the published plan as `previous`, so a re-plan keeps locks and changes as little as
possible.

Solves run in a thread per week, kept in a process-wide registry: a Streamlit rerun (or
a second browser tab) finds the running solve instead of starting another one.
"""

from __future__ import annotations

import json
import threading
import time as time_module
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from db.models import Availability, PlanLock, PlanVersion, Staff
from db.session import current_url, read_session
from optimizer.baseline import baseline_plan
from optimizer.contract import (
    PLAN_SCHEMA,
    Instance,
    InstanceError,
    Plan,
    Unscheduled,
    parse_instance,
    plan_from_dict,
    plan_to_dict,
)
from optimizer.explain import explain_task, explain_unscheduled
from optimizer.model import Prepared, check_assignment, prepare, score
from optimizer.solver import Progress, solve
from optimizer.summary import summarize
from optimizer.validator import Violation, validate_plan
from rules.time import TIME_ZONE
from services.bookings import requests as bookings
from services.core.clock import now
from services.core.config import LANGUAGES
from services.core.errors import FiredeskError, NotFound, Problems
from services.core.permissions import Actor, require
from services.core.records import load_for_update
from services.core.unit_of_work import unit_of_work
from services.i18n import current_language, t
from services.planning.instance import build_week_instance

DEFAULT_TIME_LIMIT = 30.0
MAX_TIME_LIMIT = 600.0


# ----------------------------------------------------------------------------- versions


@dataclass(frozen=True)
class VersionInfo:
    """A plan version as the pages see it (a snapshot, detached from any session)."""

    id: int
    week_start: date
    number: int
    status: str
    source: str
    based_on_id: int | None
    instance: dict
    plan: dict
    reasons: dict
    objective: int
    bound: int | None
    note: str
    created_at: datetime
    created_by: str
    published_at: datetime | None
    published_by: str | None
    version: int

    @property
    def published(self) -> bool:
        return self.status == "published"

    @property
    def unscheduled_count(self) -> int:
        return len(self.plan.get("unscheduled", []))


def _info(row: PlanVersion) -> VersionInfo:
    return VersionInfo(
        **{name: getattr(row, name) for name in VersionInfo.__dataclass_fields__}  # type: ignore[arg-type]
    )


def week_versions(week_start: date) -> list[VersionInfo]:
    """Every version of the week, newest first."""
    with read_session() as session:
        rows = session.scalars(
            select(PlanVersion)
            .where(PlanVersion.week_start == week_start)
            .order_by(PlanVersion.number.desc())
        ).all()
        return [_info(row) for row in rows]


def get_version(version_id: int) -> VersionInfo:
    with read_session() as session:
        row = session.get(PlanVersion, version_id)
        if row is None:
            raise NotFound("error.not_found", what=f"plan version {version_id}")
        return _info(row)


def published_version(week_start: date) -> VersionInfo | None:
    """The plan in force for the week: its newest published version."""
    with read_session() as session:
        row = session.scalars(
            select(PlanVersion)
            .where(PlanVersion.week_start == week_start, PlanVersion.status == "published")
            .order_by(PlanVersion.number.desc())
            .limit(1)
        ).first()
        return _info(row) if row else None


@lru_cache(maxsize=32)
def _parsed_instance(database: str, version_id: int, created_at: datetime) -> Instance:
    # A version's instance never changes once stored; the creation time tells a row apart
    # from an earlier one that had the same id in an emptied database (tests).
    return parse_instance(get_version(version_id).instance)


def instance_of(info: VersionInfo) -> Instance:
    """The version's instance, parsed."""
    return _parsed_instance(current_url(), info.id, info.created_at)


@lru_cache(maxsize=8)
def _prepared(database: str, version_id: int, created_at: datetime) -> Prepared:
    # The optimizer's per-task filtering is most of the cost of explaining a plan after an
    # edit; it depends on the instance only, so it is kept like the parse.
    return prepare(_parsed_instance(database, version_id, created_at))


def _reasons_in_every_language(plan: Plan) -> dict[str, dict[str, list[str]]]:
    manual = plan.stats.get("unassigned_by", {})

    def reasons(u: Unscheduled, lang: str) -> list[str]:
        rendered = [r.render(lang) for r in u.details] or list(u.reasons)
        if u.task in manual:
            return [t("plan.reason.unassigned", lang, user=manual[u.task]), *rendered]
        return rendered

    return {u.task: {lang: reasons(u, lang) for lang in LANGUAGES} for u in plan.unscheduled}


def _store(
    session,
    actor: Actor,
    week_start: date,
    instance: dict,
    plan: Plan,
    source: str,
    *,
    based_on_id: int | None,
    note: str = "",
    at: datetime | None = None,
) -> PlanVersion:
    number = (
        session.scalar(
            select(func.max(PlanVersion.number)).where(PlanVersion.week_start == week_start)
        )
        or 0
    ) + 1
    row = PlanVersion(
        week_start=week_start,
        number=number,
        status="draft",
        source=source,
        based_on_id=based_on_id,
        instance=instance,
        plan=plan_to_dict(plan),
        reasons=_reasons_in_every_language(plan),
        objective=plan.objective,
        bound=plan.bound,
        note=note[:200],
        created_at=at or now(),
        created_by=actor.username,
    )
    session.add(row)
    session.flush()
    return row


# ----------------------------------------------------------------------------- locks


@dataclass(frozen=True)
class Lock:
    task: str
    start: int
    staff: tuple[str, ...]
    created_by: str


def week_locks(week_start: date) -> dict[str, Lock]:
    with read_session() as session:
        rows = session.scalars(select(PlanLock).where(PlanLock.week_start == week_start)).all()
        return {r.task: Lock(r.task, r.start, tuple(r.staff), r.created_by) for r in rows}


def lock(actor: Actor, version_id: int, task_id: str) -> Lock:
    """Fix the task's assignment in `version_id` for every later solve of the week."""
    require(actor, "plans.write")
    info = get_version(version_id)
    assignment = _assignment(info, task_id)
    with unit_of_work(actor) as session:
        session.execute(
            delete(PlanLock).where(PlanLock.week_start == info.week_start, PlanLock.task == task_id)
        )
        session.add(
            PlanLock(
                week_start=info.week_start,
                task=task_id,
                start=assignment["start"],
                staff=list(assignment["staff"]),
                created_at=now(),
                created_by=actor.username,
            )
        )
    return Lock(task_id, assignment["start"], tuple(assignment["staff"]), actor.username)


def unlock(actor: Actor, week_start: date, task_id: str) -> Lock:
    """Release a lock; returns what it held."""
    require(actor, "plans.write")
    with unit_of_work(actor) as session:
        row = session.scalars(
            select(PlanLock).where(PlanLock.week_start == week_start, PlanLock.task == task_id)
        ).first()
        if row is None:
            raise NotFound("error.not_found", what=f"lock {task_id}")
        session.delete(row)
        return Lock(row.task, row.start, tuple(row.staff), row.created_by)


def _assignment(info: VersionInfo, task_id: str) -> dict:
    for assignment in info.plan["assignments"]:
        if assignment["task"] == task_id:
            return assignment
    raise FiredeskError("plan.error.not_assigned", task=task_id)


# ----------------------------------------------------------------------------- instances


def instance_for_solve(week_start: date, base: dict | None = None) -> dict:
    """The instance the next solve gets: the week from the database (or `base`), with the
    week's locks as `pinned` and the published plan as `previous`."""
    instance = json.loads(json.dumps(base)) if base is not None else build_week_instance(week_start)
    if instance.get("week_start") != week_start.isoformat():
        raise FiredeskError(
            "plan.error.other_week", week=week_start.isoformat(), other=instance.get("week_start")
        )
    locks = week_locks(week_start)
    published = published_version(week_start)
    previous = (
        {a["task"]: a for a in published.plan["assignments"]} if published is not None else {}
    )
    for task in instance["tasks"]:
        task.pop("pinned", None)
        task.pop("previous", None)
        if task["id"] in locks:
            held = locks[task["id"]]
            task["pinned"] = {"start": held.start, "staff": list(held.staff)}
        if task["id"] in previous:
            task["previous"] = {
                "start": previous[task["id"]]["start"],
                "staff": list(previous[task["id"]]["staff"]),
            }
    return instance


def _refuse(field_name: str, key: str, details: Sequence[str]) -> None:
    """Raise one ValidationError listing every detail (nothing has been written)."""
    problems = Problems()
    for detail in details:
        problems.add(field_name, key, detail=detail)
    problems.raise_if_any()


def parse(instance: dict) -> Instance:
    """The contract's instance, or a ValidationError naming every problem in it."""
    try:
        return parse_instance(instance)
    except InstanceError as error:
        _refuse("instance", "plan.error.instance_problem", error.errors)
        raise


# ----------------------------------------------------------------------------- solves


@dataclass
class SolveRun:
    """One background solve of a week; the page polls it."""

    week_start: date
    started_by: str
    time_limit: float
    task_count: int
    stop: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time_module.monotonic)
    state: str = "running"  # running → done | failed
    objective: int | None = None
    bound: int | None = None
    unscheduled: int | None = None
    finished_after: float | None = None  # seconds
    version_id: int | None = None
    version_number: int | None = None
    error: FiredeskError | None = None
    thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def elapsed(self) -> float:
        if self.finished_after is not None:
            return self.finished_after
        return time_module.monotonic() - self.started

    def progress(self, update: Progress) -> None:
        self.objective = update.objective
        self.bound = update.bound
        self.unscheduled = update.unscheduled

    def wait(self, timeout: float | None = None) -> bool:
        if self.thread is not None:
            self.thread.join(timeout)
        return not self.running


_RUNS: dict[date, SolveRun] = {}
_RUNS_LOCK = threading.Lock()


def solve_run(week_start: date) -> SolveRun | None:
    """The week's running or last finished solve in this process."""
    with _RUNS_LOCK:
        return _RUNS.get(week_start)


def start_solve(
    actor: Actor,
    week_start: date,
    *,
    base: dict | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    note: str = "",
) -> SolveRun:
    """Start solving the week in the background, or return the solve already running."""
    require(actor, "plans.write")
    if not 1 <= time_limit <= MAX_TIME_LIMIT:
        problems = Problems()
        problems.add("time_limit", "error.range", low=1, high=int(MAX_TIME_LIMIT), value=time_limit)
        problems.raise_if_any()
    with _RUNS_LOCK:
        current = _RUNS.get(week_start)
        if current is not None and current.running:
            return current
        instance = instance_for_solve(week_start, base)
        parsed = parse(instance)
        _check_locks(parsed)
        run = SolveRun(week_start, actor.username, time_limit, len(parsed.tasks))
        run.thread = threading.Thread(
            target=_solve_in_background,
            args=(run, actor, instance, parsed, note),
            name=f"plan-{week_start.isoformat()}",
            daemon=True,
        )
        _RUNS[week_start] = run
    run.thread.start()
    return run


def _check_locks(instance: Instance) -> None:
    """Refuse to solve with a lock its people can no longer keep (leave entered since, hours
    used up): the whole week would come back infeasible instead of one task unplanned."""
    empty = plan_from_dict({"assignments": [], "unscheduled": []})
    prep = prepare(instance)
    broken = [
        f"{option.task.id}: " + "; ".join(r.render(current_language()) for r in reasons)
        for option in prep.options
        if option.task.pinned is not None and not option.schedulable
        for reasons in [explain_task(instance, empty, option.task.id, prep)]
    ]
    _refuse("lock", "plan.error.lock_broken", broken)


def stop_solve(actor: Actor, week_start: date) -> None:
    """Stop the week's solve; it still stores the best plan found so far."""
    require(actor, "plans.write")
    run = solve_run(week_start)
    if run is not None:
        run.stop.set()


def _solve_in_background(
    run: SolveRun, actor: Actor, instance: dict, parsed: Instance, note: str
) -> None:
    try:
        plan = solve(
            parsed,
            time_limit=run.time_limit,
            on_progress=run.progress,
            should_stop=run.stop.is_set,
        )
        published = published_version(run.week_start)
        with unit_of_work(actor) as session:
            row = _store(
                session,
                actor,
                run.week_start,
                instance,
                plan,
                "solve",
                based_on_id=published.id if published else None,
                note=note,
            )
            run.version_id, run.version_number = row.id, row.number
        run.objective, run.bound, run.unscheduled = (
            plan.objective,
            plan.bound,
            len(plan.unscheduled),
        )
        run.state = "done"
    except FiredeskError as error:
        run.error = error
        run.state = "failed"
    except Exception as error:  # a crashed thread must still tell the page it is over
        run.error = FiredeskError("plan.error.solve_failed", detail=str(error))
        run.state = "failed"
    finally:
        run.finished_after = time_module.monotonic() - run.started


def baseline_version(actor: Actor, week_start: date) -> VersionInfo:
    """A quick rule-of-thumb plan (no optimisation): a starting point in a fraction of a second."""
    require(actor, "plans.write")
    instance = instance_for_solve(week_start)
    plan = baseline_plan(parse(instance))
    with unit_of_work(actor) as session:
        row = _store(session, actor, week_start, instance, plan, "baseline", based_on_id=None)
        return _info(row)


# ----------------------------------------------------------------------------- edits


def check_move(
    info: VersionInfo, task_id: str, start: int, staff: Sequence[str]
) -> list[Violation]:
    """The hard rules moving `task_id` to `start` with `staff` would break (empty: fine)."""
    return check_assignment(
        instance_of(info), plan_from_dict(info.plan), task_id, start, list(staff)
    )


def move(
    actor: Actor, version_id: int, version: int, task_id: str, start: int, staff: Sequence[str]
) -> VersionInfo:
    """Give `task_id` a new start and team; refused, naming the rule, if that breaks one."""
    require(actor, "plans.write")
    info = get_version(version_id)
    violations = check_move(info, task_id, start, staff)
    _refuse("assignment", "plan.error.rule_broken", [v.message for v in violations])
    return _edit(actor, info, version, task_id, {"start": start, "staff": list(staff)})


def unassign(actor: Actor, version_id: int, version: int, task_id: str) -> VersionInfo:
    require(actor, "plans.write")
    info = get_version(version_id)
    _assignment(info, task_id)
    return _edit(actor, info, version, task_id, None)


def _edit(
    actor: Actor, info: VersionInfo, version: int, task_id: str, assignment: dict | None
) -> VersionInfo:
    """Apply one change: in place on a draft, as a new draft when the version is published."""
    instance = instance_of(info)
    if task_id not in instance.task_by_id:
        raise NotFound("error.not_found", what=f"task {task_id}")
    plan = plan_from_dict(info.plan)
    plan.assignments = [a for a in plan.assignments if a.task != task_id]
    plan.unscheduled = [u for u in plan.unscheduled if u.task != task_id]
    if assignment is None:
        plan.unscheduled.append(Unscheduled(task_id))
    else:
        new = plan_from_dict({"assignments": [{"task": task_id, **assignment}]}).assignments[0]
        plan.assignments.append(new)
    _rescore(instance, plan, _prepared(current_url(), info.id, info.created_at))
    # Who took a task out by hand, so its reasons say so (a new solve starts afresh).
    manual = {k: v for k, v in plan.stats.get("unassigned_by", {}).items() if k != task_id}
    if assignment is None:
        manual[task_id] = actor.username
    plan.stats["unassigned_by"] = manual
    with unit_of_work(actor) as session:
        if info.published:
            row = _store(
                session, actor, info.week_start, info.instance, plan, "edit", based_on_id=info.id
            )
        else:
            row = load_for_update(session, PlanVersion, info.id, version)
            row.plan = plan_to_dict(plan)
            row.reasons = _reasons_in_every_language(plan)
            row.objective = plan.objective
            row.source = "edit" if row.source == "solve" else row.source
        if assignment is None:
            session.execute(
                delete(PlanLock).where(
                    PlanLock.week_start == info.week_start, PlanLock.task == task_id
                )
            )
        session.flush()
        return _info(row)


def _rescore(instance: Instance, plan: Plan, prep: Prepared | None = None) -> None:
    """Objective, terms and explanations of an edited plan (the bound stays: same instance)."""
    order = {t.id: i for i, t in enumerate(instance.tasks)}
    plan.assignments.sort(key=lambda a: order[a.task])
    plan.unscheduled.sort(key=lambda u: order[u.task])
    terms = score(instance, plan.assignments)
    plan.objective = sum(terms.values())
    plan.status = "FEASIBLE"
    plan.stats = {**plan.stats, "terms": terms}
    reasons = explain_unscheduled(instance, plan, prep)
    for u in plan.unscheduled:
        u.details = reasons[u.task]
        u.reasons = [r.render("zh-CN") for r in u.details]


# ----------------------------------------------------------------------------- availability


def mark_ill(actor: Actor, week_start: date, staff_code: str, from_moment: datetime) -> int:
    """Record sick leave from `from_moment` to the end of the week and drop the person's
    locks from then on (they could not be kept). Returns how many locks were dropped."""
    require(actor, "availability.write")
    week_end = datetime.combine(week_start + timedelta(days=7), datetime.min.time(), TIME_ZONE)
    problems = Problems()
    if not from_moment < week_end:
        problems.add("ill_from", "plan.error.after_week")
    problems.raise_if_any()
    from_minute = int(
        (from_moment - datetime.combine(week_start, datetime.min.time(), TIME_ZONE)).total_seconds()
        // 60
    )
    with unit_of_work(actor) as session:
        person = session.scalars(select(Staff).where(Staff.code == staff_code)).first()
        if person is None:
            raise NotFound("error.not_found", what=f"staff {staff_code}")
        session.add(
            Availability(
                staff_id=person.id,
                kind="leave",
                start_at=from_moment,
                end_at=week_end,
                note="病假 / sick leave",
            )
        )
        dropped = 0
        for held in session.scalars(select(PlanLock).where(PlanLock.week_start == week_start)):
            if staff_code in held.staff and held.start >= from_minute:
                session.delete(held)
                dropped += 1
        return dropped


# ----------------------------------------------------------------------------- publishing


@dataclass(frozen=True)
class Published:
    version: VersionInfo
    # Bookings whose status could not follow the plan (changed by someone meanwhile):
    # "B12: <why>" each; the plan is published regardless.
    booking_problems: tuple[str, ...] = ()


def publish(actor: Actor, version_id: int, version: int) -> Published:
    """Make the draft the week's plan of record; it can never change afterwards. Its bookings
    become "planned"; bookings the previous published plan had and this one drops go back
    to "requested"."""
    require(actor, "plans.publish")
    info = get_version(version_id)
    if info.published:
        raise FiredeskError("plan.error.already_published", number=info.number)
    report = validate_plan(info.instance, info.plan)
    _refuse("plan", "plan.error.rule_broken", [v.message for v in report.violations])
    before = published_version(info.week_start)
    with unit_of_work(actor) as session:
        row = load_for_update(session, PlanVersion, version_id, version)
        mark_published(row, actor.username)
        session.flush()
        published = _info(row)
    planned = _booking_ids(published.plan)
    dropped = _booking_ids(before.plan) - planned if before is not None else set()
    problems = _set_booking_status(actor, planned, "requested", "planned")
    problems += _set_booking_status(actor, dropped, "planned", "requested")
    return Published(published, tuple(problems))


def mark_published(row: PlanVersion, username: str, at: datetime | None = None) -> None:
    """Flip a draft row to published, with the summary the KPIs read of it: the one place
    that does (publishing above, and the demo's history of published weeks)."""
    row.status = "published"
    row.published_at = at or now()
    row.published_by = username
    row.summary = summarize(row.instance, row.plan)


def publish_past_week(
    session: Session,
    actor: Actor,
    week_start: date,
    instance: dict,
    *,
    created_at: datetime,
    published_at: datetime,
) -> PlanVersion:
    """Record the plan a past week was published with, inside the caller's transaction:
    the rule-of-thumb plan of `instance`, checked like any publication, stored as a
    version created and published at the given moments (the demo's history of weeks).
    Bookings keep their status: a week gone by already holds what became of them."""
    require(actor, "plans.publish")
    plan = baseline_plan(parse(instance))
    report = validate_plan(instance, plan_to_dict(plan))
    _refuse("plan", "plan.error.rule_broken", [v.message for v in report.violations])
    row = _store(
        session, actor, week_start, instance, plan, "baseline", based_on_id=None, at=created_at
    )
    mark_published(row, actor.username, published_at)
    return row


def _booking_ids(plan: dict) -> set[int]:
    """Bookings a plan assigns."""
    found = (bookings.booking_of_task(a["task"]) for a in plan["assignments"])
    return {booking_id for booking_id in found if booking_id is not None}


def _set_booking_status(actor: Actor, booking_ids: set[int], old: str, new: str) -> list[str]:
    """Move bookings in status `old` to `new` through the bookings service's own flow."""
    problems = []
    for booking_id in sorted(booking_ids):
        try:
            detail = bookings.get_booking(actor, booking_id)
            if detail.status == old:
                bookings.change_status(actor, booking_id, detail.version, new)
        except FiredeskError as error:
            problems.append(f"{bookings.task_id(booking_id)}: {error.message()}")
    return problems


# ----------------------------------------------------------------------------- import


def import_week(
    actor: Actor, instance_text: bytes | str, plan_text: bytes | str | None
) -> VersionInfo:
    """A week in the contract format (and optionally its plan) as a new draft version.

    All-or-nothing: a malformed document, an invalid instance or a plan that breaks a rule
    is reported in full and nothing is stored. Without a plan, the rule-of-thumb plan is
    the starting draft.
    """
    require(actor, "plans.write")
    instance = _json_document(instance_text, "instance_file")
    parsed = parse(instance)
    try:
        week_start = date.fromisoformat(parsed.week_start)
    except ValueError:
        week_start = None
    if week_start is None or week_start.weekday() != 0:
        raise FiredeskError("planning.error.not_monday", day=parsed.week_start)
    if plan_text is None:
        plan = baseline_plan(parsed)
    else:
        plan = _checked_plan(parsed, _json_document(plan_text, "plan_file"))
    with unit_of_work(actor) as session:
        row = _store(session, actor, week_start, instance, plan, "import", based_on_id=None)
        return _info(row)


def _json_document(text: bytes | str, field_name: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        _refuse(field_name, "plan.error.not_json", [str(error)])
        raise
    if not isinstance(data, dict):
        _refuse(field_name, "plan.error.not_json", ["not a JSON object"])
    return data


def _checked_plan(instance: Instance, data: dict[str, Any]) -> Plan:
    if data.get("schema") != PLAN_SCHEMA:
        _refuse("plan_file", "plan.error.plan_schema", [PLAN_SCHEMA])
    try:
        plan = plan_from_dict(data)
    except (KeyError, TypeError, ValueError) as error:
        _refuse("plan_file", "plan.error.not_json", [f"malformed plan: {error!r}"])
        raise
    report = validate_plan(instance.raw, plan_to_dict(plan))
    _refuse("plan_file", "plan.error.rule_broken", [v.message for v in report.violations])
    _rescore(instance, plan)
    return plan
