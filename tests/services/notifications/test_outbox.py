"""The outbox: one row per occasion, sent once, retried with back-off, claimed atomically,
addresses masked for everyone but an administrator's audited look."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from db.models import AuditLog, OutboxMessage
from db.session import read_session
from rules.time import local
from services.core.clock import now
from services.core.errors import FiredeskError, PermissionDenied
from services.core.permissions import SYSTEM
from services.core.unit_of_work import unit_of_work
from services.notifications import outbox
from services.notifications.senders import LogSender, configured_sender
from tests.fixtures.notifications import PHONE, RecordingSender, queue, rows


def test_the_same_occasion_is_queued_once(db):
    assert queue("complaint:1:closed") is True
    assert queue("complaint:1:closed") is False
    assert [r.dedup_key for r in rows()] == ["complaint:1:closed"]
    assert rows()[0].state == "pending"
    assert "万达广场" in rows()[0].body and "当场改正" in rows()[0].body


def test_the_database_refuses_a_second_row_for_an_occasion(db):
    queue("once")
    moment = now()
    with pytest.raises(IntegrityError), unit_of_work(SYSTEM) as session:
        session.add(
            OutboxMessage(
                recipient_kind="internal",
                channel="internal",
                template_key="complaint.closed",
                body="x",
                next_attempt_at=moment,
                created_at=moment,
                dedup_key="once",
            )
        )


def test_a_change_that_rolls_back_leaves_no_message(db):
    with pytest.raises(RuntimeError), unit_of_work(SYSTEM) as session:
        recipient = outbox.Recipient("complainant", "1", "LY001", PHONE, "sms")
        values = {"ticket": "LY001", "unit": "万达广场", "result": "当场改正"}
        outbox.enqueue(session, recipient, "complaint.closed", values, "rolled-back")
        raise RuntimeError("the change fails after queuing")
    assert rows() == []


def test_a_message_without_an_address_is_kept_as_failed(db):
    queue("no-phone", phone=None)
    [row] = rows()
    assert (row.state, row.last_error) == ("failed", "no address")
    assert outbox.run(RecordingSender()).sent == 0


def test_the_log_sender_marks_sent_and_a_second_run_sends_nothing(db, caplog):
    queue("a")
    with caplog.at_level("INFO", logger="firedesk.outbox"):
        assert outbox.run(LogSender()).sent == 1
    [row] = rows()
    assert row.state == "sent" and row.attempts == 1 and row.sent_at is not None
    assert "139****5678" in caplog.text and PHONE not in caplog.text
    assert outbox.run(LogSender()).sent == 0


def test_failures_are_retried_with_exponential_back_off_then_given_up(db):
    queue("flaky")
    start = now()
    sender = RecordingSender(fail_first=99)
    assert outbox.run(sender, start).retried == 1
    [row] = rows()
    assert row.attempts == 1 and row.last_error == "gateway timeout"
    assert local(row.next_attempt_at) == start + timedelta(minutes=2)
    assert outbox.run(sender, start + timedelta(minutes=1)).retried == 0  # not due yet
    waits = []
    at = start
    for _ in range(2, outbox.MAX_ATTEMPTS + 1):
        at = local(rows()[0].next_attempt_at)
        result = outbox.run(sender, at)
        waits.append(local(rows()[0].next_attempt_at) - at)
        assert result.retried + result.failed == 1
    assert waits[:3] == [timedelta(minutes=4), timedelta(minutes=8), timedelta(minutes=16)]
    [row] = rows()
    assert (row.state, row.attempts) == ("failed", outbox.MAX_ATTEMPTS)
    assert outbox.run(sender, at + timedelta(days=1)).sent == 0


def test_a_retry_after_a_failure_sends_once(db):
    queue("second-time-lucky")
    sender = RecordingSender(fail_first=1)
    start = now()
    outbox.run(sender, start)
    assert outbox.run(sender, start + outbox.backoff(1)).sent == 1
    assert sender.sent == [rows()[0].id]
    assert rows()[0].state == "sent" and rows()[0].attempts == 2


def test_a_row_claimed_by_one_runner_is_not_claimed_by_another(db):
    queue("contested")
    first = outbox.claim_due("runner-a")
    second = outbox.claim_due("runner-b")
    assert [m.dedup_key for m in first] == ["contested"] and second == []


def test_two_runners_at_once_never_send_a_message_twice(db):
    for n in range(30):
        queue(f"bulk:{n}")
    sender = RecordingSender(delay=0.005)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def runner() -> None:
        try:
            barrier.wait()
            while outbox.run(sender, limit=5).sent:
                pass
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert sorted(sender.sent) == sorted(r.id for r in rows())
    assert len(sender.sent) == len(set(sender.sent)) == 30
    assert {r.state for r in rows()} == {"sent"}


def test_a_stale_claim_goes_back_to_pending(db):
    queue("orphan")
    start = now()
    outbox.claim_due("dead-runner", start)
    assert rows()[0].state == "sending"
    result = outbox.run(RecordingSender(), start + outbox.CLAIM_TIMEOUT + timedelta(seconds=1))
    assert (result.released, result.sent) == (1, 1)


def test_addresses_are_masked_in_the_list_and_revealed_to_an_admin_only(db, manager, admin):
    queue("masked")
    [row] = outbox.list_messages(manager)
    assert row.address == "139****5678"
    with pytest.raises(PermissionDenied):
        outbox.reveal_address(manager, row.id)
    assert outbox.reveal_address(admin, row.id) == PHONE
    with read_session() as session:
        audits = session.scalars(
            select(AuditLog).where(AuditLog.table_name == "outbox_messages")
        ).all()
    assert [a.action for a in audits if a.action == "reveal"] == ["reveal"]
    inserted = next(a for a in audits if a.action == "insert")
    assert inserted.after["address"] == "***"


def test_staff_and_leaders_cannot_read_the_outbox(db, staff_actor, leader):
    queue("private")
    for actor in (staff_actor, leader):
        with pytest.raises(PermissionDenied):
            outbox.list_messages(actor)


def test_an_admin_re_sends_a_failed_message_and_it_is_audited(db, admin, manager):
    queue("failing")
    sender = RecordingSender(fail_first=99)
    at = now()
    for _ in range(outbox.MAX_ATTEMPTS):
        outbox.run(sender, at)
        at = local(rows()[0].next_attempt_at)
    [row] = outbox.list_messages(admin, state="failed")
    with pytest.raises(PermissionDenied):
        outbox.resend(manager, row.id, row.version)
    outbox.resend(admin, row.id, row.version)
    [again] = rows()
    assert (again.state, again.attempts) == ("pending", 0)
    with pytest.raises(FiredeskError):
        outbox.resend(admin, again.id, again.version)  # only failed ones
    assert outbox.run(RecordingSender()).sent == 1
    with read_session() as session:
        actions = session.scalars(
            select(AuditLog.action).where(AuditLog.username == admin.username)
        ).all()
    assert "resend" in actions


def test_an_admin_cancels_a_pending_message_and_it_is_never_sent(db, admin):
    queue("withdrawn")
    [row] = outbox.list_messages(admin)
    outbox.cancel(admin, row.id, row.version)
    assert outbox.run(RecordingSender()).sent == 0
    assert [r.state for r in outbox.list_messages(admin, state="cancelled")] == ["cancelled"]


def test_the_sender_comes_from_the_environment():
    assert isinstance(configured_sender({}), LogSender)
    named = configured_sender({"FIREDESK_SENDER": "services.notifications.senders:LogSender"})
    assert isinstance(named, LogSender)
    with pytest.raises(ValueError, match="FIREDESK_SENDER"):
        configured_sender({"FIREDESK_SENDER": "smsgateway"})


def test_the_back_off_doubles_up_to_its_cap():
    assert [outbox.backoff(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (2, 4, 8)]
    assert outbox.backoff(30) == timedelta(hours=6)


def test_two_changes_queuing_one_occasion_at_once_keep_one_row_and_both_commit(db):
    queued_first, release = threading.Event(), threading.Event()
    results: dict[str, bool] = {}
    errors: list[BaseException] = []

    def change(name: str, hold: bool) -> None:
        try:
            with unit_of_work(SYSTEM) as session:
                recipient = outbox.Recipient("complainant", "1", name, PHONE, "sms")
                values = {"ticket": name, "unit": "万达广场", "result": "当场改正"}
                results[name] = outbox.enqueue(
                    session, recipient, "complaint.closed", values, "race"
                )
                if hold:
                    queued_first.set()
                    release.wait(10)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    first = threading.Thread(target=change, args=("first", True))
    first.start()
    assert queued_first.wait(10)
    second = threading.Thread(target=change, args=("second", False))
    second.start()
    second.join(0.5)  # it waits on the first's uncommitted row (or SQLite's write lock)
    release.set()
    first.join(30)
    second.join(30)
    assert errors == []
    assert results == {"first": True, "second": False}
    assert [r.recipient_label for r in rows()] == ["first"]
