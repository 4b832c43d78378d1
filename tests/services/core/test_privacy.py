"""Identities are masked for every role; one person is revealed only on request, by a duty
manager, an admin or the staff member assigned to the callback, and every reveal is audited."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from db.models import AuditLog, FollowUp, RectificationCase, Staff
from db.session import read_session
from rules.time import TIME_ZONE
from services.bookings import requests as bookings
from services.core.errors import PermissionDenied
from services.core.permissions import ROLE_PERMISSIONS, SYSTEM, Actor
from services.evaluations import bad_review_cases as rectification
from services.evaluations import followups
from services.evaluations import reviews as evaluations
from services.evaluations import trends as satisfaction
from services.evaluations.reviews import EvaluationInput, record_evaluation
from services.evaluations.trends import Window
from services.locations import registry as locations
from services.staff import people as staff_service
from tests.conftest import make_actor
from tests.fixtures.bookings import booking_input, publish_tour_slots, tour

PHONE, NAME = "13912345678", "王芳"
MOMENT = datetime(2026, 11, 24, 10, 0, tzinfo=TIME_ZONE)


def _staff_ids() -> dict[str, int]:
    with read_session() as session:
        return {code: staff_id for code, staff_id in session.execute(select(Staff.code, Staff.id))}


def _as_staff(staff_id: int, username: str = "clerk") -> Actor:
    return Actor(user_id=None, username=username, role="staff", staff_id=staff_id)


def _bad_review() -> tuple[int, int]:
    evaluation_id = record_evaluation(
        SYSTEM,
        EvaluationInput(
            evaluated_at=MOMENT,
            level=5,
            channel="device",
            service="window",
            comment="等了很久",
            anonymous=False,
            reviewer_name=NAME,
            reviewer_phone=PHONE,
        ),
    )
    with read_session() as session:
        case_id = session.scalar(
            select(RectificationCase.id).where(RectificationCase.evaluation_id == evaluation_id)
        )
    return case_id, evaluation_id


def _reveals() -> list[tuple[str, str, str | None]]:
    with read_session() as session:
        return [
            (a.username, a.table_name, a.row_id)
            for a in session.scalars(
                select(AuditLog).where(AuditLog.action == "reveal").order_by(AuditLog.id)
            )
        ]


def test_leaders_may_not_unmask_and_only_managers_and_admins_may():
    holders = {role for role, perms in ROLE_PERMISSIONS.items() if "complaints.unmask" in perms}
    assert holders == {"duty_manager", "admin"}


@pytest.mark.parametrize("role", ["staff", "duty_manager", "admin"])
def test_evaluation_lists_mask_reviewers_for_every_role(world, role):
    _bad_review()
    row = evaluations.recent_evaluations(make_actor(role)).iloc[0]
    assert (row.reviewer_name, row.reviewer_phone) == ("王*", "139****5678")


@pytest.mark.parametrize("role", ["leader", "duty_manager", "admin"])
def test_kpi_drill_downs_mask_reviewers_for_every_role(world, role):
    _bad_review()
    win = Window("month", MOMENT.date().replace(day=1), MOMENT.date().replace(month=12, day=1))
    for frame in (
        satisfaction.records_in_window(make_actor(role), win),
        satisfaction.records_in_window(make_actor(role), win, bad_only=True),
        satisfaction.search_comments(make_actor(role), "很久", win),
    ):
        assert frame["reviewer_phone"].tolist() == ["139****5678"]
        assert frame["reviewer_name"].tolist() == ["王*"]


def test_a_manager_reveals_one_reviewer_and_the_look_is_audited(world, manager):
    _, evaluation_id = _bad_review()
    shown = evaluations.reveal_reviewer(manager, evaluation_id)
    assert (shown.name, shown.phone) == (NAME, PHONE)
    assert _reveals() == [("test-duty_manager", "evaluations", str(evaluation_id))]


def test_leaders_and_unassigned_staff_cannot_reveal_and_leave_no_reveal_row(world):
    case_id, evaluation_id = _bad_review()
    clerk = _as_staff(_staff_ids()["E002"])
    for actor in (make_actor("leader"), make_actor("staff"), clerk):
        with pytest.raises(PermissionDenied):
            evaluations.reveal_reviewer(actor, evaluation_id)
    with pytest.raises(PermissionDenied):
        rectification.reveal_reviewer(clerk, case_id)
    assert _reveals() == []


def test_the_assigned_callback_staff_member_reveals_the_number_to_call(world, manager):
    case_id, evaluation_id = _bad_review()
    ids = _staff_ids()
    assignee, other = _as_staff(ids["E001"], "wang"), _as_staff(ids["E002"], "li")
    with pytest.raises(PermissionDenied):
        rectification.assign_case(assignee, case_id, 1, ids["E001"])
    rectification.assign_case(manager, case_id, 1, ids["E001"])

    view = rectification.get_case(assignee, case_id)
    assert (view.reviewer_name, view.reviewer_phone) == ("王*", "139****5678")
    assert (view.assignee, view.may_reveal) == ("王伟", True)
    assert rectification.get_case(other, case_id).may_reveal is False
    assert rectification.get_case(manager, case_id).reviewer_phone == "139****5678"

    shown = rectification.reveal_reviewer(assignee, case_id)
    assert shown.phone == PHONE
    with pytest.raises(PermissionDenied):
        rectification.reveal_reviewer(other, case_id)
    assert _reveals() == [("wang", "evaluations", str(evaluation_id))]


def _done_tour(manager, staff_actor) -> int:
    slot = publish_tour_slots(manager)[0]
    booking_id = bookings.create_booking(staff_actor, tour(slot.id, 20, phone="13712345678"))
    for version, status in ((1, "planned"), (2, "confirmed"), (3, "done")):
        bookings.change_status(manager, booking_id, version, status)
    with read_session() as session:
        return session.scalar(select(FollowUp.id).where(FollowUp.source_id == booking_id))


def test_a_tour_follow_up_carries_its_contact_masked_and_revealed_to_the_assignee(
    world,
    manager,
    staff_actor,
):
    followup_id = _done_tour(manager, staff_actor)
    with read_session() as session:
        stored = session.get(FollowUp, followup_id)
    assert (stored.unit_location_id, stored.contact_phone) == (None, "13712345678")
    assert stored.contact_name == "刘经理"
    with read_session() as session:
        logged = [
            (a.before, a.after)
            for a in session.scalars(select(AuditLog).where(AuditLog.table_name == "follow_ups"))
        ]
    assert logged and "13712345678" not in str(logged) and "刘经理" not in str(logged)

    listed = followups.list_followups(staff_actor).set_index("id").loc[followup_id]
    assert (listed.contact_name, listed.contact_phone) == ("刘**", "137****5678")
    assert bool(listed.may_reveal) is False

    assignee = _as_staff(_staff_ids()["E003"], "zhang")
    with pytest.raises(PermissionDenied):
        followups.reveal_contact(assignee, followup_id)
    followups.assign_followup(manager, followup_id, 1, _staff_ids()["E003"])
    listed = followups.list_followups(assignee).set_index("id").loc[followup_id]
    assert (listed.assignee, bool(listed.may_reveal)) == ("张敏", True)
    assert followups.reveal_contact(assignee, followup_id).phone == "13712345678"
    assert _reveals() == [("zhang", "follow_ups", str(followup_id))]


def test_a_follow_up_answer_is_recorded_against_the_person_called(
    world,
    manager,
    staff_actor,
):
    followup_id = _done_tour(manager, staff_actor)
    data = EvaluationInput(evaluated_at=MOMENT, level=1, channel="", service="", anonymous=False)
    evaluation_id = followups.record_result(staff_actor, followup_id, 1, data)
    with read_session() as session:
        from db.models import Evaluation

        evaluation = session.get(Evaluation, evaluation_id)
    assert (evaluation.reviewer_name, evaluation.reviewer_phone) == ("刘经理", "13712345678")


def test_reads_of_personal_records_check_the_actor(world, leader, staff_actor):
    booking_id = bookings.create_booking(staff_actor, booking_input())
    staff_id = _staff_ids()["E001"]
    unit_id = int(locations.list_locations(SYSTEM, kind="unit")["id"][0])
    with pytest.raises(PermissionDenied):
        bookings.get_booking(leader, booking_id)
    with pytest.raises(PermissionDenied):
        staff_service.get_staff(staff_actor, staff_id)
    with pytest.raises(PermissionDenied):
        locations.get_location(staff_actor, unit_id)
    assert bookings.get_booking(staff_actor, booking_id).data.contact_phone == "13812345678"
    assert staff_service.get_staff(SYSTEM, staff_id).code == "E001"
    assert locations.get_location(SYSTEM, unit_id).kind == "unit"


def test_staff_and_unit_phones_are_masked_in_the_audit_log_and_lists(world, admin):
    places = staff_service.bases()
    person = staff_service.StaffInput(
        "E099", "孙丽", next(iter(places)), 40, "13698765432", ["service"], True
    )
    staff_id = staff_service.create_staff(admin, person)
    district_id = int(locations.get_location(admin, next(iter(places))).district_id)
    unit_id = locations.create_location(
        admin,
        locations.LocationInput(
            "U099", "unit", "星光影城", district_id, contact_phone="13511112222"
        ),
    )
    with read_session() as session:
        logged = " ".join(
            str(row.before) + str(row.after) for row in session.scalars(select(AuditLog))
        )
    assert "13698765432" not in logged and "13511112222" not in logged
    listed = staff_service.list_staff(admin).set_index("id").loc[staff_id]
    assert listed.phone == "136****5432"
    units = locations.list_locations(admin, kind="unit").set_index("id")
    assert units.loc[unit_id].contact_phone == "135****2222"
