"""The audit log: every ORM write is recorded with who, when, and the row before and after.

`unit_of_work(actor)` opens the only kind of session that may write. A flush listener
turns every inserted, updated and deleted row into an `audit_log` row inside the same
transaction, so a write and its audit record commit or roll back together. Columns a
model lists in `__audit_masked__` (personal data) are stored masked; `__audit_skip__`
(password hashes) are left out.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from db.models import AuditLog
from db.session import is_busy, new_session, start_write
from services.core.clock import now
from services.core.errors import BusyError, ConflictError
from services.core.permissions import Actor

MASK = "***"


_open = threading.local()


def in_unit_of_work() -> bool:
    """True while this thread is inside `unit_of_work`: on SQLite, where the unit of work
    holds the write lock from its start, another one opened now would wait for it forever."""
    return getattr(_open, "depth", 0) > 0


@contextmanager
def unit_of_work(actor: Actor) -> Iterator[Session]:
    """One transaction on behalf of `actor`; a concurrent edit raises ConflictError, and a
    SQLite database still locked by other writers after the busy timeout BusyError."""
    session = new_session()
    session.info["actor"] = actor
    _open.depth = getattr(_open, "depth", 0) + 1
    try:
        with session.begin():
            start_write(session)
            yield session
    except StaleDataError as exc:
        raise ConflictError("error.conflict") from exc
    except OperationalError as exc:
        if not is_busy(exc):
            raise
        raise BusyError("error.busy") from exc
    finally:
        _open.depth -= 1
        session.close()


def record(
    session: Session,
    actor: Actor,
    action: str,
    table: str,
    row_id: object = None,
    detail: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """An audit entry for something that is not a row change (a login, an unmasking, a bulk load)."""
    session.add(
        AuditLog(
            at=now(),
            user_id=actor.user_id,
            username=actor.username,
            action=action,
            table_name=table,
            row_id=None if row_id is None else str(row_id),
            before=before,
            after=after,
            detail=detail,
        )
    )


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _columns(obj: object) -> list[str]:
    skip = getattr(obj, "__audit_skip__", ())
    return [a.key for a in inspect(obj).mapper.column_attrs if a.key not in skip]


def _shown(obj: object, key: str, value: Any) -> Any:
    if key in getattr(obj, "__audit_masked__", ()) and value not in (None, ""):
        return MASK
    return _json_value(value)


def _snapshot(obj: object, *, before: bool) -> dict[str, Any]:
    state = inspect(obj)
    values = {}
    for key in _columns(obj):
        history = state.attrs[key].history
        if before and history.deleted:
            value = history.deleted[0]
        elif before and history.added and not history.unchanged:
            value = None
        else:
            value = state.attrs[key].value
        values[key] = _shown(obj, key, value)
    return values


def _row_id(obj: object) -> str:
    # Read the key from the instance: in after_flush a new row has its id but no identity yet.
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join(str(v) for v in key if v is not None)


@event.listens_for(Session, "after_flush")
def _audit_flush(session: Session, _context) -> None:
    actor: Actor | None = session.info.get("actor")
    changed = [
        *(("insert", o) for o in session.new),
        *(
            ("update", o)
            for o in session.dirty
            if session.is_modified(o, include_collections=False)
        ),
        *(("delete", o) for o in session.deleted),
    ]
    changed = [(a, o) for a, o in changed if not isinstance(o, AuditLog)]
    if not changed:
        return
    if actor is None:
        raise RuntimeError("writes must go through services.core.unit_of_work.unit_of_work(actor)")
    if session.info.get("audit") is False:
        return
    at = now()
    rows = []
    for action, obj in changed:
        before = None if action == "insert" else _snapshot(obj, before=True)
        after = None if action == "delete" else _snapshot(obj, before=False)
        if action == "update":
            keys = [k for k in after if before.get(k) != after.get(k)]
            if not keys:
                continue
            before = {k: before[k] for k in keys}
            after = {k: after[k] for k in keys}
        rows.append(
            {
                "at": at,
                "user_id": actor.user_id,
                "username": actor.username,
                "action": action,
                "table_name": obj.__tablename__,
                "row_id": _row_id(obj),
                "before": before,
                "after": after,
                "detail": "",
            }
        )
    if rows:
        session.connection().execute(insert(AuditLog.__table__), rows)


def insert_audited(session: Session, model: type, rows: list[dict[str, Any]]) -> list[int]:
    """Insert many rows of `model` in a few multi-row statements, not one ORM object each,
    and audit each as the flush listener would (same columns, same masking); returns the
    new ids in the order of `rows`. For imports of thousands of rows."""
    if not rows:
        return []
    actor: Actor | None = session.info.get("actor")
    if actor is None:
        raise RuntimeError("writes must go through services.core.unit_of_work.unit_of_work(actor)")
    table = model.__table__
    defaults = {
        c.key: c.default.arg if c.default is not None and c.default.is_scalar else None
        for c in table.columns
        if not c.primary_key
    }
    full = [{key: row.get(key, default) for key, default in defaults.items()} for row in rows]
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids = list(session.execute(statement, full).scalars())
    if session.info.get("audit") is not False:
        at = now()
        columns = _columns(model)
        session.connection().execute(
            insert(AuditLog.__table__),
            [
                {
                    "at": at,
                    "user_id": actor.user_id,
                    "username": actor.username,
                    "action": "insert",
                    "table_name": model.__tablename__,
                    "row_id": str(row_id),
                    "before": None,
                    "after": {
                        k: _shown(model, k, row_id if k == "id" else row.get(k)) for k in columns
                    },
                    "detail": "",
                }
                for row_id, row in zip(ids, full, strict=True)
            ],
        )
    return ids
