"""Publishing a draft: it becomes the week's plan of record and its bookings follow it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.models import PlanVersion
from optimizer.summary import summarize
from optimizer.validator import validate_plan
from services.bookings import requests as bookings
from services.core.clock import now
from services.core.errors import FiredeskError
from services.core.permissions import Actor, require
from services.core.records import load_for_update
from services.core.unit_of_work import unit_of_work
from services.planning.versions import (
    VersionInfo,
    get_version,
    published_version,
    refuse,
    version_info,
)


@dataclass(frozen=True)
class Published:
    version: VersionInfo
    # Bookings whose status could not follow the plan (changed by someone meanwhile):
    # "B12: <why>" each; the plan is published regardless.
    booking_problems: tuple[str, ...] = ()


def publish(actor: Actor, version_id: int, version: int) -> Published:
    """Make the draft the week's plan of record; it can never change afterwards. Its bookings
    become "planned"; bookings the previous published plan had and this one drops go back
    to "requested"."""
    require(actor, "plans.publish")
    info = get_version(version_id)
    if info.published:
        raise FiredeskError("plan.error.already_published", number=info.number)
    report = validate_plan(info.instance, info.plan)
    refuse("plan", "plan.error.rule_broken", [v.message for v in report.violations])
    before = published_version(info.week_start)
    with unit_of_work(actor) as session:
        row = load_for_update(session, PlanVersion, version_id, version)
        mark_published(row, actor.username)
        session.flush()
        published = version_info(row)
    planned = _booking_ids(published.plan)
    dropped = _booking_ids(before.plan) - planned if before is not None else set()
    problems = _set_booking_status(actor, planned, "requested", "planned")
    problems += _set_booking_status(actor, dropped, "planned", "requested")
    return Published(published, tuple(problems))


def mark_published(row: PlanVersion, username: str, at: datetime | None = None) -> None:
    """Flip a draft row to published, with the summary the KPIs read of it: the one place
    that does (publishing above, and the demo's history of published weeks)."""
    row.status = "published"
    row.published_at = at or now()
    row.published_by = username
    row.summary = summarize(row.instance, row.plan)


def _booking_ids(plan: dict) -> set[int]:
    """Bookings a plan assigns."""
    found = (bookings.booking_of_task(a["task"]) for a in plan["assignments"])
    return {booking_id for booking_id in found if booking_id is not None}


def _set_booking_status(actor: Actor, booking_ids: set[int], old: str, new: str) -> list[str]:
    """Move bookings in status `old` to `new` through the bookings service's own flow."""
    problems = []
    for booking_id in sorted(booking_ids):
        try:
            detail = bookings.get_booking(actor, booking_id)
            if detail.status == old:
                bookings.change_status(actor, booking_id, detail.version, new)
        except FiredeskError as error:
            problems.append(f"{bookings.task_id(booking_id)}: {error.message()}")
    return problems
