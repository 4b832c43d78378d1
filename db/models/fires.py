"""Small fires registered under the simple procedure (measure 15)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.models.core import District, Staff


class FireRegistration(Base):
    """One small fire with clear facts, recorded on the spot (简易调查程序)."""

    __tablename__ = "fire_registrations"
    __audit_masked__ = ("party_name", "party_phone")
    __table_args__ = (
        CheckConstraint("deaths = 0 AND injuries = 0", name="no_casualties"),
        CheckConstraint("direct_loss_yuan >= 0", name="loss"),
        Index("ix_fire_registrations_occurred_at", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_no: Mapped[str] = mapped_column(String(30), unique=True)
    occurred_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    cause: Mapped[str] = mapped_column(String(200))
    direct_loss_yuan: Mapped[int]
    deaths: Mapped[int] = mapped_column(default=0)
    injuries: Mapped[int] = mapped_column(default=0)
    facts_agreed: Mapped[bool]
    party_name: Mapped[str] = mapped_column(String(40), default="")
    party_phone: Mapped[str] = mapped_column(String(20), default="")
    investigator_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    registered_at: Mapped[datetime]
    registered_by: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(default=1)

    district: Mapped[District | None] = relationship()
    investigator: Mapped[Staff | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
