"""What the officers on a published task recorded about it: done or not, and the outcome."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base

TASK_OUTCOMES = ("done", "not_done")


class TaskOutcome(Base):
    """One task of a week's published plan as its officers closed it (one row per task and
    week: any officer on the team records it for the team; a later change is versioned)."""

    __tablename__ = "task_outcomes"
    __table_args__ = (
        UniqueConstraint("week_start", "task", name="uq_task_outcomes_week_task"),
        CheckConstraint(f"outcome IN {TASK_OUTCOMES}", name="outcome"),
        Index("ix_task_outcomes_staff", "staff_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    week_start: Mapped[date]
    task: Mapped[str] = mapped_column(String(40))
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


__all__ = ["TASK_OUTCOMES", "TaskOutcome"]
