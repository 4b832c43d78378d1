"""The demo detachment: a fictional Liaoyang fire-rescue detachment to try Firedesk with.

`build_demo(session, seed)` writes the foundation's records (districts, travel times, the
支队机关 office, stations, units, staff with skills and availability, demo accounts), then
calls every feature area's builder listed in `AREA_BUILDERS`. Everything is drawn from
`random.Random(seed)`, so one seed always gives the same detachment (bookings are placed
in "next week" relative to today, so the calendar dates move with the clock).

The city itself (districts, travel times, where stations and units lie) is the one of
`optimizer.city`, so the demo and the synthetic planning weeks share one Liaoyang.

A feature area adds its demo records with a module `demo/<area>.py` exposing
`build(session, rng, context) -> dict[str, int]` and ONE line in `AREA_BUILDERS` below.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Availability, District, Location, Staff, StaffSkill, TravelTime, User
from db.session import read_session
from optimizer.city import (
    BUSINESS_STEMS,
    DISTRICT_WEIGHTS,
    DISTRICTS,
    GIVEN_FEMALE,
    GIVEN_MALE,
    OFFICE_DISTRICT,
    OFFICE_NAME,
    SURNAMES,
    URBAN_DISTRICTS,
    travel_minutes,
)
from rules.time import TIME_ZONE
from rules.weeks import next_monday
from services.accounts.auth import actor_for, hash_password
from services.core.clock import now
from services.core.permissions import Actor

DEMO_PASSWORD = "firedesk-demo"

# Module paths of the feature areas' demo builders (each exposes `build`). Imported lazily
# so an area module may import DemoContext from here without a circular import.
AREA_BUILDERS: list[str] = [
    "demo.bookings",
    "demo.planning",
    "demo.complaints",
    "demo.evaluations",
    "demo.applications",
    "demo.draws",
    "demo.fires",
]

ROADS = {
    "白塔区": ["中华大街", "新运大街", "民主路", "青年大街", "卫国路", "胜利路", "东二道街"],
    "文圣区": ["文圣路", "庆阳路", "东京陵路", "武圣路", "团结路", "南环路"],
    "宏伟区": ["曙光路", "长征路", "工农路", "新村路", "宏伟路"],
    "太子河区": ["太子河路", "祁家路", "铁西路", "望水台路", "沙岭路"],
    "弓长岭区": ["汤河路", "安平街", "团山路", "苏家街"],
    "辽阳县": ["首山大街", "刘二堡镇中心街", "小北河镇兴华路", "黄泥洼镇府前街", "唐马寨镇大街"],
    "灯塔市": ["灯塔大街", "佟二堡镇皮草路", "铧子镇兴业路", "张台子镇中街", "西马峰镇大街"],
}

# (name, district, address road) — the office first, then the stations.
OFFICE = (OFFICE_NAME, OFFICE_DISTRICT, "中华大街")
STATIONS = [
    ("白塔消防救援站", "白塔区", "民主路"),
    ("特勤消防救援站", "白塔区", "新运大街"),
    ("文圣消防救援站", "文圣区", "文圣路"),
    ("东京陵消防救援站", "文圣区", "东京陵路"),
    ("宏伟消防救援站", "宏伟区", "曙光路"),
    ("太子河消防救援站", "太子河区", "太子河路"),
    ("弓长岭消防救援站", "弓长岭区", "汤河路"),
    ("辽阳县消防救援站", "辽阳县", "首山大街"),
    ("首山消防救援站", "辽阳县", "首山大街"),
    ("刘二堡消防救援站", "辽阳县", "刘二堡镇中心街"),
    ("灯塔消防救援站", "灯塔市", "灯塔大街"),
    ("佟二堡消防救援站", "灯塔市", "佟二堡镇皮草路"),
]
UNIT_COUNT = 500
CREW_PER_STATION = 4
HQ_STAFF = 12

# Kind of unit: (name suffixes, weight, risk level, opening hours by weekday pattern).
ALL_DAY = [["00:00", "23:59"]]
UNIT_KINDS = {
    "retail": (["商厦", "购物中心", "超市", "农贸市场", "皮草城"], 0.22, "medium", "shop"),
    "hotel": (["大酒店", "宾馆", "快捷酒店"], 0.12, "medium", "all_day"),
    "entertainment": (["KTV", "网吧", "洗浴中心", "影城"], 0.12, "high", "evening"),
    "restaurant": (["火锅城", "饭店", "烧烤城"], 0.14, "medium", "restaurant"),
    "factory": (
        ["化工有限公司", "纺织厂", "机械制造有限公司", "物流园", "仓储中心"],
        0.16,
        "high",
        "factory",
    ),
    "school": (["幼儿园", "实验小学", "中学", "职业技术学校"], 0.12, "medium", "school"),
    "hospital": (["医院", "养老院", "社区卫生服务中心"], 0.12, "high", "all_day"),
}
OPENING_PATTERNS = {
    # weekday (Monday = 0) → hours; missing days are closed.
    "shop": {d: [["09:00", "21:00"]] for d in range(7)},
    "all_day": {d: ALL_DAY for d in range(7)},
    "evening": {d: [["14:00", "23:59"]] for d in range(7)},
    "restaurant": {d: [["10:00", "14:00"], ["16:30", "22:00"]] for d in range(7)},
    "factory": {d: [["08:00", "17:00"]] for d in range(6)},
    "school": {d: [["07:30", "17:00"]] for d in range(5)},
    "office": {d: [["08:30", "17:30"]] for d in range(5)},
}
CREDIT_WEIGHTS = {"A": 0.15, "B": 0.42, "C": 0.33, "D": 0.10}

GIVEN = GIVEN_MALE + GIVEN_FEMALE

# Crews hand over at 08:00; three watches take turns, 24 h on and 48 h off.
SHIFT_START = time(8, 0)
# Days from the watches' first duty day to "next week": longer than the demo's two years
# of history, so the plans of past weeks find crews on duty (a multiple of the 3-day cycle).
WATCHES_SINCE_DAYS = 756
# Evening and weekend periods supervisors agree to take (weekday, start, end).
AGREED_PERIODS = [
    (0, time(18, 30), time(21, 30)),
    (1, time(18, 30), time(22, 0)),
    (2, time(18, 30), time(21, 0)),
    (3, time(18, 30), time(22, 0)),
    (4, time(18, 0), time(21, 0)),
    (5, time(9, 0), time(12, 0)),
    (5, time(14, 0), time(17, 30)),
    (6, time(9, 0), time(12, 0)),
]

# username → (role, display name, staff index it is linked to or None; OFFICER: the first
# HQ inspector on no leave, who is given evenings, see `_evening_officer`)
OFFICER = "evening_inspector"
ACCOUNTS = {
    "admin": ("admin", "系统管理员", None),
    "manager": ("duty_manager", None, 0),
    "leader": ("leader", "刘支队长", None),
    "clerk": ("staff", None, HQ_STAFF - 1),
    "officer": ("staff", None, OFFICER),
}
# The demo officer's evenings, every day of the week (besides office hours on working days).
OFFICER_EVENING = (time(17, 30), time(23, 0))


@dataclass
class DemoContext:
    """What the foundation created, for the feature areas' builders to refer to."""

    week_start: date  # the Monday of "next week": demo bookings and plans go there
    districts: dict[str, District]
    office: Location
    stations: list[Location]
    units: list[Location]
    staff: list[Staff]
    users: dict[str, User]  # by role (the first account of each role)
    officer: User | None = None  # the `officer` account: staff linked to an evening inspector
    today: date | None = None  # the day the demo is loaded ("next week" follows it)
    travel_minutes: dict[tuple[str, str], int] = field(default_factory=dict)


def build_demo(session: Session, seed: int) -> dict[str, int]:
    """Write the demo detachment through `session`; returns the number of rows per table."""
    rng = random.Random(seed)
    today = now().date()
    week_start = next_monday(today)

    districts = {name: District(name=name) for name in DISTRICTS}
    session.add_all(districts.values())
    session.flush()  # travel times refer to district ids
    travel = {(a, b): travel_minutes(a, b) for a in DISTRICTS for b in DISTRICTS}
    session.add_all(
        TravelTime(from_district_id=districts[a].id, to_district_id=districts[b].id, minutes=m)
        for (a, b), m in travel.items()
    )

    office = _base("HQ", "office", OFFICE, districts, rng)
    stations = [
        _base(f"ST{i + 1:02d}", "station", spec, districts, rng) for i, spec in enumerate(STATIONS)
    ]
    units = _units(rng, districts)
    staff = _staff(rng, office, stations, week_start)
    accounts = _users(staff)
    users = {}
    for user in accounts.values():
        users.setdefault(user.role, user)
    session.add_all([office, *stations, *units, *staff, *accounts.values()])
    session.flush()

    counts = {
        "districts": len(districts),
        "travel_times": len(travel),
        "locations": 1 + len(stations) + len(units),
        "staff": len(staff),
        "availability": sum(len(s.availability) for s in staff),
        "users": len(accounts),
    }
    context = DemoContext(
        week_start,
        districts,
        office,
        stations,
        units,
        staff,
        users,
        officer=accounts.get("officer"),
        today=today,
        travel_minutes=travel,
    )
    for module_name in AREA_BUILDERS:
        module = importlib.import_module(module_name)
        # Each area draws from its own stream, so adding an area never changes another's data.
        area_rng = random.Random(f"{seed}:{module_name}")
        for table, count in module.build(session, area_rng, context).items():
            counts[table] = counts.get(table, 0) + count
    return counts


def first_accounts() -> dict[str, Actor]:
    """The first stored account of each role (the demo's admin, manager, leader and
    clerk), as the actors the demo plays the services with once the detachment is committed."""
    with read_session() as session:
        users: dict[str, User] = {}
        for user in session.scalars(select(User).order_by(User.id)):
            users.setdefault(user.role, user)
    return {role: actor_for(user) for role, user in users.items()}


def stored_version(model, row_id: int) -> int:
    """A row's version as stored now: what the demo passes to a service's version check
    when it plays the next step of a record it made a moment ago."""
    with read_session() as session:
        return session.get(model, row_id).version


def _address(rng: random.Random, district: str, road: str | None = None) -> str:
    prefix = "辽阳市" if district in URBAN_DISTRICTS or district == "弓长岭区" else "辽宁省辽阳市"
    return f"{prefix}{district}{road or rng.choice(ROADS[district])}{rng.randint(1, 399)}号"


def _landline(rng: random.Random) -> str:
    return f"0419-{rng.choice('2345')}{rng.randint(100000, 999999)}"


def _mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"


def _base(
    code: str,
    kind: str,
    spec: tuple[str, str, str],
    districts: dict[str, District],
    rng: random.Random,
) -> Location:
    name, district, road = spec
    return Location(
        code=code,
        kind=kind,
        name=name,
        address=_address(rng, district, road),
        district=districts[district],
        contact_phone=_landline(rng),
        opening_hours=_hours("office" if kind == "office" else "all_day"),
    )


def _hours(pattern: str) -> dict[str, list[list[str]]]:
    return {
        str(day): [list(p) for p in periods] for day, periods in OPENING_PATTERNS[pattern].items()
    }


def _units(rng: random.Random, districts: dict[str, District]) -> list[Location]:
    kinds = list(UNIT_KINDS)
    kind_weights = [UNIT_KINDS[k][1] for k in kinds]
    credits = list(CREDIT_WEIGHTS)
    seen: set[str] = set()
    units = []
    while len(units) < UNIT_COUNT:
        district = rng.choices(DISTRICTS, DISTRICT_WEIGHTS)[0]
        kind = rng.choices(kinds, kind_weights)[0]
        suffixes, _, risk, pattern = UNIT_KINDS[kind]
        place = district.removesuffix("区").removesuffix("县").removesuffix("市")
        name = f"{place}{rng.choice(BUSINESS_STEMS)}{rng.choice(suffixes)}"
        if name in seen:
            continue
        seen.add(name)
        credit = rng.choices(credits, [CREDIT_WEIGHTS[c] for c in credits])[0]
        if credit == "D" and risk != "high":
            risk = "high"  # a D-class unit has a record of hazards left unfixed
        units.append(
            Location(
                code=f"U{len(units) + 1:04d}",
                kind="unit",
                name=name,
                address=_address(rng, district),
                district=districts[district],
                credit_class=credit,
                risk_level=risk if credit != "A" else "low",
                contact_phone=_landline(rng) if rng.random() < 0.6 else _mobile(rng),
                opening_hours=_hours(pattern),
            )
        )
    return units


def _names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        if name not in names:
            names.append(name)
    return names


def _staff(
    rng: random.Random, office: Location, stations: list[Location], week_start: date
) -> list[Staff]:
    """HQ supervisors first (inspectors and experts on office hours with agreed evenings and
    weekends), then four crew members per station on staggered 24/48 watches, a guide on
    each watch."""
    names = _names(rng, HQ_STAFF + CREW_PER_STATION * len(stations))
    people = []
    for i in range(HQ_STAFF):
        skills = {"inspector"} if rng.random() < 0.8 else {"expert"}
        if rng.random() < 0.35:
            skills.add(rng.choice(["expert", "trainer", "inspector"]))
        if i == HQ_STAFF - 1:
            skills = {"service"}  # the clerk answers the hotline and enters records
        person = _person(rng, len(people), names[len(people)], office, skills, 40)
        person.availability.append(
            Availability(kind="office_hours", start_time=time(8, 30), end_time=time(17, 30))
        )
        for weekday, start, end in rng.sample(AGREED_PERIODS, rng.randint(0, 3)):
            if not any(a.weekday == weekday for a in person.availability):
                person.availability.append(
                    Availability(kind="weekly", weekday=weekday, start_time=start, end_time=end)
                )
        people.append(person)
    for s, station in enumerate(stations):
        for m in range(CREW_PER_STATION):
            skills = set(rng.sample(["guide", "trainer", "service"], rng.randint(1, 2)))
            if m < 3:  # one guide on each of the station's three watches, for open days
                skills.add("guide")
            if rng.random() < 0.15:
                skills.add("inspector")
            cap = rng.choice([24, 32, 40, 40, 48])
            person = _person(rng, len(people), names[len(people)], station, skills, cap)
            watch = (s + m) % 3
            person.availability.append(
                Availability(
                    kind="rotation",
                    anchor_date=week_start - timedelta(days=WATCHES_SINCE_DAYS - watch),
                    cycle_days=3,
                    on_hours=24,
                    start_time=SHIFT_START,
                    note=f"{'一二三'[watch]}班",
                )
            )
            if rng.random() < 0.25:
                weekday, start, end = rng.choice(AGREED_PERIODS)
                person.availability.append(
                    Availability(kind="weekly", weekday=weekday, start_time=start, end_time=end)
                )
            people.append(person)
    for person in rng.sample(people, 5):
        first = week_start + timedelta(days=rng.randint(-3, 5))
        person.availability.append(
            Availability(
                kind="leave",
                start_at=datetime.combine(first, time(0, 0), TIME_ZONE),
                end_at=datetime.combine(
                    first + timedelta(days=rng.randint(1, 4)), time(0, 0), TIME_ZONE
                ),
                note=rng.choice(["年休假", "探亲假", "病假", "培训"]),
            )
        )
    return people


def _person(
    rng: random.Random, index: int, name: str, base: Location, skills: set[str], cap: int
) -> Staff:
    return Staff(
        code=f"E{index + 1:03d}",
        name=name,
        base=base,
        weekly_hour_cap=cap,
        phone=_mobile(rng),
        skills=[StaffSkill(skill=skill) for skill in sorted(skills)],
    )


def _evening_officer(staff: list[Staff]) -> Staff:
    """The demo officer's staff member: the first HQ inspector after the manager's with no
    leave, whose agreed periods become every evening (so the plans give them evening work).
    Draws nothing from the random stream, so the rest of the demo stays as it was."""
    person = next(
        p
        for p in staff[1:HQ_STAFF]
        if "inspector" in p.skill_names and not any(a.kind == "leave" for a in p.availability)
    )
    person.availability = [a for a in person.availability if a.kind != "weekly"] + [
        Availability(
            kind="weekly", weekday=day, start_time=OFFICER_EVENING[0], end_time=OFFICER_EVENING[1]
        )
        for day in range(7)
    ]
    if "trainer" not in person.skill_names:
        person.skills.append(StaffSkill(skill="trainer"))  # evening fire-safety trainings too
    return person


def _users(staff: list[Staff]) -> dict[str, User]:
    # One hash for the shared, published demo password: argon2 takes about a second a hash
    # on a busy machine, and separate salts would protect nothing here.
    password_hash = hash_password(DEMO_PASSWORD)
    users = {}
    for username, (role, display_name, staff_index) in ACCOUNTS.items():
        if staff_index == OFFICER:
            person = _evening_officer(staff)
        else:
            person = staff[staff_index] if staff_index is not None else None
        users[username] = User(
            username=username,
            display_name=display_name or person.name,
            password_hash=password_hash,
            role=role,
            staff=person,
        )
    return users
