"""Synthetic planning weeks that look like the Liaoyang detachment's (set in the
fictional Liaoyang of `optimizer.city`, the demo detachment's city).

`generate_week` builds a `firedesk.instance/1` document (see
shared/spec/planning-contract.md) for tests, demos, tuning and benchmarks.
Everything is drawn from one `random.Random(seed)`, so a seed names a week.

The week is deliberately tight but realistic: businesses book evenings and
weekends that only a few supervisors agreed to cover, the public books station
tours without looking at the duty roster, and complaints arrive with hard
deadlines. A greedy planner leaves some of it unplanned; a good one leaves less.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from optimizer.city import (
    BUSINESS_STEMS,
    DISTRICT_WEIGHTS,
    DISTRICTS,
    GIVEN_FEMALE,
    GIVEN_MALE,
    OFFICE_DISTRICT,
    OFFICE_NAME,
    SURNAMES,
    TRAVEL_MINUTES,
)
from rules.hours import OFFICE_CLOSE_MINUTE, OFFICE_OPEN_MINUTE, offhours
from rules.intervals import clip, merge, subtract
from rules.weeks import DAY, WEEK

HORIZON = WEEK

SHIFT_CHANGE = 480  # crews hand over at 08:00
TASKS_PER_STAFF = 4.6  # a city's week: 60 staff, ~275 tasks at load 1.0
STAFF_PER_STATION = 5
TOUR_SLOT_STARTS = [540, 570, 600, 840, 870, 900, 930]  # 09:00-10:00, 14:00-15:30
SUPERVISOR_SHARE = 0.3

# Place names used for the second and later station of a district.
STATION_PLACES = {
    "白塔区": ["白塔", "特勤", "站前", "南门", "星火", "胜利", "文化", "卫国"],
    "文圣区": ["文圣", "东京陵", "武圣", "庆阳", "南城", "罗大台"],
    "宏伟区": ["宏伟", "曙光", "长征", "工农", "新村"],
    "太子河区": ["太子河", "祁家", "东宁卫", "望水台", "沙岭", "铁西"],
    "弓长岭区": ["弓长岭", "汤河", "安平", "苏家", "团山"],
    "辽阳县": [
        "首山",
        "刘二堡",
        "小北河",
        "黄泥洼",
        "唐马寨",
        "隆昌",
        "兰家",
        "柳壕",
        "寒岭",
        "下达河",
        "吉洞峪",
        "八会",
        "甜水",
        "穆家",
    ],
    "灯塔市": [
        "灯塔",
        "佟二堡",
        "铧子",
        "张台子",
        "西大窑",
        "柳河子",
        "大河南",
        "沈旦堡",
        "五星",
        "西马峰",
        "古城子",
        "柳条寨",
    ],
}

BUSINESS_SUFFIXES = [
    ("商厦", "retail"),
    ("购物中心", "retail"),
    ("大酒店", "hospitality"),
    ("宾馆", "hospitality"),
    ("KTV", "entertainment"),
    ("网吧", "entertainment"),
    ("洗浴中心", "entertainment"),
    ("影城", "entertainment"),
    ("超市", "retail"),
    ("农贸市场", "retail"),
    ("火锅城", "hospitality"),
    ("化工有限公司", "industry"),
    ("纺织厂", "industry"),
    ("物流园", "industry"),
    ("仓储中心", "industry"),
    ("机械制造有限公司", "industry"),
    ("皮草城", "retail"),
    ("医院", "care"),
    ("养老院", "care"),
    ("幼儿园", "school"),
    ("物业公司", "residential"),
]
SCHOOL_NAMES = [
    "第一中学",
    "第二中学",
    "第八中学",
    "实验小学",
    "第一小学",
    "职业技术学院",
    "特殊教育学校",
    "第三高级中学",
]
COMMUNITY_STEMS = [
    "新华",
    "光明",
    "站前",
    "胜利",
    "青年",
    "民主",
    "东兴",
    "河东",
    "铁西",
    "振兴",
    "和平",
    "育才",
]
PROJECT_NAMES = [
    "石化新材料项目",
    "皮装裘革产业园项目",
    "冷链物流基地项目",
    "棚户区改造项目",
    "高铁站综合体项目",
    "新能源电池项目",
]

# Share of a week's tasks per kind. Follow-ups are the most frequent (one per
# completed service); off-hours inspections are what the product is built for.
KIND_MIX = [
    ("offhours_inspection", 0.12),
    ("training", 0.10),
    ("drill", 0.06),
    ("station_tour", 0.12),
    ("complaint_check", 0.08),
    ("follow_up", 0.22),
    ("random_inspection", 0.14),
    ("expert_visit", 0.05),
    ("outreach", 0.11),
]


@dataclass(frozen=True)
class Pressure:
    """How scarce the people, halls and hours a week's bookings compete for are.

    The defaults are a week the detachment can nearly cover. `OVERLOAD` is the week a
    duty manager dreads, as real ones are: few supervisors agreed to evenings and
    weekends, one guide on watch per station and one-group halls, a thin expert group
    and trainers, and more evening bookings and phone-booked tours.
    """

    extra_guide: float = 0.75  # chance that a crew member beyond the first is a guide
    hall_capacities: tuple[int, ...] = (1, 1, 2)  # drawn per station
    agreed_periods: tuple[int, ...] = (2, 3, 3, 4)  # evenings/weekend halves per supervisor
    supervisor_skills: tuple[float, float, float, float] = (0.85, 0.2, 0.4, 0.25)
    # ^ chance of inspector, expert, service, trainer for an office supervisor
    crew_skills: tuple[float, float, float] = (0.5, 0.45, 0.08)  # trainer, service, inspector
    # Smallest groups kept on purpose (share of supervisors; trainers: share of all staff).
    min_experts: float = 0.2
    min_inspectors: float = 0.8
    min_trainers: float = 0.4
    online_tours: float = 0.93  # share of tours booked on the page (hall free, guide on watch)
    kind_mix: tuple[tuple[str, float], ...] = field(default_factory=lambda: tuple(KIND_MIX))


NORMAL = Pressure()
OVERLOAD = Pressure(
    extra_guide=0.1,
    hall_capacities=(1,),
    agreed_periods=(1, 2, 2, 3),
    supervisor_skills=(0.7, 0.05, 0.4, 0.2),
    crew_skills=(0.3, 0.45, 0.05),
    min_experts=0.17,
    min_inspectors=0.6,
    min_trainers=0.22,
    online_tours=0.45,
    kind_mix=(
        ("offhours_inspection", 0.19),
        ("training", 0.12),
        ("drill", 0.06),
        ("station_tour", 0.11),
        ("complaint_check", 0.10),
        ("follow_up", 0.13),
        ("random_inspection", 0.14),
        ("expert_visit", 0.05),
        ("outreach", 0.10),
    ),
)


@dataclass(frozen=True)
class Scenario:
    """A named benchmark week: its size, grid and how scarce its capacity is."""

    name: str
    staff: int
    tasks: int
    slot_minutes: int
    pressure: Pressure
    description: str

    @property
    def load(self) -> float:
        return self.tasks / (TASKS_PER_STAFF * self.staff)


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in [
        Scenario("city", 60, 275, 30, NORMAL, "a city week the detachment can nearly cover"),
        Scenario(
            "city-overload", 60, 275, 30, OVERLOAD, "a city week over capacity (30-minute grid)"
        ),
        Scenario("busy", 60, 410, 15, OVERLOAD, "a busy city week over capacity, 15-minute grid"),
        Scenario("county", 150, 700, 30, OVERLOAD, "a county-wide week over capacity"),
        Scenario("province", 300, 1400, 30, OVERLOAD, "a province-wide week over capacity"),
    ]
}


def generate_scenario(name: str, seed: int = 0, week_start: str = "2026-11-30") -> dict[str, Any]:
    """The week of a named scenario (`SCENARIOS`) for one seed."""
    if name not in SCENARIOS:
        raise ValueError(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}")
    s = SCENARIOS[name]
    return generate_week(
        staff=s.staff,
        load=s.load,
        seed=seed,
        slot_minutes=s.slot_minutes,
        week_start=week_start,
        pressure=s.pressure,
        name=name,
    )


def generate_week(
    staff: int = 60,
    load: float = 1.0,
    seed: int = 0,
    slot_minutes: int = 30,
    week_start: str = "2026-11-30",
    pressure: Pressure = NORMAL,
    name: str | None = None,
) -> dict[str, Any]:
    """Return a `firedesk.instance/1` week for a detachment of `staff` people.

    `load` scales the number of tasks linearly (1.0 is about 4.6 tasks per
    staff member); `pressure` sets how scarce people, halls and hours are; the
    same arguments always give the same week.
    """
    if staff < 5:
        raise ValueError(f"staff must be at least 5 (a station crew and a supervisor), got {staff}")
    if load <= 0:
        raise ValueError(f"load must be positive, got {load}")
    if slot_minutes not in (5, 10, 15, 20, 30, 60):
        raise ValueError(f"slot_minutes must be one of 5, 10, 15, 20, 30, 60, got {slot_minutes}")
    monday = dt.date.fromisoformat(week_start)
    if monday.weekday() != 0:
        raise ValueError(f"week_start must be a Monday, {week_start} is not")
    return _WeekBuilder(staff, load, seed, slot_minutes, monday, pressure, name).build()


def _workdays(monday: dt.date) -> list[bool]:
    """Which days of the week are working days, following the State Council's
    holiday schedule (调休) when the calendar knows the year."""
    days = [monday + dt.timedelta(days=d) for d in range(7)]
    try:
        import chinese_calendar

        return [bool(chinese_calendar.is_workday(day)) for day in days]
    except (ImportError, NotImplementedError):
        return [day.weekday() < 5 for day in days]


def _as_lists(intervals: Sequence[Sequence[int]]) -> list[list[int]]:
    """Intervals as the contract's JSON arrays."""
    return [list(interval) for interval in intervals]


def _apportion(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split `total` by `weights` (largest remainder), at least `minimum` each when possible."""
    base = minimum if total >= minimum * len(weights) else 0
    rest = total - base * len(weights)
    exact = [rest * w / sum(weights) for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: rest - sum(counts)]:
        counts[i] += 1
    return [c + base for c in counts]


class _WeekBuilder:
    def __init__(
        self,
        staff: int,
        load: float,
        seed: int,
        slot_minutes: int,
        monday: dt.date,
        pressure: Pressure = NORMAL,
        scenario: str | None = None,
    ) -> None:
        self.rng = random.Random(seed)
        self.p = pressure
        self.scenario = scenario
        self.n_staff = staff
        self.load = load
        self.seed = seed
        self.slot = slot_minutes
        self.monday = monday
        self.workdays = _workdays(monday)
        self.workday_idx = [d for d in range(7) if self.workdays[d]]
        self.restday_idx = [d for d in range(7) if not self.workdays[d]]
        # Days that office-hours services are booked on. A week that is all
        # holiday (Spring Festival) still gets its bookings, on its own days.
        self.service_days = self.workday_idx or list(range(7))
        self.locations: list[dict[str, Any]] = []
        self.district_of: dict[str, int] = {}
        self.staff: list[dict[str, Any]] = []
        self.resources: list[dict[str, Any]] = []
        self.tasks: list[dict[str, Any]] = []
        self.used_names: set[str] = set()
        self.stations: list[str] = []
        self.guides_of: dict[str, list[str]] = {}
        self.hall_capacity: dict[str, int] = {}
        self.hall_bookings: dict[str, list[tuple[int, int]]] = {}

    # -- top level ------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        self._add_location("HQ", OFFICE_NAME, DISTRICTS.index(OFFICE_DISTRICT))
        self._make_stations()
        self._make_staff()
        self.staff_by_id = {s["id"]: s for s in self.staff}
        self.hq_service = [
            s["id"] for s in self.staff if s["base"] == "HQ" and "service" in s["skills"]
        ]
        self._make_units()
        self._make_tasks()
        return {
            "schema": "firedesk.instance/1",
            "name": (
                f"辽阳支队 {self.monday.isoformat()} 周计划 "
                + (f"[{self.scenario}] " if self.scenario else "")
                + f"(staff={self.n_staff}, load={self.load:g}, seed={self.seed}, slot={self.slot})"
            ),
            "week_start": self.monday.isoformat(),
            "slot_minutes": self.slot,
            "offhours": _as_lists(offhours(self.workdays)),
            "districts": list(DISTRICTS),
            "travel_minutes": [list(row) for row in TRAVEL_MINUTES],
            "locations": self.locations,
            "staff": self.staff,
            "resources": self.resources,
            "tasks": self.tasks,
            "weights": {"unscheduled": 1000, "offhours_peak": 2, "change": 50},
        }

    def _add_location(self, loc_id: str, name: str, district: int) -> str:
        self.locations.append({"id": loc_id, "name": name, "district": DISTRICTS[district]})
        self.district_of[loc_id] = district
        return loc_id

    # -- stations and people ----------------------------------------------------

    def _make_stations(self) -> None:
        n_stations = max(1, round(self.n_staff / STAFF_PER_STATION))
        per_district = _apportion(n_stations, DISTRICT_WEIGHTS, minimum=1)
        number = 0
        for district, count in enumerate(per_district):
            places = STATION_PLACES[DISTRICTS[district]]
            for k in range(count):
                number += 1
                if k < len(places):
                    name = f"{places[k]}消防救援站"
                else:
                    name = f"{DISTRICTS[district]}第{k + 1}消防救援站"
                station = self._add_location(f"S{number:02d}", name, district)
                self.stations.append(station)
                self.guides_of[station] = []
                self.hall_capacity[station] = self.rng.choice(self.p.hall_capacities)
                self.resources.append(
                    {"id": f"hall-{station}", "capacity": self.hall_capacity[station]}
                )

    def _person_name(self) -> str:
        # About one officer in five is a woman in a detachment's service roles.
        chars = GIVEN_FEMALE if self.rng.random() < 0.2 else GIVEN_MALE
        while True:
            given = self.rng.choice(chars)
            if self.rng.random() < 0.6:
                given += self.rng.choice(chars)
            name = self.rng.choice(SURNAMES) + given
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def _make_staff(self) -> None:
        n_supervisors = max(1, round(self.n_staff * SUPERVISOR_SHARE))
        n_crew = self.n_staff - n_supervisors
        crew_per_station = _apportion(n_crew, [1.0] * len(self.stations))
        number = 0
        for station, size in zip(self.stations, crew_per_station, strict=True):
            # Consecutive crew members take consecutive watches, so every day
            # of the cycle has someone on duty at each station of 3 or more.
            phase0 = self.rng.randrange(3)
            for k in range(size):
                number += 1
                self._add_crew_member(f"E{number:03d}", station, (phase0 + k) % 3)
        for _ in range(n_supervisors):
            number += 1
            self._add_supervisor(f"E{number:03d}")
        # Skills are drawn per person, but a detachment staffs its expert group
        # and inspection corps on purpose: make sure the small groups exist.
        supervisors = [s for s in self.staff if s["base"] == "HQ"]
        p = self.p
        self._ensure_skill(supervisors, "expert", max(2, round(p.min_experts * n_supervisors)))
        self._ensure_skill(
            supervisors, "inspector", max(2, round(p.min_inspectors * n_supervisors))
        )
        self._ensure_skill(supervisors, "service", max(1, round(0.3 * n_supervisors)))
        self._ensure_skill(self.staff, "trainer", max(2, round(p.min_trainers * self.n_staff)))
        self._ensure_skill(self.staff, "service", max(2, round(0.4 * self.n_staff)))
        # A few people are on leave for one to three days, one of them possibly all week.
        for person in self.rng.sample(self.staff, max(1, round(0.06 * len(self.staff)))):
            first = self.rng.randrange(7)
            days = self.rng.choice([1, 2, 3, 3, 7])
            first = 0 if days == 7 else first
            cut = [first * DAY, min(HORIZON, (first + days) * DAY)]
            person["available"] = _as_lists(subtract(person["available"], [cut]))

    def _ensure_skill(self, people: list[dict[str, Any]], skill: str, count: int) -> None:
        lacking = [p for p in people if skill not in p["skills"]]
        missing = count - (len(people) - len(lacking))
        for person in self.rng.sample(lacking, max(0, min(missing, len(lacking)))):
            person["skills"].append(skill)

    def _add_crew_member(self, staff_id: str, station: str, phase: int) -> None:
        # A 24 h watch every third day; the phase runs on the calendar, not the
        # week, so consecutive generated weeks agree on who is on duty.
        day0 = self.monday.toordinal()
        available = []
        for d in range(-1, 7):
            if (day0 + d) % 3 == phase:
                start = d * DAY + SHIFT_CHANGE
                available.append([start, start + DAY])
        skills = []
        # Every station keeps at least one guide for its open days.
        trainer, service, inspector = self.p.crew_skills
        if not self.guides_of[station] or self.rng.random() < self.p.extra_guide:
            skills.append("guide")
            self.guides_of[station].append(staff_id)
        if self.rng.random() < trainer:
            skills.append("trainer")
        if self.rng.random() < service:
            skills.append("service")
        if self.rng.random() < inspector:
            skills.append("inspector")
        if not skills:
            skills.append("service")
        self.staff.append(
            {
                "id": staff_id,
                "name": self._person_name(),
                "base": station,
                "skills": skills,
                "available": _as_lists(merge(clip(available, 0, HORIZON))),
                "max_minutes": self.rng.randrange(2400, 2701, 60),
            }
        )

    def _add_supervisor(self, staff_id: str) -> None:
        available = [
            [d * DAY + OFFICE_OPEN_MINUTE, d * DAY + OFFICE_CLOSE_MINUTE] for d in self.workday_idx
        ]
        # The evenings and weekend periods this person agreed to take.
        offers = [[d * DAY + OFFICE_CLOSE_MINUTE, d * DAY + 1290] for d in self.workday_idx]
        for d in self.restday_idx:
            offers += [[d * DAY + 540, d * DAY + 1020], [d * DAY + 840, d * DAY + 1260]]
        for period in self.rng.sample(
            offers, min(len(offers), self.rng.choice(self.p.agreed_periods))
        ):
            available.append(period)
        skills = []
        inspector, expert, service, trainer = self.p.supervisor_skills
        if self.rng.random() < inspector:
            skills.append("inspector")
        if self.rng.random() < expert:
            skills.append("expert")
        if self.rng.random() < service:
            skills.append("service")
        if self.rng.random() < trainer:
            skills.append("trainer")
        if not skills:
            skills.append("inspector")
        self.staff.append(
            {
                "id": staff_id,
                "name": self._person_name(),
                "base": "HQ",
                "skills": skills,
                "available": _as_lists(merge(clip(available, 0, HORIZON))),
                "max_minutes": self.rng.randrange(2400, 2701, 60),
            }
        )

    # -- the units served ---------------------------------------------------------

    def _make_units(self) -> None:
        n_tasks = self._task_count()
        self.businesses: list[tuple[str, str]] = []  # (location id, category)
        self.schools: list[str] = []
        self.communities: list[str] = []
        self.projects: list[str] = []
        names: set[str] = set()
        for i in range(max(10, round(0.55 * n_tasks))):
            district = self._district()
            while True:
                stem = self.rng.choice(BUSINESS_STEMS)
                suffix, category = self.rng.choice(BUSINESS_SUFFIXES)
                name = f"辽阳{stem}{suffix}" if self.rng.random() < 0.3 else f"{stem}{suffix}"
                if district >= 5:  # county-level units carry their town's name
                    name = f"{self.rng.choice(STATION_PLACES[DISTRICTS[district]])}{name}"
                if name not in names:
                    break
                name = f"{name}{self._short(district)}分店"
                if name not in names:
                    break
            names.add(name)
            self.businesses.append((self._add_location(f"B{i + 1:04d}", name, district), category))
        for i in range(max(3, round(0.04 * n_tasks))):
            district = self._district()
            name = f"{self._short(district)}{SCHOOL_NAMES[i % len(SCHOOL_NAMES)]}"
            if i >= len(SCHOOL_NAMES):
                name += f"({i // len(SCHOOL_NAMES) + 1}校区)"
            self.schools.append(self._add_location(f"X{i + 1:03d}", name, district))
        for i in range(max(3, round(0.05 * n_tasks))):
            district = self._district()
            stem = COMMUNITY_STEMS[i % len(COMMUNITY_STEMS)]
            name = f"{DISTRICTS[district]}{stem}社区"
            if i >= len(COMMUNITY_STEMS):
                name = f"{DISTRICTS[district]}{stem}{i // len(COMMUNITY_STEMS) + 1}社区"
            self.communities.append(self._add_location(f"C{i + 1:03d}", name, district))
        for i in range(max(2, round(0.02 * n_tasks))):
            district = self._district()
            name = f"{self._short(district)}{PROJECT_NAMES[i % len(PROJECT_NAMES)]}"
            if i >= len(PROJECT_NAMES):
                name += f"({i // len(PROJECT_NAMES) + 1}期)"
            self.projects.append(self._add_location(f"P{i + 1:03d}", name, district))

    @staticmethod
    def _short(district: int) -> str:
        """Short place name used in unit names (白塔, 太子河, 首山 for the county)."""
        return STATION_PLACES[DISTRICTS[district]][0]

    def _district(self) -> int:
        return self.rng.choices(range(len(DISTRICTS)), weights=DISTRICT_WEIGHTS)[0]

    # -- tasks ------------------------------------------------------------------------

    def _task_count(self) -> int:
        return max(1, round(TASKS_PER_STAFF * self.n_staff * self.load))

    def _make_tasks(self) -> None:
        n_tasks = self._task_count()
        mix = self.p.kind_mix
        counts = _apportion(n_tasks, [share for _, share in mix])
        makers = {
            "offhours_inspection": self._offhours_inspection,
            "training": self._training,
            "drill": self._drill,
            "station_tour": self._station_tour,
            "complaint_check": self._complaint_check,
            "follow_up": self._follow_up,
            "random_inspection": self._random_inspection,
            "expert_visit": self._expert_visit,
            "outreach": self._outreach,
        }
        drafts = []
        for (kind, _), count in zip(mix, counts, strict=True):
            drafts += [makers[kind]() for _ in range(count)]
        # Interleave kinds so task ids carry no hint about the kind.
        self.rng.shuffle(drafts)
        for number, task in enumerate(drafts, start=1):
            self.tasks.append({"id": f"T{number:04d}", **task})

    def _task(
        self,
        kind: str,
        location: str,
        duration: int,
        skill: str,
        headcount: int,
        priority: int,
        windows: list[dict[str, int]],
        **extra: Any,
    ) -> dict[str, Any]:
        return {
            "kind": kind,
            "location": location,
            "duration": duration,
            "skill": skill,
            "headcount": headcount,
            "priority": priority,
            "windows": [self._fit(w, duration) for w in windows],
            **extra,
        }

    def _fit(self, window: dict[str, int], duration: int) -> dict[str, int]:
        """Clip a window to the week and widen it so at least one grid start fits."""
        start = max(0, window["start"])
        end = min(HORIZON, window["end"])
        first = -(-start // self.slot) * self.slot
        if first + duration > end:
            end = min(HORIZON, first + duration)
            if first + duration > end:  # at the very end of the week: shift back
                first = (HORIZON - duration) // self.slot * self.slot
                start, end = first, HORIZON
        return {"start": start, "end": end, "cost": window["cost"]}

    def _alternatives(
        self, periods: list[tuple[int, int]], preferred: tuple[int, int]
    ) -> list[dict[str, int]]:
        """The preferred period at cost 0 plus one to three others the unit accepts."""
        others = [p for p in periods if p != preferred]
        chosen = self.rng.sample(others, min(len(others), self.rng.choice([1, 2, 2, 3])))
        windows = [{"start": preferred[0], "end": preferred[1], "cost": 0}]
        windows += [
            {"start": a, "end": b, "cost": self.rng.randrange(20, 61, 10)} for a, b in chosen
        ]
        return windows

    def _evening_or_weekend_periods(self, duration: int) -> list[tuple[int, int]]:
        periods = []
        for d in self.service_days:
            start = d * DAY + self.rng.choice([1080, 1110, 1140])  # 18:00-19:00
            periods.append((start, start + duration + self.rng.choice([60, 90, 120])))
        for d in self.restday_idx:
            start = d * DAY + self.rng.choice([540, 570, 600, 840, 870])
            periods.append((start, start + duration + self.rng.choice([90, 120, 180, 240])))
        return periods

    def _daytime_periods(self, duration: int, weekends: bool = False) -> list[tuple[int, int]]:
        days = list(range(7)) if weekends else self.service_days
        periods = []
        for d in days:
            if self.rng.random() < 0.5:  # morning
                start = d * DAY + self.rng.choice([540, 570, 600])
                end = max(start + duration + 30, d * DAY + 690)
            else:
                start = d * DAY + self.rng.choice([810, 840, 870])
                end = max(start + duration + 30, d * DAY + 1020)
            periods.append((start, end))
        return periods

    def _offhours_inspection(self) -> dict[str, Any]:
        location, _ = self.rng.choice(self.businesses)
        duration = self.rng.choice([60, 90, 90, 120])
        periods = self._evening_or_weekend_periods(duration)
        windows = self._alternatives(periods, self.rng.choice(periods))
        return self._task(
            "offhours_inspection",
            location,
            duration,
            "inspector",
            2,
            self.rng.choice([6, 7, 8]),
            windows,
        )

    def _unit_for_training(self) -> str:
        pool = [
            b for b, cat in self.businesses if cat in ("industry", "care", "retail", "hospitality")
        ]
        return self.rng.choice(pool + self.schools) if pool else self.rng.choice(self.schools)

    def _training(self) -> dict[str, Any]:
        location = self._unit_for_training()
        duration = self.rng.choice([90, 120, 120, 150])
        # Units that cannot stop production during the week take Saturdays.
        periods = self._daytime_periods(duration, weekends=self.rng.random() < 0.3)
        windows = self._alternatives(periods, self.rng.choice(periods))
        return self._task(
            "training",
            location,
            duration,
            "trainer",
            self.rng.choice([1, 1, 2]),
            self.rng.choice([4, 5]),
            windows,
        )

    def _drill(self) -> dict[str, Any]:
        location = self._unit_for_training()
        duration = self.rng.choice([60, 90, 120])
        periods = self._daytime_periods(duration, weekends=self.rng.random() < 0.3)
        windows = self._alternatives(periods, self.rng.choice(periods))
        return self._task(
            "drill",
            location,
            duration,
            "trainer",
            self.rng.choice([1, 2, 2]),
            self.rng.choice([4, 5]),
            windows,
        )

    def _station_tour(self) -> dict[str, Any]:
        station = self.rng.choice([s for s in self.stations if self.guides_of[s]])
        duration = self.rng.choice([60, 90])
        slots = [
            d * DAY + t
            for d in sorted(set(self.service_days + self.restday_idx[:1]))
            for t in TOUR_SLOT_STARTS
        ]
        # The booking page offers the hall's free slots, mostly on days the
        # station's guides are on watch; phone bookings ignore both, so a few
        # tours find no guide or a full hall.
        booked = self.hall_bookings.setdefault(station, [])

        def hall_free(t: int) -> bool:
            overlapping = sum(1 for a, b in booked if a < t + duration and t < b)
            return overlapping < self.hall_capacity[station]

        def guide_on_watch(t: int) -> bool:
            return any(
                a <= t and t + duration <= b
                for g in self.guides_of[station]
                for a, b in self.staff_by_id[g]["available"]
            )

        online = [t for t in slots if hall_free(t) and guide_on_watch(t)]
        start = self.rng.choice(
            online if online and self.rng.random() < self.p.online_tours else slots
        )
        booked.append((start, start + duration))
        return self._task(
            "station_tour", station, duration, "guide", 1, 8,
            [{"start": start, "end": start + duration, "cost": 0}],
            eligible=list(self.guides_of[station]), resource=f"hall-{station}",
        )  # fmt: skip

    def _complaint_check(self) -> dict[str, Any]:
        location, _ = self.rng.choice(self.businesses)
        day = self.rng.choice(self.service_days[:4] or self.service_days)
        received = day * DAY + self.rng.randrange(OFFICE_OPEN_MINUTE, OFFICE_CLOSE_MINUTE, 30)
        urgent = self.rng.random() < 0.4  # locked exits, blocked escape routes: 24 hours
        if urgent:
            deadlines = [received + 480, received + DAY]
        else:  # other violations: by the end of the third working day
            later = [d for d in self.service_days if d >= day][:3]
            deadlines = [d * DAY + OFFICE_CLOSE_MINUTE for d in later]
        # Later is worse: each window reaches a later deadline at a higher cost.
        # Consecutive windows overlap by the duration so no start time falls between them.
        duration = 60
        windows, start = [], received
        for cost, deadline in enumerate(deadlines):
            windows.append({"start": start, "end": deadline, "cost": 10 * cost})
            start = max(received, deadline - duration)
        return self._task("complaint_check", location, duration, "inspector", 2, 10, windows)

    def _follow_up(self) -> dict[str, Any]:
        # Video follow-ups are made from the service window at headquarters, by
        # its own staff, so nobody travels for them.
        remote = self.rng.random() < 0.4
        location = "HQ" if remote else self.rng.choice(self.businesses)[0]
        extra = {"eligible": list(self.hq_service)} if remote else {}
        first = self.rng.randrange(len(self.service_days))
        days = self.service_days[first : first + 3]
        windows = [
            {
                "start": d * DAY + OFFICE_OPEN_MINUTE,
                "end": d * DAY + OFFICE_CLOSE_MINUTE,
                "cost": 0 if k < 2 else 10,
            }
            for k, d in enumerate(days)
        ]
        return self._task("follow_up", location, 30, "service", 1, 2, windows, **extra)

    def _random_inspection(self) -> dict[str, Any]:
        location, _ = self.rng.choice(self.businesses)
        duration = self.rng.choice([90, 120])
        # "Double random": only a drawn pool of inspectors may take it (the draw
        # has already left out anyone with a conflict of interest).
        inspectors = [
            s["id"] for s in self.staff if s["base"] == "HQ" and "inspector" in s["skills"]
        ]
        pool = sorted(self.rng.sample(inspectors, min(len(inspectors), self.rng.choice([4, 5, 6]))))
        preferred = set(self.rng.sample(self.service_days, min(2, len(self.service_days))))
        windows = [
            {
                "start": d * DAY + OFFICE_OPEN_MINUTE,
                "end": d * DAY + OFFICE_CLOSE_MINUTE,
                "cost": 0 if d in preferred else 10,
            }
            for d in self.service_days
        ]
        return self._task(
            "random_inspection", location, duration, "inspector", 2, self.rng.choice([6, 7]), windows,
            eligible=pool,
        )  # fmt: skip

    def _expert_visit(self) -> dict[str, Any]:
        location = self.rng.choice(self.projects)
        duration = self.rng.choice([120, 150, 180])
        periods = [(d * DAY + 540, d * DAY + 1020) for d in self.service_days]
        windows = self._alternatives(periods, self.rng.choice(periods))
        return self._task(
            "expert_visit", location, duration, "expert", self.rng.choice([1, 1, 2]), 5, windows
        )

    def _outreach(self) -> dict[str, Any]:
        at_school = self.rng.random() < 0.4
        location = self.rng.choice(self.schools if at_school else self.communities)
        duration = self.rng.choice([60, 90, 120])
        periods = self._daytime_periods(duration, weekends=not at_school)
        windows = self._alternatives(periods, self.rng.choice(periods))
        skill = self.rng.choice(["trainer", "service"])
        return self._task(
            "outreach", location, duration, skill, self.rng.choice([1, 2]), 3, windows
        )
