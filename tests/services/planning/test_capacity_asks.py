"""Asking a person for the capacity an advice suggests (one outbox message, however often
it is clicked) and recording that they agreed (that week's availability or cap, then a
re-plan keeping the draft as far as possible); refused when leave or the cap rules forbid
it. Builders: tests/fixtures/asks.py."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from db.models import AuditLog, CapacityAsk, SolveJob
from db.session import read_session
from rules.time import TIME_ZONE
from services.core.errors import FiredeskError, ValidationError
from services.planning import advice as plan_advice
from services.planning import solves as plan_solves
from services.planning import versions as plan_versions
from services.staff.availability_week import add_leave, week_of_staff
from tests.fixtures.asks import (
    PHONE,
    TRAINER,
    TUESDAY_EVENING,
    done_advice,
    running_solve,
    set_phone,
    suggestion,
    unplanned_training_week,
)
from tests.fixtures.bookings import MONDAY, staff_id_of
from tests.fixtures.notifications import rows


def _person(instance: dict, code: str = TRAINER) -> dict:
    return next(p for p in instance["staff"] if p["id"] == code)


def _asks_outbox() -> list:
    return [r for r in rows() if r.template_key == "staff.capacity_ask"]


def test_asking_queues_one_message_to_the_person_however_often_it_is_clicked(db, manager):
    draft, task = unplanned_training_week(manager)
    set_phone(TRAINER, PHONE)
    run = done_advice(manager, draft, [suggestion(task, TUESDAY_EVENING)])
    first = plan_advice.ask_person(manager, run, 0)
    again = plan_advice.ask_person(manager, run, 0)
    assert again.id == first.id and again.asked_at == first.asked_at
    [message] = _asks_outbox()
    assert (message.channel, message.address, message.recipient_kind) == ("sms", PHONE, "staff")
    assert message.recipient_id == str(staff_id_of(TRAINER))
    assert "张敏" in message.body and "18:00–22:00" in message.body and task in message.body
    assert "周二" in message.body
    assert first.add == TUESDAY_EVENING and first.serves == (task,) and first.agreed_at is None
    assert plan_advice.asks_of(run)[0].id == first.id
    with read_session() as session:
        audited = session.scalars(
            select(AuditLog).where(AuditLog.table_name == "capacity_asks")
        ).all()
    assert [(a.action, a.username) for a in audited] == [("insert", manager.username)]


def test_someone_without_a_phone_is_asked_by_an_internal_message(db, manager):
    draft, task = unplanned_training_week(manager)
    run = done_advice(manager, draft, [suggestion(task, TUESDAY_EVENING)])
    plan_advice.ask_person(manager, run, 0)
    [message] = _asks_outbox()
    assert (message.channel, message.address, message.state) == ("internal", None, "pending")


def test_agreeing_adds_that_period_to_that_week_only_and_replans_keeping_the_draft(db, manager):
    draft, task = unplanned_training_week(manager)
    run = done_advice(manager, draft, [suggestion(task, TUESDAY_EVENING)])
    asked = plan_advice.ask_person(manager, run, 0)
    before = _person(plan_solves.instance_for_solve(MONDAY))["available"]
    assert [TUESDAY_EVENING["start"], TUESDAY_EVENING["end"]] not in before

    replan = plan_advice.agree(manager, asked.id, asked.version, time_limit=2)

    assert replan.kind == "solve" and replan.week_start == MONDAY
    with read_session() as session:
        job = session.get(SolveJob, replan.id)
        queued = job.instance
        stored = session.scalars(select(CapacityAsk)).one()
    # exactly that period added, nothing else about the person changed
    after = _person(queued)["available"]
    added = [p for p in after if p not in before]
    assert added == [[TUESDAY_EVENING["start"], TUESDAY_EVENING["end"]]]
    assert [p for p in before if p not in after] == []
    assert _person(queued)["max_minutes"] == _person(draft.instance)["max_minutes"]
    # the re-plan keeps the draft: its assignments are the tasks' `previous`
    kept = {t["id"]: t.get("previous") for t in queued["tasks"]}
    for a in draft.plan["assignments"]:
        assert kept[a["task"]] == {"start": a["start"], "staff": a["staff"]}
    assert stored.agreed_by == manager.username and stored.solve_job_id == replan.id
    with read_session() as session:
        audited = session.scalars(
            select(AuditLog).where(
                AuditLog.table_name == "capacity_asks", AuditLog.action == "update"
            )
        ).all()
    assert any((a.after or {}).get("agreed_by") == manager.username for a in audited)
    [week] = week_of_staff(manager, MONDAY, staff_id_of(TRAINER))
    assert (TUESDAY_EVENING["start"], TUESDAY_EVENING["end"]) in [tuple(p) for p in week.periods]
    assert all(rule.kind in ("leave", "weekly") for rule in week.rules)  # no rule to remove
    # the week after is untouched: a one-off, never a standing rule
    next_week = plan_solves.instance_for_solve(MONDAY + timedelta(days=7))
    shifted = [TUESDAY_EVENING["start"], TUESDAY_EVENING["end"]]
    assert shifted not in _person(next_week)["available"]

    assert replan.wait(60) and replan.state == "done", replan.error
    new = plan_versions.get_version(replan.version_id)
    assert [a["staff"] for a in new.plan["assignments"] if a["task"] == task] == [[TRAINER]]
    with pytest.raises(FiredeskError) as twice:
        plan_advice.agree(manager, asked.id, plan_advice.asks_of(run)[0].version)
    assert twice.value.key == "advice.error.already_agreed"


def test_a_raised_cap_counts_for_that_week_only(db, manager):
    draft, task = unplanned_training_week(manager)
    cap = _person(draft.instance)["max_minutes"] + 120
    run = done_advice(manager, draft, [suggestion(task, {"max_minutes": cap})])
    asked = plan_advice.ask_person(manager, run, 0)
    assert "本周可多工作 2 小时" in _asks_outbox()[0].body
    replan = plan_advice.agree(manager, asked.id, asked.version, time_limit=1)
    assert replan.wait(60)
    assert _person(plan_solves.instance_for_solve(MONDAY))["max_minutes"] == cap
    next_week = plan_solves.instance_for_solve(MONDAY + timedelta(days=7))
    assert _person(next_week)["max_minutes"] == cap - 120


def test_a_cap_above_the_rules_is_never_asked(db, manager):
    draft, task = unplanned_training_week(manager)
    run = done_advice(manager, draft, [suggestion(task, {"max_minutes": 61 * 60})])
    with pytest.raises(ValidationError) as refused:
        plan_advice.ask_person(manager, run, 0)
    assert [e.key for e in refused.value.errors] == ["advice.error.cap_range"]
    assert _asks_outbox() == [] and plan_advice.asks_of(run) == {}


def test_agreeing_is_refused_when_leave_entered_since_overlaps_the_period(db, manager):
    draft, task = unplanned_training_week(manager)
    same = suggestion(task, TUESDAY_EVENING)
    run = done_advice(manager, draft, [same, same])
    asked = plan_advice.ask_person(manager, run, 0)
    tuesday = MONDAY + timedelta(days=1)
    add_leave(
        manager,
        staff_id_of(TRAINER),
        datetime.combine(tuesday, datetime.min.time(), TIME_ZONE),
        datetime.combine(tuesday + timedelta(days=1), datetime.min.time(), TIME_ZONE),
    )
    with pytest.raises(ValidationError) as refused:
        plan_advice.agree(manager, asked.id, asked.version)
    assert [e.key for e in refused.value.errors] == ["advice.error.on_leave"]
    assert plan_advice.asks_of(run)[0].agreed_at is None
    with read_session() as session:
        assert session.scalars(select(SolveJob).where(SolveJob.kind == "solve")).all() == []
    with pytest.raises(ValidationError) as not_asked:  # the same period asked again, later
        plan_advice.ask_person(manager, run, 1)
    assert [e.key for e in not_asked.value.errors] == ["advice.error.on_leave"]
    assert len(_asks_outbox()) == 1


def test_agreeing_waits_for_the_weeks_running_solve(db, manager):
    draft, task = unplanned_training_week(manager)
    run = done_advice(manager, draft, [suggestion(task, TUESDAY_EVENING)])
    asked = plan_advice.ask_person(manager, run, 0)
    running_solve(manager, MONDAY)
    with pytest.raises(FiredeskError) as refused:
        plan_advice.agree(manager, asked.id, asked.version)
    assert refused.value.key == "plan.error.solve_running"
    assert plan_advice.asks_of(run)[0].agreed_at is None


def test_only_people_on_the_staff_list_and_not_hall_slots_are_asked(db, manager):
    draft, task = unplanned_training_week(manager)
    hall = suggestion(task, {"resource": "S01-hall", "capacity": 2}) | {"staff": None}
    run = done_advice(manager, draft, [suggestion(task, TUESDAY_EVENING, staff="X99"), hall])
    for index, key in [(0, "advice.error.not_staff"), (1, "advice.error.no_person")]:
        with pytest.raises(ValidationError) as refused:
            plan_advice.ask_person(manager, run, index)
        assert [e.key for e in refused.value.errors] == [key]
    assert _asks_outbox() == []
