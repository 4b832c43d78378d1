"""Follow-ups: created when a service completes, answered as evaluations, planned on site."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from db.models import Evaluation, FollowUp, Location, RectificationCase
from db.session import read_session
from rules.time import TIME_ZONE
from services.core.errors import FiredeskError
from services.core.unit_of_work import unit_of_work
from services.evaluations.bad_review_cases import seed_calendar_for
from services.evaluations.followups import (
    create_followup_for,
    followup_tasks,
    list_followups,
    mark_unreachable,
    record_result,
    service_completed,
)
from services.evaluations.reviews import EvaluationInput
from tests.fixtures.evaluations import make_places


def _unit(actor) -> int:
    make_places(actor)
    with unit_of_work(actor) as session:
        district_id = session.scalar(select(Location.district_id))
        unit = Location(code="U001", kind="unit", name="华联商厦", district_id=district_id)
        session.add(unit)
        session.flush()
        return unit.id


def test_a_completed_inspection_creates_one_on_site_follow_up(db, staff_actor):
    unit_id = _unit(staff_actor)
    completed = datetime(2026, 9, 29, 15, 0, tzinfo=TIME_ZONE)
    seed_calendar_for([completed])
    for _ in range(2):  # completing the same record again must not add a second follow-up
        with unit_of_work(staff_actor) as session:
            service_completed(session, "inspection", 41, unit_id, completed)
    with read_session() as session:
        followups = session.scalars(select(FollowUp)).all()
    assert len(followups) == 1
    # Five working days after Tue 29 Sep 2026: 30 Sep, then the National Day holiday
    # (1–7 Oct) and its make-up Saturday 10 Oct.
    assert (followups[0].mode, followups[0].due) == ("on_site", date(2026, 10, 12))


def test_a_follow_up_without_a_unit_is_by_phone(db, staff_actor):
    with unit_of_work(staff_actor) as session:
        followup = create_followup_for(session, "tour", 7, None, date(2026, 12, 1), "on_site")
    assert followup.mode == "phone"


def test_the_answer_becomes_a_phone_follow_up_evaluation(db, staff_actor):
    unit_id = _unit(staff_actor)
    with unit_of_work(staff_actor) as session:
        followup_id = create_followup_for(
            session, "training", 3, unit_id, date(2026, 12, 1), "phone"
        ).id
    evaluation_id = record_result(
        staff_actor,
        followup_id,
        1,
        EvaluationInput(
            evaluated_at=None,
            level=4,
            channel="",
            service="",
            comment="培训时间太短",
            anonymous=False,
            reviewer_name="赵强",
            reviewer_phone="0419-2123456",
        ),
    )
    with read_session() as session:
        evaluation = session.get(Evaluation, evaluation_id)
        followup = session.get(FollowUp, followup_id)
        case = session.scalar(select(RectificationCase.evaluation_id))
    assert (evaluation.channel, evaluation.service, evaluation.source) == (
        "phone_followup",
        "training",
        "followup",
    )
    assert (followup.status, followup.evaluation_id, case) == ("done", evaluation_id, evaluation_id)
    with pytest.raises(FiredeskError):
        mark_unreachable(staff_actor, followup_id, 2, "again")


def test_unreachable_follow_ups_leave_the_open_list(db, staff_actor):
    with unit_of_work(staff_actor) as session:
        followup_id = create_followup_for(
            session, "complaint", 9, None, date(2026, 11, 2), "phone"
        ).id
    assert list_followups(staff_actor)["overdue"].tolist() == [True]
    mark_unreachable(staff_actor, followup_id, 1, "三次无人接听")
    assert list_followups(staff_actor).empty
    assert list_followups(staff_actor, "unreachable")["id"].tolist() == [followup_id]


def test_on_site_follow_ups_are_planner_tasks_on_working_days_until_due(db, staff_actor):
    unit_id = _unit(staff_actor)
    with unit_of_work(staff_actor) as session:
        on_site = create_followup_for(
            session, "inspection", 1, unit_id, date(2099, 1, 7), "on_site"
        )
        create_followup_for(session, "complaint", 2, unit_id, date(2099, 1, 7), "phone")
        on_site.created_at = datetime(2099, 1, 1, 8, 0, tzinfo=TIME_ZONE)
    with read_session() as session:
        tasks = followup_tasks(session, date(2099, 1, 5), date(2099, 1, 12))
    assert len(tasks) == 1
    task = tasks[0]
    assert {k: task[k] for k in ("id", "kind", "location", "skill", "headcount", "priority")} == {
        "id": f"F{on_site.id}",
        "kind": "follow_up",
        "location": "U001",
        "skill": "service",
        "headcount": 1,
        "priority": 2,
    }
    # Mon 5 – Wed 7 Jan 2099 (an unpublished year: Monday–Friday), 09:00–17:00.
    assert [(w["start"], w["end"]) for w in task["windows"]] == [
        (540, 1020),
        (1440 + 540, 1440 + 1020),
        (2880 + 540, 2880 + 1020),
    ]
