"""Roles and what each may do. Every write service calls `require` before it writes, so a
page that forgets to hide a button still cannot write.

Identities (complainants, reviewers, the people a follow-up calls) are masked for every
role in every list; `complaints.unmask` lets a duty manager or an administrator reveal
one record on request (audited, `services.core.privacy`). Leaders read figures only and never
unmask. The staff member assigned to a callback may reveal that one person's number.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.core.errors import PermissionDenied

ROLES = ("staff", "duty_manager", "leader", "admin")

_STAFF = frozenset(
    {
        "bookings.write",
        "complaints.write",
        "applications.write",
        "fires.write",
        "evaluations.write",
        "availability.write_own",
        "inspections.write",
        "hazards.read",
        "hazards.write",
    }
)
_MANAGER = _STAFF | {
    "plans.write",
    "plans.publish",
    "availability.write",
    "tours.write",
    "complaints.assign",
    "complaints.unmask",
    "evaluations.decide",
    "callbacks.assign",
    "draws.write",
    "draws.read",
    "hazards.decide",
    "hazards.guidance",
    "outbox.read",
}
_LEADER = frozenset({"kpi.read", "draws.read", "hazards.read"})
_ADMIN = (
    _MANAGER
    | _LEADER
    | {
        "admin.accounts",
        "admin.staff",
        "admin.locations",
        "admin.calendar",
        "admin.application_types",
        "audit.read",
        "draws.registers",
        "outbox.admin",
    }
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "staff": _STAFF,
    "duty_manager": frozenset(_MANAGER | {"kpi.read"}),
    "leader": _LEADER,
    "admin": frozenset(_ADMIN),
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a logged-in user, or the operations command line."""

    user_id: int | None
    username: str
    role: str
    staff_id: int | None = None

    def can(self, permission: str) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())


SYSTEM = Actor(user_id=None, username="manage.py", role="admin")


def require(actor: Actor | None, permission: str) -> None:
    if actor is None or not actor.can(permission):
        role = actor.role if actor else "anonymous"
        raise PermissionDenied("error.permission", permission=permission, role=role)
