"""What queues a message: a booking planned in a published week (never an unannounced kind),
a complaint closed, an officer's evening before, a complaint clock about to run out."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from db.models import Booking, Location
from db.models.bookings import BOOKING_KINDS
from optimizer.contract import plan_from_dict
from rules.time import TIME_ZONE, local
from services.bookings import requests as bookings
from services.complaints.intake import intake
from services.complaints.workflow import assign, reopen, verify
from services.core.permissions import SYSTEM
from services.core.unit_of_work import unit_of_work
from services.i18n import all_messages
from services.notifications import triggers
from services.planning import jobs as plan_jobs
from services.planning import publish as plan_publish
from services.planning import versions as plan_versions
from services.planning.views import UNANNOUNCED_KINDS
from tests.fixtures.bookings import MONDAY, booking_input, build_world
from tests.fixtures.complaints import PHONE, only_case, run_through, seed_detachment, ticket
from tests.fixtures.notifications import published_week, rows

NEVER_TOLD = UNANNOUNCED_KINDS | {"re_inspection"}
# Every kind a task can have: the bookings', the UI's labels, and one nobody knows yet.
ALL_KINDS = sorted(
    set(BOOKING_KINDS)
    | NEVER_TOLD
    | {key.removeprefix("plan.kind.") for key in all_messages() if key.startswith("plan.kind.")}
    | {"some_new_kind"}
)


def test_publishing_confirms_the_booking_to_its_unit_with_time_and_officers(db, manager):
    booking_id, published = published_week(manager)
    assert published.booking_problems == ()
    [message] = rows()
    assert (message.recipient_kind, message.recipient_id) == ("unit_contact", str(booking_id))
    assert (message.template_key, message.channel) == ("booking.confirmed", "sms")
    assert message.address == "13812345678"
    [assignment] = published.version.plan["assignments"]
    names = {s["id"]: s["name"] for s in published.version.instance["staff"]}
    start = datetime.combine(MONDAY, time(0), tzinfo=TIME_ZONE) + timedelta(
        minutes=assignment["start"]
    )
    assert f"{start:%H:%M}" in message.body and "2026年11月30日" in message.body
    assert all(names[s] in message.body for s in assignment["staff"])


def test_a_re_publish_at_the_same_time_sends_no_second_confirmation(db, manager):
    _, published = published_week(manager)
    info = published.version
    with unit_of_work(manager) as session:
        row = plan_versions.store_version(
            session,
            manager,
            info.week_start,
            info.instance,
            plan_from_dict(info.plan),
            "edit",
            based_on_id=info.id,
        )
        draft_id, draft_version = row.id, row.version
    plan_publish.publish(manager, draft_id, draft_version)
    assert [r.template_key for r in rows()] == ["booking.confirmed"]


def test_a_new_appointment_time_is_confirmed_again(db, manager):
    booking_id, published = published_week(manager)
    [first] = rows()
    with unit_of_work(manager) as session:
        booking = session.get(Booking, booking_id)
        later = local(first.created_at) + timedelta(days=2)
        assert triggers.booking_planned(session, booking, later, ["王伟"]) is True
        assert triggers.booking_planned(session, booking, later, ["王伟"]) is False
    assert [r.template_key for r in rows()] == ["booking.confirmed", "booking.confirmed"]
    assert published.booking_problems == ()


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(ALL_KINDS), start=st.integers(0, 7 * 1440 - 1))
def test_no_unannounced_kind_ever_reaches_the_unit(kind, start):
    booking = Booking(id=1, kind=kind, contact_phone="13812345678", visitor_group="")
    booking.location = Location(name="华联KTV")
    moment = datetime.combine(MONDAY, time(0), tzinfo=TIME_ZONE) + timedelta(minutes=start)
    queued: list[str] = []

    class Spy:  # a session that must never be written to for an unannounced kind
        def scalar(self, *_):
            return None

        def add(self, row):
            queued.append(row.template_key)

        def begin_nested(self):
            return nullcontext()

    spy = Spy()
    triggers.booking_planned(spy, booking, moment, ["王伟"])
    triggers.booking_rolled_over(spy, booking, MONDAY, MONDAY + timedelta(days=7))
    triggers.booking_declined(spy, booking, "人手不足")
    if kind in NEVER_TOLD or kind not in BOOKING_KINDS:
        assert queued == []
        assert not triggers.unit_may_be_told(kind)
    else:
        assert queued == ["booking.confirmed", "booking.rolled_over", "booking.declined"]


def test_closing_a_complaint_tells_the_complainant_once_per_closing(
    db, admin, staff_actor, manager
):
    people = seed_detachment(admin)
    [case_id] = intake(staff_actor, [ticket()])
    run_through(case_id, staff_actor, manager, [people["王强"], people["李明"]])
    [message] = rows()
    assert (message.recipient_kind, message.address) == ("complainant", PHONE)
    assert "LY20261127001" in message.body and "当场改正" in message.body
    assert "张三丰" not in message.body
    reopen(manager, case_id, only_case().version, "复核")
    run_through(case_id, staff_actor, manager, [people["王强"], people["李明"]])
    assert [r.template_key for r in rows()] == ["complaint.closed", "complaint.closed"]


def test_officers_are_reminded_from_the_evening_before_and_once(db, manager):
    _, published = published_week(manager)
    [assignment] = published.version.plan["assignments"]
    sunday_evening = datetime.combine(MONDAY - timedelta(days=1), time(18, 0), tzinfo=TIME_ZONE)
    assert triggers.enqueue_due_reminders(sunday_evening - timedelta(minutes=1)).officers == 0
    assert triggers.enqueue_due_reminders(sunday_evening).officers == len(assignment["staff"])
    assert triggers.enqueue_due_reminders(sunday_evening + timedelta(hours=2)).officers == 0
    reminders = [r for r in rows() if r.template_key == "officer.reminder"]
    assert {r.recipient_kind for r in reminders} == {"staff"}
    assert all("华联KTV" in r.body for r in reminders)
    names = {s["id"]: s["name"] for s in published.version.instance["staff"]}
    assert {r.recipient_label for r in reminders} == {names[s] for s in assignment["staff"]}


def test_the_duty_desk_is_warned_when_an_unassigned_complaint_clock_nears_its_end(
    db, admin, staff_actor
):
    seed_detachment(admin)
    intake(staff_actor, [ticket()])
    deadline = local(only_case().deadline_at)
    early = deadline - triggers.CLOCK_WARNING - timedelta(minutes=1)
    assert triggers.enqueue_due_reminders(early).clocks == 0
    assert triggers.enqueue_due_reminders(deadline - timedelta(hours=3)).clocks == 1
    [message] = rows()
    assert (message.recipient_kind, message.recipient_id) == ("internal", "duty_manager")
    assert "LY20261127001" in message.body
    assert triggers.enqueue_due_reminders(deadline - timedelta(hours=2)).clocks == 0
    assert triggers.enqueue_due_reminders(deadline + timedelta(minutes=1)).clocks == 0


def test_both_inspectors_are_warned_and_a_verified_case_is_not(db, admin, staff_actor, manager):
    people = seed_detachment(admin)
    [case_id] = intake(staff_actor, [ticket()])
    assign(manager, {case_id: only_case().version}, [people["王强"], people["李明"]])
    deadline = local(only_case().deadline_at)
    assert triggers.enqueue_due_reminders(deadline - timedelta(hours=3)).clocks == 2
    assert {r.recipient_label for r in rows()} == {"王强", "李明"}
    assert {r.recipient_kind for r in rows()} == {"staff"}
    verify(staff_actor, case_id, only_case().version, True, "出口确被锁闭")
    assert triggers.enqueue_due_reminders(deadline - timedelta(hours=1)).clocks == 0


def test_a_booking_cancelled_before_publishing_is_not_confirmed(db, manager):
    build_world()
    booking_id = bookings.create_booking(
        manager, booking_input(windows=[{"start": 600, "end": 900, "cost": 0}])
    )
    run = plan_jobs.start_solve(manager, MONDAY, time_limit=2)
    assert run.wait(60) and run.state == "done", run.error
    bookings.cancel_booking(
        manager, booking_id, bookings.get_booking(SYSTEM, booking_id).version, "单位停业"
    )
    draft = plan_versions.get_version(run.version_id)
    plan_publish.publish(manager, draft.id, draft.version)
    assert bookings.get_booking(SYSTEM, booking_id).status == "cancelled"
    assert rows() == []


def test_a_complainant_who_left_no_number_gets_no_message(db, admin, staff_actor, manager):
    people = seed_detachment(admin)
    anonymous = ticket(ticket_no="LY20261127002", complainant_name="", complainant_phone="")
    [case_id] = set(intake(staff_actor, [ticket(), anonymous]))  # one case, two tickets
    run_through(case_id, staff_actor, manager, [people["王强"], people["李明"]])
    assert [(m.template_key, m.address) for m in rows()] == [("complaint.closed", PHONE)]
