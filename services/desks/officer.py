"""An officer's own work: their published assignments this week and next, their calendar
file, and recording a task's outcome.

Only published versions count (a draft is not yet anyone's work). Inspection kinds are
recorded on 我的双随机检查 (`services.draws.officer`), with their checklist; every other task
is closed here with done / not done and a note, audited like every row. A booking's task
moves its booking in the same transaction (`services.bookings.requests.follow_task_outcome`):
done completes it and opens its follow-up, not done sends it back to the duty manager.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from db.models import Booking, Location, Staff, TaskOutcome
from db.models.desks import TASK_OUTCOMES
from db.session import read_session
from rules.weeks import monday_of
from services.bookings.requests import booking_of_task, follow_task_outcome
from services.core.clock import now
from services.core.errors import ConflictError, Problems
from services.core.permissions import Actor, require
from services.core.unit_of_work import unit_of_work
from services.evaluations.bad_review_cases import seed_calendar_for
from services.planning.exports import ics, prepare_text, rows
from services.planning.versions import VersionInfo, instance_of, published_version
from services.planning.views import kind_label

# Kinds whose record (checklist, findings, order) is kept on 我的双随机检查.
INSPECTION_KINDS = frozenset(
    {
        "offhours_inspection",
        "random_inspection",
        "complaint_check",
        "pre_opening_inspection",
        "re_inspection",
    }
)
NOTE_MAX = 1000


@dataclass(frozen=True)
class MyTask:
    week_start: date
    version_id: int
    task: str
    kind: str
    start: datetime
    end: datetime
    unit: str
    address: str
    teammates: tuple[str, ...]  # names
    prepare: str
    outcome: str | None  # "done" / "not_done" once recorded
    outcome_note: str
    outcome_version: int | None

    @property
    def is_inspection(self) -> bool:
        return self.kind in INSPECTION_KINDS

    def kind_label(self, lang: str | None = None) -> str:
        return kind_label(self.kind, lang)


def staff_code(actor: Actor) -> str | None:
    """The staff code of the member the account is linked to, or None."""
    if actor.staff_id is None:
        return None
    with read_session() as session:
        return session.scalar(select(Staff.code).where(Staff.id == actor.staff_id))


def desk_weeks(today: date) -> tuple[date, date]:
    """This week's and next week's Mondays."""
    this = monday_of(today)
    return this, this + timedelta(days=7)


def my_tasks(actor: Actor, today: date | None = None, lang: str | None = None) -> list[MyTask]:
    """The account's own assignments in the published plans of this week and next."""
    code = staff_code(actor)
    if code is None:
        return []
    out: list[MyTask] = []
    for week in desk_weeks(today or now().date()):
        info = published_version(week)
        if info is not None:
            out += _tasks_in(info, code, lang)
    return out


def _tasks_in(info: VersionInfo, code: str, lang: str | None) -> list[MyTask]:
    instance = instance_of(info)
    mine = [row for row in rows(instance, info.plan) if code in row.staff]
    if not mine:
        return []
    with read_session() as session:
        addresses = dict(
            session.execute(
                select(Location.code, Location.address).where(
                    Location.code.in_({row.location_id for row in mine})
                )
            ).all()
        )
        outcomes = {
            o.task: o
            for o in session.scalars(
                select(TaskOutcome).where(
                    TaskOutcome.week_start == info.week_start,
                    TaskOutcome.task.in_([row.task for row in mine]),
                )
            )
        }
    return [
        MyTask(
            week_start=info.week_start,
            version_id=info.id,
            task=row.task,
            kind=row.kind,
            start=row.start,
            end=row.end,
            unit=row.location,
            address=addresses.get(row.location_id, ""),
            teammates=tuple(instance.staff_by_id[s].name for s in row.staff if s != code),
            prepare=prepare_text(row.kind, lang),
            outcome=outcomes[row.task].outcome if row.task in outcomes else None,
            outcome_note=outcomes[row.task].note if row.task in outcomes else "",
            outcome_version=outcomes[row.task].version if row.task in outcomes else None,
        )
        for row in mine
    ]


def my_calendar(actor: Actor, today: date | None = None) -> bytes | None:
    """The account's own assignments of this week and next as one .ics file (None when the
    account is linked to nobody or has no published week)."""
    code = staff_code(actor)
    if code is None:
        return None
    stamp = now()
    files = []
    for week in desk_weeks(today or stamp.date()):
        info = published_version(week)
        if info is not None:
            files.append(ics(instance_of(info), info.plan, code, stamp))
    if not files:
        return None
    # One calendar: the first file's header, every file's events, one END.
    events = [f.split("END:VTIMEZONE\r\n", 1)[1].rsplit("END:VCALENDAR", 1)[0] for f in files]
    header = files[0].split("END:VTIMEZONE\r\n", 1)[0] + "END:VTIMEZONE\r\n"
    return (header + "".join(events) + "END:VCALENDAR\r\n").encode("utf-8")


def record_outcome(
    actor: Actor,
    task: MyTask,
    outcome: str,
    note: str,
    version: int | None,
) -> None:
    """Close one of the account's own non-inspection tasks with its outcome (a later call
    changes it, checked against the version read); a booking's task moves its booking in
    the same transaction, so the outcome, the booking and its follow-up commit together."""
    require(actor, "availability.write_own")
    problems = Problems()
    note = note.strip()
    if outcome not in TASK_OUTCOMES:
        problems.add("task_outcome", "desk.error.outcome", value=outcome)
    if outcome == "not_done" and not note:
        problems.add("task_outcome_note", "desk.error.note_required")
    if len(note) > NOTE_MAX:
        problems.add("task_outcome_note", "error.too_long", max=NOTE_MAX)
    if task.is_inspection:
        problems.add("task_outcome", "desk.error.inspection", task=task.task)
    mine = {t.task for t in my_tasks(actor, task.week_start) if t.week_start == task.week_start}
    if task.task not in mine:
        problems.add("task_outcome", "desk.error.not_yours", task=task.task)
    problems.raise_if_any()
    booking_id = booking_of_task(task.task)
    if booking_id is not None and outcome == "done":
        seed_calendar_for([now()])  # the follow-up's due date needs the calendar seeded first
    with unit_of_work(actor) as session:
        row = session.scalars(
            select(TaskOutcome).where(
                TaskOutcome.week_start == task.week_start, TaskOutcome.task == task.task
            )
        ).first()
        if row is None:
            row = TaskOutcome(week_start=task.week_start, task=task.task)
            session.add(row)
        elif version is not None and row.version != version:
            raise ConflictError("error.conflict")
        row.plan_version_id = task.version_id
        row.staff_id = actor.staff_id
        row.outcome = outcome
        row.note = note
        row.recorded_at = now()
        row.recorded_by = actor.username
        booking = session.get(Booking, booking_id) if booking_id is not None else None
        if booking is not None:
            follow_task_outcome(session, actor, booking, outcome, note, task.week_start)
