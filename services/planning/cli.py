"""`manage.py plan-week --week YYYY-MM-DD [--time-limit S] [--publish] [--export DIR]`:
plan a week from the command line (a nightly job, or support reproducing a week)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from db.migrate import upgrade
from rules.weeks import monday_of
from services.core.permissions import SYSTEM
from services.planning import exports as plan_exports
from services.planning import jobs as plan_jobs
from services.planning import publish as plan_publish
from services.planning import versions as plan_versions


def cmd_plan_week(args) -> int:
    upgrade()
    week = monday_of(date.fromisoformat(args.week))
    run = plan_jobs.start_solve(SYSTEM, week, time_limit=args.time_limit, note="manage.py")
    run.wait()
    if run.error is not None:
        raise run.error
    info = plan_versions.get_version(run.version_id)
    print(
        f"week {week}: version {info.number} ({info.plan['status']}), objective {info.objective}"
        f" (bound {info.bound}), {len(info.plan['assignments'])} planned,"
        f" {info.unscheduled_count} unplanned, {run.elapsed:.1f} s"
    )
    if args.publish:
        published = plan_publish.publish(SYSTEM, info.id, info.version)
        print(f"version {info.number} published")
        for problem in published.booking_problems:
            print(f"booking not updated: {problem}")
    if args.export:
        folder = Path(args.export)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"firedesk-{week}-v{info.number}"
        (folder / f"{stem}-instance.json").write_bytes(plan_exports.contract_json(info.instance))
        (folder / f"{stem}-plan.json").write_bytes(plan_exports.contract_json(info.plan))
        print(f"instance and plan written to {folder}")
    return 0


def register(subparsers) -> None:
    command = subparsers.add_parser(
        "plan-week", help="solve a week's plan from the database (stored as a draft version)"
    )
    command.add_argument("--week", required=True, help="any day of the week (YYYY-MM-DD)")
    command.add_argument("--time-limit", type=float, default=plan_jobs.DEFAULT_TIME_LIMIT)
    command.add_argument("--publish", action="store_true", help="publish the new version")
    command.add_argument("--export", metavar="DIR", help="write its instance and plan JSON here")
    command.set_defaults(run=cmd_plan_week)
