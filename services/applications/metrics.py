"""The applications' figures for a period (issue 19, item 5): how many were accepted, how
many with documents missing (容缺受理), inspections and decisions on time against their
art. 15 clocks, the share of each delivery method, and the queue by state now.

A period is `[start, end)` of acceptance days (Asia/Shanghai). On time means at or before
the due second; an inspection or decision not made yet counts once its clock has run out
(late), and not at all while it still runs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from db.models.applications import DELIVERY_METHODS, STATUSES, Application
from db.session import read_session
from rules.time import local
from services.core.clock import now
from services.core.permissions import Actor, require


@dataclass(frozen=True)
class Rate:
    on_time: int
    counted: int

    @property
    def value(self) -> float | None:
        return self.on_time / self.counted if self.counted else None


@dataclass(frozen=True)
class ApplicationMetrics:
    accepted: int
    with_notice: int
    inspections: Rate
    decisions: Rate
    delivery: dict[str, int]
    by_status: dict[str, int]

    def delivery_share(self, method: str) -> float | None:
        total = sum(self.delivery.values())
        return self.delivery[method] / total if total else None


def judge(done, due, moment) -> bool | None:
    """True on time, False late, None not yet counted (still running or no clock)."""
    if due is None:
        return None
    if done is not None:
        return local(done) <= local(due)
    return False if local(due) < moment else None


def application_metrics(actor: Actor, start: date, end: date) -> ApplicationMetrics:
    require(actor, "applications.write")
    moment = now()
    with read_session() as session:
        rows = list(session.scalars(select(Application).options(selectinload(Application.notice))))
    period = [a for a in rows if start <= local(a.accepted_at).date() < end]
    inspections = [judge(a.inspected_at, a.inspection_due_at, moment) for a in period]
    decisions = [judge(a.decided_at, a.decision_due_at, moment) for a in period]
    delivery = Counter(a.delivery_method for a in period)
    states = Counter(a.status for a in rows)
    return ApplicationMetrics(
        accepted=len(period),
        with_notice=sum(1 for a in period if a.notice is not None),
        inspections=Rate(inspections.count(True), sum(j is not None for j in inspections)),
        decisions=Rate(decisions.count(True), sum(j is not None for j in decisions)),
        delivery={m: delivery.get(m, 0) for m in DELIVERY_METHODS},
        by_status={s: states.get(s, 0) for s in STATUSES},
    )
