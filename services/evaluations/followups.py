"""Follow-up visits (回访) after each completed inspection, complaint, training or tour.

The areas that complete those services call `service_completed(session, …)` inside their
own unit of work when a record is done; it runs `COMPLETION_HOOKS`, whose default hook
creates the follow-up through `create_followup_for`. The result of a follow-up is recorded
as an evaluation on the channel "phone follow-up", so it feeds the satisfaction figures.
On-site follow-ups become planner tasks (`followup_tasks`, registered in
`services.planning.providers.TASK_PROVIDERS`).

Every follow-up carries the person to call, copied when it is created: the booking's
contact (a tour's group leader: a tour has no unit), the complainant of the first ticket,
or else the unit's phone. Lists show that person masked; a duty manager assigns the call
to a staff member, who (like a duty manager or an admin) may reveal the number, audited
(`reveal_contact`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Booking, FollowUp, Location, Staff
from db.models.complaints import ComplaintTicket
from db.models.followups import FOLLOWUP_KINDS, FOLLOWUP_MODES
from db.models.followups import FOLLOWUP_STATUSES as FOLLOWUP_STATUSES  # for the pages
from db.session import read_session
from rules.deadlines import followup_due
from rules.time import TIME_ZONE, local
from rules.weeks import minutes_from
from services.calendar import workdays
from services.calendar.workdays import working_day_checker
from services.core.clock import now
from services.core.errors import FiredeskError, Problems
from services.core.permissions import Actor, require
from services.core.privacy import Revealed, masked_name, masked_phone, may_reveal, reveal
from services.core.records import load_for_update
from services.core.unit_of_work import unit_of_work
from services.core.validation import check_required
from services.evaluations.bad_review_cases import seed_calendar_for
from services.evaluations.reviews import EvaluationInput, add_evaluation, check_evaluation

# Inspections are followed up on site (the unit's people are met where the work was done);
# the others by phone. A caller may ask for either.
DEFAULT_MODE = {"inspection": "on_site", "complaint": "phone", "training": "phone", "tour": "phone"}
VISIT_MINUTES = 30
VISIT_HOURS = (time(9, 0), time(17, 0))

CompletionHook = Callable[[Session, str, int, int | None, datetime], None]


def create_followup_for(
    session: Session,
    source_kind: str,
    source_id: int,
    unit_location_id: int | None,
    due: date,
    mode: str,
    *,
    due_provisional: bool = False,
    due_from: datetime | None = None,
    contact: tuple[str, str | None] | None = None,
) -> FollowUp:
    """The follow-up of one completed record; calling it again for the same record returns
    the existing one, so a re-completed booking or case never gets two. `contact` (name,
    phone) is the person to call; by default it is looked up from the source record."""
    if source_kind not in FOLLOWUP_KINDS or mode not in FOLLOWUP_MODES:
        raise ValueError(f"unknown follow-up kind/mode {source_kind!r}/{mode!r}")
    existing = session.scalar(
        select(FollowUp).where(FollowUp.source_kind == source_kind, FollowUp.source_id == source_id)
    )
    if existing is not None:
        return existing
    name, phone = contact or contact_of(session, source_kind, source_id, unit_location_id)
    followup = FollowUp(
        source_kind=source_kind,
        source_id=source_id,
        unit_location_id=unit_location_id,
        due=due,
        due_provisional=due_provisional,
        due_from=due_from,
        mode=mode if unit_location_id is not None else "phone",
        status="open",
        contact_name=(name or "")[:40],
        contact_phone=phone or None,
    )
    session.add(followup)
    session.flush()
    return followup


def contact_of(
    session: Session, source_kind: str, source_id: int, unit_location_id: int | None
) -> tuple[str, str | None]:
    """Whom a follow-up calls: the booking's contact (inspections, trainings, tours), the
    first complainant who left a number, or else the unit's own phone."""
    if source_kind == "complaint":
        row = session.execute(
            select(ComplaintTicket.complainant_name, ComplaintTicket.complainant_phone)
            .where(
                ComplaintTicket.case_id == source_id,
                ComplaintTicket.complainant_phone.is_not(None),
                ComplaintTicket.complainant_phone != "",
            )
            .order_by(ComplaintTicket.id)
            .limit(1)
        ).first()
    else:
        row = session.execute(
            select(Booking.contact_name, Booking.contact_phone).where(Booking.id == source_id)
        ).first()
    if row is not None and row[1]:
        return row[0] or "", row[1]
    if unit_location_id is not None:
        return "", session.scalar(
            select(Location.contact_phone).where(Location.id == unit_location_id)
        )
    return "", None


def followup_on_completion(
    session: Session,
    source_kind: str,
    source_id: int,
    unit_location_id: int | None,
    completed_at: datetime,
) -> None:
    due = followup_due(workdays, completed_at)
    create_followup_for(
        session,
        source_kind,
        source_id,
        unit_location_id,
        due.at.date(),
        DEFAULT_MODE[source_kind],
        due_provisional=due.provisional,
        due_from=completed_at,
    )


def firm_up_deadlines(session: Session, calendar) -> int:
    """Open follow-ups due on a provisional calendar, recounted on `calendar` (a year was
    just confirmed, see `services.calendar.workdays.firm_up`); returns how many changed. Follow-ups
    made before their start was kept count from their creation."""
    changed = 0
    for followup in session.scalars(
        select(FollowUp)
        .where(FollowUp.due_provisional.is_(True), FollowUp.status == "open")
        .order_by(FollowUp.id)
    ):
        start = local(followup.due_from or followup.created_at)
        due = followup_due(calendar, start)
        if (followup.due, followup.due_provisional) != (due.at.date(), due.provisional):
            followup.due = due.at.date()
            followup.due_provisional = due.provisional
            changed += 1
    return changed


COMPLETION_HOOKS: list[CompletionHook] = [followup_on_completion]


def service_completed(
    session: Session,
    source_kind: str,
    source_id: int,
    unit_location_id: int | None,
    completed_at: datetime,
) -> None:
    """Call when an inspection, complaint, training or tour is completed (same session)."""
    for hook in COMPLETION_HOOKS:
        hook(session, source_kind, source_id, unit_location_id, completed_at)


# --- working the follow-ups -------------------------------------------------------------


def record_result(
    actor: Actor,
    followup_id: int,
    version: int,
    data: EvaluationInput,
) -> int:
    """The unit answered: its rating becomes an evaluation on the phone follow-up channel."""
    require(actor, "evaluations.write")
    data.evaluated_at = data.evaluated_at or now()
    seed_calendar_for([data.evaluated_at])
    with unit_of_work(actor) as session:
        followup = load_for_update(session, FollowUp, followup_id, version)
        if followup.status != "open":
            raise FiredeskError("followups.error.not_open")
        data.channel = "phone_followup"
        data.service = followup.source_kind
        if not data.anonymous and not (data.reviewer_name or data.reviewer_phone):
            # The person called is the reviewer; the form never holds their number.
            data.reviewer_name = followup.contact_name
            data.reviewer_phone = followup.contact_phone or ""
        problems = Problems()
        check_evaluation(problems, data)
        problems.raise_if_any()
        evaluation = add_evaluation(session, data, "followup")
        followup.evaluation_id = evaluation.id
        followup.status = "done"
        followup.completed_at = now()
        return evaluation.id


def mark_unreachable(actor: Actor, followup_id: int, version: int, note: str) -> None:
    require(actor, "evaluations.write")
    problems = Problems()
    note = check_required(problems, "followup_note", note, 1000)
    problems.raise_if_any()
    with unit_of_work(actor) as session:
        followup = load_for_update(session, FollowUp, followup_id, version)
        if followup.status != "open":
            raise FiredeskError("followups.error.not_open")
        followup.status = "unreachable"
        followup.note = note
        followup.completed_at = now()


LIST_COLUMNS = [
    "id",
    "version",
    "source_kind",
    "source_id",
    "unit",
    "contact_name",
    "contact_phone",
    "assignee",
    "assignee_staff_id",
    "mode",
    "due",
    "status",
    "evaluation_id",
]


def list_followups(actor: Actor, status: str = "open", limit: int = 500) -> pd.DataFrame:
    """Follow-ups in one status, the soonest due first; the person to call is masked."""
    require(actor, "evaluations.write")
    today = now().date()
    with read_session() as session:
        rows = session.execute(
            select(
                FollowUp.id,
                FollowUp.version,
                FollowUp.source_kind,
                FollowUp.source_id,
                Location.name.label("unit"),
                FollowUp.contact_name,
                FollowUp.contact_phone,
                Staff.name.label("assignee"),
                FollowUp.assignee_staff_id,
                FollowUp.mode,
                FollowUp.due,
                FollowUp.status,
                FollowUp.evaluation_id,
            )
            .outerjoin(Location, Location.id == FollowUp.unit_location_id)
            .outerjoin(Staff, Staff.id == FollowUp.assignee_staff_id)
            .where(FollowUp.status == status)
            .order_by(FollowUp.due, FollowUp.id)
            .limit(limit)
        ).all()
    frame = pd.DataFrame(rows, columns=LIST_COLUMNS)
    frame["contact_name"] = frame["contact_name"].map(masked_name)
    frame["contact_phone"] = frame["contact_phone"].map(masked_phone)
    frame["overdue"] = (frame["status"] == "open") & (frame["due"] < today)
    frame["may_reveal"] = frame["assignee_staff_id"].map(
        lambda staff_id: may_reveal(actor, None if pd.isna(staff_id) else int(staff_id))
    )
    return frame


def assign_followup(actor: Actor, followup_id: int, version: int, staff_id: int | None) -> None:
    """A duty manager names who makes the call (None: nobody yet)."""
    require(actor, "callbacks.assign")
    with unit_of_work(actor) as session:
        followup = load_for_update(session, FollowUp, followup_id, version)
        if staff_id is not None and session.get(Staff, staff_id) is None:
            raise FiredeskError("error.not_found", what=f"staff {staff_id}")
        followup.assignee_staff_id = staff_id


def reveal_contact(actor: Actor, followup_id: int) -> Revealed:
    """The full name and number of the person this follow-up calls, for a duty manager, an
    admin or the assigned staff member; the look is audited."""
    require(actor, "evaluations.write")
    with unit_of_work(actor) as session:
        followup = session.get(FollowUp, followup_id)
        if followup is None:
            raise FiredeskError("error.not_found", what=f"follow_ups {followup_id}")
        return reveal(
            session,
            actor,
            "follow_ups",
            followup.id,
            followup.contact_name,
            followup.contact_phone,
            assignee_staff_id=followup.assignee_staff_id,
        )


# --- the planner ------------------------------------------------------------------------


def _visit_windows(week_start: date, first: date, last: date) -> list[dict]:
    week_end = week_start + timedelta(days=6)
    is_working_day = working_day_checker({week_start.year, week_end.year})
    windows = []
    for offset in range(7):
        day = week_start + timedelta(days=offset)
        if first <= day <= last and is_working_day(day):
            start, end = (
                minutes_from(week_start, datetime.combine(day, hour, tzinfo=TIME_ZONE))
                for hour in VISIT_HOURS
            )
            windows.append({"start": start, "end": end, "cost": 0})
    return windows


def followup_tasks(session: Session, week_start: date, week_end: date) -> list[dict]:
    """Open on-site follow-ups as planner tasks, on working days 09:00–17:00 up to the due
    date. An overdue visit is still owed: it may go on any working day of the week."""
    rows = session.execute(
        select(FollowUp.id, FollowUp.due, FollowUp.created_at, Location.code)
        .join(Location, Location.id == FollowUp.unit_location_id)
        .where(
            FollowUp.status == "open",
            FollowUp.mode == "on_site",
            FollowUp.created_at < datetime.combine(week_end, time(0, 0), tzinfo=TIME_ZONE),
        )
        .order_by(FollowUp.id)
    ).all()
    today = now().date()
    tasks = []
    for followup_id, due, created_at, location_code in rows:
        last = due if due >= today else week_end
        windows = _visit_windows(week_start, local(created_at).date(), last)
        if windows:
            tasks.append(
                {
                    "id": f"F{followup_id}",
                    "kind": "follow_up",
                    "location": location_code,
                    "duration": VISIT_MINUTES,
                    "skill": "service",
                    "headcount": 1,
                    "priority": 2,
                    "windows": windows,
                }
            )
    return tasks
