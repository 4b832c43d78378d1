"""Demo 12345 complaints: two years of history about the demo units, a few tickets a day.

Each case is played forward from its receipt with realistic delays (assignment within the
hour, most verifications well inside the legal clock, a few late, feedback within days);
steps that would fall after "now" have not happened yet, so the newest cases are open and
a few of them overdue. Deterministic for a seed (receipt times are relative to today).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from db.models import Location, Staff
from db.models.complaints import ComplaintCase, ComplaintEvent, ComplaintTicket
from demo.detachment import GIVEN, SURNAMES, DemoContext
from rules.inspections import INSPECTORS_REQUIRED
from rules.time import TIME_ZONE
from services.calendar.workdays import WorkCalendar, seed_calendar
from services.complaints.deadlines import deadline_for
from services.core.clock import now, played_at
from services.notifications import triggers

HISTORY_DAYS = 730
TICKETS_PER_DAY = (0, 1, 1, 2, 2, 3, 4)
CATEGORY_WEIGHTS = {
    "locked_exit": 2,
    "blocked_evacuation": 3,
    "facility_disabled": 2,
    "other_violation": 3,
}
DESCRIPTIONS = {
    "locked_exit": ["安全出口被铁链锁住", "夜间营业时安全出口上锁", "后门安全出口反锁"],
    "blocked_evacuation": ["疏散通道堆放货物", "楼梯间停放电动车", "走廊堆满纸箱杂物"],
    "facility_disabled": ["消防栓被遮挡无法使用", "烟感报警器被拆除", "自动喷淋系统关闭"],
    "other_violation": ["占用防火间距搭建棚房", "违规使用液化气罐", "电动车楼道内充电"],
}
UNREGISTERED = ["便民超市", "小吃部", "麻将馆", "洗浴中心", "五金商店", "网吧"]
LATE_SHARE = 0.07
RECENT_LATE_SHARE = 0.4
RECENT = timedelta(days=4)
RECENT_EXTRA = 2
ANONYMOUS_SHARE = 0.3
DUPLICATE_SHARE = 0.05
INFORM_METHODS = ("phone", "phone", "phone", "sms", "letter", "visit")
# Cases closed this recently have their complainants' feedback in the outbox, queued at the
# moment of closing (the next `manage.py outbox run` sends it).
FEEDBACK_DAYS = 7


def _person(rng: random.Random) -> tuple[str, str]:
    name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
    phone = f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
    return name, phone


def _verify_delay(
    rng: random.Random, category: str, received: datetime, deadline: datetime, moment: datetime
) -> datetime:
    """When the inspectors got there: usually well inside the clock, sometimes late (and
    more often among this week's cases, so the demo queue has something overdue)."""
    allowed = deadline - received
    recent = moment - received < RECENT
    if rng.random() < (RECENT_LATE_SHARE if recent else LATE_SHARE):
        return deadline + timedelta(hours=rng.uniform(1, 96 if recent else 30))
    share = rng.uniform(0.1, 0.6) if category != "other_violation" else rng.uniform(0.2, 0.9)
    return received + allowed * share


class _Builder:
    def __init__(self, rng: random.Random, context: DemoContext, calendar: WorkCalendar) -> None:
        self.rng = rng
        self.calendar = calendar
        self.moment = now()
        self.units: list[Location] = context.units
        self.inspectors: list[Staff] = [s for s in context.staff if "inspector" in s.skill_names]
        self.districts = {d.id: d for d in context.districts.values()}
        self.users = {role: user.username for role, user in context.users.items()}
        self.tickets = 0
        self.events = 0

    def _unit(self) -> tuple[str, str, int, int | None]:
        if self.rng.random() < 0.8:
            unit = self.rng.choice(self.units)
            return unit.name, unit.address, unit.district_id, unit.id
        district_id = self.rng.choice(list(self.districts))
        district = self.districts[district_id].name
        name = f"{district}{self.rng.choice(SURNAMES)}记{self.rng.choice(UNREGISTERED)}"
        return name, f"辽阳市{district}", district_id, None

    def _ticket(self, number: str, received: datetime, category: str) -> ComplaintTicket:
        self.tickets += 1
        anonymous = self.rng.random() < ANONYMOUS_SHARE
        name, phone = (None, None) if anonymous else _person(self.rng)
        return ComplaintTicket(
            ticket_no=number,
            received_at=received,
            channel=self.rng.choice(("12345", "12345", "12345", "网站", "微信")),
            complainant_name=name,
            complainant_phone=phone,
            description=self.rng.choice(DESCRIPTIONS[category]),
        )

    def _event(self, case: ComplaintCase, at: datetime, action: str, role: str, note="") -> None:
        self.events += 1
        case.events.append(
            ComplaintEvent(
                at=at, action=action, status=case.status, username=self.users[role], note=note
            )
        )

    def case(self, number: str, received: datetime) -> ComplaintCase:
        rng = self.rng
        category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
        deadline = deadline_for(category, received, self.calendar)
        unit_name, address, district_id, location_id = self._unit()
        case = ComplaintCase(
            ticket_no=number,
            category=category,
            status="received",
            unit_name=unit_name,
            address=address,
            district_id=district_id,
            location_id=location_id,
            received_at=received,
            deadline_at=deadline.at,
            deadline_provisional=deadline.provisional,
            verification_notes="",
            tickets=[self._ticket(number, received, category)],
        )
        self._event(case, received, "received", "staff", number)
        if rng.random() < DUPLICATE_SHARE:
            again = received + timedelta(hours=rng.uniform(1, 6))
            if again < self.moment:
                case.tickets.append(self._ticket(f"{number}D", again, category))
                self._event(case, again, "merged", "staff", f"{number}D")
        self._play(case, category, received, deadline.at)
        return case

    def _play(self, case: ComplaintCase, category: str, received: datetime, deadline: datetime):
        rng = self.rng
        assigned = received + timedelta(minutes=rng.randint(10, 90))
        verified = max(
            assigned + timedelta(minutes=30),
            _verify_delay(rng, category, received, deadline, self.moment),
        )
        handled = verified + timedelta(hours=rng.choice((0, 0, 2, 24, 48)))
        informed = handled + timedelta(hours=rng.uniform(1, 72))
        closed = informed + timedelta(hours=rng.uniform(0.5, 24))
        pair = rng.sample(self.inspectors, INSPECTORS_REQUIRED)
        found = rng.random() < 0.75
        steps = [
            (assigned, "assigned", "assign", "duty_manager"),
            (verified, "verified", "verify", "staff"),
            (handled, "handled", "handle", "staff"),
            (informed, "informed", "inform", "staff"),
            (closed, "closed", "close", "staff"),
        ]
        for at, status, action, role in steps:
            if at > self.moment:
                return
            case.status = status
            if action == "assign":
                case.inspector1_id, case.inspector2_id = pair[0].id, pair[1].id
                case.assigned_at = at
            elif action == "verify":
                case.verified_at = case.first_verified_at = at
                case.violation_found = found
                case.verification_notes = "现场情况属实" if found else "现场未发现所反映问题"
            elif action == "handle":
                case.handled_at = at
                case.handling = (
                    rng.choice(("correction_order", "corrected_on_spot"))
                    if found
                    else "no_violation"
                )
            elif action == "inform":
                case.informed_at = at
                case.informed_how = rng.choice(INFORM_METHODS)
            else:
                case.closed_at = at
            self._event(case, at, action, role)


def build(session: Session, rng: random.Random, context: DemoContext) -> dict[str, int]:
    today = now().date()
    first = today - timedelta(days=HISTORY_DAYS)
    years = range(first.year, today.year + 2)
    seed_calendar(session, years)
    builder = _Builder(rng, context, WorkCalendar.load(session, years))
    cases = []
    day: date = first
    while day <= today:
        # A busier last few days keeps a handful of cases open in the demo queue.
        extra = RECENT_EXTRA if today - day < RECENT else 0
        for seq in range(rng.choice(TICKETS_PER_DAY) + extra):
            received = datetime.combine(day, time(7), TIME_ZONE) + timedelta(
                minutes=rng.randint(0, 15 * 60)
            )
            if received < builder.moment:
                cases.append(builder.case(f"LY{day:%Y%m%d}{seq + 1:03d}", received))
        day += timedelta(days=1)
    session.add_all(cases)
    session.flush()
    return {
        "complaint_cases": len(cases),
        "complaint_tickets": builder.tickets,
        "complaint_events": builder.events,
        "complaint_feedback_messages": _feedback(session, cases, builder.moment),
    }


def _feedback(session: Session, cases: list[ComplaintCase], moment: datetime) -> int:
    """Queue the feedback the law owes the complainants of recently closed cases."""
    since = moment - timedelta(days=FEEDBACK_DAYS)
    queued = 0
    for case in cases:
        if case.closed_at is not None and case.closed_at >= since:
            with played_at(case.closed_at):
                queued += triggers.complaint_closed(session, case)
    return queued
