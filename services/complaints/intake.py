"""Intake of 12345 dispatch sheets, typed into the form or read from an import: each ticket
checked, then a case opened per ticket or the ticket merged into the open case of the same
unit and category (all tickets or none).

Complainants' names and phones are personal data: stored as given, only ever shown masked
(see services.complaints.queue).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import District, Location
from db.models.complaints import CATEGORIES, ComplaintCase, ComplaintEvent, ComplaintTicket
from db.session import read_session
from rules.time import TIME_ZONE, local
from services.complaints.cases import OPEN_STATUSES, READ_BATCH, TIME_FORMAT, category_label
from services.complaints.deadlines import deadline_for
from services.core.clock import now
from services.core.errors import Problems, ValidationError
from services.core.permissions import Actor, require
from services.core.spreadsheet import EARLIEST_DATE
from services.core.unit_of_work import insert_audited, unit_of_work
from services.core.validation import check_phone

DEFAULT_CHANNEL = "12345"


@dataclass
class TicketInput:
    """One 12345 dispatch sheet as typed into the form or read from an import row."""

    ticket_no: str = ""
    received_at: str | datetime = ""
    channel: str = ""
    category: str = ""
    unit_name: str = ""
    address: str = ""
    district: str = ""
    complainant_name: str = ""
    complainant_phone: str = ""
    description: str = ""


COLUMNS = tuple(f.name for f in fields(TicketInput))
_LIMITS = {
    "ticket_no": 40,
    "channel": 20,
    "unit_name": 120,
    "address": 200,
    "complainant_name": 40,
    "description": 2000,
}
_REQUIRED = ("ticket_no", "unit_name", "district", "description")


def field_name(column: str) -> str:
    """The error field of an intake column (labels are `field.complaint_<column>`)."""
    return f"complaint_{column}"


def _category_code(value: str) -> str | None:
    text = value.strip()
    for code in CATEGORIES:
        if text in (code, category_label(code, "zh-CN"), category_label(code, "en")):
            return code
    return None


def _parse_time(value: str | datetime) -> datetime | None:
    if isinstance(value, datetime):
        return local(value)
    try:
        return datetime.strptime(str(value).strip(), TIME_FORMAT).replace(tzinfo=TIME_ZONE)
    except ValueError:
        return None


@dataclass(frozen=True)
class CleanTicket:
    ticket_no: str
    received_at: datetime
    channel: str
    category: str
    unit_name: str
    address: str
    district_id: int
    complainant_name: str | None
    complainant_phone: str | None
    description: str


def _check_ticket(
    data: TicketInput,
    problems: Problems,
    districts: dict[str, int],
    taken: set[str],
    moment: datetime,
) -> CleanTicket | None:
    text = {c: str(getattr(data, c) or "").strip() for c in COLUMNS if c != "received_at"}
    before = len(problems.errors)
    for column in _REQUIRED:
        if not text[column]:
            problems.add(field_name(column), "error.required")
    for column, limit in _LIMITS.items():
        if len(text[column]) > limit:
            problems.add(field_name(column), "error.too_long", max=limit)
    if text["ticket_no"] in taken:
        problems.add(field_name("ticket_no"), "error.duplicate", value=text["ticket_no"])
    received = None
    if not str(data.received_at or "").strip():
        problems.add(field_name("received_at"), "error.required")
    else:
        received = _parse_time(data.received_at)
        if received is None:
            problems.add(
                field_name("received_at"), "complaints.error.time_format", value=data.received_at
            )
        elif received > moment:
            problems.add(
                field_name("received_at"),
                "complaints.error.future",
                value=received.strftime(TIME_FORMAT),
            )
        elif received.date() < EARLIEST_DATE:
            problems.add(
                field_name("received_at"),
                "sheet.error.date_range",
                value=received.strftime(TIME_FORMAT),
            )
    category = _category_code(text["category"])
    if category is None:
        problems.add(field_name("category"), "complaints.error.category", value=text["category"])
    district_id = districts.get(text["district"])
    if text["district"] and district_id is None:
        problems.add(field_name("district"), "error.unknown", value=text["district"])
    phone = check_phone(problems, field_name("complainant_phone"), text["complainant_phone"])
    if len(problems.errors) > before:
        return None
    taken.add(text["ticket_no"])
    return CleanTicket(
        ticket_no=text["ticket_no"],
        received_at=received,
        channel=text["channel"] or DEFAULT_CHANNEL,
        category=category,
        unit_name=text["unit_name"],
        address=text["address"],
        district_id=district_id,
        complainant_name=text["complainant_name"] or None,
        complainant_phone=phone,
        description=text["description"],
    )


def validate_tickets(tickets: Sequence[TicketInput], *, first_row: int | None) -> list[CleanTicket]:
    """Every ticket checked; one ValidationError lists every problem of every row.

    `first_row` numbers the rows in error messages (imports); None for a single form.
    """
    moment = now()
    with read_session() as session:
        districts = dict(session.execute(select(District.name, District.id)).all())
        numbers = [str(d.ticket_no or "").strip() for d in tickets]
        taken = set(
            session.scalars(
                select(ComplaintTicket.ticket_no).where(ComplaintTicket.ticket_no.in_(numbers))
            )
        )
    errors = []
    clean = []
    for index, data in enumerate(tickets):
        problems = Problems(row=None if first_row is None else first_row + index)
        ticket = _check_ticket(data, problems, districts, taken, moment)
        errors.extend(problems.errors)
        if ticket is not None:
            clean.append(ticket)
    if errors:
        raise ValidationError(errors)
    return clean


def _open_cases(
    session: Session, tickets: Sequence[CleanTicket]
) -> dict[tuple[str, str], tuple[int, str]]:
    """(unit, category) → (id, status) of the oldest open case about it, for every unit of
    the batch: one query per `READ_BATCH` unit names instead of one per ticket."""
    names = sorted({t.unit_name for t in tickets})
    found: dict[tuple[str, str], tuple[int, str]] = {}
    for start in range(0, len(names), READ_BATCH):
        rows = session.execute(
            select(
                ComplaintCase.id,
                ComplaintCase.unit_name,
                ComplaintCase.category,
                ComplaintCase.status,
            )
            .where(
                ComplaintCase.unit_name.in_(names[start : start + READ_BATCH]),
                ComplaintCase.status.in_(OPEN_STATUSES),
            )
            .order_by(ComplaintCase.received_at, ComplaintCase.id)
        )
        for case_id, unit_name, category, status in rows:
            found.setdefault((unit_name, category), (case_id, status))
    return found


def _unit_locations(session: Session, names: Iterable[str]) -> dict[str, int]:
    rows = session.execute(
        select(Location.name, func.min(Location.id))
        .where(Location.name.in_(set(names)), Location.kind == "unit")
        .group_by(Location.name)
    )
    return dict(rows.all())


def add_tickets(session: Session, actor: Actor, tickets: Sequence[CleanTicket]) -> list[int]:
    """Open a case per ticket, or merge it into the open case of the same unit and category.

    Runs in the caller's unit of work; returns the case id of each ticket. Open cases are
    looked up once for the whole batch, and cases, tickets and events are inserted (and
    audited) in bulk: a 20,000-row sheet would otherwise cost tens of thousands of round
    trips and ORM objects.
    """
    deadlines = {t.ticket_no: deadline_for(t.category, t.received_at) for t in tickets}
    locations = _unit_locations(session, (t.unit_name for t in tickets))
    stored = _open_cases(session, tickets)
    new_cases: list[dict] = []
    new_case_of: dict[tuple[str, str], int] = {}  # (unit, category) → index in new_cases
    # Each ticket's case: ("stored", case id, status) or ("new", index into new_cases).
    placed: list[tuple[CleanTicket, str, int, str]] = []
    for ticket in sorted(tickets, key=lambda t: t.received_at):
        key = (ticket.unit_name, ticket.category)
        if key in new_case_of:
            placed.append((ticket, "new", new_case_of[key], "merged"))
        elif key in stored:
            placed.append((ticket, "stored", stored[key][0], "merged"))
        else:
            deadline = deadlines[ticket.ticket_no]
            new_case_of[key] = len(new_cases)
            new_cases.append(
                {
                    "ticket_no": ticket.ticket_no,
                    "category": ticket.category,
                    "status": "received",
                    "unit_name": ticket.unit_name,
                    "address": ticket.address,
                    "district_id": ticket.district_id,
                    "location_id": locations.get(ticket.unit_name),
                    "received_at": ticket.received_at,
                    "deadline_at": deadline.at,
                    "deadline_provisional": deadline.provisional,
                }
            )
            placed.append((ticket, "new", new_case_of[key], "received"))
    new_ids = insert_audited(session, ComplaintCase, new_cases)
    status_of = {case_id: status for case_id, status in stored.values()}
    moment = now()
    case_of: dict[str, int] = {}
    ticket_rows, event_rows = [], []
    for ticket, where, ref, action in placed:
        case_id = new_ids[ref] if where == "new" else ref
        case_of[ticket.ticket_no] = case_id
        ticket_rows.append(
            {
                "case_id": case_id,
                "ticket_no": ticket.ticket_no,
                "received_at": ticket.received_at,
                "channel": ticket.channel,
                "complainant_name": ticket.complainant_name,
                "complainant_phone": ticket.complainant_phone,
                "description": ticket.description,
            }
        )
        event_rows.append(
            {
                "case_id": case_id,
                "at": moment,
                "action": action,
                "status": "received" if where == "new" else status_of[case_id],
                "username": actor.username,
                "note": ticket.ticket_no,
            }
        )
    insert_audited(session, ComplaintTicket, ticket_rows)
    insert_audited(session, ComplaintEvent, event_rows)
    return [case_of[t.ticket_no] for t in tickets]


def intake(
    actor: Actor, tickets: Sequence[TicketInput], *, first_row: int | None = None
) -> list[int]:
    """All tickets or none: a single bad row writes nothing. Returns each ticket's case id."""
    require(actor, "complaints.write")
    clean = validate_tickets(tickets, first_row=first_row)
    # The calendar is read (and seeded on first use) before the write transaction starts.
    for ticket in clean:
        deadline_for(ticket.category, ticket.received_at)
    with unit_of_work(actor) as session:
        return add_tickets(session, actor, clean)
