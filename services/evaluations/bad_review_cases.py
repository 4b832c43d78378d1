"""Bad-review rectification (差评整改): every 不满意 / 非常不满意 review opens a case.

The case is worked in order: call the reviewer back (required before closing a real-name
review; an anonymous one cannot be called), find the cause, fix it, answer. Its deadline
is a number of working days after the review (`FIREDESK_RECTIFICATION_DAYS`, default 15;
the local rules allow 5 to 15). A station that thinks the review was mistaken or malicious
appeals; a duty manager decides, and an upheld appeal takes the review out of the
satisfaction figures. Every step is an audited update of the case.

The reviewer is shown masked to everyone; a duty manager assigns the callback to a staff
member, who (like a duty manager or an admin) may reveal the reviewer's number on request
(`reveal_reviewer`, audited).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Evaluation, Location, RectificationCase, Staff
from db.models.evaluations import APPEAL_DECISIONS
from db.models.evaluations import CASE_STATUSES as CASE_STATUSES  # for the pages
from db.session import read_session
from rules.deadlines import rectification_days, rectification_due
from rules.time import local
from services.calendar import workdays
from services.core.clock import now
from services.core.errors import FiredeskError, Problems
from services.core.permissions import Actor, require
from services.core.privacy import Revealed, masked_name, masked_phone, may_reveal, reveal
from services.core.records import load_for_update
from services.core.statuses import StatusMachine
from services.core.unit_of_work import unit_of_work
from services.core.validation import check_required

TEXT_MAX = 2000
OPEN_STATUSES = ("open", "called_back", "appealed")


def deadline_days(env: dict[str, str] | None = None) -> int:
    """The working days a case has (`rules.deadlines.rectification_days` of the environment)."""
    return rectification_days(os.environ if env is None else env)


def seed_calendar_for(moments: Iterable[datetime]) -> None:
    """Seed the calendar years these deadlines need before a write transaction opens:
    seeding writes in a transaction of its own, which SQLite would make wait behind ours."""
    days = deadline_days()
    for moment in {
        local(moment).replace(hour=12, minute=0, second=0, microsecond=0) for moment in moments
    }:
        rectification_due(workdays, moment, days)


def open_case_for(session: Session, evaluation: Evaluation) -> RectificationCase:
    """The case of a bad review, due `deadline_days()` working days after the review."""
    deadline = rectification_due(workdays, evaluation.evaluated_at, deadline_days())
    case = RectificationCase(
        evaluation_id=evaluation.id,
        status="open",
        opened_at=now(),
        due_at=deadline.at,
        due_provisional=deadline.provisional,
    )
    session.add(case)
    return case


def firm_up_deadlines(session: Session, calendar) -> int:
    """Open cases due on a provisional calendar, recounted on `calendar` (a year was just
    confirmed, see `services.calendar.workdays.firm_up`); returns how many changed."""
    changed = 0
    rows = session.execute(
        select(RectificationCase, Evaluation.evaluated_at)
        .join(Evaluation, Evaluation.id == RectificationCase.evaluation_id)
        .where(
            RectificationCase.due_provisional.is_(True),
            RectificationCase.status.in_(OPEN_STATUSES),
        )
        .order_by(RectificationCase.id)
    ).all()
    for case, evaluated_at in rows:
        deadline = rectification_due(calendar, evaluated_at, deadline_days())
        if (local(case.due_at), case.due_provisional) != (deadline.at, deadline.provisional):
            case.due_at = deadline.at
            case.due_provisional = deadline.provisional
            changed += 1
    return changed


def _load(session: Session, case_id: int, version: int | None) -> RectificationCase:
    return load_for_update(session, RectificationCase, case_id, version)


# The case's steps, as `action -> (statuses it may start from, status it leaves)`. A
# rejected appeal sends the case back to where it was: called back if the reviewer was.
CASE_FLOW = StatusMachine(
    {
        "call_back": (("open", "called_back"), "called_back"),
        "close": (("open", "called_back"), "closed"),
        "appeal": (("open", "called_back"), "appealed"),
        "uphold_appeal": (("appealed",), "withdrawn"),
        "reject_appeal": (("appealed",), "open"),
        "reject_appeal_after_callback": (("appealed",), "called_back"),
    },
    refuse=lambda action, status: FiredeskError("rectification.error.status", status=status),
)


def record_callback(actor: Actor, case_id: int, version: int, note: str) -> None:
    """The reviewer was called back: what they said."""
    require(actor, "evaluations.write")
    problems = Problems()
    note = check_required(problems, "callback_note", note, TEXT_MAX)
    problems.raise_if_any()
    with unit_of_work(actor) as session:
        case = _load(session, case_id, version)
        status = CASE_FLOW.target("call_back", case.status)
        evaluation = session.get(Evaluation, case.evaluation_id)
        if evaluation.anonymous:
            raise FiredeskError("rectification.error.anonymous")
        case.called_back_at = now()
        case.callback_note = note
        case.status = status


def close_case(
    actor: Actor, case_id: int, version: int, cause: str, action_taken: str, answer: str
) -> None:
    """Cause found, fixed and answered: the case is closed (on time or late)."""
    require(actor, "evaluations.write")
    problems = Problems()
    cause = check_required(problems, "rect_cause", cause, TEXT_MAX)
    action_taken = check_required(problems, "rect_action", action_taken, TEXT_MAX)
    answer = check_required(problems, "rect_answer", answer, TEXT_MAX)
    with unit_of_work(actor) as session:
        case = _load(session, case_id, version)
        status = CASE_FLOW.target("close", case.status)
        evaluation = session.get(Evaluation, case.evaluation_id)
        if not evaluation.anonymous and case.called_back_at is None:
            problems.add("callback_note", "rectification.error.call_back_first")
        problems.raise_if_any()
        case.cause, case.action_taken, case.answer = cause, action_taken, answer
        case.closed_at = now()
        case.status = status


def appeal(actor: Actor, case_id: int, version: int, reason: str) -> None:
    """The station says the review is mistaken or malicious; the clock keeps running."""
    require(actor, "evaluations.write")
    problems = Problems()
    reason = check_required(problems, "appeal_reason", reason, TEXT_MAX)
    problems.raise_if_any()
    with unit_of_work(actor) as session:
        case = _load(session, case_id, version)
        status = CASE_FLOW.target("appeal", case.status)
        if case.appeal_decision is not None:
            raise FiredeskError("rectification.error.appealed_before")
        case.appeal_reason = reason
        case.appealed_at = now()
        case.status = status


def decide_appeal(actor: Actor, case_id: int, version: int, decision: str, note: str) -> None:
    """Upheld: the review no longer counts and the case is withdrawn. Rejected: back to work."""
    require(actor, "evaluations.decide")
    problems = Problems()
    if decision not in APPEAL_DECISIONS:
        problems.add("appeal_decision", "error.choice", value=decision)
    note = check_required(problems, "appeal_note", note, TEXT_MAX)
    problems.raise_if_any()
    with unit_of_work(actor) as session:
        case = _load(session, case_id, version)
        if decision == "upheld":
            step = "uphold_appeal"
        elif case.called_back_at:
            step = "reject_appeal_after_callback"
        else:
            step = "reject_appeal"
        status = CASE_FLOW.target(step, case.status)
        case.appeal_decision = decision
        case.appeal_note = note
        case.appeal_decided_at = now()
        case.appeal_decided_by = actor.username
        case.status = status
        if decision == "upheld":
            session.get(Evaluation, case.evaluation_id).counted = False


@dataclass(frozen=True)
class CaseView:
    """One case with its review, for the case page (the reviewer always masked)."""

    id: int
    version: int
    status: str
    due_at: object
    due_provisional: bool
    overdue: bool
    anonymous: bool
    level: int
    service: str
    station: str | None
    comment: str
    reviewer_name: str
    reviewer_phone: str
    evaluated_at: object
    callback_note: str
    cause: str
    action_taken: str
    answer: str
    appeal_reason: str
    appeal_decision: str | None
    appeal_note: str
    assignee_staff_id: int | None = None
    assignee: str | None = None
    may_reveal: bool = False


def _is_overdue(status: str, due_at, closed_at) -> bool:
    if status == "withdrawn":
        return False
    finished = local(closed_at) if closed_at else now()
    return finished > local(due_at)


def _case_query():
    return (
        select(RectificationCase, Evaluation, Location.name.label("station"))
        .join(Evaluation, Evaluation.id == RectificationCase.evaluation_id)
        .outerjoin(Location, Location.id == Evaluation.station_id)
    )


def list_cases(
    actor: Actor, statuses: tuple[str, ...] = OPEN_STATUSES, limit: int = 500
) -> pd.DataFrame:
    """Cases in the given statuses, the most urgent first, with an overdue flag."""
    require(actor, "evaluations.write")
    with read_session() as session:
        rows = session.execute(
            _case_query()
            .where(RectificationCase.status.in_(statuses))
            .order_by(RectificationCase.due_at)
            .limit(limit)
        ).all()
    return pd.DataFrame(
        [
            {
                "id": case.id,
                "status": case.status,
                "due_at": local(case.due_at),
                "overdue": _is_overdue(case.status, case.due_at, case.closed_at),
                "level": evaluation.level,
                "service": evaluation.service,
                "station": station,
                "comment": evaluation.comment,
                "evaluated_at": local(evaluation.evaluated_at),
            }
            for case, evaluation, station in rows
        ],
        columns=[
            "id",
            "status",
            "due_at",
            "overdue",
            "level",
            "service",
            "station",
            "comment",
            "evaluated_at",
        ],
    )


def get_case(actor: Actor, case_id: int) -> CaseView:
    require(actor, "evaluations.write")
    with read_session() as session:
        row = session.execute(_case_query().where(RectificationCase.id == case_id)).first()
    if row is None:
        raise FiredeskError("error.not_found", what=f"rectification_cases {case_id}")
    case, evaluation, station = row
    with read_session() as session:
        assignee = (
            session.get(Staff, case.assignee_staff_id).name if case.assignee_staff_id else None
        )
    return CaseView(
        id=case.id,
        version=case.version,
        status=case.status,
        due_at=local(case.due_at),
        due_provisional=case.due_provisional,
        overdue=_is_overdue(case.status, case.due_at, case.closed_at),
        anonymous=evaluation.anonymous,
        level=evaluation.level,
        service=evaluation.service,
        station=station,
        comment=evaluation.comment,
        reviewer_name=masked_name(evaluation.reviewer_name),
        reviewer_phone=masked_phone(evaluation.reviewer_phone),
        evaluated_at=local(evaluation.evaluated_at),
        callback_note=case.callback_note,
        cause=case.cause,
        action_taken=case.action_taken,
        answer=case.answer,
        appeal_reason=case.appeal_reason,
        appeal_decision=case.appeal_decision,
        appeal_note=case.appeal_note,
        assignee_staff_id=case.assignee_staff_id,
        assignee=assignee,
        may_reveal=not evaluation.anonymous and may_reveal(actor, case.assignee_staff_id),
    )


def assign_case(actor: Actor, case_id: int, version: int, staff_id: int | None) -> None:
    """A duty manager names who calls the reviewer back (None: nobody yet)."""
    require(actor, "callbacks.assign")
    with unit_of_work(actor) as session:
        case = _load(session, case_id, version)
        if staff_id is not None and session.get(Staff, staff_id) is None:
            raise FiredeskError("error.not_found", what=f"staff {staff_id}")
        case.assignee_staff_id = staff_id


def reveal_reviewer(actor: Actor, case_id: int) -> Revealed:
    """The reviewer's full name and number, for the staff member assigned to call back, a
    duty manager or an admin; the look is audited. An anonymous review has nothing to show."""
    require(actor, "evaluations.write")
    with unit_of_work(actor) as session:
        case = session.get(RectificationCase, case_id)
        if case is None:
            raise FiredeskError("error.not_found", what=f"rectification_cases {case_id}")
        return reveal_evaluation(session, actor, session.get(Evaluation, case.evaluation_id), case)


def reveal_evaluation(
    session: Session, actor: Actor, evaluation: Evaluation, case: RectificationCase | None
) -> Revealed:
    """One reviewer revealed inside the caller's unit of work: the assignee of the review's
    bad-review case (if any) may see it besides managers and admins; an anonymous review has
    nothing to show. The one implementation behind both reveal buttons."""
    if evaluation.anonymous:
        raise FiredeskError("rectification.error.anonymous")
    return reveal(
        session,
        actor,
        "evaluations",
        evaluation.id,
        evaluation.reviewer_name,
        evaluation.reviewer_phone,
        assignee_staff_id=case.assignee_staff_id if case else None,
        detail=f"rectification_cases {case.id}" if case else "",
    )
