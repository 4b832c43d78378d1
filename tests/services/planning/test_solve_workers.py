"""Solves on workers, seen from two app instances on one PostgreSQL, with each backend:
the embedded local worker process, and RQ on the machine's Redis with `manage.py worker`.

The second app instance is a separate Python process (`_other`), so nothing here shares
memory with the instance that started the solve: progress, the one-solve-per-week lock and
the stop request all go through the database.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import session as db_session
from db.models import PlanVersion
from optimizer.generator import generate_week
from optimizer.validator import validate_plan
from services.core.errors import FiredeskError
from services.planning import jobs as planning
from services.planning import solve_backends
from services.planning import versions as plan_versions
from services.planning import whatif as plan_whatif
from tests.conftest import _empty_all_tables
from tests.fixtures.planning import WEEK

ROOT = Path(__file__).resolve().parents[3]
REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
LEASE = "8"  # generous: the suite runs two solves per core under load

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture(params=["embedded", "redis"])
def backend(request, postgres_url, monkeypatch):
    db_session.configure(postgres_url)
    monkeypatch.setenv("FIREDESK_SOLVE_LEASE_SECONDS", LEASE)
    env = {**os.environ, "DATABASE_URL": postgres_url}
    worker = None
    if request.param == "redis":
        queue = f"firedesk-test-{uuid.uuid4().hex[:8]}"
        monkeypatch.setenv("REDIS_URL", REDIS)
        monkeypatch.setenv("FIREDESK_SOLVE_QUEUE", queue)
        env.update(REDIS_URL=REDIS, FIREDESK_SOLVE_QUEUE=queue)
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker"],
            cwd=ROOT,
            env=env,
            start_new_session=True,  # its own process group: the test can kill it whole
        )
    else:
        monkeypatch.delenv("REDIS_URL", raising=False)
    context = {"name": request.param, "env": env, "worker": worker, "url": postgres_url}
    yield context
    if context["worker"] is not None and context["worker"].poll() is None:
        os.killpg(context["worker"].pid, signal.SIGTERM)
        context["worker"].wait(20)
    solve_backends.stop_local_workers()
    if request.param == "redis":
        solve_backends.queue().delete(delete_jobs=True)
    _empty_all_tables(postgres_url)
    db_session._current_url = None


def _other(backend, code: str) -> dict:
    """Run `code` in another app instance (a new process on the same database); it sets
    `out`, which comes back as JSON."""
    script = (
        textwrap.dedent(
            """
        import json
        from datetime import date
        from services.core.errors import FiredeskError
        from services.core.permissions import Actor
        from services.planning import jobs as planning
        other = Actor(user_id=None, username="other-manager", role="duty_manager")
        out = {}
        """
        )
        + textwrap.dedent(code)
        + "\nprint(json.dumps(out, default=str))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=backend["env"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _busy_week(manager):
    week = WEEK
    instance = generate_week(staff=30, load=1.0, seed=5, week_start=week.isoformat())
    return week, plan_whatif.import_week(manager, json.dumps(instance), None)


def _until(predicate, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def _solved_versions(week) -> int:
    with db_session.read_session() as session:
        return session.scalar(
            select(func.count())
            .select_from(PlanVersion)
            .where(PlanVersion.week_start == week, PlanVersion.source == "solve")
        )


def test_another_instance_sees_the_progress_is_refused_a_second_solve_and_stops_it(
    backend, manager
):
    week, draft = _busy_week(manager)
    run = planning.start_solve(manager, week, base=draft.instance, time_limit=120)
    assert run.wait_started(60), "no worker took the solve"
    solver_pid = int(run.refresh().worker.rsplit(":", 1)[1])
    assert os.getpriority(os.PRIO_PROCESS, solver_pid) == 10  # yields the CPU to pages
    _until(lambda: run.refresh().objective is not None)
    seen = _other(
        backend,
        f"""
        week = date.fromisoformat("{week.isoformat()}")
        run = planning.solve_run(week)
        out["id"], out["state"], out["objective"] = run.id, run.state, run.objective
        try:
            planning.start_solve(other, week, time_limit=30)
            out["second"] = "started"
        except FiredeskError as error:
            out["second"] = error.key
        """,
    )
    assert seen["id"] == run.id and seen["state"] == "running"
    assert seen["objective"] is not None
    assert seen["second"] == "plan.error.solve_running"
    with pytest.raises(FiredeskError) as refused:  # and from this instance too
        planning.start_solve(manager, week, base=draft.instance, time_limit=30)
    assert refused.value.key == "plan.error.solve_running"
    _other(backend, f'planning.stop_solve(other, date.fromisoformat("{week.isoformat()}"))')
    assert run.wait(60) and run.state == "done", run.error
    assert run.elapsed < 60  # stopped, not run to its 120 s limit
    assert _solved_versions(week) == 1
    stored = plan_versions.get_version(run.version_id)
    assert validate_plan(stored.instance, stored.plan).ok


def _kill_worker(backend, run) -> None:
    """SIGKILL, as an out-of-memory kill or a lost machine would: no cleanup runs."""
    if backend["name"] == "redis":
        horse = int(run.refresh().worker.rsplit(":", 1)[1])  # RQ's work horse runs the solve
        os.kill(horse, signal.SIGKILL)
        os.killpg(backend["worker"].pid, signal.SIGKILL)
        backend["worker"].wait(10)
    else:
        process = solve_backends._local[backend["url"]]
        process.kill()
        process.wait(10)


def test_a_killed_worker_frees_the_week_stores_nothing_and_its_last_plan_can_be_kept(
    backend, manager
):
    week, draft = _busy_week(manager)
    run = planning.start_solve(manager, week, base=draft.instance, time_limit=120)
    assert run.wait_started(60), "no worker took the solve"
    _until(lambda: run.refresh().has_best)
    _kill_worker(backend, run)
    # After the lease (8 s here) any instance finds the solve lost and the week free.
    _until(lambda: not planning.solve_run(week).running, timeout=30)
    lost = planning.solve_run(week)
    assert lost.id == run.id and lost.state == "failed"
    assert lost.error_key == "plan.error.worker_lost" and lost.recoverable
    assert _solved_versions(week) == 0  # nothing half-written
    seen = _other(
        backend,
        f"""
        run = planning.solve_run(date.fromisoformat("{week.isoformat()}"))
        out["state"], out["recoverable"] = run.state, run.recoverable
        """,
    )
    assert seen == {"state": "failed", "recoverable": True}

    kept = planning.keep_last_plan(manager, run.id)
    assert kept.source == "solve" and validate_plan(kept.instance, kept.plan).ok
    with pytest.raises(FiredeskError):  # kept exactly once
        planning.keep_last_plan(manager, run.id)
    assert _solved_versions(week) == 1

    again = planning.start_solve(manager, week, base=draft.instance, time_limit=30)
    assert again.id != run.id  # the week is free for the next solve
    planning.stop_solve(manager, week)
    assert again.wait(60)


def test_a_redis_job_is_retried_once_and_killed_past_its_time_limit(postgres_url, monkeypatch):
    queue = f"firedesk-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("REDIS_URL", REDIS)
    monkeypatch.setenv("FIREDESK_SOLVE_QUEUE", queue)
    try:
        solve_backends.submit(41, time_limit=30)
        [job] = solve_backends.queue().get_jobs()
        assert job.func_name == "services.planning.worker.run_job" and job.args == (41,)
        assert job.retries_left == 1  # one more go if its worker dies
        assert job.timeout == 30 + solve_backends.JOB_MARGIN_SECONDS
        assert solve_backends.workers().queued_in_redis == 1
    finally:
        solve_backends.queue().delete(delete_jobs=True)
