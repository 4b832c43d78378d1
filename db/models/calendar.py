"""The official working-day calendar (State Council holidays and 调休 days) that legal
clocks run on: one row per year (confirmed or not yet published) and per exceptional day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class CalendarYear(Base):
    """One year of the official calendar; `confirmed` once the State Council has published it."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    confirmed: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(20), default="manual")
    updated_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class CalendarDay(Base):
    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    is_working_day: Mapped[bool]
    note: Mapped[str] = mapped_column(String(60), default="")


__all__ = ["CalendarDay", "CalendarYear"]
