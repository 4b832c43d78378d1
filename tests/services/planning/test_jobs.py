"""Where solves run: a background solve per week, found again by a rerun, stoppable."""

from __future__ import annotations

import pytest

from optimizer.generator import generate_week
from optimizer.validator import validate_plan
from services.core.errors import PermissionDenied, ValidationError
from services.planning import jobs as plan_jobs
from services.planning import solves as plan_solves
from services.planning import versions as plan_versions
from tests.fixtures.planning import WEEK


def test_background_solve_stores_a_draft_and_a_rerun_finds_the_same_solve(db, manager, small_week):
    run = plan_jobs.start_solve(manager, WEEK, base=small_week, time_limit=2)
    assert plan_jobs.start_solve(manager, WEEK, base=small_week, time_limit=2) is run
    assert plan_jobs.solve_run(WEEK) is run
    assert run.wait(60) and run.state == "done"
    info = plan_versions.get_version(run.version_id)
    assert info.source == "solve" and info.objective == run.objective
    assert validate_plan(info.instance, info.plan).ok
    assert set(info.reasons) == {u["task"] for u in info.plan["unscheduled"]}
    assert plan_jobs.start_solve(manager, WEEK, base=small_week, time_limit=2) is not run
    assert plan_jobs.solve_run(WEEK).wait(60)


def test_stop_keeps_the_best_plan_so_far(db, manager):
    week = generate_week(staff=30, load=1.0, seed=5)
    run = plan_jobs.start_solve(manager, WEEK, base=week, time_limit=120)
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


class _RecordingRunner:
    """A runner that runs nothing: it records what the three functions hand it."""

    def __init__(self) -> None:
        self.started: list = []
        self.stopped: list = []

    def start(self, week_start, request):
        job = request()
        run = plan_jobs.SolveRun(week_start, job.actor.username, job.time_limit, job.task_count)
        self.started.append((week_start, job, run))
        return run

    def current(self, week_start):
        return next((run for week, _, run in reversed(self.started) if week == week_start), None)

    def stop(self, week_start):
        self.stopped.append(week_start)


def test_solves_run_wherever_the_installed_runner_says(db, manager, small_week):
    runner = _RecordingRunner()
    previous = plan_jobs.use_runner(runner)
    try:
        run = plan_jobs.start_solve(manager, WEEK, base=small_week, time_limit=7, note="n")
        assert plan_jobs.solve_run(WEEK) is run and run.running
        plan_jobs.stop_solve(manager, WEEK)
    finally:
        assert plan_jobs.use_runner(previous) is runner
    [(week, job, _)] = runner.started
    assert (week, job.time_limit, job.note) == (WEEK, 7, "n")
    assert job.task_count == len(small_week["tasks"]) and job.actor == manager
    assert runner.stopped == [WEEK]
    assert plan_versions.week_versions(WEEK) == []  # nothing ran, nothing stored


def test_a_thread_run_reports_a_crash_as_over(db, manager, small_week, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(plan_jobs, "run_solve", crash)
    run = plan_jobs.ThreadRunner().start(
        WEEK, lambda: plan_solves.solve_request(manager, WEEK, small_week, 2)
    )
    assert run.wait(60) and run.state == "failed"
    assert run.error.key == "plan.error.solve_failed" and run.finished_after is not None
