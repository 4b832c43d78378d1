"""12345 complaints (measure 19): cases, their tickets and their status history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.models.core import District, Location, Staff

CATEGORIES = ("locked_exit", "blocked_evacuation", "facility_disabled", "other_violation")
STATUSES = ("received", "assigned", "verified", "handled", "informed", "closed")
HANDLINGS = ("correction_order", "corrected_on_spot", "no_violation")
INFORM_METHODS = ("phone", "sms", "letter", "visit")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ComplaintCase(Base):
    """One case: the first 12345 ticket about a unit and category, plus any duplicates merged in.

    The legal clock runs from the first ticket's receipt (`deadline_at`); `first_verified_at`
    keeps the first on-site verification so a reopened case does not rewrite its record.
    """

    __tablename__ = "complaint_cases"
    __table_args__ = (
        CheckConstraint(_in("category", CATEGORIES), name="category"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(f"handling IS NULL OR {_in('handling', HANDLINGS)}", name="handling"),
        CheckConstraint(
            f"informed_how IS NULL OR {_in('informed_how', INFORM_METHODS)}", name="informed_how"
        ),
        Index("ix_complaint_cases_status_deadline", "status", "deadline_at"),
        Index("ix_complaint_cases_unit_category", "unit_name", "category"),
        Index("ix_complaint_cases_received_at", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_no: Mapped[str] = mapped_column(String(40), unique=True)
    category: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default="received")
    unit_name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200), default="")
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    received_at: Mapped[datetime]
    deadline_at: Mapped[datetime]
    deadline_provisional: Mapped[bool] = mapped_column(default=False)
    inspector1_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    inspector2_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    assigned_at: Mapped[datetime | None]
    verified_at: Mapped[datetime | None]
    first_verified_at: Mapped[datetime | None]
    violation_found: Mapped[bool | None]
    verification_notes: Mapped[str] = mapped_column(Text, default="")
    handled_at: Mapped[datetime | None]
    handling: Mapped[str | None] = mapped_column(String(30))
    informed_at: Mapped[datetime | None]
    informed_how: Mapped[str | None] = mapped_column(String(20))
    closed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    district: Mapped[District] = relationship()
    location: Mapped[Location | None] = relationship()
    inspector1: Mapped[Staff | None] = relationship(foreign_keys=[inspector1_id])
    inspector2: Mapped[Staff | None] = relationship(foreign_keys=[inspector2_id])
    tickets: Mapped[list[ComplaintTicket]] = relationship(
        back_populates="case", order_by="ComplaintTicket.received_at"
    )
    events: Mapped[list[ComplaintEvent]] = relationship(order_by="ComplaintEvent.id")

    __mapper_args__ = {"version_id_col": version}


class ComplaintTicket(Base):
    """One 12345 dispatch sheet as received; the complainant's identity is kept here only."""

    __tablename__ = "complaint_tickets"
    __audit_masked__ = ("complainant_name", "complainant_phone")
    __table_args__ = (Index("ix_complaint_tickets_case", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("complaint_cases.id", ondelete="CASCADE"))
    ticket_no: Mapped[str] = mapped_column(String(40), unique=True)
    received_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(20), default="")
    complainant_name: Mapped[str | None] = mapped_column(String(40))
    complainant_phone: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[ComplaintCase] = relationship(back_populates="tickets")


class ComplaintEvent(Base):
    """The status history of a case: each step, when, by whom, with its note."""

    __tablename__ = "complaint_events"
    __table_args__ = (Index("ix_complaint_events_case_at", "case_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("complaint_cases.id", ondelete="CASCADE"))
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    username: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")


__all__ = [
    "CATEGORIES",
    "HANDLINGS",
    "INFORM_METHODS",
    "STATUSES",
    "ComplaintCase",
    "ComplaintEvent",
    "ComplaintTicket",
]
