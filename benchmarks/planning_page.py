"""Planning page benchmark: every interaction outside the solve, on a 300-task week.

    python -m benchmarks.planning_page                       # print the table
    python -m benchmarks.planning_page --update BENCHMARKS.md

A fresh SQLite database gets a generated 300-task week (60 staff) and a 5-second solve
of it; then each service call behind a page interaction is timed (median and worst of
several repetitions), and the page itself is re-run through AppTest in each of its
states, as a browser rerun would. The solve itself is not timed here (see
benchmarks/planning.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from rules.weeks import monday_of

REPO = Path(__file__).resolve().parent.parent
SECTION = "## Planning page interactions (300-task week)"
REPEAT = 5


def _timed(action: Callable[[], object], repeat: int = REPEAT) -> tuple[float, float, float]:
    """Median and worst wall-clock seconds of `repeat` calls, and their median CPU seconds
    (this process): on a busy machine the CPU time still shows the work itself."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), max(wall), statistics.median(cpu)


def _week(database: str):
    """A migrated database holding a solved 300-task week; returns (week, manager, draft)."""
    os.environ["DATABASE_URL"] = database
    from db import session as db_session
    from db.migrate import upgrade
    from optimizer.generator import generate_week
    from services.core.clock import now
    from services.core.permissions import Actor
    from services.planning import jobs as plan_jobs
    from services.planning import versions as plan_versions
    from services.planning import whatif as plan_whatif

    db_session.configure(database)
    upgrade()
    manager = Actor(user_id=None, username="bench-manager", role="duty_manager")
    week = monday_of(now().date()) + timedelta(days=7)  # the page's default week
    instance = generate_week(staff=60, load=1.1, seed=1, week_start=week.isoformat())
    imported = plan_whatif.import_week(manager, json.dumps(instance), None)
    run = plan_jobs.start_solve(manager, week, base=imported.instance, time_limit=5)
    run.wait()
    return week, manager, plan_versions.get_version(run.version_id), len(instance["tasks"])


def service_timings(week, manager, draft) -> list[tuple[str, float, float, float]]:
    from services.planning import edits as plan_edits
    from services.planning import exports as plan_exports
    from services.planning import locks as plan_locks
    from services.planning import publish as plan_publish
    from services.planning import solves as plan_solves
    from services.planning import versions as plan_versions
    from services.planning import views as plan_views
    from services.planning import whatif as plan_whatif

    instance = plan_versions.instance_of(draft)
    plan = draft.plan
    first = plan["assignments"][0]
    rows = [
        ("week_versions (version list)", *_timed(lambda: plan_versions.week_versions(week))),
        ("get_version", *_timed(lambda: plan_versions.get_version(draft.id))),
        ("instance_of (cached parse)", *_timed(lambda: plan_versions.instance_of(draft))),
        ("before solving: demand", *_timed(lambda: plan_views.demand(instance))),
        ("before solving: capacity", *_timed(lambda: plan_views.capacity(instance))),
        ("before solving: warnings", *_timed(lambda: plan_views.warnings(instance))),
        ("timeline data", *_timed(lambda: plan_views.timeline(instance, plan))),
        ("day calendar", *_timed(lambda: plan_views.day_calendar(instance, plan, 1))),
        ("station view", *_timed(lambda: plan_views.station_view(instance, plan))),
        ("off-hours per person", *_timed(lambda: plan_views.offhours_per_person(instance, plan))),
        ("changes vs published", *_timed(lambda: plan_views.changes(instance, plan, plan))),
        (
            "check a move",
            *_timed(lambda: plan_edits.check_move(draft, first["task"], 7, first["staff"])),
        ),
        ("lock", *_timed(lambda: plan_locks.lock(manager, draft.id, first["task"]))),
        ("unlock", *_timed(lambda: _lock_then_unlock(plan_locks, manager, draft, week), 3)),
        ("instance for the next solve", *_timed(lambda: plan_solves.instance_for_solve(week, draft.instance))),
        (".ics of one person", *_timed(lambda: plan_exports.ics(instance, plan, first["staff"][0], draft.created_at))),
        ("roster Excel", *_timed(lambda: plan_exports.roster_xlsx(instance, plan, "roster"))),
        ("roster HTML", *_timed(lambda: plan_exports.roster_html(instance, plan, "roster"))),
        ("unit notices HTML", *_timed(lambda: plan_exports.notices_html(instance, plan))),
        ("instance JSON", *_timed(lambda: plan_exports.contract_json(draft.instance))),
    ]  # fmt: skip
    edited = [plan_versions.get_version(draft.id)]

    def unassign_first() -> None:
        current = edited[-1]
        task = current.plan["assignments"][0]["task"]
        edited.append(plan_edits.unassign(manager, current.id, current.version, task))

    rows.append(("unassign (rescore + explain, saved)", *_timed(unassign_first, 3)))
    final = edited[-1]
    publish = _timed(lambda: plan_publish.publish(manager, final.id, final.version), 1)
    rows.append(("publish (validate + save)", *publish))
    text = json.dumps(draft.instance)
    rows.append(
        (
            "import a week (parse + baseline + save)",
            *_timed(lambda: plan_whatif.import_week(manager, text, None), 3),
        )
    )
    return rows  # fmt: skip


def _lock_then_unlock(plan_locks, manager, draft, week) -> None:
    task = draft.plan["assignments"][1]["task"]
    plan_locks.lock(manager, draft.id, task)
    plan_locks.unlock(manager, week, task)


def page_timings(manager) -> tuple[float, list[tuple[str, float, float, float]]]:
    from streamlit.testing.v1 import AppTest

    from pages.planning_widgets import PLAN_SHOWS, VIEWS
    from services.core.clock import now

    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    app.session_state.actor = manager
    app.session_state.last_seen = now()
    app.switch_page("pages/planning.py")
    started = time.perf_counter()
    app.run()
    first_run = time.perf_counter() - started
    rows = []

    def rerun(widget: Callable[[], object]) -> Callable[[], object]:
        def action() -> None:
            widget()
            app.run()
            assert not app.exception, [e.value for e in app.exception]

        return action

    for view in VIEWS:
        if view == "plan":
            continue
        rows.append(
            (
                f"view: {view}",
                *_timed(rerun(lambda v=view: app.radio(key="plan_view").set_value(v)), 3),
            )
        )
    app.radio(key="plan_view").set_value("plan").run()
    for show in PLAN_SHOWS:
        rows.append(
            (
                f"plan: {show}",
                *_timed(rerun(lambda s=show: app.radio(key="plan_show").set_value(s)), 3),
            )
        )
    app.radio(key="plan_view").set_value("adjust").run()
    rows.append(
        (
            "adjust: pick another time (live check)",
            *_timed(rerun(lambda: app.selectbox(key="plan_adjust_time").set_value(600)), 3),
        )
    )
    return first_run, rows  # fmt: skip


def _table(rows: list[tuple[str, float, float, float]]) -> str:
    lines = [
        "| interaction | median (ms) | worst (ms) | median CPU (ms) |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {median * 1000:.0f} | {worst * 1000:.0f} | {cpu * 1000:.0f} |"
        for name, median, worst, cpu in rows
    ]
    return "\n".join(lines)


def report(tasks: int, services: list, first_run: float, page: list) -> str:
    slowest = max(worst for _, _, worst, _ in services + page)
    slowest_median = max(median for _, median, _, _ in services + page)
    busiest_cpu = max(cpu for _, _, _, cpu in services + page)
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    return "\n".join(
        [
            SECTION,
            "",
            f"`python -m benchmarks.planning_page` on a generated week of {tasks} tasks and 60 "
            f"staff (a 5 s solve of it), SQLite, Python {platform.python_version()}, "
            f"{platform.machine()}, {os.cpu_count()} CPUs, load average {load} while it ran. "
            f"Service calls: median and worst of {REPEAT} calls "
            "(3 for writes that pile up versions); page: AppTest reruns of app.py in each "
            "state (3 each), which include Streamlit's own script overhead but not the "
            "browser's drawing of the charts.",
            "",
            "Service calls behind the page:",
            "",
            _table(services),
            "",
            "Page reruns (AppTest):",
            "",
            _table(page),
            "",
            f"Slowest median: {slowest_median * 1000:.0f} ms; slowest single run: "
            f"{slowest * 1000:.0f} ms. Not an interaction: the "
            f"first run of the page in a fresh process took {first_run * 1000:.0f} ms (imports "
            "of OR-Tools, pandas and Altair, the migration check).",
            "",
            f"The work itself is at most {busiest_cpu * 1000:.0f} ms of CPU per interaction; "
            "wall-clock times above that are time spent waiting for a CPU when the machine is "
            "shared (compare the load average). What the page does to stay fast: a version's "
            "instance and its prepared form are parsed once and kept (a stored version never "
            "changes); the before-solving overview is cached until an action changes the week; "
            "downloads are generated only when clicked; each view draws only what it shows; "
            "the running solve is polled by a fragment, not by rerunning the page.",
            "",
        ]
    )


def update(path: Path, section: str) -> None:
    """Replace this benchmark's section (or append it), leaving the other sections alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if SECTION in text:
        head, rest = text.split(SECTION, 1)
        following = rest.find("\n## ")
        tail = rest[following + 1 :] if following >= 0 else ""
        text = head + section + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--update", type=Path, help="write the section into this Markdown file")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as folder:
        week, manager, draft, tasks = _week(f"sqlite:///{folder}/bench.sqlite3")
        services = service_timings(week, manager, draft)
        first_run, page = page_timings(manager)
    section = report(tasks, services, first_run, page)
    print(section)
    if args.update:
        update(args.update, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
