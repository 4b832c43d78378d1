"""Every import attempt (bookings, complaints, evaluations, plan weeks): who loaded which
file, how many rows, and whether it was accepted, so a refused file shows on the clerk's
desk after its page is gone. Errors keep their row, field and message key only: never a
cell's value (it may be a name or a phone number)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base

IMPORT_KINDS = ("bookings", "complaints", "evaluations", "plan_week")


class ImportRun(Base):
    __tablename__ = "import_runs"
    __table_args__ = (
        CheckConstraint(f"kind IN {IMPORT_KINDS}", name="kind"),
        Index("ix_import_runs_accepted_started", "accepted", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(255), default="")
    username: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime]
    row_count: Mapped[int] = mapped_column(default=0)
    accepted: Mapped[bool]
    error_count: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list] = mapped_column(default=list)  # [{"row", "field", "key"}], first few
    created_count: Mapped[int] = mapped_column(default=0)


__all__ = ["IMPORT_KINDS", "ImportRun"]
