"""Demo simple fire registrations (measure 15): about thirteen months of small fires with
clear facts, so the fires page lists them and the KPI dashboard counts last month against
the month before and the same month last year. More in the heating season and at the
Spring Festival (fireworks), none with anyone hurt, every loss under the simple procedure's
limit. Written through `services.fires.registrations.add_registration`, which checks each
against the simple procedure's rules and numbers it. Deterministic for a seed (relative to
today).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from demo.detachment import GIVEN, ROADS, SURNAMES, DemoContext
from rules import fires as rules
from rules.time import TIME_ZONE
from rules.weeks import month_of
from services.core.clock import now
from services.fires.registrations import FireInput, add_registration
from services.kpis.engine import add_months

# The months before this one (so last month has its same month last year), and this one.
FULL_MONTHS = 13
PER_MONTH = (2, 5)
# Months with more small fires: heating season, and fireworks at the Spring Festival.
MONTH_FACTOR = {1: 2.0, 2: 2.2, 3: 1.3, 10: 1.1, 11: 1.4, 12: 1.6}
# (place, cause, loss range in yuan)
KINDS = (
    ("住宅楼道电动自行车", "电动自行车充电时电气故障", (300, 4000)),
    ("居民楼下垃圾箱", "遗留火种（烟头）引燃垃圾", (0, 300)),
    ("住宅厨房", "用火不慎，锅内油品起火", (200, 3000)),
    ("门市房配电箱", "电气线路短路", (500, 8000)),
    ("路边停放的轿车", "车辆电气线路故障", (1000, 9500)),
    ("小区绿化带", "燃放烟花爆竹引燃枯草", (0, 500)),
    ("平房院内柴草垛", "燃放烟花爆竹引燃柴草", (0, 1500)),
    ("餐馆后厨排油烟管道", "油烟管道积油遇明火", (800, 9000)),
)
FIREWORK_CAUSES = ("燃放烟花爆竹引燃枯草", "燃放烟花爆竹引燃柴草")


def _kind(rng: random.Random, month: int):
    kinds = [k for k in KINDS if month in (1, 2) or k[1] not in FIREWORK_CAUSES]
    return rng.choice(kinds)


def _month_starts(today: date) -> list[date]:
    first = month_of(today)
    return [add_months(first, -back) for back in range(FULL_MONTHS, -1, -1)]


def build(session: Session, rng: random.Random, context: DemoContext) -> dict[str, int]:
    moment = now()
    today = moment.date()
    investigators = [s for s in context.staff if s.base_location_id == context.office.id]
    districts = [d for d in context.districts.values() if d.name in ROADS]
    written = 0
    for start in _month_starts(today):
        end = min(add_months(start, 1), today + timedelta(days=1))
        days = (end - start).days
        count = round(rng.randint(*PER_MONTH) * MONTH_FACTOR.get(start.month, 1.0) * days / 30)
        for day in sorted(start + timedelta(days=rng.randrange(days)) for _ in range(count)):
            occurred = datetime.combine(
                day, time(rng.randint(0, 23), rng.choice((5, 20, 35, 50))), TIME_ZONE
            )
            if occurred > moment:
                continue
            place, cause, (low, high) = _kind(rng, day.month)
            district = rng.choice(districts)
            road = rng.choice(ROADS[district.name])
            add_registration(
                session,
                "clerk",
                FireInput(
                    occurred_at=occurred,
                    place=f"{district.name}{road}{rng.randint(1, 399)}号{place}",
                    cause=cause,
                    direct_loss_yuan=min(
                        rng.randrange(low, high + 1, 50), rules.SIMPLE_LOSS_LIMIT_YUAN
                    ),
                    district_id=district.id,
                    party_name=rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=2)),
                    party_phone=f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}",
                    investigator_id=rng.choice(investigators).id if investigators else None,
                    notes="当事人对起火原因、损失无异议，适用简易调查程序。",
                ),
            )
            written += 1
    return {"fire_registrations": written}
