"""An officer's outcome moves the booking its task stands for, in the same transaction:
done completes it with its follow-up (or nothing is saved), not done sends it back to the
duty manager's unplanned list with the note, and a later change is followed or refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from db.models import Booking, FollowUp, PlanVersion, TaskOutcome
from db.session import read_session
from services.bookings import requests as bookings
from services.core.clock import now
from services.core.errors import ValidationError
from services.core.permissions import SYSTEM
from services.core.unit_of_work import unit_of_work
from services.desks import officer, worklists
from services.i18n import t
from services.planning import unplanned
from services.planning.versions import published_version
from tests.conftest import BACKENDS, _empty_all_tables
from tests.fixtures.desks import account, demo_loaded, this_monday


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request, database_urls) -> Iterator[str]:
    with demo_loaded(database_urls[request.param], _empty_all_tables) as url:
        yield url


def _open_booking_tasks(me) -> list[officer.MyTask]:
    return [
        task
        for task in officer.my_tasks(me)
        if bookings.booking_of_task(task.task) is not None
        and not task.is_inspection
        and task.outcome is None
    ]


def _booking(task: officer.MyTask) -> Booking:
    with read_session() as session:
        return session.get(
            Booking,
            bookings.booking_of_task(task.task),
            options=[selectinload(Booking.history)],
        )


def _followups(booking_id: int) -> int:
    with read_session() as session:
        return session.scalar(
            select(func.count()).select_from(FollowUp).where(FollowUp.source_id == booking_id)
        )


def _outcome(task: officer.MyTask) -> TaskOutcome | None:
    with read_session() as session:
        return session.scalars(
            select(TaskOutcome).where(
                TaskOutcome.week_start == task.week_start, TaskOutcome.task == task.task
            )
        ).first()


def _set_status(booking_id: int, status: str) -> None:
    with unit_of_work(SYSTEM) as session:
        session.get(Booking, booking_id).status = status


def _again(me, task: officer.MyTask) -> officer.MyTask:
    return next(t for t in officer.my_tasks(me) if t.task == task.task)


def test_done_completes_a_planned_booking_with_its_followup_or_saves_nothing(demo, monkeypatch):
    me = account("officer")
    task = _open_booking_tasks(me)[0]
    booking_id = bookings.booking_of_task(task.task)
    _set_status(booking_id, "planned")
    assert _followups(booking_id) == 0

    def broken(*_args, **_kwargs):
        raise RuntimeError("follow-up store down")

    monkeypatch.setattr(bookings, "service_completed", broken)
    with pytest.raises(RuntimeError):
        officer.record_outcome(me, task, "done", "培训完成", None)
    # Neither the outcome nor the booking's move was written.
    assert _outcome(task) is None
    assert _booking(task).status == "planned" and _followups(booking_id) == 0

    monkeypatch.undo()
    officer.record_outcome(me, task, "done", "培训完成", None)
    booking = _booking(task)
    assert _outcome(task).outcome == "done" and booking.status == "done"
    moves = [(h.from_status, h.to_status, h.username) for h in booking.history[-2:]]
    assert moves == [("planned", "confirmed", "officer"), ("confirmed", "done", "officer")]
    assert _followups(booking_id) == 1

    # Not done once the booking is done and followed up: refused, nothing changes.
    with pytest.raises(ValidationError) as refused:
        officer.record_outcome(me, _again(me, task), "not_done", "记错了", 1)
    assert [e.key for e in refused.value.errors] == ["desk.error.booking_status"]
    assert _outcome(task).outcome == "done" and _booking(task).status == "done"
    # Done again is no change for the booking: no second follow-up, no new history.
    officer.record_outcome(me, _again(me, task), "done", "培训完成，32人", 1)
    assert len(_booking(task).history) == len(booking.history) and _followups(booking_id) == 1


def test_not_done_sends_the_booking_back_with_the_note_until_corrected(demo):
    me = account("officer")
    task = _open_booking_tasks(me)[0]
    booking_id = bookings.booking_of_task(task.task)
    assert _booking(task).status == "confirmed"  # the demo's coming tasks are confirmed
    officer.record_outcome(me, task, "not_done", "单位临时停电，改期", None)

    booking = _booking(task)
    assert booking.status == "requested"
    last = booking.history[-1]
    assert (last.from_status, last.to_status, last.reason) == (
        "confirmed",
        "requested",
        "单位临时停电，改期",
    )
    stranded = {s.booking_id: s for s in unplanned.stranded_requests(task.week_start, "zh-CN")}
    assert stranded[booking_id].reasons == t(
        "plan.unplanned.not_done", "zh-CN", note="单位临时停电，改期"
    )
    item = next(
        i
        for i in worklists.manager_items(account("manager"), "zh-CN").items
        if i.key == "desk.manager.not_done"
    )
    assert item.count == 1 and item.page == "pages/planning.py"
    assert item.lines == (f"{task.task} · {task.week_start.isoformat()}",)

    # The officer corrects it: the booking goes ahead again, done, with its follow-up.
    officer.record_outcome(me, _again(me, task), "done", "已补做", 1)
    booking = _booking(task)
    assert booking.status == "done" and _followups(booking_id) == 1
    assert [h.to_status for h in booking.history[-3:]] == ["planned", "confirmed", "done"]
    assert booking_id not in {
        s.booking_id for s in unplanned.stranded_requests(task.week_start, "zh-CN")
    }
    counts = {i.key: i.count for i in worklists.manager_items(account("manager"), "zh-CN").items}
    assert counts["desk.manager.not_done"] == 0


def _republish_renamed(old: str, new: str, kind: str) -> None:
    """This week's plan published again with task `old` as `new`, of `kind` (a task
    another area provides, not a booking)."""
    info = published_version(this_monday())
    with unit_of_work(SYSTEM) as session:
        session.info["audit"] = False
        current = session.get(PlanVersion, info.id)
        instance = dict(current.instance)
        instance["tasks"] = [
            {**t, "id": new, "kind": kind} if t["id"] == old else t for t in instance["tasks"]
        ]
        plan = dict(current.plan)
        plan["assignments"] = [
            {**a, "task": new} if a["task"] == old else a for a in plan["assignments"]
        ]
        session.add(
            PlanVersion(
                week_start=current.week_start,
                number=current.number + 1,
                status="published",
                source="edit",
                instance=instance,
                plan=plan,
                objective=current.objective,
                created_by="test",
                created_at=now(),
                published_at=now(),
                published_by="test",
            )
        )


def test_a_task_that_is_no_booking_is_recorded_and_moves_no_booking(demo):
    me = account("officer")
    task = next(t for t in officer.my_tasks(me) if t.week_start == this_monday())
    before = _booking(task)
    _republish_renamed(task.task, "F900001", "follow_up")
    visit = next(t for t in officer.my_tasks(me) if t.task == "F900001")
    officer.record_outcome(me, visit, "not_done", "联系人不在", None)
    assert (_outcome(visit).outcome, _outcome(visit).note) == ("not_done", "联系人不在")
    after = _booking(task)
    assert (after.status, after.version) == (before.status, before.version)
