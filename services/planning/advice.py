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

Asking the person (a message in the outbox) waits for `services.notifications`:
`ask_person` builds the ask and hands it to `ASK_SENDER`, which the outbox wires; until
then it refuses with `advice.error.no_outbox`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from optimizer.advice import AdviceProgress, advise
from services.core.errors import FiredeskError, Problems
from services.core.permissions import Actor, require
from services.planning import solve_backends, solve_jobs
from services.planning.solve_jobs import ADVICE, ClaimedJob, SolveRun
from services.planning.versions import get_version, parse
from services.planning.views import advice_lines

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
    """One ask of one person, as the outbox will send it."""

    week_start: date
    staff: str  # the person's staff code
    add: dict  # {"start", "end"} or {"max_minutes"} (the suggestion's `add`)
    serves: tuple[str, ...]
    message: dict[str, str]  # the sentence in each UI language
    advice_job_id: int


# Wired by the outbox (services.notifications) at merge: sends the ask to the person.
ASK_SENDER: Callable[[Actor, CapacityAsk], None] | None = None


def ask_person(actor: Actor, run: SolveRun, index: int) -> CapacityAsk:
    """Ask the person of the run's suggestion `index` (0 = best) for the extra capacity,
    through the outbox. Refused for a hall slot (no one to ask) and, until the outbox is
    wired, with `advice.error.no_outbox`."""
    require(actor, "plans.write")
    suggestions = (run.result or {}).get("suggestions") or []
    problems = Problems()
    if run.kind != ADVICE or run.state != "done" or not 0 <= index < len(suggestions):
        problems.add("suggestion", "advice.error.no_suggestion", index=index + 1)
    elif suggestions[index]["staff"] is None:
        problems.add("suggestion", "advice.error.no_person", index=index + 1)
    problems.raise_if_any()
    suggestion = suggestions[index]
    instance = parse(get_version(run.base_version_id).instance)
    ask = CapacityAsk(
        run.week_start,
        suggestion["staff"],
        dict(suggestion["add"]),
        tuple(suggestion["serves"]),
        {lang: advice_lines(instance, [suggestion], lang)[0] for lang in ("zh-CN", "en")},
        run.id,
    )
    if ASK_SENDER is None:
        raise FiredeskError("advice.error.no_outbox")
    ASK_SENDER(actor, ask)
    return ask
