"""Plan versions, background solves, locks, edits, publishing and import."""

from __future__ import annotations

import json
from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from db.models import AuditLog, Availability, PlanVersion
from db.session import read_session
from optimizer.generator import generate_week
from optimizer.validator import validate_plan
from rules.time import TIME_ZONE
from services.core.errors import ConflictError, FiredeskError, PermissionDenied, ValidationError
from services.core.unit_of_work import unit_of_work
from services.planning import edits as plan_edits
from services.planning import illness as plan_illness
from services.planning import jobs as plan_jobs
from services.planning import locks as plan_locks
from services.planning import publish as plan_publish
from services.planning import solves as plan_solves
from services.planning import versions as plan_versions
from services.planning import whatif as plan_whatif

WEEK = date(2026, 11, 30)


@pytest.fixture(scope="module")
def small_week() -> dict:
    return generate_week(staff=8, load=0.5, seed=3)


def _import(actor, week: dict, plan: dict | None = None) -> plan_versions.VersionInfo:
    return plan_whatif.import_week(
        actor, json.dumps(week), None if plan is None else json.dumps(plan)
    )


def _solved(actor, week: dict, time_limit: float = 2) -> plan_versions.VersionInfo:
    run = plan_jobs.start_solve(actor, WEEK, base=week, time_limit=time_limit)
    assert run.wait(60)
    assert run.state == "done", run.error
    return plan_versions.get_version(run.version_id)


def test_import_without_a_plan_starts_from_a_valid_draft(db, manager, small_week):
    first = _import(manager, small_week)
    second = _import(manager, small_week)
    assert (first.number, second.number) == (1, 2)
    assert first.status == "draft" and first.source == "import"
    assert validate_plan(first.instance, first.plan).ok
    assert [v.id for v in plan_versions.week_versions(WEEK)] == [second.id, first.id]


def test_bad_uploads_are_refused_with_every_problem_named(db, manager, small_week):
    with pytest.raises(ValidationError) as not_json:
        plan_whatif.import_week(manager, b"{not json", None)
    assert not_json.value.errors[0].field == "instance_file"

    broken = json.loads(json.dumps(small_week))
    del broken["weights"]
    broken["tasks"][0]["location"] = "NOWHERE"
    with pytest.raises(ValidationError) as invalid:
        _import(manager, broken)
    details = " ".join(invalid.value.messages("en"))
    assert "'weights'" in details and "NOWHERE" in details

    plan = _import(manager, small_week).plan
    moved = json.loads(json.dumps(plan))
    moved["assignments"][0]["start"] = 3  # off the grid
    with pytest.raises(ValidationError) as bad_plan:
        _import(manager, small_week, moved)
    assert "Within a window" in " ".join(bad_plan.value.messages("en"))
    assert len(plan_versions.week_versions(WEEK)) == 1  # nothing stored by the refused imports


def test_a_valid_plan_upload_is_kept_as_given(db, manager, small_week):
    plan = _import(manager, small_week).plan
    again = _import(manager, small_week, plan)
    assert again.plan["assignments"] == plan["assignments"]


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


def test_locks_become_pinned_and_the_published_plan_previous(db, manager, small_week):
    draft = _import(manager, small_week)
    held = draft.plan["assignments"][0]
    plan_locks.lock(manager, draft.id, held["task"])
    plan_publish.publish(manager, draft.id, draft.version)

    instance = plan_solves.instance_for_solve(WEEK, small_week)
    tasks = {t["id"]: t for t in instance["tasks"]}
    assert tasks[held["task"]]["pinned"] == {"start": held["start"], "staff": held["staff"]}
    for assignment in draft.plan["assignments"]:
        assert tasks[assignment["task"]]["previous"]["start"] == assignment["start"]

    replanned = _solved(manager, small_week)
    kept = next(a for a in replanned.plan["assignments"] if a["task"] == held["task"])
    assert (kept["start"], kept["staff"]) == (held["start"], held["staff"])
    assert replanned.based_on_id == draft.id

    plan_locks.unlock(manager, WEEK, held["task"])
    assert plan_locks.week_locks(WEEK) == {}


def _bad_and_good_moves(info: plan_versions.VersionInfo):
    """A move that breaks a rule, and the same task moved to another valid start."""
    instance = plan_versions.instance_of(info)
    for assignment in info.plan["assignments"]:
        task = instance.task_by_id[assignment["task"]]
        for window in task.windows:
            for start in range(window.start, window.end - task.duration + 1, 30):
                if start != assignment["start"] and not plan_edits.check_move(
                    info, task.id, start, assignment["staff"]
                ):
                    return assignment, start
    raise AssertionError("no valid alternative start in the test week")


def test_a_move_is_checked_and_names_the_broken_rule(db, manager, small_week):
    draft = _import(manager, small_week)
    assignment, good_start = _bad_and_good_moves(draft)
    task = assignment["task"]

    violations = plan_edits.check_move(draft, task, 7, assignment["staff"])
    assert {v.rule for v in violations} >= {1}
    with pytest.raises(ValidationError) as refused:
        plan_edits.move(manager, draft.id, draft.version, task, 7, assignment["staff"])
    assert "Within a window" in refused.value.messages("en")[0]

    moved = plan_edits.move(manager, draft.id, draft.version, task, good_start, assignment["staff"])
    assert moved.id == draft.id and moved.version == draft.version + 1
    assert plan_locks.assignment_of(moved, task)["start"] == good_start
    assert validate_plan(moved.instance, moved.plan).ok
    with pytest.raises(ConflictError):  # the form still showed the old version
        plan_edits.unassign(manager, draft.id, draft.version, task)


def test_unassign_rescores_and_explains(db, manager, small_week):
    draft = _import(manager, small_week)
    task = draft.plan["assignments"][0]["task"]
    after = plan_edits.unassign(manager, draft.id, draft.version, task)
    assert task in {u["task"] for u in after.plan["unscheduled"]}
    assert after.objective > draft.objective  # leaving a task out costs its priority
    assert after.reasons[task]["en"][0] == f"Unassigned by hand by {manager.username}"
    assert after.reasons[task]["zh-CN"][0] == f"由 {manager.username} 手动取消安排"
    assert len(after.reasons[task]["en"]) > 1  # and what the planner would say about it
    assigned = plan_locks.assignment_of(draft, task)
    back = plan_edits.move(
        manager, draft.id, after.version, task, assigned["start"], assigned["staff"]
    )
    assert task not in back.reasons and back.plan["stats"]["unassigned_by"] == {}


def test_published_versions_never_change(db, manager, small_week):
    draft = _import(manager, small_week)
    published = plan_publish.publish(manager, draft.id, draft.version).version
    assert published.published and published.published_by == manager.username
    assert plan_versions.published_version(WEEK).id == draft.id

    with pytest.raises(FiredeskError) as twice:
        plan_publish.publish(manager, published.id, published.version)
    assert twice.value.key == "plan.error.already_published"

    task = published.plan["assignments"][0]["task"]
    edited = plan_edits.unassign(manager, published.id, published.version, task)
    assert edited.id != published.id and edited.status == "draft"
    assert edited.based_on_id == published.id
    assert plan_versions.get_version(published.id).plan == published.plan

    with pytest.raises(ValueError), unit_of_work(manager) as session:
        session.get(PlanVersion, published.id).note = "rewritten"

    with read_session() as session:
        audited = session.scalars(
            select(AuditLog).where(AuditLog.table_name == "plan_versions").order_by(AuditLog.id)
        ).all()
    publishing = [a for a in audited if a.action == "update" and a.row_id == str(published.id)]
    assert [a.after["status"] for a in publishing] == ["published"]
    inserts = [a for a in audited if a.action == "insert"]
    assert len(inserts) == 2 and all("instance" not in a.after for a in inserts)


def test_roles(db, leader, staff_actor, small_week):
    with pytest.raises(PermissionDenied):
        plan_jobs.start_solve(leader, WEEK, base=small_week, time_limit=2)
    with pytest.raises(PermissionDenied):
        plan_whatif.import_week(staff_actor, json.dumps(small_week), None)


def test_time_limit_is_checked(db, manager, small_week):
    with pytest.raises(ValidationError) as error:
        plan_jobs.start_solve(manager, WEEK, base=small_week, time_limit=0)
    assert error.value.errors[0].field == "time_limit"


def test_mark_ill_records_leave_and_drops_later_locks(db, manager, admin, staff_actor):
    from db.models import District, Location, Staff

    with unit_of_work(admin) as session:
        district = District(name="白塔区")
        session.add(district)
        session.flush()
        station = Location(code="S01", kind="station", name="白塔站", district_id=district.id)
        session.add(station)
        session.flush()
        session.add(Staff(code="E01", name="张伟", base_location_id=station.id))
    week = {
        "schema": "firedesk.instance/1",
        "name": "ill",
        "week_start": WEEK.isoformat(),
        "slot_minutes": 30,
        "offhours": [],
        "districts": ["白塔区"],
        "travel_minutes": [[10]],
        "locations": [{"id": "S01", "name": "白塔站", "district": "白塔区"}],
        "staff": [
            {"id": "E01", "name": "张伟", "base": "S01", "skills": ["guide"],
             "available": [[0, 10080]], "max_minutes": 2400}
        ],
        "resources": [],
        "tasks": [
            {"id": f"T{day}", "kind": "station_tour", "location": "S01", "duration": 60,
             "skill": "guide", "headcount": 1, "priority": 1,
             "windows": [{"start": day * 1440 + 600, "end": day * 1440 + 660, "cost": 0}]}
            for day in (0, 3)
        ],
        "weights": {"unscheduled": 1000, "offhours_peak": 1, "change": 50},
    }  # fmt: skip
    draft = _import(manager, week)
    for task in ("T0", "T3"):
        plan_locks.lock(manager, draft.id, task)

    wednesday = datetime.combine(date(2026, 12, 2), time(8, 0), TIME_ZONE)
    assert plan_illness.mark_ill(manager, WEEK, "E01", wednesday) == 1
    assert set(plan_locks.week_locks(WEEK)) == {"T0"}
    with read_session() as session:
        leave = session.scalars(select(Availability).where(Availability.kind == "leave")).one()
    assert leave.end_at is not None

    with pytest.raises(PermissionDenied):
        plan_illness.mark_ill(staff_actor, WEEK, "E01", wednesday)


def test_a_lock_that_can_no_longer_be_kept_is_named_before_solving(db, manager, small_week):
    draft = _import(manager, small_week)
    held = draft.plan["assignments"][0]
    plan_locks.lock(manager, draft.id, held["task"])
    week = json.loads(json.dumps(small_week))
    for person in week["staff"]:
        if person["id"] == held["staff"][0]:
            person["available"] = []  # e.g. leave entered after the lock was set
    with pytest.raises(ValidationError) as refused:
        plan_jobs.start_solve(manager, WEEK, base=week, time_limit=2)
    assert refused.value.errors[0].field == "lock"
    assert refused.value.messages("en")[0].count(held["task"]) >= 1
    assert plan_jobs.solve_run(WEEK) is None or not plan_jobs.solve_run(WEEK).running


def test_an_instance_of_another_week_is_refused(db, manager, small_week):
    with pytest.raises(FiredeskError) as refused:
        plan_jobs.start_solve(manager, date(2026, 12, 7), base=small_week, time_limit=2)
    assert refused.value.key == "plan.error.other_week"
