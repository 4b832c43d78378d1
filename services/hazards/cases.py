"""Hazard cases: the one way a case moves, who may move it, and every step's clock.

    opened --issue_order--> order_issued --request_extension--> extension_requested
    extension_requested --grant_extension / refuse_extension--> order_issued
    order_issued --apply_reinspection / deadline_passed--> reinspection_due
    reinspection_due --close_fixed--> closed_fixed | --escalate--> escalated

An inspection recorded with the outcome "correction order" opens a case (the hook
`on_inspection`, called by services.draws.records in the same transaction) with the
findings, the legal basis and the library's guidance for each finding; the officer adjusts
them while the case is opened, then issues the numbered order with a deadline (due within
3 working days of the inspection). A re-inspection recorded for the unit closes the case
when fixed, else escalates it: a penalty referral, or for a major hazard a report up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Location
from db.models.draws import InspectionRecord
from db.models.hazards import MAJOR_REPORT_LEVELS, HazardCase, HazardExtension, HazardSeal
from rules import hazards as rules
from rules.time import local
from services.calendar import workdays
from services.core.clock import now
from services.core.errors import FiredeskError, Problems
from services.core.permissions import Actor, require
from services.core.records import load_for_update, lock_numbering
from services.core.statuses import StatusMachine
from services.core.unit_of_work import unit_of_work
from services.draws.records import CHECKLIST
from services.hazards import guidance
from services.hazards.orders import order_no

FLOW = StatusMachine(
    {
        "issue_order": (("opened",), "order_issued"),
        "request_extension": (("order_issued",), "extension_requested"),
        "grant_extension": (("extension_requested",), "order_issued"),
        "refuse_extension": (("extension_requested",), "order_issued"),
        "apply_reinspection": (("order_issued",), "reinspection_due"),
        "deadline_passed": (("order_issued",), "reinspection_due"),
        "close_fixed": (("reinspection_due",), "closed_fixed"),
        "escalate": (("reinspection_due",), "escalated"),
    },
    refuse=lambda action, status: FiredeskError("hazards.error.step", action=action, status=status),
)
# Who may take each step: extensions are decided by a duty manager or an administrator;
# a re-inspection's record (inspections.write) closes or escalates.
PERMISSIONS = {
    "issue_order": "hazards.write",
    "request_extension": "hazards.write",
    "grant_extension": "hazards.decide",
    "refuse_extension": "hazards.decide",
    "apply_reinspection": "hazards.write",
    "deadline_passed": "hazards.write",
    "close_fixed": "inspections.write",
    "escalate": "inspections.write",
}
OPEN_STATES = ("opened", "order_issued", "extension_requested", "reinspection_due")
FIXED_OUTCOMES = ("no_problem", "minor_corrected")
# The detachment whose orders are numbered (one sequence per detachment and year).
DETACHMENT = "辽阳"


def step(actor: Actor, case: HazardCase, action: str) -> None:
    """Move `case` by `action`: refused for a role without the permission or a wrong state."""
    require(actor, PERMISSIONS[action])
    case.state = FLOW.target(action, case.state)


def actions_for(actor: Actor, state: str) -> list[str]:
    """The steps this actor may take on a case in `state` (what a page offers)."""
    return [a for a in FLOW.actions_from(state) if actor.can(PERMISSIONS[a])]


def _next_case_no(session: Session, year: int) -> str:
    prefix = f"YH{year}-"
    lock_numbering(session, prefix)
    count = session.scalar(
        select(func.count()).select_from(HazardCase).where(HazardCase.case_no.like(prefix + "%"))
    )
    return f"{prefix}{count + 1:04d}"


def open_case(session: Session, actor: Actor, record: InspectionRecord) -> HazardCase:
    """A case for an inspection whose outcome is a correction order (in its transaction)."""
    require(actor, "inspections.write")
    inspected = local(record.inspected_at)
    due_at, provisional = rules.order_due(workdays.add_working_days, inspected)
    case = HazardCase(
        case_no=_next_case_no(session, inspected.year),
        inspection_id=record.id,
        location_id=record.location_id,
        state="opened",
        findings=list(record.findings),
        legal_basis=rules.DEFAULT_LEGAL_BASIS,
        officers=list(record.officers),
        inspected_at=inspected,
        order_due_at=due_at,
        order_due_provisional=provisional,
        guidance=guidance.plans_for(session, list(record.findings)),
        note=record.note or "",
        created_by=actor.username,
    )
    session.add(case)
    session.flush()
    return case


def on_inspection(session: Session, actor: Actor, record: InspectionRecord) -> HazardCase | None:
    """What a new inspection record means for hazard cases: a re-inspection of a unit with a
    case due closes it (fixed) or escalates it; otherwise a correction order opens a case."""
    if record.kind == "reinspection":
        case = session.scalar(
            select(HazardCase)
            .where(
                HazardCase.location_id == record.location_id,
                HazardCase.state == "reinspection_due",
            )
            .order_by(HazardCase.id)
            .limit(1)
        )
        if case is not None:
            if record.outcome in FIXED_OUTCOMES:
                step(actor, case, "close_fixed")
                lift_seals_of(session, actor, case, local(record.inspected_at))
            else:
                step(actor, case, "escalate")
                case.escalation = "major_reported" if case.major else "penalty_referral"
            case.reinspection_id = record.id
            case.closed_at = local(record.inspected_at)
            return case
    if record.outcome == "correction_order":
        return open_case(session, actor, record)
    return None


@dataclass(frozen=True)
class MajorReport:
    """The report up of a major fire hazard: to which level (MAJOR_REPORT_LEVELS) and whom."""

    level: str
    to: str


def lift_seals_of(session: Session, actor: Actor, case: HazardCase, at: datetime) -> None:
    """A case closed as fixed lifts its seal in force (the re-inspection found it fixed)."""
    for seal in session.scalars(
        select(HazardSeal).where(HazardSeal.case_id == case.id, HazardSeal.state == "sealed")
    ):
        seal.state, seal.lifted_at, seal.lifted_by = "lifted", at, actor.username


def adjust(
    actor: Actor,
    case_id: int,
    version: int,
    *,
    guidance_plans: list[dict] | None = None,
    legal_basis: str | None = None,
    major: bool | None = None,
    report: MajorReport | None = None,
    note: str | None = None,
) -> None:
    """Adjust an opened case before its order is issued: the guidance (a plan per hazard
    type of the library's), the legal basis, whether it is a major hazard, a note.

    Flagging a major hazard reports it up at once: `report` names the level and whom, and
    the case records when and by whom. A hazard reported up stays major."""
    require(actor, "hazards.write")
    problems = Problems()
    if major and report is not None:
        if report.level not in MAJOR_REPORT_LEVELS:
            problems.add("hazard_report_level", "hazards.error.report_level")
        if not 0 < len(report.to.strip()) <= 100:
            problems.add("hazard_reported_to", "error.required")
    if guidance_plans is not None:
        for plan in guidance_plans:
            if plan.get("hazard_type") not in CHECKLIST:
                problems.add("hazard_type", "hazards.error.hazard_type")
            if not str(plan.get("plan", "")).strip():
                problems.add("hazard_plan", "error.required")
            elif len(str(plan["plan"])) > 2000:
                problems.add("hazard_plan", "error.too_long", max=2000)
    if legal_basis is not None and not 0 < len(legal_basis.strip()) <= 300:
        problems.add("hazard_legal_basis", "error.required")
    problems.raise_if_any()
    with unit_of_work(actor) as session:
        case = load_for_update(session, HazardCase, case_id, version)
        if case.state != "opened":
            raise FiredeskError("hazards.error.issued", no=case.case_no)
        if guidance_plans is not None:
            case.guidance = [
                {
                    "hazard_type": p["hazard_type"],
                    "plan": str(p["plan"]).strip(),
                    "standard": str(p.get("standard", "")).strip()[:200],
                }
                for p in guidance_plans
            ]
        if legal_basis is not None:
            case.legal_basis = legal_basis.strip()
        if major is not None:
            _flag_major(actor, case, major, report)
        if note is not None:
            case.note = note.strip()[:2000]


def _flag_major(actor: Actor, case: HazardCase, major: bool, report: MajorReport | None) -> None:
    if not major and case.major_reported_at is not None:
        raise FiredeskError("hazards.error.major_reported", no=case.case_no)
    if major and case.major_reported_at is None:
        if report is None:
            problems = Problems()
            problems.add("hazard_reported_to", "hazards.error.report_needed")
            problems.raise_if_any()
        case.major_reported_at, case.major_reported_by = now(), actor.username
        case.major_report_level, case.major_reported_to = report.level, report.to.strip()
    case.major = major


def issue_order(actor: Actor, case_id: int, version: int, deadline: date) -> str:
    """Issue the correction order with the fix's deadline; numbered per detachment and year.
    Returns the order number."""
    moment = now()
    problems = Problems()
    if not rules.deadline_allowed(moment.date(), deadline):
        problems.add("hazard_deadline", "hazards.error.deadline", days=rules.MAX_DEADLINE_DAYS)
    with unit_of_work(actor) as session:
        case = load_for_update(session, HazardCase, case_id, version)
        problems.raise_if_any()
        if not case.guidance:
            raise FiredeskError("hazards.error.no_guidance")
        step(actor, case, "issue_order")
        year = local(moment).year
        # Two officers issuing at the same moment take numbers one after the other.
        lock_numbering(session, f"order:{DETACHMENT}:{year}")
        last = session.scalar(
            select(func.max(HazardCase.order_seq)).where(
                HazardCase.detachment == DETACHMENT, HazardCase.order_year == year
            )
        )
        case.detachment, case.order_year, case.order_seq = DETACHMENT, year, (last or 0) + 1
        case.order_issued_at = moment
        case.deadline = deadline
        return order_no(case)


def apply_reinspection(
    actor: Actor, case_id: int, version: int, applied_at: datetime | None = None
) -> None:
    """The unit reports the fix and applies for the re-inspection (3 working days)."""
    moment = local(applied_at) if applied_at else now()
    with unit_of_work(actor) as session:
        case = load_for_update(session, HazardCase, case_id, version)
        if moment > now() or moment < local(case.order_issued_at or moment):
            problems = Problems()
            problems.add("hazard_applied_at", "hazards.error.applied_at")
            problems.raise_if_any()
        step(actor, case, "apply_reinspection")
        case.reinspection_applied_at = moment
        due_at, provisional = rules.reinspection_due(
            workdays.add_working_days, case.deadline, moment
        )
        case.reinspection_due_at, case.reinspection_due_provisional = due_at, provisional


def advance_deadlines(actor: Actor) -> list[str]:
    """Every order whose deadline has passed makes its re-inspection due (3 working days
    after the deadline's day). Returns the case numbers moved."""
    require(actor, PERMISSIONS["deadline_passed"])
    today = now().date()
    moved = []
    with unit_of_work(actor) as session:
        cases = session.scalars(
            select(HazardCase)
            .where(HazardCase.state == "order_issued", HazardCase.deadline < today)
            .order_by(HazardCase.id)
        ).all()
        for case in cases:
            step(actor, case, "deadline_passed")
            due_at, provisional = rules.reinspection_due(workdays.add_working_days, case.deadline)
            case.reinspection_due_at, case.reinspection_due_provisional = due_at, provisional
            moved.append(case.case_no)
    return moved


def unit_of(session: Session, case: HazardCase) -> Location:
    return session.get(Location, case.location_id)


def firm_up_deadlines(session: Session, calendar) -> int:
    """Open clocks counted on a provisional calendar (the order to issue, the extension to
    decide, the re-inspection due, the seal to decide), recounted on `calendar` when a year is confirmed
    (services.calendar.workdays.firm_up); returns how many rows changed."""
    count = calendar.add_working_days
    changed = 0
    for case in session.scalars(
        select(HazardCase).where(
            HazardCase.state == "opened", HazardCase.order_due_provisional.is_(True)
        )
    ):
        clock = rules.order_due(count, case.inspected_at)
        if (local(case.order_due_at), case.order_due_provisional) != clock:
            case.order_due_at, case.order_due_provisional = clock
            changed += 1
    for case in session.scalars(
        select(HazardCase).where(
            HazardCase.state == "reinspection_due",
            HazardCase.reinspection_due_provisional.is_(True),
        )
    ):
        clock = rules.reinspection_due(count, case.deadline, case.reinspection_applied_at)
        if (local(case.reinspection_due_at), case.reinspection_due_provisional) != clock:
            case.reinspection_due_at, case.reinspection_due_provisional = clock
            changed += 1
    for ext in session.scalars(
        select(HazardExtension).where(
            HazardExtension.decision.is_(None), HazardExtension.decide_due_provisional.is_(True)
        )
    ):
        clock = rules.extension_decision_due(count, ext.requested_at)
        if (local(ext.decide_due_at), ext.decide_due_provisional) != clock:
            ext.decide_due_at, ext.decide_due_provisional = clock
            changed += 1
    for seal in session.scalars(
        select(HazardSeal).where(
            HazardSeal.state == "proposed", HazardSeal.decide_due_provisional.is_(True)
        )
    ):
        clock = rules.seal_decision_due(count, seal.proposed_at, seal.urgent)
        if (local(seal.decide_due_at), seal.decide_due_provisional) != clock:
            seal.decide_due_at, seal.decide_due_provisional = clock
            changed += 1
    return changed
