"""Solves on workers: do pages answer while solves run, and how fast does a queue drain?

    python -m benchmarks.solves                          # prints the figures
    python -m benchmarks.solves --update BENCHMARKS.md   # and writes its section there

On a fresh PostgreSQL database (server of BENCH_DATABASE_URL, default the local test
server) with generated city weeks (60 staff, ~275 tasks), it measures:

1. **Page renders during solves**: the median AppTest rerun of the planning page (a week
   with a draft, the heaviest page a manager keeps open) with no solve running; with two
   solves running *the old way*, as threads of the web process (the baseline, measured in
   the same run); and with two solves on two RQ workers (`manage.py worker`, Redis at
   REDIS_URL, default the local server).
2. **Queue throughput**: four city weeks queued at once, drained by one and by two workers;
   wall time from the first enqueue to the last stored version.

Solves use `--time-limit` seconds each (default 20). The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from benchmarks.report import replace_block

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
SECTION = "## Solves on workers: page renders during solves, queue throughput"
START, END = "<!-- solves-benchmark:start -->", "<!-- solves-benchmark:end -->"
RENDERS = 9


def _median_render(app) -> float:
    app.run()
    times = []
    for _ in range(RENDERS):
        started = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _workers(count: int, env: dict) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [sys.executable, "manage.py", "worker"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]


def _stop(workers: list[subprocess.Popen]) -> None:
    for process in workers:
        process.terminate()
    for process in workers:
        process.wait(30)


def _measure(url: str, redis: str, time_limit: float) -> dict[str, float]:
    from db import session as db_session
    from db.migrate import upgrade
    from optimizer.contract import parse_instance
    from optimizer.generator import generate_week
    from optimizer.solver import solve
    from rules.weeks import next_monday
    from services.core.clock import now
    from services.core.permissions import Actor
    from services.planning import jobs as planning
    from services.planning import solve_backends
    from services.planning import whatif as plan_whatif
    from tests.pages.conftest import open_app

    upgrade(url)
    db_session.configure(url)
    queue = f"firedesk-bench-{uuid.uuid4().hex[:8]}"
    os.environ.update(DATABASE_URL=url, REDIS_URL=redis, FIREDESK_SOLVE_QUEUE=queue)
    env = {**os.environ}
    manager = Actor(user_id=None, username="bench-manager", role="duty_manager")
    first = next_monday(now().date())
    weeks = [first + timedelta(days=7 * k) for k in range(6)]
    instances = {
        week: generate_week(staff=60, load=1.0, seed=k, week_start=week.isoformat())
        for k, week in enumerate(weeks)
    }
    for instance in instances.values():
        plan_whatif.import_week(manager, json.dumps(instance), None)
    figures: dict[str, float] = {}

    app = open_app(manager, "pages/planning.py")
    figures["planning page render, no solve running"] = _median_render(app)

    # The baseline: the old design, two solves in threads of the web process.
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=solve,
            args=(parse_instance(instances[week]),),
            kwargs={"time_limit": time_limit, "should_stop": stop.is_set},
            daemon=True,
        )
        for week in weeks[:2]
    ]
    for thread in threads:
        thread.start()
    time.sleep(2)
    figures["planning page render, 2 solves as threads of the web process (before)"] = (
        _median_render(app)
    )
    stop.set()
    for thread in threads:
        thread.join()

    workers = _workers(2, env)
    runs = [
        planning.start_solve(manager, week, base=instances[week], time_limit=time_limit)
        for week in weeks[:2]
    ]
    for run in runs:
        run.wait_started(60)
    time.sleep(2)
    figures["planning page render, 2 solves on 2 RQ workers (now)"] = _median_render(app)
    for week in weeks[:2]:
        planning.stop_solve(manager, week)
    for run in runs:
        run.wait(120)
    _stop(workers)

    for count in (1, 2):
        workers = _workers(count, env)
        time.sleep(3)  # let them connect before the clock starts
        started = time.perf_counter()
        queued = [
            planning.start_solve(manager, week, base=instances[week], time_limit=time_limit)
            for week in weeks[2:6]
        ]
        for run in queued:
            run.wait(20 * time_limit)
        figures[f"4 city weeks queued, drained by {count} worker(s) (wall time)"] = (
            time.perf_counter() - started
        )
        _stop(workers)
    solve_backends.queue().delete(delete_jobs=True)
    return figures


def _render(figures: dict[str, float], time_limit: float) -> str:
    lines = [
        START,
        f"- **Command:** `python -m benchmarks.solves --time-limit {time_limit:g}`"
        " (PostgreSQL and Redis on this machine, 2 cores)",
        f"- **Load average at the end (1/5/15 min):** {' / '.join(f'{x:.1f}' for x in os.getloadavg())}",
        "",
        "| measure | time |",
        "|---|---:|",
    ]
    for name, seconds in figures.items():
        shown = f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"
        lines.append(f"| {name} | {shown} |")
    lines.append(END)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--time-limit", type=float, default=20)
    parser.add_argument("--update", type=Path)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    server = os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER)
    redis = os.environ.get("REDIS_URL", DEFAULT_REDIS)
    name = f"firedesk_bench_solves_{uuid.uuid4().hex[:8]}"
    maintenance = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    with maintenance.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        block = _render(_measure(url, redis, args.time_limit), args.time_limit)
    finally:
        from db import session as db_session

        db_session.engine_for(url).dispose()
        with maintenance.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    print(block)
    if args.update:
        replace_block(args.update, block, start=START, end=END, heading=SECTION)


if __name__ == "__main__":
    main()
