"""Demo bookings: two years of history (done, cancelled, no-show) and a full next week.

Next week holds about 160 requests of every kind, each with the times the unit accepts:
businesses that cannot be inspected in working hours offer evenings and weekends, factories
and schools offer working-day mornings or afternoons, every station publishes open-day slots
and the public books about a quarter of them. Windows are built the way staff enter them
(preferred at cost 0, one to three acceptable alternatives at a cost). Trainings and drills
carry their participants, sized to the unit, so the leadership's KPIs count people.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from db.models import Booking, BookingStatusChange, Location, TourSlot
from demo.detachment import SURNAMES, DemoContext
from rules.time import TIME_ZONE
from services.bookings.requests import DEFAULTS, PARTICIPANT_KINDS
from services.calendar.workdays import WorkCalendar, seed_calendar

DAY = 1440
HISTORY_WEEKS = 104
HISTORY_PER_WEEK = (10, 20)
# Next week's requests per kind.
NEXT_WEEK = {
    "offhours_inspection": 32,
    "training": 24,
    "drill": 14,
    "station_tour": 26,
    "expert_visit": 8,
    "outreach": 20,
    "follow_up": 36,
}
TOUR_STARTS = (time(9, 0), time(10, 30), time(14, 30))
TOUR_DAYS = (1, 3, 5)  # Tuesday, Thursday, Saturday
CHANNEL_WEIGHTS = {
    "wechat": 0.35,
    "website": 0.2,
    "phone": 0.3,
    "walk_in": 0.1,
    "hotline_12345": 0.05,
}
UNIT_KINDS_FOR = {
    # name endings that suit each kind of request
    "offhours_inspection": (
        "KTV",
        "网吧",
        "洗浴中心",
        "影城",
        "酒店",
        "宾馆",
        "饭店",
        "火锅城",
        "烧烤城",
        "商厦",
        "购物中心",
        "超市",
    ),  # noqa: E501
    "training": (
        "公司",
        "厂",
        "物流园",
        "仓储中心",
        "医院",
        "养老院",
        "幼儿园",
        "小学",
        "中学",
        "学校",
    ),  # noqa: E501
    "drill": ("医院", "养老院", "幼儿园", "小学", "中学", "学校", "商厦", "购物中心"),
    "expert_visit": ("化工有限公司", "机械制造有限公司", "物流园", "仓储中心"),
    "outreach": ("幼儿园", "小学", "中学", "学校", "社区卫生服务中心"),
}
GROUPS = (
    "实验小学三年级",
    "第一中学初二",
    "社区老年大学",
    "幼儿园大班",
    "职业技术学校新生",
    "企业新员工",
)  # noqa: E501
TITLES = ("经理", "主任", "老师", "女士", "先生", "科长")
# Participants by the unit's name ending: a training is one class or shift, a drill
# evacuates the whole building. The first ending that matches wins.
TRAINING_PARTICIPANTS = (20, 120)
DRILL_PARTICIPANTS = (
    (("幼儿园", "养老院"), (50, 200)),
    (("医院", "商厦", "购物中心"), (80, 400)),
    (("小学", "中学", "学校", "厂", "公司"), (200, 800)),
)
DRILL_PARTICIPANTS_OTHER = (50, 300)


def build(session: Session, rng: random.Random, context: DemoContext) -> dict[str, int]:
    monday = context.week_start
    first = monday - timedelta(weeks=HISTORY_WEEKS)
    years = range(first.year, monday.year + 1)
    seed_calendar(session, years)
    builder = _Builder(rng, context, WorkCalendar.load(session, years))
    for week in range(HISTORY_WEEKS):
        builder.history_week(first + timedelta(weeks=week))
    builder.next_week(monday)
    session.add_all(builder.slots)
    session.flush()  # bookings refer to slot ids
    session.add_all(builder.bookings)
    return {
        "bookings": len(builder.bookings),
        "booking_status_changes": sum(len(b.history) for b in builder.bookings),
        "tour_slots": len(builder.slots),
    }


class _Builder:
    def __init__(self, rng: random.Random, context: DemoContext, calendar: WorkCalendar) -> None:
        self.rng = rng
        self.context = context
        self.calendar = calendar
        self.bookings: list[Booking] = []
        self.slots: list[TourSlot] = []
        self.units_for = {
            kind: [u for u in context.units if u.name.endswith(endings)] or context.units
            for kind, endings in UNIT_KINDS_FOR.items()
        }
        self.clerks = [
            u.username for u in context.users.values() if u.role in ("staff", "duty_manager")
        ]  # noqa: E501

    # -- weeks ----------------------------------------------------------------------------

    def history_week(self, monday: date) -> None:
        kinds = list(NEXT_WEEK)
        weights = list(NEXT_WEEK.values())
        for _ in range(self.rng.randint(*HISTORY_PER_WEEK)):
            booking = self._booking(self.rng.choices(kinds, weights)[0], monday)
            outcome = self.rng.choices(["done", "cancelled", "no_show"], [0.86, 0.1, 0.04])[0]
            self._close(booking, monday, outcome)

    def next_week(self, monday: date) -> None:
        for station in self.context.stations:
            groups = 2 if station.code in ("ST01", "ST02") else 1
            for day in TOUR_DAYS:
                for start in TOUR_STARTS:
                    self._slot(station, monday + timedelta(days=day), start, groups)
        for kind, count in NEXT_WEEK.items():
            for _ in range(count):
                booking = self._booking(kind, monday)
                if booking is not None and self.rng.random() < 0.04:
                    self._move(booking, "cancelled", self._at(monday, -2), "单位临时有事，另约时间")

    # -- one booking ----------------------------------------------------------------------

    def _booking(self, kind: str, monday: date) -> Booking | None:
        defaults = DEFAULTS[kind]
        remote = kind in ("follow_up", "expert_visit") and self.rng.random() < (
            0.5 if kind == "follow_up" else 0.25
        )
        booking = Booking(
            kind=kind,
            status="requested",
            channel=self.rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))[0],
            mode="remote" if remote else "on_site",
            week_start=monday,
            duration_minutes=self.rng.choice(_DURATIONS[kind]),
            headcount=defaults.headcount if kind != "drill" else self.rng.choice([1, 2, 2]),
            skill=defaults.skill if kind != "outreach" else self.rng.choice(["trainer", "service"]),
            priority=defaults.priority,
            contact_name=self.rng.choice(SURNAMES) + self.rng.choice(TITLES),
            contact_phone=self._phone(),
            created_by=self.rng.choice(self.clerks),
            notes="",
        )
        if kind == "station_tour":
            slot = self._tour_slot(monday)
            if slot is None:
                return None
            booking.location = slot.station
            booking.tour_slot = slot
            booking.group_size = self.rng.randint(12, min(40, slot.capacity_visitors))
            booking.visitor_group = self.rng.choice(GROUPS)
            booking.duration_minutes = slot.duration_minutes
            slot.booked_groups += 1
            slot.booked_visitors += booking.group_size
            start = _minutes(monday, slot.starts_at)
            booking.windows = [{"start": start, "end": start + slot.duration_minutes, "cost": 0}]
        else:
            booking.location = self.rng.choice(self.units_for.get(kind, self.context.units))
            booking.windows = self._windows(kind, monday, booking.duration_minutes)
            if kind in PARTICIPANT_KINDS:
                booking.group_size = self._participants(kind, booking.location)
        created = self._at(monday, -self.rng.randint(3, 14))
        booking.created_at = created
        booking.history = [
            BookingStatusChange(
                from_status=None, to_status="requested", at=created, username=booking.created_by
            )
        ]
        self.bookings.append(booking)
        return booking

    def _participants(self, kind: str, unit: Location) -> int:
        low, high = TRAINING_PARTICIPANTS if kind == "training" else _drill_range(unit.name)
        return self.rng.randint(low, high)

    def _close(self, booking: Booking | None, monday: date, outcome: str) -> None:
        if booking is None:
            return
        if outcome == "cancelled":
            self._move(booking, "cancelled", self._at(monday, -1), self.rng.choice(_CANCEL_REASONS))
            if booking.tour_slot is not None:
                booking.tour_slot.booked_groups -= 1
                booking.tour_slot.booked_visitors -= booking.group_size
            return
        self._move(booking, "planned", self._at(monday, -3))
        self._move(booking, "confirmed", self._at(monday, -2))
        self._move(booking, outcome, self._at(monday, self.rng.randint(0, 6)))

    def _move(self, booking: Booking, status: str, at: datetime, reason: str = "") -> None:
        booking.history.append(
            BookingStatusChange(
                from_status=booking.status,
                to_status=status,
                at=at,
                username=self.rng.choice(self.clerks),
                reason=reason,
            )
        )
        booking.status = status
        if status == "cancelled":
            booking.cancel_reason = reason

    # -- times ------------------------------------------------------------------------------

    def _working(self, day: date) -> bool:
        working = self.calendar.is_working_day(day)
        return day.weekday() < 5 if working is None else working

    def _windows(self, kind: str, monday: date, duration: int) -> list[dict]:
        days = [monday + timedelta(days=d) for d in range(7)]
        workdays = [d for d, day in enumerate(days) if self._working(day)] or [0, 1, 2, 3, 4]
        restdays = [d for d in range(7) if d not in workdays]
        if kind == "offhours_inspection":
            periods = [(d, self.rng.choice([1080, 1110, 1140]), 1290) for d in workdays]
            periods += [(d, 540, 720) for d in restdays] + [(d, 840, 1080) for d in restdays]
        elif kind == "follow_up":
            periods = [(d, 510, 1050) for d in workdays[:3]]
        elif kind == "expert_visit":
            periods = [(d, 540, 1020) for d in workdays]
        else:  # trainings, drills, outreach: mornings or afternoons, weekends for some
            days_offered = workdays + (restdays if self.rng.random() < 0.3 else [])
            periods = [
                (d, 540, max(690, 540 + duration + 30))
                if self.rng.random() < 0.5
                else (d, 840, max(1020, 840 + duration + 30))
                for d in days_offered
            ]
        preferred = self.rng.choice(periods)
        others = [p for p in periods if p != preferred]
        chosen = self.rng.sample(others, min(len(others), self.rng.choice([1, 2, 2, 3])))
        windows = [_window(preferred, 0)]
        windows += [_window(p, self.rng.randrange(20, 61, 10)) for p in sorted(chosen)]
        return windows

    def _slot(self, station: Location, day: date, start: time, groups: int) -> TourSlot:
        slot = TourSlot(
            station=station,
            starts_at=datetime.combine(day, start, TIME_ZONE),
            duration_minutes=90 if start == time(14, 30) else 60,
            capacity_groups=groups,
            capacity_visitors=40 * groups,
            booked_groups=0,
            booked_visitors=0,
        )
        self.slots.append(slot)
        return slot

    def _tour_slot(self, monday: date) -> TourSlot | None:
        """A free slot of the week; past weeks publish one for the group as it books."""
        free = [
            s
            for s in self.slots
            if monday <= s.starts_at.date() < monday + timedelta(days=7)
            and s.booked_groups < s.capacity_groups
        ]
        if free:
            return self.rng.choice(free)
        if monday >= self.context.week_start:
            return None
        station = self.rng.choice(self.context.stations)
        day = monday + timedelta(days=self.rng.choice(TOUR_DAYS))
        start = self.rng.choice(TOUR_STARTS)
        taken = {(s.station.code, s.starts_at) for s in self.slots[-10:]}
        if (station.code, datetime.combine(day, start, TIME_ZONE)) in taken:
            return None  # the station's slot of that time is already booked out
        return self._slot(station, day, start, 1)

    def _at(self, monday: date, days: int) -> datetime:
        moment = time(self.rng.randint(8, 17), self.rng.choice([0, 15, 30, 45]))
        return datetime.combine(monday + timedelta(days=days), moment, TIME_ZONE)

    def _phone(self) -> str:
        if self.rng.random() < 0.75:
            return f"1{self.rng.choice('3578')}{self.rng.randint(0, 9)}{self.rng.randint(10000000, 99999999)}"  # noqa: E501
        return f"0419-{self.rng.choice('2345')}{self.rng.randint(100000, 999999)}"


_DURATIONS = {
    "offhours_inspection": (60, 90, 90, 120),
    "training": (90, 120, 120, 150),
    "drill": (60, 90, 120),
    "station_tour": (60,),
    "expert_visit": (120, 150, 180),
    "outreach": (60, 90, 120),
    "follow_up": (30,),
}
_CANCEL_REASONS = ("单位临时停业", "时间冲突，另约", "联系人变更", "天气原因", "已通过其他渠道办理")


def _drill_range(name: str) -> tuple[int, int]:
    for endings, people in DRILL_PARTICIPANTS:
        if name.endswith(endings):
            return people
    return DRILL_PARTICIPANTS_OTHER


def _window(period: tuple[int, int, int], cost: int) -> dict:
    day, start, end = period
    return {"start": day * DAY + start, "end": day * DAY + end, "cost": cost}


def _minutes(monday: date, moment: datetime) -> int:
    return int((moment - datetime.combine(monday, time(0, 0), TIME_ZONE)).total_seconds() // 60)
