"""The outbox: every message the detachment owes someone is a row here before anyone tries
to deliver it.

Triggers call `enqueue` inside the unit of work of the change that causes the message, so
a change that rolls back leaves no message, and a message exists only if its change
committed. `run` hands due rows to the configured sender:

- a runner *claims* a row with one conditional UPDATE (`pending` → `sending` with its own
  token, only if still pending); of two runners racing for a row exactly one wins, on
  PostgreSQL (the loser's UPDATE re-reads the row after the winner's commit) and on SQLite
  (a unit of work holds the write lock);
- the sender is called outside any transaction; success marks the row `sent`, a
  `SendError` puts it back to `pending` after an exponential back-off
  (`BACKOFF_BASE` · 2^(attempts-1), at most `BACKOFF_CAP`) until `MAX_ATTEMPTS`, then `failed`;
- a row claimed longer than `CLAIM_TIMEOUT` ago (its runner died) goes back to pending.

Addresses (phone numbers) are stored for the sender and shown masked in every list; an
administrator may reveal one message's address, which is audited.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import OutboxMessage
from db.models.notifications import MESSAGE_STATES, RECIPIENT_KINDS
from db.session import read_session
from rules.time import local
from services.core.clock import now
from services.core.config import load_settings
from services.core.errors import FiredeskError
from services.core.permissions import SYSTEM, Actor, require
from services.core.privacy import masked_phone
from services.core.records import load_for_update
from services.core.unit_of_work import record, unit_of_work
from services.notifications import templates
from services.notifications.senders import Outgoing, Sender, SendError

log = logging.getLogger("firedesk.outbox")

READ_PERMISSION = "outbox.read"
ADMIN_PERMISSION = templates.ADMIN_PERMISSION
MAX_ATTEMPTS = 5
BACKOFF_BASE = timedelta(minutes=2)
BACKOFF_CAP = timedelta(hours=6)
CLAIM_TIMEOUT = timedelta(minutes=15)
NEEDS_ADDRESS = ("sms", "wechat_template")
STATES = MESSAGE_STATES
RESENDABLE = ("failed", "cancelled")
CANCELLABLE = ("pending", "failed")


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed try."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


@dataclass(frozen=True)
class Recipient:
    kind: str  # one of RECIPIENT_KINDS
    id: str
    label: str
    address: str | None
    channel: str

    def __post_init__(self) -> None:
        if self.kind not in RECIPIENT_KINDS:
            raise ValueError(f"unknown recipient kind {self.kind!r}")


def enqueue(
    session: Session,
    recipient: Recipient,
    template_key: str,
    values: dict[str, object],
    dedup_key: str,
    *,
    language: str | None = None,
    not_before: datetime | None = None,
) -> bool:
    """Queue one message in the caller's unit of work; False if its occasion (`dedup_key`)
    is queued already. A message that needs an address and has none is stored `failed`
    (the admin page lists it) rather than dropped."""
    if _queued(session, dedup_key):
        return False
    language = language or load_settings().language
    moment = now()
    missing = recipient.channel in NEEDS_ADDRESS and not (recipient.address or "").strip()
    row = OutboxMessage(
        recipient_kind=recipient.kind,
        recipient_id=recipient.id,
        recipient_label=recipient.label[:120],
        address=recipient.address or None,
        channel=recipient.channel,
        template_key=template_key,
        language=language,
        body=templates.render(session, template_key, language, values),
        state="failed" if missing else "pending",
        last_error="no address" if missing else "",
        next_attempt_at=max(moment, not_before) if not_before else moment,
        dedup_key=dedup_key[:200],
        created_at=moment,
    )
    # A savepoint: when another transaction queued the same occasion meanwhile (PostgreSQL;
    # SQLite's writers take turns), the unique key refuses this row and only it is undone.
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        if _queued(session, dedup_key):
            return False
        raise
    return True


def _queued(session: Session, dedup_key: str) -> bool:
    found = session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedup_key == dedup_key))
    return found is not None


# ----------------------------------------------------------------------------- sending


@dataclass(frozen=True)
class RunResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    released: int = 0


def release_stale_claims(at: datetime | None = None) -> int:
    """Rows whose runner died while sending go back to pending."""
    at = at or now()
    with unit_of_work(SYSTEM) as session:
        result = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.state == "sending", OutboxMessage.claimed_at < at - CLAIM_TIMEOUT)
            .values(
                state="pending",
                claim_token=None,
                last_error="claim expired",
                version=OutboxMessage.version + 1,
            )
        )
        return result.rowcount or 0


def claim_due(token: str, at: datetime | None = None, limit: int = 100) -> list[Outgoing]:
    """Claim up to `limit` due pending rows for the runner `token`; a row another runner
    claimed first is skipped."""
    at = at or now()
    claimed: list[Outgoing] = []
    with unit_of_work(SYSTEM) as session:
        ids = session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.state == "pending", OutboxMessage.next_attempt_at <= at)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        ).all()
        for message_id in ids:
            result = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, OutboxMessage.state == "pending")
                .values(
                    state="sending",
                    claim_token=token,
                    claimed_at=at,
                    version=OutboxMessage.version + 1,
                )
            )
            if result.rowcount != 1:
                continue
            row = session.get(OutboxMessage, message_id)
            claimed.append(
                Outgoing(
                    id=row.id,
                    channel=row.channel,
                    recipient_kind=row.recipient_kind,
                    recipient_id=row.recipient_id,
                    address=row.address,
                    body=row.body,
                    dedup_key=row.dedup_key,
                    attempt=row.attempts + 1,
                )
            )
    return claimed


def _finish(message_id: int, token: str, error: str | None, at: datetime) -> str:
    with unit_of_work(SYSTEM) as session:
        row = session.get(OutboxMessage, message_id)
        if row is None or row.state != "sending" or row.claim_token != token:
            return "lost"  # released as stale meanwhile: the other runner owns it now
        row.attempts += 1
        row.claim_token = None
        if error is None:
            row.state, row.sent_at, row.last_error = "sent", at, ""
            return "sent"
        row.last_error = error[:500]
        if row.attempts >= MAX_ATTEMPTS:
            row.state = "failed"
            return "failed"
        row.state, row.next_attempt_at = "pending", at + backoff(row.attempts)
        return "retried"


def run(sender: Sender, at: datetime | None = None, limit: int = 100) -> RunResult:
    """Send what is due now through `sender`."""
    at = at or now()
    released = release_stale_claims(at)
    token = uuid.uuid4().hex
    counts = {"sent": 0, "retried": 0, "failed": 0, "lost": 0}
    for message in claim_due(token, at, limit):
        try:
            sender.send(message)
            error = None
        except SendError as exc:
            error = str(exc) or exc.__class__.__name__
            log.warning("outbox %s: %s", message.id, error)
        counts[_finish(message.id, token, error, at)] += 1
    return RunResult(counts["sent"], counts["retried"], counts["failed"], released)


# ----------------------------------------------------------------------------- the admin page


@dataclass(frozen=True)
class MessageRow:
    id: int
    created_at: datetime
    recipient_kind: str
    recipient_label: str
    address: str  # masked
    channel: str
    template_key: str
    language: str
    body: str
    state: str
    attempts: int
    next_attempt_at: datetime
    last_error: str
    sent_at: datetime | None
    dedup_key: str
    version: int


def _row(m: OutboxMessage) -> MessageRow:
    return MessageRow(
        id=m.id,
        created_at=local(m.created_at),
        recipient_kind=m.recipient_kind,
        recipient_label=m.recipient_label,
        address=masked_phone(m.address) if m.address else "",
        channel=m.channel,
        template_key=m.template_key,
        language=m.language,
        body=m.body,
        state=m.state,
        attempts=m.attempts,
        next_attempt_at=local(m.next_attempt_at),
        last_error=m.last_error,
        sent_at=local(m.sent_at) if m.sent_at else None,
        dedup_key=m.dedup_key,
        version=m.version,
    )


def list_messages(
    actor: Actor,
    *,
    state: str | None = None,
    template_key: str | None = None,
    recipient_kind: str | None = None,
    limit: int = 500,
) -> list[MessageRow]:
    """The newest messages first, addresses masked whoever reads."""
    require(actor, READ_PERMISSION)
    if state is not None and state not in MESSAGE_STATES:
        raise FiredeskError("outbox.error.state", state=state)
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if state:
        query = query.where(OutboxMessage.state == state)
    if template_key:
        query = query.where(OutboxMessage.template_key == template_key)
    if recipient_kind:
        query = query.where(OutboxMessage.recipient_kind == recipient_kind)
    with read_session() as session:
        return [_row(m) for m in session.scalars(query)]


def reveal_address(actor: Actor, message_id: int) -> str:
    """One message's address for an administrator; the look is audited."""
    require(actor, ADMIN_PERMISSION)
    with unit_of_work(actor) as session:
        row = load_for_update(session, OutboxMessage, message_id, None)
        record(session, actor, "reveal", OutboxMessage.__tablename__, message_id, "address")
        return row.address or ""


def resend(actor: Actor, message_id: int, version: int) -> None:
    """Queue a failed (or cancelled) message again with fresh attempts; audited."""
    require(actor, ADMIN_PERMISSION)
    with unit_of_work(actor) as session:
        row = load_for_update(session, OutboxMessage, message_id, version)
        if row.state not in RESENDABLE:
            raise FiredeskError("outbox.error.not_failed", state=row.state)
        row.state, row.attempts, row.next_attempt_at = "pending", 0, now()
        record(session, actor, "resend", OutboxMessage.__tablename__, message_id, row.last_error)


def cancel(actor: Actor, message_id: int, version: int) -> None:
    """Withdraw a message not yet sent."""
    require(actor, ADMIN_PERMISSION)
    with unit_of_work(actor) as session:
        row = load_for_update(session, OutboxMessage, message_id, version)
        if row.state not in CANCELLABLE:
            raise FiredeskError("outbox.error.not_pending", state=row.state)
        row.state = "cancelled"
