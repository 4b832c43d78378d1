"""Solves on workers, seen from two app instances on one PostgreSQL, with each backend:
the embedded local worker process, and RQ on the machine's Redis with `manage.py worker`.

The second app instance is a separate Python process (`other_instance`), so nothing here shares
memory with the instance that started the solve: progress, the one-solve-per-week lock and
the stop request all go through the database. The `backend` fixture is in conftest.py.
"""

from __future__ import annotations

import json
import os
import uuid

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
from tests.fixtures.planning import WEEK
from tests.fixtures.workers import kill_worker, other_instance, until

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _busy_week(manager):
    week = WEEK
    instance = generate_week(staff=30, load=1.0, seed=5, week_start=week.isoformat())
    return week, plan_whatif.import_week(manager, json.dumps(instance), None)


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
    until(lambda: run.refresh().objective is not None)
    seen = other_instance(
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
    other_instance(backend, f'planning.stop_solve(other, date.fromisoformat("{week.isoformat()}"))')
    assert run.wait(60) and run.state == "done", run.error
    assert run.elapsed < 60  # stopped, not run to its 120 s limit
    assert _solved_versions(week) == 1
    stored = plan_versions.get_version(run.version_id)
    assert validate_plan(stored.instance, stored.plan).ok


def test_a_killed_worker_frees_the_week_stores_nothing_and_its_last_plan_can_be_kept(
    backend, manager
):
    week, draft = _busy_week(manager)
    run = planning.start_solve(manager, week, base=draft.instance, time_limit=120)
    assert run.wait_started(60), "no worker took the solve"
    until(lambda: run.refresh().has_best)
    kill_worker(backend, run)
    # After the lease (8 s here) any instance finds the solve lost and the week free.
    until(lambda: not planning.solve_run(week).running, timeout=30)
    lost = planning.solve_run(week)
    assert lost.id == run.id and lost.state == "failed"
    assert lost.error_key == "plan.error.worker_lost" and lost.recoverable
    assert _solved_versions(week) == 0  # nothing half-written
    seen = other_instance(
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
