"""`manage.py outbox run` (for cron: queue the reminders now due, then send what is due) and
`manage.py outbox list [--state S]` (the outbox as CSV, addresses masked)."""

from __future__ import annotations

import sys
from datetime import datetime

from services.core.clock import now
from services.core.permissions import SYSTEM
from services.core.spreadsheet import write_csv
from services.notifications import outbox, triggers
from services.notifications.senders import configured_sender

LIST_COLUMNS = [
    "id",
    "created_at",
    "state",
    "attempts",
    "channel",
    "recipient_kind",
    "recipient_label",
    "address",
    "template_key",
    "next_attempt_at",
    "last_error",
    "body",
]


def cmd_run(args) -> int:
    at = now()
    reminders = triggers.enqueue_due_reminders(at)
    result = outbox.run(configured_sender(), at, limit=args.limit)
    print(
        f"queued {reminders.officers} officer reminders, {reminders.clocks} clock reminders; "
        f"sent {result.sent}, retrying {result.retried}, failed {result.failed}, "
        f"released {result.released} stale claims"
    )
    return 0


def cmd_list(args) -> int:
    rows = outbox.list_messages(SYSTEM, state=args.state, limit=args.limit)
    write_csv(
        sys.stdout, LIST_COLUMNS, ([_cell(getattr(r, c)) for c in LIST_COLUMNS] for r in rows)
    )
    return 0


def _cell(value: object) -> object:
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else value


def register(subparsers) -> None:
    parser = subparsers.add_parser("outbox", help="the notification outbox: run (cron) or list")
    actions = parser.add_subparsers(dest="outbox_action", required=True)
    run = actions.add_parser("run", help="queue due reminders and send due messages")
    run.add_argument("--limit", type=int, default=100, help="messages sent per run")
    run.set_defaults(run=cmd_run)
    listing = actions.add_parser("list", help="the outbox as CSV (addresses masked)")
    listing.add_argument("--state", choices=["pending", "sending", "sent", "failed", "cancelled"])
    listing.add_argument("--limit", type=int, default=500)
    listing.set_defaults(run=cmd_list)
