"""12345 fire-safety complaints (measure 19): intake, legal clocks, workflow, queue, metrics.

The national rule: locked or blocked safety exits and evacuation routes and disabled fire
facilities are verified on site within 24 calendar hours of receipt; other violations
within 3 working days (official calendar, see services.calendar.workdays); the complainant is told
the outcome.

A case is the first ticket about a unit and category; a later ticket about the same unit
and category while the case is open is merged into it (its clock is the first ticket's).
Complainants' names and phones are personal data: every query here returns them masked,
unless the actor holds `complaints.unmask` and explicitly unmasks one case (audited).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, selectinload

from db.models import District, Location, Staff, StaffSkill
from db.models.complaints import (
    CATEGORIES,
    HANDLINGS,
    INFORM_METHODS,
    STATUSES,
    ComplaintCase,
    ComplaintEvent,
    ComplaintTicket,
)
from db.session import read_session
from rules import complaints as clocks
from rules.time import TIME_ZONE, local
from rules.weeks import clip_windows, minutes_from
from services.calendar import workdays
from services.core.clock import now
from services.core.errors import FiredeskError, NotFound, Problems, ValidationError
from services.core.permissions import Actor, require
from services.core.records import load_for_update
from services.core.spreadsheet import EARLIEST_DATE, csv_bytes
from services.core.unit_of_work import insert_audited, record, unit_of_work
from services.core.validation import check_phone, mask_name, mask_phone
from services.evaluations.bad_review_cases import prepare_deadlines
from services.evaluations.followups import service_completed
from services.i18n import t

OPEN_STATUSES = tuple(s for s in STATUSES if s != "closed")
AWAITING_VISIT = ("received", "assigned")
TIME_FORMAT = "%Y-%m-%d %H:%M"
DEFAULT_CHANNEL = "12345"

# Planning: an on-site check takes two inspectors about an hour; running it in the later
# half of its window costs a little, so the planner prefers checking early.
CHECK_MINUTES = 60
CHECK_PRIORITY = 10
LATE_HALF_COST = 5


# --- intake ----------------------------------------------------------------------------------


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


def category_label(code: str, language: str | None = None) -> str:
    return t(f"complaints.category.{code}", language)


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


def deadline_for(
    category: str, received_at: datetime, calendar: workdays.WorkCalendar | None = None
) -> workdays.Deadline:
    """The legal clock (rules.complaints.deadline) counted on the official calendar.

    `calendar`: a snapshot to count on (demo loading, inside its own transaction).
    """
    counter = calendar.add_working_days if calendar is not None else workdays.add_working_days
    return workdays.Deadline(*clocks.deadline(category, received_at, counter))


def firm_up_deadlines(session: Session, calendar: workdays.WorkCalendar) -> int:
    """Open cases whose clock was counted on a provisional calendar, recounted on
    `calendar` (a year was just confirmed); returns how many changed."""
    changed = 0
    for case_ in session.scalars(
        select(ComplaintCase)
        .where(
            ComplaintCase.deadline_provisional.is_(True),
            ComplaintCase.status.in_(OPEN_STATUSES),
        )
        .order_by(ComplaintCase.id)
    ):
        deadline = deadline_for(case_.category, case_.received_at, calendar)
        if (local(case_.deadline_at), case_.deadline_provisional) != (
            deadline.at,
            deadline.provisional,
        ):
            case_.deadline_at = deadline.at
            case_.deadline_provisional = deadline.provisional
            changed += 1
    return changed


def _event(case_: ComplaintCase, actor: Actor, action: str, note: str = "", at=None) -> None:
    case_.events.append(
        ComplaintEvent(
            at=at or now(), action=action, status=case_.status, username=actor.username, note=note
        )
    )


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


# --- workflow --------------------------------------------------------------------------------

# action → (statuses it may start from, status it leaves the case in)
FLOW: dict[str, tuple[tuple[str, ...], str]] = {
    "assign": (("received", "assigned"), "assigned"),
    "verify": (("assigned",), "verified"),
    "handle": (("verified",), "handled"),
    "inform": (("handled",), "informed"),
    "close": (("informed",), "closed"),
    "reopen": (("closed",), "assigned"),
}


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
    allowed, target = FLOW[action]
    if case_.status not in allowed:
        raise FiredeskError(
            "complaints.error.step",
            action=t(f"complaints.action.{action}"),
            status=t(f"complaints.status.{case_.status}"),
        )
    moment = now()
    change(case_, moment)
    case_.status = target
    _event(case_, actor, action, note, moment)


def _inspectors(session: Session, staff_ids: Sequence[int], problems: Problems) -> None:
    if len(set(staff_ids)) != 2:
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
    """Close the case; the complainant's unit gets a follow-up call (measure 14)."""
    require(actor, "complaints.write")
    prepare_deadlines([now()])  # the follow-up's due date needs the calendar seeded first

    def change(case_: ComplaintCase, moment: datetime) -> None:
        case_.closed_at = moment

    with unit_of_work(actor) as session:
        _advance(session, actor, case_id, version, "close", change)
        case_ = session.get(ComplaintCase, case_id)
        service_completed(session, "complaint", case_id, case_.location_id, case_.closed_at)


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


# --- reading: queue, detail, export ----------------------------------------------------------


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
READ_BATCH = 500


def _rows(session: Session, conditions: list, limit: int | None) -> Iterator[CaseRow]:
    """Case rows read lazily, `READ_BATCH` at a time; `limit=None` reads them all."""
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
            complainant_name=mask_name(name),
            complainant_phone=mask_phone(phone),
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
    """One case with its tickets and history. `unmask=True` shows the complainants to a role
    holding `complaints.unmask` and writes an audit entry saying who looked."""
    require(actor, "complaints.write")
    if unmask:
        require(actor, "complaints.unmask")
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
    shown_name = (lambda v: v or "") if unmask else mask_name
    shown_phone = (lambda v: v or "") if unmask else mask_phone
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


def district_names() -> list[str]:
    with read_session() as session:
        return list(session.scalars(select(District.name).order_by(District.id)))


# --- metrics (shared with the leadership KPIs) -----------------------------------------------

GROUPINGS = ("all", "district", "category")


@dataclass(frozen=True)
class Metric:
    """The measure-19 figures of one group of cases received in a period.

    - on_time_rate: verified on site by the deadline ÷ cases whose clock is decided
      (verified, or unverified past the deadline); None when nothing is decided yet;
    - median_hours_to_verify: receipt to first on-site verification, verified cases only;
    - overdue_now: not verified and past the deadline at the moment of asking;
    - feedback_rate: complainant informed ÷ cases handled (None when none handled).
    """

    group: str
    clock: str  # 24h or 3d
    cases: int
    on_time: int
    decided: int
    overdue_now: int
    handled: int
    informed: int
    median_hours_to_verify: float | None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.decided if self.decided else None

    @property
    def feedback_rate(self) -> float | None:
        return self.informed / self.handled if self.handled else None


def metrics(
    grouping: str = "all", since: datetime | None = None, until: datetime | None = None
) -> list[Metric]:
    """Measure-19 metrics per group and clock, for cases received in [since, until)."""
    if grouping not in GROUPINGS:
        raise ValueError(f"unknown grouping {grouping!r}")
    moment = now()
    clock = case(
        (ComplaintCase.category.in_(clocks.URGENT_CATEGORIES), clocks.URGENT_CLOCK),
        else_=clocks.WORKING_DAY_CLOCK,
    )
    group = {"district": District.name, "category": ComplaintCase.category}.get(grouping)
    verified = ComplaintCase.first_verified_at.is_not(None)
    late_open = and_(~verified, ComplaintCase.deadline_at < moment)
    on_time = and_(verified, ComplaintCase.first_verified_at <= ComplaintCase.deadline_at)
    counts = [
        func.count(),
        func.sum(case((on_time, 1), else_=0)),
        func.sum(case((verified, 1), else_=0)) + func.sum(case((late_open, 1), else_=0)),
        func.sum(case((late_open, 1), else_=0)),
        func.sum(case((ComplaintCase.handled_at.is_not(None), 1), else_=0)),
        func.sum(case((ComplaintCase.informed_at.is_not(None), 1), else_=0)),
    ]
    keys = [clock] if group is None else [group, clock]
    period = []
    if since is not None:
        period.append(ComplaintCase.received_at >= since)
    if until is not None:
        period.append(ComplaintCase.received_at < until)
    base = select(*keys, *counts).join(District, District.id == ComplaintCase.district_id)
    durations = select(*keys, ComplaintCase.received_at, ComplaintCase.first_verified_at).join(
        District, District.id == ComplaintCase.district_id
    )
    with read_session() as session:
        aggregated = session.execute(base.where(*period).group_by(*keys)).all()
        visits = session.execute(durations.where(verified, *period)).all()
    hours: dict[tuple[str, str], list[float]] = {}
    for *key, received, first_verified in visits:
        name = "all" if group is None else key[0]
        spent = (local(first_verified) - local(received)).total_seconds() / 3600
        hours.setdefault((name, key[-1]), []).append(spent)
    result = []
    for *key, cases_, on_time_, decided, overdue, handled, informed in aggregated:
        name = "all" if group is None else key[0]
        spent = hours.get((name, key[-1]))
        result.append(
            Metric(
                group=name,
                clock=key[-1],
                cases=cases_,
                on_time=int(on_time_ or 0),
                decided=int(decided or 0),
                overdue_now=int(overdue or 0),
                handled=int(handled or 0),
                informed=int(informed or 0),
                median_hours_to_verify=statistics.median(spent) if spent else None,
            )
        )
    return sorted(result, key=lambda m: (m.group, m.clock))


# --- planning --------------------------------------------------------------------------------


def _fallback_locations(session: Session) -> tuple[dict[int, str], str | None]:
    """Per district, the location code a check at an unregistered unit is planned at.

    Travel is known only between districts, so the district's first station stands in for
    an address that is not in `locations` (the detachment's office where a district has none).
    """
    rows = session.execute(
        select(Location.district_id, Location.kind, Location.code)
        .where(Location.kind.in_(("station", "office")))
        .order_by(Location.code)
    ).all()
    stations: dict[int, str] = {}
    for district_id, kind, code in rows:
        if kind == "station":
            stations.setdefault(district_id, code)
    office = next((code for _, kind, code in rows if kind == "office"), None)
    return stations, office


def planning_tasks(session: Session, week_start: date, week_end: date) -> list[dict]:
    """A `complaint_check` task for each case still awaiting its on-site visit.

    Windows run from max(now, week start) to the deadline: the first half free, the second
    half a little dearer. A case already overdue may run any time left in the week (it is
    late either way, the sooner the better).
    """
    week_minutes = (week_end - week_start).days * 1440
    start = max(0, minutes_from(week_start, now()))
    if start >= week_minutes:
        return []
    cases = session.execute(
        select(ComplaintCase, Location.code)
        .outerjoin(Location, Location.id == ComplaintCase.location_id)
        .where(ComplaintCase.status.in_(AWAITING_VISIT))
        .order_by(ComplaintCase.id)
    ).all()
    if not cases:
        return []
    stations, office = _fallback_locations(session)
    tasks = []
    for case_, code in cases:
        deadline = minutes_from(week_start, case_.deadline_at)
        if deadline <= start:
            windows = [{"start": start, "end": week_minutes, "cost": LATE_HALF_COST}]
        else:
            middle = start + (deadline - start) // 2
            windows = [
                {"start": start, "end": middle, "cost": 0},
                {"start": middle, "end": deadline, "cost": LATE_HALF_COST},
            ]
        windows = [w for w in clip_windows(windows) if w["end"] - w["start"] >= CHECK_MINUTES]
        if not windows:
            continue
        tasks.append(
            {
                "id": f"C{case_.id}",
                "kind": "complaint_check",
                "location": code or stations.get(case_.district_id, office),
                "duration": CHECK_MINUTES,
                "skill": "inspector",
                "headcount": 2,
                "priority": CHECK_PRIORITY,
                "windows": windows,
            }
        )
    return tasks
