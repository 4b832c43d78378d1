"""Intake with 容缺受理 (measure 01): an application is registered with what was handed in.

A required document missing: the application is not accepted (every missing one is named).
Supplementable documents missing: it is accepted, and the one-time notice (一次性告知书) is
issued in the same transaction, listing every one of them and the deadline to hand them in;
documents checked internally are never on it. The notice is issued here and nowhere else,
and the database holds at most one per application (a unique key), so an applicant is told
once. Afterwards nothing can be asked that was not on the notice: `demand_document` and
`supplement` refuse any other document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import Location
from db.models.applications import DELIVERY_METHODS, Application, ApplicationNotice
from db.session import read_session
from rules import applications as rules
from rules.time import local
from services.applications.types import TypeView, ensure_standard_types, load_type
from services.calendar import workdays
from services.core.clock import now
from services.core.errors import FiredeskError, NotFound, Problems
from services.core.permissions import Actor, require
from services.core.unit_of_work import record, unit_of_work
from services.core.validation import check_phone, check_required

NUMBER_ATTEMPTS = 3


@dataclass
class ApplicationInput:
    type_id: int
    unit_name: str
    applicant_name: str
    applicant_phone: str
    documents: list[str] = field(default_factory=list)
    address: str = ""
    location_id: int | None = None
    delivery_method: str = "in_person"
    delivery_address: str = ""


@dataclass(frozen=True)
class IntakeResult:
    application_id: int
    application_no: str
    status: str
    notice_items: list[str]


def read_type(type_id: int) -> TypeView:
    with read_session() as session:
        return load_type(session, type_id)


def _check(kind: TypeView, data: ApplicationInput) -> tuple[Problems, dict]:
    problems = Problems()
    clean = {
        "unit_name": check_required(problems, "unit_name", data.unit_name, 120),
        "applicant_name": check_required(problems, "applicant_name", data.applicant_name, 40),
        "applicant_phone": check_phone(
            problems, "applicant_phone", data.applicant_phone, required=True
        ),
        "address": (data.address or "").strip()[:200],
    }
    if data.delivery_method not in DELIVERY_METHODS:
        problems.add("delivery_method", "error.choice", value=data.delivery_method)
    address = (data.delivery_address or "").strip()
    if data.delivery_method == "post":
        address = check_required(problems, "delivery_address", address, 200)
    clean["delivery_address"] = address
    for code in data.documents:
        document = kind.document(code)
        if document is None:
            problems.add("documents", "applications.error.unknown_document", code=code)
        elif document.requirement == rules.INTERNAL:
            problems.add("documents", "applications.error.internal_document", name=document.name())
    for code in rules.missing_required(kind.checklist, data.documents):
        problems.add(
            "documents", "applications.error.required_missing", name=kind.document(code).name()
        )
    return problems, clean


def _next_number(session: Session, prefix: str, column) -> str:
    taken = session.scalar(select(func.count()).where(column.like(prefix + "%")))
    return f"{prefix}{taken + 1:03d}"


def intake(actor: Actor, data: ApplicationInput) -> IntakeResult:
    """Register and accept an application; issue its one-time notice when documents are missing."""
    require(actor, "applications.write")
    ensure_standard_types()
    kind = read_type(data.type_id)
    problems, clean = _check(kind, data)
    problems.raise_if_any()
    accepted_at = now()
    items = rules.notice_items(kind.checklist, data.documents)
    # Clocks before the write: the calendar may seed a year, which is a transaction of its own.
    inspection = rules.inspection_due(workdays, accepted_at) if kind.needs_inspection else None
    supplement = rules.supplement_due(workdays, accepted_at) if items else None
    day = local(accepted_at).strftime("%Y%m%d")
    # Two desks numbering the same day at once on PostgreSQL: the unique number refuses
    # the second, which takes the next number.
    for attempt in range(NUMBER_ATTEMPTS):
        try:
            with unit_of_work(actor) as session:
                if data.location_id is not None and session.get(Location, data.location_id) is None:
                    raise NotFound("error.not_found", what=f"locations {data.location_id}")
                row = Application(
                    application_no=_next_number(session, f"SQ{day}", Application.application_no),
                    type_id=kind.id,
                    status="supplementing" if items else "accepted",
                    location_id=data.location_id,
                    documents=sorted(set(data.documents), key=[c for c, _ in kind.checklist].index),
                    accepted_at=accepted_at,
                    inspection_due_at=inspection.at if inspection else None,
                    due_provisional=bool(
                        (inspection and inspection.provisional)
                        or (supplement and supplement.provisional)
                    ),
                    delivery_method=data.delivery_method,
                    created_by=actor.username,
                    **clean,
                )
                session.add(row)
                session.flush()
                if items:
                    issue_notice(session, row, kind, items, accepted_at, supplement.at)
                return IntakeResult(row.id, row.application_no, row.status, items)
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def issue_notice(
    session: Session,
    application: Application,
    kind: TypeView,
    items: list[str],
    issued_at: datetime,
    due_at: datetime,
) -> ApplicationNotice:
    """The one-time notice of `application`; refused if it already has one."""
    exists = session.scalar(
        select(ApplicationNotice.id).where(ApplicationNotice.application_id == application.id)
    )
    if exists is not None:
        raise FiredeskError("applications.error.notice_exists", no=application.application_no)
    if not items:
        raise FiredeskError("applications.error.nothing_missing")
    notice = ApplicationNotice(
        application_id=application.id,
        notice_no="GZ" + application.application_no.removeprefix("SQ"),
        issued_at=issued_at,
        supplement_due_at=due_at,
        items=[
            {"code": c, "name_zh": kind.document(c).name_zh, "name_en": kind.document(c).name_en}
            for c in items
        ],
    )
    session.add(notice)
    session.flush()
    return notice


def _notice_codes(application: Application) -> list[str]:
    return [item["code"] for item in application.notice.items] if application.notice else []


def still_missing(application: Application) -> list[str]:
    """The notice's items not handed in yet."""
    return [c for c in _notice_codes(application) if c not in application.documents]


def check_on_notice(application: Application, code: str) -> None:
    """Refuses any document that was not on the application's one-time notice (measure 01)."""
    if code not in _notice_codes(application):
        raise FiredeskError(
            "applications.error.not_on_notice", code=code, no=application.application_no
        )


def demand_document(actor: Actor, application_id: int, code: str) -> None:
    """Remind the applicant of a document: only one on the notice and still missing."""
    require(actor, "applications.write")
    with unit_of_work(actor) as session:
        row = session.get(Application, application_id)
        if row is None:
            raise NotFound("error.not_found", what=f"applications {application_id}")
        check_on_notice(row, code)
        if code in row.documents:
            raise FiredeskError("applications.error.already_in", code=code)
        record(session, actor, "demand", Application.__tablename__, row.id, detail=code)
