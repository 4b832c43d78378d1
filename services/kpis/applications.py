"""The front desk's figures for leadership (measures 01-03, 15): applications accepted in
the period (and the state each is in now), accepted with documents missing (容缺受理, a
one-time notice issued), inspected and decided on time against their art. 15 clocks, the
share delivered by free post, and small fires registered by the simple procedure.

The clocks are judged exactly as the applications page's figures judge them
(`services.applications.metrics.judge`); the KPI engine folds these facts like every KPI.
An application counts in the period holding its acceptance day, a fire in the one holding
the day it broke out (Asia/Shanghai).
"""

from __future__ import annotations

from datetime import date, datetime, time

import pandas as pd
from sqlalchemy import select

from db.models import District, Location
from db.models.applications import Application, ApplicationNotice, ApplicationType
from db.models.fires import FireRegistration
from db.session import read_session
from rules.time import TIME_ZONE, iso_day, local
from rules.weeks import monday_of, month_of
from services.applications.metrics import judge
from services.core.clock import now

# What an application KPI counts of each application (see `_counted`).
MEASURES = ("accepted", "with_notice", "inspected_on_time", "decided_on_time", "by_post")


def _bucket(granularity: str, day: date) -> date:
    return monday_of(day) if granularity == "week" else month_of(day)


def _moments(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time(0), TIME_ZONE), datetime.combine(end, time(0), TIME_ZONE)


def accepted(start: date, end: date) -> list:
    """The applications accepted in [start, end): their clocks, state, delivery, type code,
    district and whether a one-time notice was issued (rows with named fields)."""
    since, until = _moments(start, end)
    query = (
        select(
            Application.application_no,
            Application.status,
            Application.accepted_at,
            Application.inspection_due_at,
            Application.inspected_at,
            Application.decision_due_at,
            Application.decided_at,
            Application.delivery_method,
            ApplicationType.code.label("type"),
            District.name.label("district"),
            ApplicationNotice.id.is_not(None).label("with_notice"),
        )
        .join(ApplicationType, ApplicationType.id == Application.type_id)
        .outerjoin(Location, Location.id == Application.location_id)
        .outerjoin(District, District.id == Location.district_id)
        .outerjoin(ApplicationNotice, ApplicationNotice.application_id == Application.id)
        .where(Application.accepted_at >= since, Application.accepted_at < until)
        .order_by(Application.accepted_at, Application.id)
    )
    with read_session() as session:
        return list(session.execute(query).mappings())


def _counted(measure: str, row, moment: datetime) -> tuple[int, int] | None:
    if measure == "accepted":
        return 1, 1
    if measure == "with_notice":
        return int(bool(row["with_notice"])), 1
    if measure == "by_post":
        return int(row["delivery_method"] == "post"), 1
    if measure == "inspected_on_time":
        verdict = judge(row["inspected_at"], row["inspection_due_at"], moment)
    else:
        verdict = judge(row["decided_at"], row["decision_due_at"], moment)
    return None if verdict is None else (int(verdict), 1)


def application_rows(measure: str, accepted_rows: list, granularity: str) -> list[dict]:
    """One fact per application of `accepted_rows` (what `accepted` read) that `measure`
    counts."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}")
    moment = now()
    facts = []
    for row in accepted_rows:
        counted = _counted(measure, row, moment)
        if counted is None:
            continue
        facts.append(
            {
                "bucket": _bucket(granularity, local(row["accepted_at"]).date()),
                "district": row["district"],
                "state": row["status"],
                "num": counted[0],
                "den": counted[1],
            }
        )
    return facts


def application_records(start: date, end: date) -> pd.DataFrame:
    """The applications accepted in [start, end), without the applicant (no personal data)."""
    moment = now()
    rows = [
        {
            "application_no": row["application_no"],
            "type": row["type"],
            "state": row["status"],
            "accepted_on": iso_day(row["accepted_at"]),
            "district": row["district"],
            "with_notice": bool(row["with_notice"]),
            "inspected_on_time": judge(row["inspected_at"], row["inspection_due_at"], moment),
            "decided_on_time": judge(row["decided_at"], row["decision_due_at"], moment),
            "delivery": row["delivery_method"],
        }
        for row in accepted(start, end)
    ]
    return pd.DataFrame(rows)


def _fires(start: date, end: date) -> list[tuple]:
    since, until = _moments(start, end)
    query = (
        select(
            FireRegistration.record_no,
            FireRegistration.occurred_at,
            District.name,
            FireRegistration.place,
            FireRegistration.cause,
            FireRegistration.direct_loss_yuan,
        )
        .outerjoin(District, District.id == FireRegistration.district_id)
        .where(FireRegistration.occurred_at >= since, FireRegistration.occurred_at < until)
        .order_by(FireRegistration.occurred_at, FireRegistration.id)
    )
    with read_session() as session:
        return [tuple(row) for row in session.execute(query)]


def fire_rows(start: date, end: date, granularity: str) -> list[dict]:
    """One fact per small fire registered by the simple procedure, in [start, end)."""
    return [
        {
            "bucket": _bucket(granularity, local(occurred).date()),
            "district": district,
            "num": 1,
            "den": 1,
        }
        for _no, occurred, district, *_rest in _fires(start, end)
    ]


def fire_records(start: date, end: date) -> pd.DataFrame:
    """The registrations in [start, end), without the party (no personal data)."""
    columns = ["record_no", "occurred_on", "district", "place", "cause", "direct_loss_yuan"]
    rows = [
        [no, iso_day(occurred), district, place, cause, loss]
        for no, occurred, district, place, cause, loss in _fires(start, end)
    ]
    return pd.DataFrame(rows, columns=columns)
