"""Reading complaint cases: the queue sorted by time left, one case in detail, the export.

Complainants are masked in every row here, unless the actor holds `complaints.unmask` and
explicitly unmasks one case (audited); exports never unmask.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, selectinload

from db.models import District
from db.models.complaints import ComplaintCase, ComplaintTicket
from db.session import read_session
from rules import complaints as clocks
from rules.time import local
from services.complaints.cases import OPEN_STATUSES, READ_BATCH, TIME_FORMAT
from services.core.clock import now
from services.core.errors import NotFound
from services.core.permissions import Actor, require
from services.core.privacy import masked_name, masked_phone, require_reveal
from services.core.spreadsheet import csv_bytes
from services.core.unit_of_work import record, unit_of_work


@dataclass(frozen=True)
class Filters:
    statuses: tuple[str, ...] = OPEN_STATUSES
    category: str | None = None
    district: str | None = None
    overdue_only: bool = False


@dataclass(frozen=True)
class CaseRow:
    id: int
    version: int
    ticket_no: str
    category: str
    status: str
    unit_name: str
    district: str
    received_at: datetime
    deadline_at: datetime
    provisional: bool
    verified_at: datetime | None
    inspectors: str
    complainant_name: str
    complainant_phone: str
    tickets: int
    urgency: str  # overdue, due_soon, on_track, or clock_stopped once verified on site
    minutes_left: int


def _primary_ticket():
    return and_(
        ComplaintTicket.case_id == ComplaintCase.id,
        ComplaintTicket.ticket_no == ComplaintCase.ticket_no,
    )


# Rows are read from the database this many at a time (a server-side cursor on PostgreSQL).


def _rows(
    session: Session, conditions: list, limit: int | None, offset: int = 0
) -> Iterator[CaseRow]:
    """Case rows read lazily, `READ_BATCH` at a time; `limit=None` reads them all (from
    the `offset`-th on, in the queue's order)."""
    moment = now()
    tickets = (
        select(ComplaintTicket.case_id, func.count().label("n"))
        .group_by(ComplaintTicket.case_id)
        .subquery()
    )
    query = (
        select(
            ComplaintCase,
            District.name,
            ComplaintTicket.complainant_name,
            ComplaintTicket.complainant_phone,
            tickets.c.n,
        )
        .join(District, District.id == ComplaintCase.district_id)
        .join(ComplaintTicket, _primary_ticket())
        .join(tickets, tickets.c.case_id == ComplaintCase.id)
        .where(*conditions)
        .options(selectinload(ComplaintCase.inspector1), selectinload(ComplaintCase.inspector2))
        .order_by(
            ComplaintCase.first_verified_at.is_not(None),
            ComplaintCase.deadline_at,
            ComplaintCase.id,
        )
        .limit(limit)
        .offset(offset or None)
    )
    return (
        CaseRow(
            id=c.id,
            version=c.version,
            ticket_no=c.ticket_no,
            category=c.category,
            status=c.status,
            unit_name=c.unit_name,
            district=district,
            received_at=local(c.received_at),
            deadline_at=local(c.deadline_at),
            provisional=c.deadline_provisional,
            verified_at=local(c.verified_at) if c.verified_at else None,
            inspectors="、".join(s.name for s in (c.inspector1, c.inspector2) if s),
            complainant_name=masked_name(name),
            complainant_phone=masked_phone(phone),
            tickets=count,
            urgency=clocks.urgency(c.deadline_at, c.first_verified_at, moment),
            minutes_left=int((local(c.deadline_at) - moment).total_seconds() // 60),
        )
        for c, district, name, phone, count in session.execute(
            query, execution_options={"yield_per": READ_BATCH}
        )
    )


def _conditions(filters: Filters) -> list:
    conditions = [ComplaintCase.status.in_(filters.statuses)]
    if filters.category:
        conditions.append(ComplaintCase.category == filters.category)
    if filters.district:
        conditions.append(District.name == filters.district)
    if filters.overdue_only:
        conditions += [ComplaintCase.first_verified_at.is_(None), ComplaintCase.deadline_at < now()]
    return conditions


def queue(actor: Actor, filters: Filters = Filters(), limit: int = 2000) -> list[CaseRow]:
    """Cases sorted by time left (awaiting a visit first); complainants always masked here."""
    require(actor, "complaints.write")
    with read_session() as session:
        return list(_rows(session, _conditions(filters), limit))


PAGE_SIZE = 50


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue and where it sits among all the cases the filters select."""

    rows: list[CaseRow]
    total: int
    page: int  # 1-based; past the last page reads the last one
    pages: int
    size: int

    @property
    def first(self) -> int:
        """1-based position of the page's first row (0 for an empty queue)."""
        return (self.page - 1) * self.size + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return (self.page - 1) * self.size + len(self.rows)


def queue_page(
    actor: Actor, filters: Filters = Filters(), page: int = 1, size: int = PAGE_SIZE
) -> QueuePage:
    """The `page`-th `size` cases of the queue (in `queue`'s order) and how many there are:
    what the queue's table shows, so a long queue never reaches the browser whole."""
    require(actor, "complaints.write")
    if size < 1 or page < 1:
        raise ValueError(f"page {page} of size {size}: both must be at least 1")
    conditions = _conditions(filters)
    with read_session() as session:
        total = session.scalar(
            select(func.count())
            .select_from(ComplaintCase)
            .join(District, District.id == ComplaintCase.district_id)
            .join(ComplaintTicket, _primary_ticket())
            .where(*conditions)
        )
        pages = max(1, -(-total // size))
        page = min(page, pages)
        rows = list(_rows(session, conditions, size, (page - 1) * size))
    return QueuePage(rows, total, page, pages, size)


def all_cases(actor: Actor, filters: Filters = Filters()) -> Iterator[CaseRow]:
    """Every case `queue` would list, without its limit, streamed from the database batch by
    batch (for exports of any size); complainants masked."""
    require(actor, "complaints.write")
    with read_session() as session:
        yield from _rows(session, _conditions(filters), None)


@dataclass(frozen=True)
class TicketView:
    ticket_no: str
    received_at: datetime
    channel: str
    complainant_name: str
    complainant_phone: str
    description: str


@dataclass(frozen=True)
class EventView:
    at: datetime
    action: str
    status: str
    username: str
    note: str


@dataclass(frozen=True)
class CaseDetail:
    row: CaseRow
    address: str
    violation_found: bool | None
    verification_notes: str
    handling: str | None
    informed_how: str | None
    informed_at: datetime | None
    unmasked: bool
    tickets: list[TicketView]
    events: list[EventView]


def case_detail(actor: Actor, case_id: int, *, unmask: bool = False) -> CaseDetail:
    """One case with its tickets and history. `unmask=True` shows the complainants to whom
    services.core.privacy lets reveal them and writes one audit entry saying who looked.

    The entry is `unmask` (one per case, all its complainants at once), not privacy's
    per-person `reveal`: the audit log keeps the action it has always shown."""
    require(actor, "complaints.write")
    if unmask:
        require_reveal(actor)
    with read_session() as session:
        rows = list(_rows(session, [ComplaintCase.id == case_id], 1))
        case_ = session.get(
            ComplaintCase,
            case_id,
            options=[selectinload(ComplaintCase.tickets), selectinload(ComplaintCase.events)],
        )
        if case_ is None or not rows:
            raise NotFound("error.not_found", what=f"complaint_cases {case_id}")
    if unmask:
        with unit_of_work(actor) as session:
            record(
                session,
                actor,
                "unmask",
                ComplaintCase.__tablename__,
                case_id,
                detail=f"complainants of case {case_.ticket_no}",
            )
    shown_name = (lambda v: v or "") if unmask else masked_name
    shown_phone = (lambda v: v or "") if unmask else masked_phone
    return CaseDetail(
        row=rows[0],
        address=case_.address,
        violation_found=case_.violation_found,
        verification_notes=case_.verification_notes,
        handling=case_.handling,
        informed_how=case_.informed_how,
        informed_at=local(case_.informed_at) if case_.informed_at else None,
        unmasked=unmask,
        tickets=[
            TicketView(
                ticket.ticket_no,
                local(ticket.received_at),
                ticket.channel,
                shown_name(ticket.complainant_name),
                shown_phone(ticket.complainant_phone),
                ticket.description,
            )
            for ticket in case_.tickets
        ],
        events=[
            EventView(local(e.at), e.action, e.status, e.username, e.note)
            for e in sorted(case_.events, key=lambda e: (e.at, e.id))
        ],
    )


EXPORT_COLUMNS = (
    "ticket_no",
    "category",
    "received_at",
    "deadline",
    "provisional",
    "status",
    "unit_name",
    "district",
    "inspectors",
    "tickets",
    "complainant_name",
    "complainant_phone",
)


def export_rows(rows: Iterable[CaseRow]) -> Iterator[dict[str, object]]:
    """Queue rows as plain CSV/Excel rows, one by one; the complainants stay masked (`queue`
    masks them, and exports never unmask)."""
    return (
        {
            "ticket_no": r.ticket_no,
            "category": r.category,
            "received_at": r.received_at.strftime(TIME_FORMAT),
            "deadline": r.deadline_at.strftime(TIME_FORMAT),
            "provisional": "yes" if r.provisional else "no",
            "status": r.status,
            "unit_name": r.unit_name,
            "district": r.district,
            "inspectors": r.inspectors,
            "tickets": r.tickets,
            "complainant_name": r.complainant_name,
            "complainant_phone": r.complainant_phone,
        }
        for r in rows
    )


def export_csv(rows: Iterable[CaseRow]) -> bytes:
    """The queue export to download (through the safe writer: no cell runs as a formula)."""
    return csv_bytes(EXPORT_COLUMNS, (row.values() for row in export_rows(rows)))


def district_names() -> list[str]:
    with read_session() as session:
        return list(session.scalars(select(District.name).order_by(District.id)))
