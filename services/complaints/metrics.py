"""The measure-19 figures per group and clock (on time, overdue now, feedback, median time to
verify), shared with the leadership KPIs (services.kpis.engine counts them the same way).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select

from db.models import District
from db.models.complaints import ComplaintCase
from db.session import read_session
from rules import complaints as clocks
from rules.time import local
from services.core.clock import now

GROUPINGS = ("all", "district", "category")


@dataclass(frozen=True)
class Metric:
    """The measure-19 figures of one group of cases received in a period.

    - on_time_rate: verified on site by the deadline ÷ cases whose clock is decided
      (verified, or unverified past the deadline); None when nothing is decided yet;
    - median_hours_to_verify: receipt to first on-site verification, verified cases only;
    - overdue_now: not verified and past the deadline at the moment of asking;
    - feedback_rate: complainant informed ÷ cases handled (None when none handled).
    """

    group: str
    clock: str  # one of rules.complaints.CLOCKS
    cases: int
    on_time: int
    decided: int
    overdue_now: int
    handled: int
    informed: int
    median_hours_to_verify: float | None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.decided if self.decided else None

    @property
    def feedback_rate(self) -> float | None:
        return self.informed / self.handled if self.handled else None


def metrics(
    grouping: str = "all", since: datetime | None = None, until: datetime | None = None
) -> list[Metric]:
    """Measure-19 metrics per group and clock, for cases received in [since, until)."""
    if grouping not in GROUPINGS:
        raise ValueError(f"unknown grouping {grouping!r}")
    moment = now()
    clock = case(
        (ComplaintCase.category.in_(clocks.URGENT_CATEGORIES), clocks.URGENT_CLOCK),
        else_=clocks.WORKING_DAY_CLOCK,
    )
    group = {"district": District.name, "category": ComplaintCase.category}.get(grouping)
    verified = ComplaintCase.first_verified_at.is_not(None)
    late_open = and_(~verified, ComplaintCase.deadline_at < moment)
    on_time = and_(verified, ComplaintCase.first_verified_at <= ComplaintCase.deadline_at)
    counts = [
        func.count(),
        func.sum(case((on_time, 1), else_=0)),
        func.sum(case((verified, 1), else_=0)) + func.sum(case((late_open, 1), else_=0)),
        func.sum(case((late_open, 1), else_=0)),
        func.sum(case((ComplaintCase.handled_at.is_not(None), 1), else_=0)),
        func.sum(case((ComplaintCase.informed_at.is_not(None), 1), else_=0)),
    ]
    keys = [clock] if group is None else [group, clock]
    period = []
    if since is not None:
        period.append(ComplaintCase.received_at >= since)
    if until is not None:
        period.append(ComplaintCase.received_at < until)
    base = select(*keys, *counts).join(District, District.id == ComplaintCase.district_id)
    durations = select(*keys, ComplaintCase.received_at, ComplaintCase.first_verified_at).join(
        District, District.id == ComplaintCase.district_id
    )
    with read_session() as session:
        aggregated = session.execute(base.where(*period).group_by(*keys)).all()
        visits = session.execute(durations.where(verified, *period)).all()
    hours: dict[tuple[str, str], list[float]] = {}
    for *key, received, first_verified in visits:
        name = "all" if group is None else key[0]
        spent = (local(first_verified) - local(received)).total_seconds() / 3600
        hours.setdefault((name, key[-1]), []).append(spent)
    result = []
    for *key, cases_, on_time_, decided, overdue, handled, informed in aggregated:
        name = "all" if group is None else key[0]
        spent = hours.get((name, key[-1]))
        result.append(
            Metric(
                group=name,
                clock=key[-1],
                cases=cases_,
                on_time=int(on_time_ or 0),
                decided=int(decided or 0),
                overdue_now=int(overdue or 0),
                handled=int(handled or 0),
                informed=int(informed or 0),
                median_hours_to_verify=statistics.median(spent) if spent else None,
            )
        )
    return sorted(result, key=lambda m: (m.group, m.clock))
