"""Reading the audit log for the audit page: filters, newest first, one page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Select, func, select

from db.models import AuditLog
from db.session import read_session
from rules.time import TIME_ZONE, local
from services.core.clock import now
from services.core.permissions import Actor, require

PAGE_SIZE = 50
DEFAULT_DAYS = 7
COLUMNS = ["id", "at", "username", "action", "table_name", "row_id", "before", "after", "detail"]


@dataclass(frozen=True)
class AuditFilter:
    start: date
    end: date  # inclusive
    username: str | None = None
    table: str | None = None


@dataclass(frozen=True)
class AuditPage:
    rows: pd.DataFrame
    total: int
    page: int
    pages: int


def default_filter(today: date | None = None) -> AuditFilter:
    """The last seven days, today included."""
    today = today or now().date()
    return AuditFilter(start=today - timedelta(days=DEFAULT_DAYS - 1), end=today)


def _filtered(query: Select, wanted: AuditFilter) -> Select:
    start = datetime.combine(wanted.start, time(0, 0), TIME_ZONE)
    end = datetime.combine(wanted.end + timedelta(days=1), time(0, 0), TIME_ZONE)
    query = query.where(AuditLog.at >= start, AuditLog.at < end)
    if wanted.username:
        query = query.where(AuditLog.username == wanted.username)
    if wanted.table:
        query = query.where(AuditLog.table_name == wanted.table)
    return query


def audit_page(
    actor: Actor, wanted: AuditFilter, page: int = 0, page_size: int = PAGE_SIZE
) -> AuditPage:
    """Entries matching `wanted`, newest first; `page` counts from 0 and is clamped."""
    require(actor, "audit.read")
    with read_session() as session:
        total = session.scalar(_filtered(select(func.count(AuditLog.id)), wanted)) or 0
        pages = max(1, -(-total // page_size))
        page = min(max(page, 0), pages - 1)
        entries = session.scalars(
            _filtered(select(AuditLog), wanted)
            .order_by(AuditLog.at.desc(), AuditLog.id.desc())
            .limit(page_size)
            .offset(page * page_size)
        ).all()
    rows = [
        {
            "id": e.id,
            "at": local(e.at),
            "username": e.username,
            "action": e.action,
            "table_name": e.table_name,
            "row_id": e.row_id or "",
            "before": e.before,
            "after": e.after,
            "detail": e.detail,
        }
        for e in entries
    ]
    return AuditPage(pd.DataFrame(rows, columns=COLUMNS), total, page, pages)


def audit_choices(actor: Actor, dates: AuditFilter) -> tuple[list[str], list[str]]:
    """The user names and table names in the log between `dates.start` and `dates.end`, for
    the filter boxes (the date index keeps this cheap on a long log)."""
    require(actor, "audit.read")
    period = AuditFilter(start=dates.start, end=dates.end)
    with read_session() as session:
        users = session.scalars(
            _filtered(select(AuditLog.username).distinct(), period).order_by(AuditLog.username)
        )
        tables = session.scalars(
            _filtered(select(AuditLog.table_name).distinct(), period).order_by(AuditLog.table_name)
        )
        return list(users), list(tables)
