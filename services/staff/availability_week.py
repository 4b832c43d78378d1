"""One week of staff availability, and quick entry of leave and agreed evening or weekend
periods — by a person for themselves (availability.write_own) or by a manager
(availability.write). The rule checks are the staff administration's (services.staff.people).

Leave is dated, so it belongs to the week it falls in. An agreed period is the `weekly`
kind of the availability model: it stands every week until removed. The one-off extra
period (or raised cap) a person agrees to when capacity advice asks them is no rule: it
is the agreed `CapacityAsk` of that week, counted in the week's periods only
(`services.planning.advice.agree`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from db.models import Availability, Staff
from db.session import read_session
from rules.hours import offhours
from rules.time import TIME_ZONE, local
from rules.weeks import week_days
from services.calendar.workdays import working_day_checker
from services.core.errors import NotFound, PermissionDenied
from services.core.permissions import Actor
from services.core.unit_of_work import unit_of_work
from services.staff.availability import week_periods
from services.staff.people import AvailabilityInput, check_rule


@dataclass(frozen=True)
class PersonWeek:
    staff_id: int
    code: str
    name: str
    base: str
    periods: list[tuple[int, int]]  # minutes from the week's Monday 00:00
    rules: list[Availability]  # the leave in this week and the agreed weekly periods
    # The week's off-hours as the planner counts them: outside 08:30–17:30 of the official
    # working days (调休 included), and whole rest days and holidays.
    offhours: tuple[tuple[int, int], ...]

    @property
    def hours(self) -> float:
        return round(sum(end - start for start, end in self.periods) / 60, 1)

    @property
    def offhours_hours(self) -> float:
        """Hours available in the week's off-hours."""
        minutes = sum(
            max(0, min(end, off_end) - max(start, off_start))
            for start, end in self.periods
            for off_start, off_end in self.offhours
        )
        return round(minutes / 60, 1)


def may_edit(actor: Actor, staff_id: int) -> bool:
    return actor.can("availability.write") or (
        actor.can("availability.write_own") and actor.staff_id == staff_id
    )


def _require_edit(actor: Actor, staff_id: int) -> None:
    if not may_edit(actor, staff_id):
        raise PermissionDenied("error.permission", permission="availability.write", role=actor.role)


def week_of_staff(actor: Actor, week_start: date, staff_id: int | None = None) -> list[PersonWeek]:
    """Everyone's week (managers) or one person's; a staff user sees only their own."""
    if not actor.can("availability.write"):
        staff_id = actor.staff_id
        if staff_id is None:
            return []
    working_day = working_day_checker({week_start.year, (week_start + timedelta(days=6)).year})
    week_offhours = tuple(offhours([working_day(day) for day in week_days(week_start)]))
    monday = datetime.combine(week_start, time(0, 0), TIME_ZONE)
    weeks = []
    with read_session() as session:
        for person, periods in week_periods(session, week_start, working_day, staff_id=staff_id):
            rules = [
                rule
                for rule in person.availability
                if rule.kind == "weekly"
                or (
                    rule.kind == "leave"
                    and local(rule.start_at) < monday + timedelta(days=7)
                    and local(rule.end_at) > monday
                )
            ]
            weeks.append(
                PersonWeek(
                    person.id,
                    person.code,
                    person.name,
                    person.base.name,
                    periods,
                    rules,
                    week_offhours,
                )
            )
    return weeks


def _add(actor: Actor, staff_id: int, data: AvailabilityInput, fields: dict) -> int:
    _require_edit(actor, staff_id)
    with unit_of_work(actor) as session:
        person = session.get(Staff, staff_id)
        if person is None:
            raise NotFound("error.not_found", what=f"staff {staff_id}")
        check_rule(data, person.availability).raise_if_any()
        rule = Availability(staff_id=staff_id, kind=data.kind, note=data.note.strip(), **fields)
        session.add(rule)
        session.flush()
        return rule.id


def add_leave(actor: Actor, staff_id: int, start: datetime, end: datetime, note: str = "") -> int:
    data = AvailabilityInput(kind="leave", start_at=start, end_at=end, note=note)
    # Stored in local time: SQLite drops the offset, and every reader assumes Shanghai.
    return _add(actor, staff_id, data, {"start_at": local(start), "end_at": local(end)})


def add_agreed_period(
    actor: Actor, staff_id: int, weekday: int, start: time, end: time, note: str = ""
) -> int:
    data = AvailabilityInput(
        kind="weekly", weekday=weekday, start_time=start, end_time=end, note=note
    )
    return _add(actor, staff_id, data, {"weekday": weekday, "start_time": start, "end_time": end})


def remove_rule(actor: Actor, rule_id: int) -> None:
    """Withdraw a leave or an agreed period (not the shift pattern, which admins keep)."""
    with unit_of_work(actor) as session:
        rule = session.get(Availability, rule_id)
        if rule is None or rule.kind not in ("leave", "weekly"):
            raise NotFound("error.not_found", what=f"availability {rule_id}")
        _require_edit(actor, rule.staff_id)
        session.delete(rule)
