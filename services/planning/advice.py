"""Capacity advice as a job on the solve workers, and the seam for asking a person.

The planning page asks for advice on one version (`start_advice`); the advice is a row of
`solve_jobs` of kind "advice" that a worker runs like a solve (the embedded local worker,
or RQ when `REDIS_URL` is set): the same heartbeat, lease and stop, its progress and then
its result (the suggestions, each with its checked plan, and the best two together when
they serve more than each alone) kept on the row (`SolveRun.result`). Any app instance
reads it with `advice_run(week)`.

Why a kind of its own rather than a solve queued behind: the week's lock is one active
job per week *and kind* (`uq_solve_jobs_active_week` on `active_week, kind`), so asking
for advice never refuses or delays a manager's solve of the same week on another
instance, and workers take queued solves before queued advice. A week has at most one
advice queued or running at a time.

Asking the person: `ask_person` queues a message in the outbox (`staff.capacity_ask`,
once per advice job and suggestion) and keeps the ask (`capacity_asks`); `agree` records
that they agreed, which adds the capacity to that week only, and queues a re-plan that
keeps the locks and changes the advised version as little as possible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import CapacityAsk as AskRow
from db.models import Staff
from db.session import read_session
from optimizer.advice import AdviceProgress, advise
from optimizer.explain import format_minute
from rules.time import local
from rules.weeks import DAY, minutes_from
from services.core.clock import now
from services.core.config import load_settings
from services.core.errors import FiredeskError, NotFound, Problems
from services.core.permissions import Actor, require
from services.core.records import load_for_update
from services.core.unit_of_work import unit_of_work
from services.i18n import t
from services.notifications.triggers import capacity_ask
from services.planning import solve_backends, solve_jobs
from services.planning.jobs import DEFAULT_TIME_LIMIT, solve_run, start_solve
from services.planning.solve_jobs import ADVICE, ClaimedJob, SolveRun
from services.planning.versions import get_version, parse
from services.planning.views import advice_tasks, day_label
from services.staff.availability import moment_of
from services.staff.people import HOUR_CAP_RANGE

TOP = 3  # suggestions shown on the page
CHECK_SECONDS = 1.0  # each check solve
CHECKS = 2 * TOP  # candidates checked (the best estimates per hour)


def job_budget(check_seconds: float = CHECK_SECONDS, checks: int = CHECKS) -> float:
    """The most an advice job may work: the settle solve, every check and as many
    re-checks, and the pair check."""
    return (2 * checks + 2) * check_seconds


def start_advice(
    actor: Actor, week_start: date, version_id: int, *, check_seconds: float = CHECK_SECONDS
) -> SolveRun:
    """Queue capacity advice on one version of the week for a worker; refused while the
    week's advice is queued or running (a solve of the week is not affected).
    `check_seconds` is each check solve's limit (kept on the row as its `time_limit`)."""
    require(actor, "plans.write")
    version = get_version(version_id)
    problems = Problems()
    if version.week_start != week_start:
        problems.add("version", "plan.error.other_week", week=week_start, other=version.week_start)
    elif not version.plan["unscheduled"]:
        problems.add("version", "advice.error.all_planned", number=version.number)
    problems.raise_if_any()
    current = advice_run(week_start)
    if current is not None and current.running:
        raise FiredeskError("advice.error.running", user=current.started_by)
    run = solve_jobs.enqueue(
        actor,
        week_start,
        instance=version.instance,
        task_count=len(version.instance["tasks"]),
        time_limit=check_seconds,
        note=f"advice on version {version.number}",
        kind=ADVICE,
        base_version_id=version.id,
    )
    solve_backends.submit(run.id, job_budget(check_seconds), kind=ADVICE)
    return run


def advice_run(week_start: date) -> SolveRun | None:
    """The week's queued or running advice, else its last one, from any app instance."""
    return solve_jobs.week_run(week_start, ADVICE)


def stop_advice(actor: Actor, week_start: date) -> None:
    """Stop the week's advice: a running one keeps what it has checked, a queued one is
    withdrawn."""
    require(actor, "plans.write")
    solve_jobs.request_stop(actor, week_start, ADVICE)


def _light(suggestions) -> list[dict]:
    """Suggestions without their plans: what progress needs to show."""
    return [{k: v for k, v in s.as_dict().items() if k != "plan"} for s in suggestions]


def compute_advice(
    job: ClaimedJob,
    *,
    should_stop: Callable[[], bool] | None = None,
    on_progress: Callable[[dict], None] | None = None,
) -> dict:
    """What a worker runs for an advice job: the optimizer's advice on the job's version.
    Progress is {checked, queued, suggestions (without plans)}; the result adds the plans,
    the combination (or None), whether it was stopped, and the run's figures."""
    version = get_version(job.base_version_id)
    instance = parse(job.instance)

    def report(progress: AdviceProgress) -> None:
        if on_progress is not None:
            on_progress(
                {
                    "checked": progress.checked,
                    "queued": progress.queued,
                    "suggestions": _light(progress.suggestions),
                }
            )

    found = advise(
        instance,
        version.plan,
        top=TOP,
        time_limit=job.time_limit,
        checks=CHECKS,
        should_stop=should_stop,
        on_progress=report,
    )
    return {
        **found.as_dict(),
        "checked": found.stats["checked"],
        "queued": 0,
        "stopped": bool(should_stop is not None and should_stop()),
    }


# ----------------------------------------------------------------------------- asking


@dataclass(frozen=True)
class CapacityAsk:
    """One suggestion asked of its person: what it adds, and whether they agreed."""

    id: int
    version: int
    week_start: date
    advice_job_id: int
    suggestion: int  # index in the advice's suggestions (0 = best)
    staff: str  # the person's staff code
    add: dict  # the suggestion's `add`: {"start", "end"} or {"max_minutes"}
    serves: tuple[str, ...]
    asked_at: datetime
    asked_by: str
    agreed_at: datetime | None
    agreed_by: str | None
    solve_job_id: int | None


def _ask(row: AskRow, staff_code: str) -> CapacityAsk:
    week = row.week_start
    if row.max_minutes is not None:
        add = {"max_minutes": row.max_minutes}
    else:
        add = {"start": minutes_from(week, row.start_at), "end": minutes_from(week, row.end_at)}
    return CapacityAsk(
        row.id,
        row.version,
        week,
        row.advice_job_id,
        row.suggestion,
        staff_code,
        add,
        tuple(row.serves),
        local(row.asked_at),
        row.asked_by,
        local(row.agreed_at) if row.agreed_at is not None else None,
        row.agreed_by,
        row.solve_job_id,
    )


def _check_addition(person: Staff, row: AskRow) -> None:
    """Refuse an addition the person's rules forbid: an extra period inside their leave,
    a cap outside the hour-cap range, or someone no longer active."""
    problems = Problems()
    label = f"{person.name}（{person.code}）"
    if not person.active:
        problems.add("suggestion", "advice.error.inactive", person=label)
    if row.start_at is not None:
        start, end = local(row.start_at), local(row.end_at)
        for rule in person.availability:
            if rule.kind != "leave":
                continue
            leave_start, leave_end = local(rule.start_at), local(rule.end_at)
            if start < leave_end and leave_start < end:
                problems.add(
                    "suggestion",
                    "advice.error.on_leave",
                    person=label,
                    leave=f"{leave_start:%Y-%m-%d %H:%M}–{leave_end:%Y-%m-%d %H:%M}",
                )
    if row.max_minutes is not None:
        low, high = HOUR_CAP_RANGE
        if not low * 60 <= row.max_minutes <= high * 60:
            problems.add(
                "suggestion",
                "advice.error.cap_range",
                person=label,
                hours=round(row.max_minutes / 60, 1),
                high=high,
            )
    problems.raise_if_any()


def _ask_text(week: date, add: dict, standing_cap: int, language: str) -> str:
    if "start" in add:
        day = add["start"] // DAY
        start, end = (format_minute(add[k], language).split(" ")[-1] for k in ("start", "end"))
        return t(
            "advice.ask_text.block",
            language,
            day=day_label(week, day, language),
            start=start,
            end=end,
        )
    return t(
        "advice.ask_text.cap",
        language,
        hours=f"{(add['max_minutes'] - standing_cap * 60) / 60:g}",
        cap=f"{add['max_minutes'] / 60:g}",
    )


def ask_person(actor: Actor, run: SolveRun, index: int) -> CapacityAsk:
    """Ask the person of the run's suggestion `index` (0 = best) for the extra capacity: a
    message in the outbox (SMS to their phone, internal when they have none) and the ask
    kept for "they agreed". Asking the same suggestion again returns the first ask and
    sends nothing. Refused for a hall slot (no one to ask), for someone who is not on the
    staff list (an imported what-if week), and when their rules forbid the addition."""
    require(actor, "plans.write")
    suggestions = (run.result or {}).get("suggestions") or []
    problems = Problems()
    if run.kind != ADVICE or run.state != "done" or not 0 <= index < len(suggestions):
        problems.add("suggestion", "advice.error.no_suggestion", index=index + 1)
    elif suggestions[index]["staff"] is None:
        problems.add("suggestion", "advice.error.no_person", index=index + 1)
    problems.raise_if_any()
    suggestion = suggestions[index]
    code, add = suggestion["staff"], suggestion["add"]
    instance = parse(get_version(run.base_version_id).instance)
    language = load_settings().language
    with unit_of_work(actor) as session:
        person = session.scalar(select(Staff).where(Staff.code == code))
        if person is None:
            problems.add("suggestion", "advice.error.not_staff", person=code)
            problems.raise_if_any()
        found = _asked(session, run.id, index)
        if found is not None:
            return _ask(found, code)
        row = AskRow(
            week_start=run.week_start,
            advice_job_id=run.id,
            suggestion=index,
            staff_id=person.id,
            serves=list(suggestion["serves"]),
            dedup_key=f"capacity-ask:{run.id}:{index}",
            asked_at=now(),
            asked_by=actor.username,
        )
        if "start" in add:
            row.start_at = local(moment_of(run.week_start, add["start"]))
            row.end_at = local(moment_of(run.week_start, add["end"]))
        else:
            row.max_minutes = add["max_minutes"]
        _check_addition(person, row)
        values = {
            "officer": person.name,
            "ask": _ask_text(run.week_start, add, person.weekly_hour_cap, language),
            "count": len(suggestion["serves"]),
            "tasks": advice_tasks(instance, suggestion["serves"], language),
            "week": run.week_start.isoformat(),
        }
        capacity_ask(session, person, values, row.dedup_key, language)
        # A savepoint: a double click racing this one (PostgreSQL) meets the unique
        # suggestion key; only this row is undone and the first ask is returned.
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            found = _asked(session, run.id, index)
            if found is None:
                raise
            return _ask(found, code)
        return _ask(row, code)


def _asked(session: Session, advice_job_id: int, index: int) -> AskRow | None:
    return session.scalar(
        select(AskRow).where(AskRow.advice_job_id == advice_job_id, AskRow.suggestion == index)
    )


def asks_of(run: SolveRun) -> dict[int, CapacityAsk]:
    """The asks made from this advice run, by suggestion index."""
    with read_session() as session:
        rows = session.execute(
            select(AskRow, Staff.code)
            .join(Staff, Staff.id == AskRow.staff_id)
            .where(AskRow.advice_job_id == run.id)
        ).all()
        return {row.suggestion: _ask(row, code) for row, code in rows}


def agree(
    actor: Actor, ask_id: int, version: int, *, time_limit: float = DEFAULT_TIME_LIMIT
) -> SolveRun:
    """The person agreed: their addition counts for that week (an extra period, or the
    week's cap raised; never a standing rule) and a re-plan of the week is queued that
    keeps the locks and changes the advised version as little as possible. Refused while
    the week's solve is running, once agreed already, and when the person's rules now
    forbid the addition (leave entered since the ask, a cap out of range)."""
    require(actor, "plans.write")
    require(actor, "availability.write")
    with read_session() as session:
        row = session.get(AskRow, ask_id)
        if row is None:
            raise NotFound("error.not_found", what=f"capacity ask {ask_id}")
        week, advice_job_id = row.week_start, row.advice_job_id
    current = solve_run(week)
    if current is not None and current.running:
        raise FiredeskError("plan.error.solve_running", user=current.started_by)
    with unit_of_work(actor) as session:
        row = load_for_update(session, AskRow, ask_id, version)
        if row.agreed_at is not None:
            raise FiredeskError("advice.error.already_agreed", user=row.agreed_by)
        # Locking the person makes a leave entered meanwhile wait for (or see) this check.
        person = session.get(Staff, row.staff_id, with_for_update=True)
        _check_addition(person, row)
        row.agreed_at, row.agreed_by = now(), actor.username
        code = person.code
    base = get_version(solve_jobs.get_run(advice_job_id).base_version_id)
    run = start_solve(
        actor,
        week,
        time_limit=time_limit,
        note=f"re-plan: {code} agreed (advice {advice_job_id})",
        keep=base.plan,
    )
    with unit_of_work(actor) as session:
        load_for_update(session, AskRow, ask_id, None).solve_job_id = run.id
    return run
