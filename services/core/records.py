"""Loading a record to change it, with the version the user saw (optimistic locking).

Forms carry the `version` they were rendered from. Saving compares it with the stored
one: if somebody saved in between, the user gets a ConflictError and nothing is
overwritten. `version_id_col` on the model closes the remaining gap between this check
and the UPDATE (two saves racing in the same second).
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.core.errors import ConflictError, NotFound

T = TypeVar("T")


def load_for_update(session: Session, model: type[T], record_id: object, version: int | None) -> T:
    record = session.get(model, record_id)
    if record is None:
        raise NotFound("error.not_found", what=f"{model.__tablename__} {record_id}")
    if version is not None and record.version != version:
        raise ConflictError("error.conflict")
    return record


def lock_numbering(session: Session, sequence: str) -> None:
    """Serialise the writers that take the next number of `sequence` (max + 1) until this
    transaction ends. PostgreSQL: a transaction-level advisory lock, so two officers saving
    at the same moment number one after the other (READ COMMITTED re-reads the max after
    the wait) instead of one of them failing on the unique number. SQLite: nothing to do,
    a unit of work holds the database's write lock from its start (BEGIN IMMEDIATE)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": sequence})
