"""Solves are queued for a worker process: one per week, found again by a rerun, stoppable;
a queued one can be withdrawn, a crashed one ends as failed. (Two instances and both
backends: test_solve_workers.py.)"""

from __future__ import annotations

import pytest

from optimizer.generator import generate_week
from optimizer.validator import validate_plan
from services.core.errors import FiredeskError, PermissionDenied, ValidationError
from services.planning import jobs as plan_jobs
from services.planning import solve_backends, worker
from services.planning import solves as plan_solves
from services.planning import versions as plan_versions
from tests.fixtures.planning import WEEK


@pytest.fixture
def no_worker(monkeypatch):
    """No worker takes a queued job but the test's own `run_job` call: nothing is handed to
    one, and the local workers earlier tests started (they poll the same database for the
    whole session) are ended first, or one of them may claim the job in between."""
    handed: list[int] = []
    solve_backends.stop_local_workers()
    monkeypatch.setattr(solve_backends, "submit", lambda job_id, limit: handed.append(job_id))
    return handed


def test_background_solve_stores_a_draft_and_a_second_start_is_refused(db, manager, small_week):
    run = plan_jobs.start_solve(manager, WEEK, base=small_week, time_limit=2)
    with pytest.raises(FiredeskError) as refused:
        plan_jobs.start_solve(manager, WEEK, base=small_week, time_limit=2)
    assert refused.value.key == "plan.error.solve_running"
    assert plan_jobs.solve_run(WEEK).id == run.id
    assert run.wait(60) and run.state == "done"
    info = plan_versions.get_version(run.version_id)
    assert info.source == "solve" and info.objective == run.objective
    assert validate_plan(info.instance, info.plan).ok
    assert set(info.reasons) == {u["task"] for u in info.plan["unscheduled"]}
    again = plan_jobs.start_solve(manager, WEEK, base=small_week, time_limit=2)
    assert again.id != run.id and again.wait(60) and again.state == "done"


def test_stop_keeps_the_best_plan_so_far(db, manager):
    week = generate_week(staff=30, load=1.0, seed=5)
    run = plan_jobs.start_solve(manager, WEEK, base=week, time_limit=120)
    assert run.wait_started(60)  # stopping a queued solve withdraws it instead
    plan_jobs.stop_solve(manager, WEEK)
    assert run.wait(60) and run.state == "done"
    assert run.elapsed < 120
    assert plan_versions.get_version(run.version_id).plan["assignments"]


def test_time_limit_is_checked(db, manager, small_week):
    with pytest.raises(ValidationError) as error:
        plan_jobs.start_solve(manager, WEEK, base=small_week, time_limit=0)
    assert error.value.errors[0].field == "time_limit"


def test_roles(db, leader, small_week):
    with pytest.raises(PermissionDenied):
        plan_jobs.start_solve(leader, WEEK, base=small_week, time_limit=2)


def test_a_queued_solve_is_withdrawn_by_stop_and_nothing_runs(db, manager, small_week, no_worker):
    handed = no_worker
    run = plan_jobs.start_solve(manager, WEEK, base=small_week, time_limit=7, note="n")
    assert (
        handed == [run.id] and run.state == "queued" and run.task_count == len(small_week["tasks"])
    )
    assert plan_jobs.queue_state().queued == 1
    plan_jobs.stop_solve(manager, WEEK)
    assert run.refresh().state == "stopped" and not run.running
    assert worker.run_job(run.id) == "skipped"  # a worker that gets it late leaves it alone
    assert plan_versions.week_versions(WEEK) == []  # nothing ran, nothing stored
    assert plan_jobs.queue_state().queued == 0


def test_a_crashed_solve_ends_as_failed_and_frees_the_week(
    db, manager, small_week, monkeypatch, no_worker
):
    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(plan_solves, "run_solve", crash)
    run = plan_jobs.start_solve(manager, WEEK, base=small_week, time_limit=2)
    assert worker.run_job(run.id) == "failed"  # what a worker process does, run here
    run.refresh()
    assert run.state == "failed" and run.error.key == "plan.error.solve_failed"
    assert "boom" in run.error_detail and run.finished_at is not None
    assert plan_versions.week_versions(WEEK) == []
    again = plan_jobs.start_solve(manager, WEEK, base=small_week, time_limit=2)
    assert again.id != run.id


def test_a_solve_whose_app_is_gone_stops_and_keeps_its_best_plan(
    db, manager, monkeypatch, no_worker
):
    """The embedded worker's parent died mid-solve: the solve ends at the next heartbeat
    with its best plan stored, instead of running to its time limit for nobody, even while
    the heartbeat cannot reach the database (it may have gone with the app)."""

    def unreachable(*args, **kwargs):
        raise OSError("database unreachable")

    monkeypatch.setattr(worker.solve_jobs, "heartbeat", unreachable)
    week = generate_week(staff=30, load=1.0, seed=5)
    run = plan_jobs.start_solve(manager, WEEK, base=week, time_limit=300)
    asked = []

    def orphaned() -> bool:
        asked.append(True)
        return True

    assert worker.run_job(run.id, orphaned=orphaned) == "done"
    run.refresh()
    assert asked and run.state == "done" and run.elapsed < 60
    assert plan_versions.get_version(run.version_id).plan["assignments"]
