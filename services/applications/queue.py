"""The applications queue and its export: state, clocks, what is still missing, delivery.
Applicants are masked in every row (services.core.privacy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from db.models.applications import STATUSES, Application
from db.session import read_session
from rules.time import iso_day, local
from services.applications.intake import still_missing
from services.applications.workflow import OPEN_STATUSES, actions_for
from services.core.clock import now
from services.core.errors import NotFound
from services.core.permissions import Actor, require
from services.core.privacy import masked_name, masked_phone

EXPORT_COLUMNS = (
    "application_no",
    "type",
    "state",
    "accepted_on",
    "missing_documents",
    "inspection_due",
    "decision_due",
    "delivery",
)


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    version: int
    application_no: str
    type_code: str
    type_name_zh: str
    type_name_en: str
    needs_inspection: bool
    status: str
    unit_name: str
    applicant: str  # masked
    phone: str  # masked
    accepted_at: datetime
    documents: tuple[str, ...]  # codes handed in, at intake and supplemented since
    missing: tuple[str, ...]
    notice_items: tuple[dict, ...]
    notice_no: str | None
    supplement_due_at: datetime | None
    inspection_due_at: datetime | None
    inspected_at: datetime | None
    decision_due_at: datetime | None
    decision: str | None
    decision_reasons: str
    delivery_method: str
    tracking_no: str
    sent_at: datetime | None
    received_at: datetime | None
    actions: tuple[str, ...]

    def next_due(self) -> datetime | None:
        """The clock now running: the inspection's, then the decision's."""
        if self.status in ("supplementing", "accepted") and self.needs_inspection:
            return self.inspection_due_at
        if self.status == "inspected":
            return self.decision_due_at
        return None

    def overdue(self, moment: datetime | None = None) -> bool:
        due = self.next_due()
        return due is not None and local(due) < (moment or now())

    def export_values(self) -> list[str]:
        return [
            self.application_no,
            self.type_code,
            self.status,
            iso_day(self.accepted_at),
            ";".join(self.missing),
            iso_day(self.inspection_due_at),
            iso_day(self.decision_due_at),
            self.delivery_method,
        ]


def _row(app: Application) -> ApplicationRow:
    notice = app.notice
    return ApplicationRow(
        id=app.id,
        version=app.version,
        application_no=app.application_no,
        type_code=app.type.code,
        type_name_zh=app.type.name_zh,
        type_name_en=app.type.name_en,
        needs_inspection=app.type.needs_inspection,
        status=app.status,
        unit_name=app.unit_name,
        applicant=masked_name(app.applicant_name),
        phone=masked_phone(app.applicant_phone),
        accepted_at=app.accepted_at,
        documents=tuple(app.documents),
        missing=tuple(still_missing(app)),
        notice_items=tuple(notice.items) if notice else (),
        notice_no=notice.notice_no if notice else None,
        supplement_due_at=notice.supplement_due_at if notice else None,
        inspection_due_at=app.inspection_due_at,
        inspected_at=app.inspected_at,
        decision_due_at=app.decision_due_at,
        decision=app.decision,
        decision_reasons=app.decision_reasons,
        delivery_method=app.delivery_method,
        tracking_no=app.tracking_no,
        sent_at=app.sent_at,
        received_at=app.received_at,
        actions=tuple(actions_for(app)),
    )


def list_applications(actor: Actor, *, open_only: bool = False) -> list[ApplicationRow]:
    """Applications newest first (only those not yet delivered with `open_only`)."""
    require(actor, "applications.write")
    statuses = OPEN_STATUSES if open_only else STATUSES
    with read_session() as session:
        rows = session.scalars(
            select(Application)
            .where(Application.status.in_(statuses))
            .options(selectinload(Application.type), selectinload(Application.notice))
            .order_by(Application.accepted_at.desc(), Application.id.desc())
        )
        return [_row(app) for app in rows]


def get_application(actor: Actor, application_id: int) -> ApplicationRow:
    require(actor, "applications.write")
    with read_session() as session:
        app = session.get(Application, application_id)
        if app is None:
            raise NotFound("error.not_found", what=f"applications {application_id}")
        return _row(app)


def export_rows(rows: list[ApplicationRow]) -> list[list[str]]:
    return [row.export_values() for row in rows]
