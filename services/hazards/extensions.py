"""Extension requests (延期申请, measure 08): a unit hit by hardship (epidemic measures among
the fixed reasons) asks for more time before its deadline; a duty manager or an
administrator grants it with the new deadline, or refuses it and the old deadline stands,
within 3 working days of the request (rules.hazards). Every request and decision is an
audited row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from db.models.hazards import HazardCase, HazardExtension
from rules import hazards as rules
from rules.time import local
from services.calendar import workdays
from services.core.clock import now
from services.core.errors import FiredeskError, Problems
from services.core.permissions import Actor
from services.core.records import load_for_update
from services.core.unit_of_work import unit_of_work
from services.hazards.cases import step


@dataclass(frozen=True)
class ExtensionInput:
    reason: str
    requested_deadline: date
    reason_text: str = ""
    requested_at: datetime | None = None


def request_extension(actor: Actor, case_id: int, version: int, data: ExtensionInput) -> int:
    moment = local(data.requested_at) if data.requested_at else now()
    text = (data.reason_text or "").strip()
    problems = Problems()
    if data.reason not in rules.EXTENSION_REASONS:
        problems.add("extension_reason", "hazards.error.reason")
    if data.reason == "other" and not text:
        problems.add("extension_reason_text", "error.required")
    if len(text) > 500:
        problems.add("extension_reason_text", "error.too_long", max=500)
    if moment > now():
        problems.add("extension_requested_at", "hazards.error.future")
    with unit_of_work(actor) as session:
        case = load_for_update(session, HazardCase, case_id, version)
        if case.deadline is not None:
            if not rules.extension_in_time(moment, case.deadline):
                problems.add("extension_requested_at", "hazards.error.after_deadline")
            if not data.requested_deadline > case.deadline or not rules.deadline_allowed(
                case.order_issued_at.date(), data.requested_deadline
            ):
                problems.add("extension_deadline", "hazards.error.requested_deadline")
        problems.raise_if_any()
        step(actor, case, "request_extension")
        due_at, provisional = rules.extension_decision_due(workdays.add_working_days, moment)
        row = HazardExtension(
            case_id=case.id,
            reason=data.reason,
            reason_text=text,
            requested_at=moment,
            requested_deadline=data.requested_deadline,
            old_deadline=case.deadline,
            decide_due_at=due_at,
            decide_due_provisional=provisional,
            created_by=actor.username,
        )
        session.add(row)
        session.flush()
        return row.id


def decide_extension(actor: Actor, case_id: int, version: int, grant: bool) -> None:
    """Grant (the requested date becomes the deadline) or refuse (the old one stands)."""
    with unit_of_work(actor) as session:
        case = load_for_update(session, HazardCase, case_id, version)
        step(actor, case, "grant_extension" if grant else "refuse_extension")
        pending = session.scalar(
            select(HazardExtension)
            .where(HazardExtension.case_id == case.id, HazardExtension.decision.is_(None))
            .order_by(HazardExtension.id.desc())
            .limit(1)
        )
        if pending is None:
            raise FiredeskError("hazards.error.no_request")
        pending.decision = "granted" if grant else "refused"
        pending.decided_at = now()
        pending.decided_by = actor.username
        if grant:
            case.deadline = pending.requested_deadline


def extensions_of(session, case_id: int) -> list[HazardExtension]:
    return list(
        session.scalars(
            select(HazardExtension)
            .where(HazardExtension.case_id == case_id)
            .order_by(HazardExtension.id)
        )
    )
