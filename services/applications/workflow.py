"""An application after intake: supplements, inspection, decision and delivery (measures 01, 03).

    supplementing --complete--> accepted --inspect--> inspected --approve/refuse--> decided
    decided (approved / refused) --send--> sent --receive--> delivered   (free post)
    decided --hand_over--> delivered                                       (in person)

A pre-opening check is approved only after its inspection; a change of name or legal
representative (no inspection, measure 02) is decided from `accepted`. A refusal carries its
reasons; a refusal for a missing document names one from the one-time notice still missing,
and any other document is refused by the system (measure 01). The decision clock (3 working
days, art. 15) starts from the inspection.
"""

from __future__ import annotations

from datetime import datetime

from db.models.applications import Application
from rules import applications as rules
from rules.time import local
from services.applications.intake import check_on_notice, still_missing
from services.calendar import workdays
from services.core.clock import now
from services.core.errors import FiredeskError, Problems
from services.core.permissions import Actor, require
from services.core.records import load_for_update
from services.core.statuses import StatusMachine
from services.core.unit_of_work import unit_of_work
from services.core.validation import check_required

DECIDED = ("approved", "refused")
FLOW = StatusMachine(
    {
        "supplement": (("supplementing",), "supplementing"),
        "complete": (("supplementing",), "accepted"),
        "inspect": (("accepted",), "inspected"),
        "approve": (("accepted", "inspected"), "approved"),
        "refuse": (("supplementing", "accepted", "inspected"), "refused"),
        "send": (DECIDED, "sent"),
        "hand_over": (DECIDED, "delivered"),
        "receive": (("sent",), "delivered"),
    },
    refuse=lambda action, status: FiredeskError(
        "applications.error.step", action=action, status=status
    ),
)
OPEN_STATUSES = ("supplementing", "accepted", "inspected", "approved", "refused", "sent")


def actions_for(application: Application) -> list[str]:
    """The steps to offer for this application (its type and delivery method included)."""
    needs_inspection = application.type.needs_inspection
    offered = []
    for action in FLOW.actions_from(application.status):
        if action == "inspect" and not needs_inspection:
            continue
        if action == "approve" and needs_inspection and application.status != "inspected":
            continue
        if action == "send" and application.delivery_method != "post":
            continue
        if action == "hand_over" and application.delivery_method != "in_person":
            continue
        if action in ("supplement", "complete"):
            continue  # offered as the supplement form
        offered.append(action)
    return offered


def _step(row: Application, action: str) -> None:
    if action not in actions_for(row) and action not in ("supplement", "complete"):
        raise FiredeskError("applications.error.step", action=action, status=row.status)
    row.status = FLOW.target(action, row.status)


def supplement(actor: Actor, application_id: int, version: int, codes: list[str]) -> str:
    """Hand in documents from the notice; when none is left missing the file is complete.
    A document that was not on the notice is refused."""
    require(actor, "applications.write")
    with unit_of_work(actor) as session:
        row = load_for_update(session, Application, application_id, version)
        FLOW.target("supplement", row.status)
        for code in codes:
            check_on_notice(row, code)
        row.documents = [*row.documents, *(c for c in codes if c not in row.documents)]
        if not still_missing(row):
            _step(row, "complete")
        return row.status


def inspect(
    actor: Actor, application_id: int, version: int, inspected_at: datetime, notes: str = ""
) -> None:
    """Record the on-site inspection; the decision is then due in 3 working days."""
    require(actor, "applications.write")
    moment = local(inspected_at)
    due = rules.decision_due(workdays, moment)
    with unit_of_work(actor) as session:
        row = load_for_update(session, Application, application_id, version)
        problems = Problems()
        if moment < local(row.accepted_at) or moment > now():
            problems.add("inspected_at", "applications.error.inspection_time")
        problems.raise_if_any()
        _step(row, "inspect")
        row.inspected_at = moment
        row.inspection_notes = (notes or "").strip()
        row.decision_due_at = due.at
        row.due_provisional = row.due_provisional or due.provisional


def approve(actor: Actor, application_id: int, version: int) -> None:
    require(actor, "applications.write")
    with unit_of_work(actor) as session:
        row = load_for_update(session, Application, application_id, version)
        _step(row, "approve")
        row.decision, row.decided_at = "approved", now()


def refuse(
    actor: Actor,
    application_id: int,
    version: int,
    reasons: str,
    document_code: str | None = None,
) -> None:
    """Refuse with reasons; for a missing document only one from the notice still missing."""
    require(actor, "applications.write")
    problems = Problems()
    reasons = check_required(problems, "decision_reasons", reasons, 2000)
    problems.raise_if_any()
    with unit_of_work(actor) as session:
        row = load_for_update(session, Application, application_id, version)
        if document_code:
            check_on_notice(row, document_code)
            if document_code not in still_missing(row):
                raise FiredeskError("applications.error.already_in", code=document_code)
        _step(row, "refuse")
        row.decision, row.decided_at = "refused", now()
        row.decision_reasons = reasons
        row.refused_for_document = document_code or None


def send(
    actor: Actor, application_id: int, version: int, tracking_no: str, address: str | None = None
) -> None:
    """Posted free of charge (free post): the tracking number and the address it went to."""
    require(actor, "applications.write")
    with unit_of_work(actor) as session:
        row = load_for_update(session, Application, application_id, version)
        problems = Problems()
        tracking = check_required(problems, "tracking_no", tracking_no, 40)
        where = check_required(
            problems,
            "delivery_address",
            address if address is not None else row.delivery_address,
            200,
        )
        problems.raise_if_any()
        _step(row, "send")
        row.tracking_no, row.delivery_address, row.sent_at = tracking, where, now()


def hand_over(actor: Actor, application_id: int, version: int) -> None:
    """Collected in person at the window: sent and received at once."""
    require(actor, "applications.write")
    with unit_of_work(actor) as session:
        row = load_for_update(session, Application, application_id, version)
        _step(row, "hand_over")
        row.sent_at = row.received_at = now()


def receive(
    actor: Actor, application_id: int, version: int, received_at: datetime | None = None
) -> None:
    """The post's proof of receipt (签收)."""
    require(actor, "applications.write")
    with unit_of_work(actor) as session:
        row = load_for_update(session, Application, application_id, version)
        moment = local(received_at) if received_at else now()
        if moment < local(row.sent_at) or moment > now():
            problems = Problems()
            problems.add("received_at", "applications.error.received_time")
            problems.raise_if_any()
        _step(row, "receive")
        row.received_at = moment
