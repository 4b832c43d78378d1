"""Follow-up visits and calls after a completed service (回访), with their kinds, modes and
statuses."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base

FOLLOWUP_KINDS = ("inspection", "complaint", "training", "tour")
FOLLOWUP_MODES = ("phone", "on_site")
FOLLOWUP_STATUSES = ("open", "done", "unreachable")


def _in(column: str, values: tuple) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class FollowUp(Base):
    """A visit or call after a completed inspection, complaint, training or tour. It carries
    the person to call (copied from the booking's contact, the complainant, or the unit), so
    a tour's follow-up, which has no unit, still has someone to call."""

    __tablename__ = "follow_ups"
    __audit_masked__ = ("contact_name", "contact_phone")
    __table_args__ = (
        CheckConstraint(_in("source_kind", FOLLOWUP_KINDS), name="source_kind"),
        CheckConstraint(_in("mode", FOLLOWUP_MODES), name="mode"),
        CheckConstraint(_in("status", FOLLOWUP_STATUSES), name="status"),
        Index("ix_follow_ups_source", "source_kind", "source_id", unique=True),
        Index("ix_follow_ups_status_due", "status", "due"),
        Index("ix_follow_ups_due", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_kind: Mapped[str] = mapped_column(String(12))
    source_id: Mapped[int]
    unit_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    due: Mapped[date]
    # The working-day calendar of the due date's year was not yet confirmed when it was set;
    # `due_from` is the moment the working days count from (the service's completion).
    due_provisional: Mapped[bool] = mapped_column(default=False)
    due_from: Mapped[datetime | None]
    mode: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12), default="open")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    completed_at: Mapped[datetime | None]
    evaluation_id: Mapped[int | None] = mapped_column(
        ForeignKey("evaluations.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(40), default="")
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    # Who makes the call: that one person may reveal the contact's number (audited).
    assignee_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


__all__ = ["FOLLOWUP_KINDS", "FOLLOWUP_MODES", "FOLLOWUP_STATUSES", "FollowUp"]
