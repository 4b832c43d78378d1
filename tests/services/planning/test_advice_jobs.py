"""Capacity advice on the solve workers, with each backend (the embedded local worker, and
RQ on the machine's Redis): its own kind of job beside the week's solve, progress and
result on the row for every app instance, stop, and the lease. The `backend` fixture is in
conftest.py."""

from __future__ import annotations

import json
import os
import uuid
from datetime import timedelta

import pytest

from optimizer.advice import Addition
from optimizer.generator import generate_week
from optimizer.validator import validate_plan
from services.core.errors import FiredeskError
from services.planning import advice as plan_advice
from services.planning import jobs as planning
from services.planning import solve_backends, solve_jobs
from services.planning import whatif as plan_whatif
from tests.fixtures.planning import WEEK
from tests.fixtures.workers import kill_worker, other_instance, until

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _week(manager, staff: int, load: float, seed: int):
    instance = generate_week(staff=staff, load=load, seed=seed, week_start=WEEK.isoformat())
    draft = plan_whatif.import_week(manager, json.dumps(instance), None)
    assert draft.plan["unscheduled"]
    return draft


def _addition(suggestion: dict) -> Addition:
    add = suggestion["add"]
    if "start" in add:
        return Addition("block", suggestion["staff"], start=add["start"], end=add["end"])
    if "max_minutes" in add:
        return Addition("cap", suggestion["staff"], max_minutes=add["max_minutes"])
    return Addition("hall", None, resource=add["resource"], capacity=add["capacity"])


def test_advice_runs_on_a_worker_beside_the_weeks_solve_and_every_instance_reads_it(
    backend, manager
):
    draft = _week(manager, staff=10, load=1.6, seed=3)
    run = plan_advice.start_advice(manager, WEEK, draft.id)
    assert run.kind == "advice" and run.base_version_id == draft.id
    with pytest.raises(FiredeskError) as refused:  # one advice of the week at a time
        plan_advice.start_advice(manager, WEEK, draft.id)
    assert refused.value.key == "advice.error.running"
    solve = planning.start_solve(manager, WEEK, base=draft.instance, time_limit=2)
    assert planning.solve_run(WEEK).id == solve.id  # the advice holds no solve lock
    assert plan_advice.advice_run(WEEK).id == run.id
    assert run.wait(120) and run.state == "done", run.error
    assert solve.wait(120) and solve.state == "done", solve.error
    result = run.result
    assert result["checked"] >= 1 and result["stopped"] is False
    assert result["suggestions"], result
    for s in result["suggestions"]:
        modified = _addition(s).apply(draft.instance)
        assert validate_plan(modified, s["plan"]).ok
        assert not validate_plan(draft.instance, s["plan"]).ok  # it needs the addition
    seen = other_instance(
        backend,
        f"""
        run = plan_advice.advice_run(date.fromisoformat("{WEEK.isoformat()}"))
        out["id"], out["state"] = run.id, run.state
        out["serves"] = [s["serves"] for s in run.result["suggestions"]]
        """,
    )
    assert seen == {
        "id": run.id,
        "state": "done",
        "serves": [s["serves"] for s in result["suggestions"]],
    }


def test_a_worker_takes_a_queued_solve_before_queued_advice(backend, manager):
    draft = _week(manager, staff=10, load=1.6, seed=3)
    later = WEEK + timedelta(days=7)
    following = generate_week(staff=10, load=1.0, seed=4, week_start=later.isoformat())
    next_draft = plan_whatif.import_week(manager, json.dumps(following), None)
    blocker = planning.start_solve(manager, WEEK, base=draft.instance, time_limit=4)
    assert blocker.wait_started(60)
    advice = plan_advice.start_advice(manager, WEEK, draft.id)
    solve = planning.start_solve(manager, later, base=next_draft.instance, time_limit=2)
    assert solve_jobs.queued_ids() == [solve.id, advice.id]  # asked for later, taken first
    assert solve.wait_started(60)
    assert advice.refresh().state == "queued"
    assert solve.wait(60) and advice.wait(120) and advice.state == "done"


def test_a_stopped_advice_keeps_what_it_checked_and_a_lost_one_frees_the_week(backend, manager):
    draft = _week(manager, staff=20, load=1.6, seed=5)
    run = plan_advice.start_advice(manager, WEEK, draft.id, check_seconds=4)
    assert run.wait_started(60), "no worker took the advice"
    until(lambda: (run.refresh().result or {}).get("checked", 0) >= 1, timeout=90)
    assert "plan" not in (run.result["suggestions"] or [{}])[0]  # progress stays light
    other_instance(
        backend, f'plan_advice.stop_advice(other, date.fromisoformat("{WEEK.isoformat()}"))'
    )
    assert run.wait(60) and run.state == "done", run.error
    assert run.result["stopped"] is True
    assert run.elapsed < plan_advice.job_budget(4)

    lost = plan_advice.start_advice(manager, WEEK, draft.id, check_seconds=30)
    assert lost.wait_started(60)
    kill_worker(backend, lost)
    # After the lease (8 s here) any instance finds the advice lost and the week free.
    until(lambda: not plan_advice.advice_run(WEEK).running, timeout=30)
    assert plan_advice.advice_run(WEEK).error_key == "plan.error.worker_lost"
    assert plan_advice.advice_run(WEEK).error.key == "advice.error.worker_lost"
    assert not plan_advice.advice_run(WEEK).recoverable  # no plan to keep as a draft


def test_advice_goes_on_its_own_redis_queue_after_the_solve_queue(postgres_url, monkeypatch):
    queue = f"firedesk-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("REDIS_URL", REDIS)
    monkeypatch.setenv("FIREDESK_SOLVE_QUEUE", queue)
    try:
        solve_backends.submit(42, time_limit=plan_advice.job_budget(), kind="advice")
        assert [q.name for q in solve_backends.queues()] == [queue, f"{queue}-advice"]
        assert solve_backends.queue().get_jobs() == []
        [job] = solve_backends.queue("advice").get_jobs()
        assert job.func_name == "services.planning.worker.run_job" and job.args == (42,)
        assert job.timeout == int(plan_advice.job_budget()) + solve_backends.JOB_MARGIN_SECONDS
        assert solve_backends.workers().queued_in_redis == 1
    finally:
        for q in solve_backends.queues():
            q.delete(delete_jobs=True)
