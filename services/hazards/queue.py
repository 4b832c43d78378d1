"""The hazard case queue and its export: each case's state and the clock it runs on now
(order to issue, deadline, extension to decide, re-inspection due), due soon / overdue,
major hazards open. Units are organisations: nothing personal is listed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from db.models import Location
from db.models.hazards import HazardCase, HazardExtension
from db.session import read_session
from rules import hazards as rules
from rules.time import local
from services.core.clock import now
from services.core.errors import NotFound
from services.core.permissions import Actor, require
from services.hazards.cases import OPEN_STATES, actions_for
from services.hazards.orders import order_no

EXPORT_COLUMNS = (
    "case_no",
    "unit_name",
    "state",
    "inspected_on",
    "order_due",
    "deadline",
    "reinspection_due",
    "major",
    "provisional",
)
DUE_SOON = timedelta(hours=24)


@dataclass(frozen=True)
class CaseRow:
    id: int
    version: int
    case_no: str
    order_no: str
    unit_code: str
    unit_name: str
    state: str
    major: bool
    escalation: str | None
    inspected_at: datetime
    order_due_at: datetime
    deadline: date | None
    reinspection_due_at: datetime | None
    closed_at: datetime | None
    clock_at: datetime | None  # the clock the case runs on now (None: closed)
    provisional: bool
    urgency: str  # overdue, due_soon, on_track, closed
    findings: list[str]
    guidance: list[dict]
    legal_basis: str
    note: str
    officers: list[str]
    extensions: list[dict]
    # The report up of a major hazard (None: not major, or not reported).
    major_reported_at: datetime | None = None
    major_reported_by: str | None = None
    major_report_level: str | None = None
    major_reported_to: str | None = None

    def export_values(self) -> list[object]:
        def day(value: datetime | date | None) -> str:
            if value is None:
                return ""
            return (local(value).date() if isinstance(value, datetime) else value).isoformat()

        return [
            self.case_no,
            self.unit_name,
            self.state,
            day(self.inspected_at),
            day(self.order_due_at),
            day(self.deadline),
            day(self.reinspection_due_at),
            "yes" if self.major else "no",
            "yes" if self.provisional else "no",
        ]


def _clock(case: HazardCase, pending: HazardExtension | None) -> tuple[datetime | None, bool]:
    if case.state == "opened":
        return local(case.order_due_at), case.order_due_provisional
    if case.state == "order_issued":
        return rules.deadline_end(case.deadline), False
    if case.state == "extension_requested" and pending is not None:
        return local(pending.decide_due_at), pending.decide_due_provisional
    if case.state == "reinspection_due":
        return local(case.reinspection_due_at), case.reinspection_due_provisional
    return None, False


def _urgency(clock_at: datetime | None, moment: datetime) -> str:
    if clock_at is None:
        return "closed"
    if clock_at < moment:
        return "overdue"
    return "due_soon" if clock_at - moment <= DUE_SOON else "on_track"


def _row(case: HazardCase, location: Location, extensions: list[HazardExtension]) -> CaseRow:
    pending = next((e for e in reversed(extensions) if e.decision is None), None)
    clock_at, provisional = _clock(case, pending)
    return CaseRow(
        id=case.id,
        version=case.version,
        case_no=case.case_no,
        order_no=order_no(case),
        unit_code=location.code,
        unit_name=location.name,
        state=case.state,
        major=case.major,
        escalation=case.escalation,
        inspected_at=local(case.inspected_at),
        order_due_at=local(case.order_due_at),
        deadline=case.deadline,
        reinspection_due_at=local(case.reinspection_due_at) if case.reinspection_due_at else None,
        closed_at=local(case.closed_at) if case.closed_at else None,
        clock_at=clock_at,
        provisional=provisional,
        urgency=_urgency(clock_at, now()),
        findings=list(case.findings),
        guidance=list(case.guidance),
        legal_basis=case.legal_basis,
        note=case.note,
        officers=list(case.officers),
        extensions=[
            {
                "reason": e.reason,
                "reason_text": e.reason_text,
                "requested_at": local(e.requested_at),
                "requested_deadline": e.requested_deadline,
                "old_deadline": e.old_deadline,
                "decide_due_at": local(e.decide_due_at),
                "decision": e.decision,
                "decided_by": e.decided_by,
            }
            for e in extensions
        ],
        major_reported_at=local(case.major_reported_at) if case.major_reported_at else None,
        major_reported_by=case.major_reported_by,
        major_report_level=case.major_report_level,
        major_reported_to=case.major_reported_to,
    )


def list_cases(actor: Actor, *, open_only: bool = False) -> list[CaseRow]:
    """Every case, the most urgent clock first (closed ones last, newest first)."""
    require(actor, "hazards.read")
    query = select(HazardCase, Location).join(Location, Location.id == HazardCase.location_id)
    if open_only:
        query = query.where(HazardCase.state.in_(OPEN_STATES))
    with read_session() as session:
        pairs = session.execute(query.order_by(HazardCase.id)).all()
        by_case: dict[int, list[HazardExtension]] = {}
        for ext in session.scalars(select(HazardExtension).order_by(HazardExtension.id)):
            by_case.setdefault(ext.case_id, []).append(ext)
        rows = [_row(case, location, by_case.get(case.id, [])) for case, location in pairs]
    open_rows = sorted((r for r in rows if r.clock_at), key=lambda r: r.clock_at)
    closed = sorted((r for r in rows if not r.clock_at), key=lambda r: r.id, reverse=True)
    return open_rows + closed


def get_case(actor: Actor, case_id: int) -> CaseRow:
    for row in list_cases(actor):
        if row.id == case_id:
            return row
    raise NotFound("error.not_found", what=f"hazard_cases {case_id}")


def load_case(session, case_id: int) -> HazardCase:
    return session.get(HazardCase, case_id)


def figures(rows: list[CaseRow]) -> dict[str, int]:
    """Open, overdue and major-open counts of the queue."""
    open_rows = [r for r in rows if r.urgency != "closed"]
    return {
        "open": len(open_rows),
        "overdue": sum(r.urgency == "overdue" for r in open_rows),
        "major_open": len(major_open(rows)),
    }


def major_open(rows: list[CaseRow]) -> list[CaseRow]:
    """The major hazards still open (what a leader follows until they are closed)."""
    return [r for r in rows if r.major and r.urgency != "closed"]


def rates(rows: list[CaseRow]) -> dict[str, float | None]:
    """Of the closed cases: the share re-inspected by the end of their re-inspection clock,
    and the share closed as fixed (None: no case closed yet)."""
    closed = [r for r in rows if r.closed_at is not None]
    if not closed:
        return {"reinspection_on_time": None, "closed_fixed": None}
    on_time = sum(r.closed_at <= r.reinspection_due_at for r in closed if r.reinspection_due_at)
    return {
        "reinspection_on_time": on_time / len(closed),
        "closed_fixed": sum(r.state == "closed_fixed" for r in closed) / len(closed),
    }


def export_rows(rows: list[CaseRow]) -> list[list[object]]:
    return [row.export_values() for row in rows]


__all__ = [
    "EXPORT_COLUMNS",
    "CaseRow",
    "actions_for",
    "export_rows",
    "figures",
    "list_cases",
    "major_open",
    "rates",
]
