"""The steps of a complaint case: assign two inspectors, verify on site (this stops the legal
clock), handle, inform the complainant, close (a follow-up call is scheduled), reopen.

Every step checks the case's status and version, and is recorded as a case event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Staff, StaffSkill
from db.models.complaints import HANDLINGS, INFORM_METHODS, ComplaintCase, ComplaintEvent
from db.session import read_session
from rules.inspections import INSPECTORS_REQUIRED
from rules.time import local
from services.complaints.cases import TIME_FORMAT
from services.core.clock import now
from services.core.errors import FiredeskError, Problems
from services.core.permissions import Actor, require
from services.core.records import load_for_update
from services.core.statuses import StatusMachine
from services.core.unit_of_work import unit_of_work
from services.evaluations.bad_review_cases import seed_calendar_for
from services.evaluations.followups import service_completed
from services.i18n import t
from services.notifications import triggers


def _event(case_: ComplaintCase, actor: Actor, action: str, note: str = "", at=None) -> None:
    case_.events.append(
        ComplaintEvent(
            at=at or now(), action=action, status=case_.status, username=actor.username, note=note
        )
    )


def _refuse(action: str, status: str) -> FiredeskError:
    return FiredeskError(
        "complaints.error.step",
        action=t(f"complaints.action.{action}"),
        status=t(f"complaints.status.{status}"),
    )


# action → (statuses it may start from, status it leaves the case in)
FLOW = StatusMachine(
    {
        "assign": (("received", "assigned"), "assigned"),
        "verify": (("assigned",), "verified"),
        "handle": (("verified",), "handled"),
        "inform": (("handled",), "informed"),
        "close": (("informed",), "closed"),
        "reopen": (("closed",), "assigned"),
    },
    refuse=_refuse,
)


def _advance(
    session: Session,
    actor: Actor,
    case_id: int,
    version: int | None,
    action: str,
    change: Callable[[ComplaintCase, datetime], None],
    note: str = "",
) -> None:
    case_ = load_for_update(session, ComplaintCase, case_id, version)
    target = FLOW.target(action, case_.status)
    moment = now()
    change(case_, moment)
    case_.status = target
    _event(case_, actor, action, note, moment)


def _inspectors(session: Session, staff_ids: Sequence[int], problems: Problems) -> None:
    if len(set(staff_ids)) != INSPECTORS_REQUIRED:
        problems.add("complaint_inspectors", "complaints.error.two_inspectors")
        return
    qualified = set(
        session.scalars(
            select(Staff.id)
            .join(StaffSkill)
            .where(Staff.id.in_(staff_ids), Staff.active.is_(True), StaffSkill.skill == "inspector")
        )
    )
    for staff_id in staff_ids:
        if staff_id not in qualified:
            problems.add("complaint_inspectors", "complaints.error.not_inspector", value=staff_id)


def assign(actor: Actor, versions: dict[int, int], staff_ids: Sequence[int]) -> None:
    """Assign the same two inspectors to every case in `versions` (case id → version shown)."""
    require(actor, "complaints.assign")
    problems = Problems()
    if not versions:
        problems.add("complaint_cases", "error.required")
    with unit_of_work(actor) as session:
        _inspectors(session, staff_ids, problems)
        problems.raise_if_any()
        names = dict(
            session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(staff_ids))).all()
        )
        note = "、".join(names[i] for i in staff_ids)

        def change(case_: ComplaintCase, moment: datetime) -> None:
            case_.inspector1_id, case_.inspector2_id = staff_ids
            case_.assigned_at = moment

        for case_id, version in versions.items():
            _advance(session, actor, case_id, version, "assign", change, note)


def verify(
    actor: Actor, case_id: int, version: int, violation_found: bool, notes: str = ""
) -> None:
    """The on-site verification: this stops the legal clock."""
    require(actor, "complaints.write")

    def change(case_: ComplaintCase, moment: datetime) -> None:
        case_.verified_at = moment
        case_.first_verified_at = case_.first_verified_at or moment
        case_.violation_found = violation_found
        case_.verification_notes = notes.strip()

    with unit_of_work(actor) as session:
        _advance(session, actor, case_id, version, "verify", change, notes.strip())


def handle(actor: Actor, case_id: int, version: int, handling: str, notes: str = "") -> None:
    require(actor, "complaints.write")
    problems = Problems()
    if handling not in HANDLINGS:
        problems.add("complaint_handling", "error.choice", value=handling)
    problems.raise_if_any()

    def change(case_: ComplaintCase, moment: datetime) -> None:
        if (handling == "no_violation") == bool(case_.violation_found):
            problems.add("complaint_handling", "complaints.error.handling_mismatch")
            problems.raise_if_any()
        case_.handling = handling
        case_.handled_at = moment

    with unit_of_work(actor) as session:
        _advance(session, actor, case_id, version, "handle", change, notes.strip())


def inform(
    actor: Actor, case_id: int, version: int, how: str, at: datetime | None = None, note: str = ""
) -> None:
    """The complainant was told the outcome (how, and when: default now)."""
    require(actor, "complaints.write")
    problems = Problems()
    if how not in INFORM_METHODS:
        problems.add("complaint_informed_how", "error.choice", value=how)
    if at is not None and local(at) > now():
        problems.add(
            "complaint_informed_at",
            "complaints.error.future",
            value=local(at).strftime(TIME_FORMAT),
        )
    problems.raise_if_any()

    def change(case_: ComplaintCase, moment: datetime) -> None:
        when = local(at) if at is not None else moment
        # Forms give minutes: informing in the same minute as handling is not "before" it.
        if when < local(case_.handled_at).replace(second=0, microsecond=0):
            problems.add("complaint_informed_at", "complaints.error.before_handled")
            problems.raise_if_any()
        case_.informed_how = how
        case_.informed_at = when

    with unit_of_work(actor) as session:
        _advance(session, actor, case_id, version, "inform", change, note.strip())


def close(actor: Actor, case_id: int, version: int) -> None:
    """Close the case; the complainant's unit gets a follow-up call (measure 14) and each
    complainant a feedback message in the outbox."""
    require(actor, "complaints.write")
    seed_calendar_for([now()])  # the follow-up's due date needs the calendar seeded first

    def change(case_: ComplaintCase, moment: datetime) -> None:
        case_.closed_at = moment

    with unit_of_work(actor) as session:
        _advance(session, actor, case_id, version, "close", change)
        case_ = session.get(ComplaintCase, case_id)
        service_completed(session, "complaint", case_id, case_.location_id, case_.closed_at)
        triggers.complaint_closed(session, case_)


def reopen(actor: Actor, case_id: int, version: int, reason: str) -> None:
    """Back to the assigned inspectors for another visit; the first verification stays on
    record (`first_verified_at`), so the legal clock's outcome is not rewritten."""
    require(actor, "complaints.assign")
    problems = Problems()
    if not reason.strip():
        problems.add("complaint_reason", "error.required")
    problems.raise_if_any()

    def change(case_: ComplaintCase, _moment: datetime) -> None:
        case_.verified_at = case_.handled_at = case_.informed_at = case_.closed_at = None
        case_.violation_found = case_.handling = case_.informed_how = None

    with unit_of_work(actor) as session:
        _advance(session, actor, case_id, version, "reopen", change, reason.strip())


def inspector_choices() -> list[tuple[int, str]]:
    """Active staff holding the inspector skill, for the assignment form."""
    with read_session() as session:
        rows = session.execute(
            select(Staff.id, Staff.code, Staff.name)
            .join(StaffSkill)
            .where(Staff.active.is_(True), StaffSkill.skill == "inspector")
            .order_by(Staff.code)
        ).all()
    return [(staff_id, f"{code} {name}") for staff_id, code, name in rows]
