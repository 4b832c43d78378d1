"""The counts each role acts on from its home page, and where one click takes them.

Every figure is one aggregate query on an indexed column (status with its deadline or due
date), so the home page stays fast on years of records; nothing here loads rows one by one.
Personal data never appears: only counts, case numbers and task ids.

Every import attempt is recorded (services.core.imports): the clerk's desk lists the
refused ones of the last days, by kind, each line the file, when, who and how many errors,
linking to that kind's import page. The duty manager's desk counts the bookings officers
recorded not done, which wait on the planning page to be rolled over or declined.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import groupby

from sqlalchemy import func, select

from db.models import (
    Booking,
    ComplaintCase,
    FollowUp,
    HazardCase,
    PlanVersion,
    RectificationCase,
    TaskOutcome,
)
from db.session import read_session
from rules.complaints import DUE_SOON
from rules.time import TIME_ZONE, local
from services.bookings.requests import task_id
from services.core.clock import now
from services.core.imports import RefusedImport, refused_imports
from services.core.permissions import Actor
from services.desks.officer import desk_weeks
from services.i18n import t
from services.planning.solve_jobs import week_run
from services.planning.unplanned import recorded_not_done

# A bad-review case still owes its reviewer an answer in these states.
OPEN_CASE_STATUSES = ("open", "called_back", "appealed")
# A complaint whose clock still runs (not yet verified on site).
UNVERIFIED = ("received", "assigned")
HAZARD_CLOSED = ("closed_fixed", "escalated")
UNPLANNED_SHOWN = 10
REFUSED_IMPORT_DAYS = 7
REFUSED_SHOWN = 10
# The page each kind of import is made on, and the permission that opens it.
IMPORT_PAGES = {
    "bookings": ("pages/booking_import.py", "page.booking_import", "bookings.write"),
    "complaints": ("pages/complaints.py", "page.complaints", "complaints.write"),
    "evaluations": ("pages/evaluations.py", "page.evaluations", "evaluations.write"),
    "plan_week": ("pages/planning.py", "page.planning", "plans.write"),
}


@dataclass(frozen=True)
class DeskItem:
    """One line of a desk: a count, what it means, and the page that handles it."""

    key: str  # catalog key of the label, with {count}
    count: int
    page: str  # pages/… path one click away
    page_title_key: str
    lines: tuple[str, ...] = field(default=())  # a few details (ids, reasons), no person data
    params: dict = field(default_factory=dict)


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0, 0), TIME_ZONE)


def _count(session, statement) -> int:
    return session.scalar(statement) or 0


def complaint_counts(session, moment: datetime) -> tuple[int, int]:
    """(overdue, due soon) complaints whose on-site verification clock still runs."""
    running = (
        select(func.count())
        .select_from(ComplaintCase)
        .where(ComplaintCase.status.in_(UNVERIFIED), ComplaintCase.first_verified_at.is_(None))
    )
    overdue = _count(session, running.where(ComplaintCase.deadline_at < moment))
    soon = _count(
        session,
        running.where(
            ComplaintCase.deadline_at >= moment, ComplaintCase.deadline_at <= moment + DUE_SOON
        ),
    )
    return overdue, soon


def refused_import_items(
    actor: Actor, runs: list[RefusedImport], lang: str | None
) -> list[DeskItem]:
    """One item per kind of import refused (newest first) whose page `actor` may open, or
    one saying there was none."""
    days = {"days": REFUSED_IMPORT_DAYS}
    kinds = [kind for kind, (_, _, permission) in IMPORT_PAGES.items() if actor.can(permission)]
    runs = [r for r in runs if r.kind in kinds]
    if not runs:
        if not kinds:
            return []
        page, title, _ = IMPORT_PAGES[kinds[0]]
        return [DeskItem("desk.clerk.no_refused_imports", 0, page, title, params=days)]
    items = []
    for kind, group in groupby(sorted(runs, key=lambda r: r.kind), key=lambda r: r.kind):
        shown = list(group)
        page, title, _ = IMPORT_PAGES[kind]
        lines = tuple(
            t(
                "desk.clerk.import_line",
                lang,
                file=r.filename or "—",
                at=f"{local(r.started_at):%m-%d %H:%M}",
                user=r.username,
                errors=r.error_count,
            )
            for r in shown[:REFUSED_SHOWN]
        )
        params = {**days, "kind": t(f"import.kind.{kind}", lang)}
        items.append(DeskItem("desk.clerk.imports", len(shown), page, title, lines, params))
    return items


def clerk_items(
    actor: Actor, moment: datetime | None = None, lang: str | None = None
) -> list[DeskItem]:
    """Callbacks due today or overdue, complaints nearing their clock, bookings waiting for
    the unit's confirmation, imports refused in the last days."""
    moment = moment or now()
    today = moment.date()
    with read_session() as session:
        followups = _count(
            session,
            select(func.count())
            .select_from(FollowUp)
            .where(FollowUp.status == "open", FollowUp.due <= today),
        )
        callbacks = _count(
            session,
            select(func.count())
            .select_from(RectificationCase)
            .where(RectificationCase.status == "open", RectificationCase.due_at < _end_of(today)),
        )
        overdue, soon = complaint_counts(session, moment)
        waiting = _count(
            session,
            select(func.count())
            .select_from(Booking)
            .where(Booking.status == "planned", Booking.week_start >= desk_weeks(today)[0]),
        )
        refused = refused_imports(session, moment - timedelta(days=REFUSED_IMPORT_DAYS))
    return [
        DeskItem("desk.clerk.followups", followups, "pages/followups.py", "page.followups"),
        DeskItem(
            "desk.clerk.callbacks", callbacks, "pages/rectifications.py", "page.rectifications"
        ),
        DeskItem(
            "desk.clerk.complaints",
            overdue + soon,
            "pages/complaints.py",
            "page.complaints",
            params={"overdue": overdue, "soon": soon},
        ),
        DeskItem("desk.clerk.bookings", waiting, "pages/bookings.py", "page.bookings"),
        *refused_import_items(actor, refused, lang),
    ]


@dataclass(frozen=True)
class WeekState:
    week_start: date
    published: int | None  # the number of the version in force
    draft: int | None  # a newer draft's number
    unplanned: tuple[str, ...]  # "B12: why" of the newest version
    unplanned_count: int
    solve: str | None  # queued / running while a solve is active


def week_state(week_start: date, lang: str | None) -> WeekState:
    with read_session() as session:
        versions = session.execute(
            select(PlanVersion.id, PlanVersion.number, PlanVersion.status)
            .where(PlanVersion.week_start == week_start)
            .order_by(PlanVersion.number.desc())
        ).all()
        published = next((v.number for v in versions if v.status == "published"), None)
        newest = versions[0] if versions else None
        draft = newest.number if newest is not None and newest.status == "draft" else None
        reasons = (
            session.scalar(select(PlanVersion.reasons).where(PlanVersion.id == newest.id))
            if newest is not None
            else {}
        )
    run = week_run(week_start)
    unplanned = tuple(
        f"{task}: {'；'.join(by_lang.get(lang or 'zh-CN') or next(iter(by_lang.values()), []))}"
        for task, by_lang in sorted(reasons.items())[:UNPLANNED_SHOWN]
    )
    return WeekState(
        week_start,
        published,
        draft,
        unplanned,
        len(reasons),
        run.state if run is not None and run.state in ("queued", "running") else None,
    )


def not_done_item(session) -> DeskItem:
    """Bookings back in `requested` because their officer recorded them not done (any week:
    one left from last week still waits for its roll-over or decline)."""
    rows = session.execute(
        select(Booking.id, Booking.week_start)
        .join(TaskOutcome, recorded_not_done())
        .where(Booking.status == "requested")
        .order_by(Booking.week_start, Booking.id)
        .limit(UNPLANNED_SHOWN)
    ).all()
    count = _count(
        session,
        select(func.count())
        .select_from(Booking)
        .join(TaskOutcome, recorded_not_done())
        .where(Booking.status == "requested"),
    )
    lines = tuple(f"{task_id(r.id)} · {r.week_start.isoformat()}" for r in rows)
    return DeskItem("desk.manager.not_done", count, "pages/planning.py", "page.planning", lines)


@dataclass(frozen=True)
class ManagerDesk:
    weeks: tuple[WeekState, ...]  # this week and next
    items: tuple[DeskItem, ...]


def manager_items(actor: Actor, lang: str | None, moment: datetime | None = None) -> ManagerDesk:
    """The two weeks' state (versions, unplanned and why, solves), the bookings officers
    recorded not done, complaints at risk."""
    moment = moment or now()
    with read_session() as session:
        overdue, soon = complaint_counts(session, moment)
        not_done = not_done_item(session)
    complaints = DeskItem(
        "desk.manager.complaints",
        overdue + soon,
        "pages/complaints.py",
        "page.complaints",
        params={"overdue": overdue, "soon": soon},
    )
    weeks = tuple(week_state(week, lang) for week in desk_weeks(moment.date()))
    return ManagerDesk(weeks, (not_done, complaints))


def leader_items(actor: Actor, moment: datetime | None = None) -> list[DeskItem]:
    """Alerts that need a decision, each linking to the figures it belongs to."""
    moment = moment or now()
    with read_session() as session:
        overdue, _ = complaint_counts(session, moment)
        reviews = _count(
            session,
            select(func.count())
            .select_from(RectificationCase)
            .where(
                RectificationCase.status.in_(OPEN_CASE_STATUSES),
                RectificationCase.due_at < moment,
            ),
        )
        major = _count(
            session,
            select(func.count())
            .select_from(HazardCase)
            .where(HazardCase.state.not_in(HAZARD_CLOSED), HazardCase.major.is_(True)),
        )
    return [
        DeskItem(
            "desk.leader.complaints",
            overdue,
            "pages/complaint_metrics.py",
            "page.complaint_metrics",
        ),
        DeskItem(
            "desk.leader.reviews",
            reviews,
            "pages/satisfaction_trends.py",
            "page.satisfaction_trends",
        ),
        DeskItem("desk.leader.hazards", major, "pages/kpi_dashboard.py", "page.kpi_dashboard"),
    ]
