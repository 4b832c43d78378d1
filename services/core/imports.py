"""One record per import attempt (`import_runs`), accepted or refused.

Every importer runs inside `recorded_import(actor, kind, filename)`, outside its own data
transaction, and tells the run how many rows it read and wrote:

    with recorded_import(actor, "complaints", name) as run:
        tickets = read_sheet(name, content)
        run.rows = len(tickets)
        run.created = len(intake(actor, tickets))

A refusal (any FiredeskError: an unreadable file, missing columns, bad rows) is recorded in
its own short transaction after the data transaction rolled back, then raised on as
before. Errors keep their row, field and message key only, never a value (a cell may be
a name or a phone number).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from db.models.imports import ImportRun
from services.core.clock import now
from services.core.errors import FieldError, FiredeskError, ValidationError
from services.core.permissions import Actor
from services.core.unit_of_work import unit_of_work

ERRORS_KEPT = 10
FILENAME_MAX = 255
log = logging.getLogger(__name__)


@dataclass
class RunCounts:
    """What an importer tells its run: rows read, rows written."""

    rows: int = 0
    created: int = 0


@dataclass(frozen=True)
class RefusedImport:
    id: int
    kind: str
    filename: str
    username: str
    started_at: datetime
    error_count: int


def error_entries(error: FiredeskError) -> tuple[int, list[dict]]:
    """(how many errors, the first few as row/field/key) of a refusal; a refusal that is
    not about fields counts as one error on the file."""
    if isinstance(error, ValidationError):
        found = error.errors
    else:
        found = [FieldError("import_file", error.key)]
    return len(found), [{"row": e.row, "field": e.field, "key": e.key} for e in found[:ERRORS_KEPT]]


@contextmanager
def recorded_import(actor: Actor, kind: str, filename: str) -> Iterator[RunCounts]:
    started = now()
    counts = RunCounts()
    try:
        yield counts
    except FiredeskError as error:
        total, entries = error_entries(error)
        _save(actor, kind, filename, started, counts, accepted=False, total=total, entries=entries)
        raise
    _save(actor, kind, filename, started, counts, accepted=True, total=0, entries=[])


def _save(
    actor: Actor,
    kind: str,
    filename: str,
    started: datetime,
    counts: RunCounts,
    *,
    accepted: bool,
    total: int,
    entries: list[dict],
) -> None:
    """The run in its own transaction. The import's outcome stands whatever happens here,
    so a failure to keep its record is logged, not raised over it."""
    try:
        with unit_of_work(actor) as session:
            session.add(
                ImportRun(
                    kind=kind,
                    filename=(filename or "")[:FILENAME_MAX],
                    username=actor.username,
                    started_at=started,
                    row_count=counts.rows,
                    accepted=accepted,
                    error_count=total,
                    errors=entries,
                    created_count=counts.created,
                )
            )
    except Exception:
        log.exception("could not record the %s import of %r", kind, filename)


def refused_imports(session, since: datetime) -> list[RefusedImport]:
    """Refused imports started at or after `since`, newest first (one indexed query)."""
    rows = session.scalars(
        select(ImportRun)
        .where(ImportRun.accepted.is_(False), ImportRun.started_at >= since)
        .order_by(ImportRun.started_at.desc(), ImportRun.id.desc())
    )
    return [
        RefusedImport(r.id, r.kind, r.filename, r.username, r.started_at, r.error_count)
        for r in rows
    ]
