"""Masking and revealing the people behind records (complainants, reviewers, the contact a
follow-up calls).

The rule: every list, table, drill-down and export shows a person masked (`masked_name`,
`masked_phone`), whatever the reader's role. One person is revealed only on an explicit
request for one record (`reveal`), by a duty manager or an administrator
(`complaints.unmask`) or by the staff member assigned to call that person back; each
reveal writes an audit row (who, which record, when). A reveal returns the values to the
caller, which shows them for that one rerun and keeps them nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from services.core.errors import PermissionDenied
from services.core.permissions import Actor
from services.core.unit_of_work import record
from services.core.validation import mask_name, mask_phone

REVEAL_PERMISSION = "complaints.unmask"
REVEAL_ACTION = "reveal"


def masked_name(name: str | None) -> str:
    """A person's name as every list shows it (张**)."""
    return mask_name(name)


def masked_phone(phone: str | None) -> str:
    """A phone number as every list shows it (138****5678)."""
    return mask_phone(phone)


@dataclass(frozen=True)
class Revealed:
    """One person's identity, revealed for one record (render it once, never store it)."""

    name: str
    phone: str


def may_reveal(actor: Actor | None, assignee_staff_id: int | None = None) -> bool:
    """A duty manager or administrator, or the staff member assigned to this callback."""
    if actor is None:
        return False
    if actor.can(REVEAL_PERMISSION):
        return True
    return actor.staff_id is not None and actor.staff_id == assignee_staff_id


def require_reveal(actor: Actor | None, assignee_staff_id: int | None = None) -> None:
    if not may_reveal(actor, assignee_staff_id):
        role = actor.role if actor else "anonymous"
        raise PermissionDenied("error.permission", permission=REVEAL_PERMISSION, role=role)


def reveal(
    session: Session,
    actor: Actor,
    table: str,
    row_id: int,
    name: str | None,
    phone: str | None,
    *,
    assignee_staff_id: int | None = None,
    detail: str = "",
) -> Revealed:
    """Check the actor may see this person, audit the look, and return the identity.
    `session` must be a unit of work (the audit row commits with it)."""
    require_reveal(actor, assignee_staff_id)
    why = "assignee" if not actor.can(REVEAL_PERMISSION) else actor.role
    record(session, actor, REVEAL_ACTION, table, row_id, detail=detail or f"reveal by {why}")
    return Revealed(name=name or "", phone=phone or "")
