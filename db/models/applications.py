"""Front-desk applications (measures 01-03): types with their document checklists, the
applications themselves and the one-time notice (一次性告知书) each may get, once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.models.core import Location

REQUIREMENTS = ("required", "supplementable", "internal")
STATUSES = ("supplementing", "accepted", "inspected", "approved", "refused", "sent", "delivered")
DECISIONS = ("approved", "refused")
DELIVERY_METHODS = ("in_person", "post")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ApplicationType(Base):
    """What the front desk accepts (a pre-opening check, a change of name or representative)."""

    __tablename__ = "application_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_zh: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    needs_inspection: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)

    documents: Mapped[list[ApplicationDocument]] = relationship(
        order_by="ApplicationDocument.position", back_populates="type"
    )

    __mapper_args__ = {"version_id_col": version}


class ApplicationDocument(Base):
    """One line of a type's checklist: required, may be supplemented, or checked internally."""

    __tablename__ = "application_documents"
    __table_args__ = (
        CheckConstraint(_in("requirement", REQUIREMENTS), name="requirement"),
        UniqueConstraint("type_id", "code", name="uq_application_documents_type_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("application_types.id"))
    code: Mapped[str] = mapped_column(String(40))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    requirement: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)

    type: Mapped[ApplicationType] = relationship(back_populates="documents")


class Application(Base):
    """One application, from intake through inspection and decision to delivery."""

    __tablename__ = "applications"
    __audit_masked__ = ("applicant_name", "applicant_phone", "delivery_address")
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(f"decision IS NULL OR {_in('decision', DECISIONS)}", name="decision"),
        CheckConstraint(_in("delivery_method", DELIVERY_METHODS), name="delivery_method"),
        Index("ix_applications_status", "status"),
        Index("ix_applications_accepted_at", "accepted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_no: Mapped[str] = mapped_column(String(30), unique=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("application_types.id"))
    status: Mapped[str] = mapped_column(String(20))
    unit_name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200), default="")
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    applicant_name: Mapped[str] = mapped_column(String(40))
    applicant_phone: Mapped[str] = mapped_column(String(20))
    # Document codes handed in, at intake and supplemented since.
    documents: Mapped[list] = mapped_column(default=list)
    accepted_at: Mapped[datetime]
    inspection_due_at: Mapped[datetime | None]
    decision_due_at: Mapped[datetime | None]
    due_provisional: Mapped[bool] = mapped_column(default=False)
    inspected_at: Mapped[datetime | None]
    inspection_notes: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None]
    decision: Mapped[str | None] = mapped_column(String(10))
    decision_reasons: Mapped[str] = mapped_column(Text, default="")
    refused_for_document: Mapped[str | None] = mapped_column(String(40))
    delivery_method: Mapped[str] = mapped_column(String(10))
    delivery_address: Mapped[str] = mapped_column(String(200), default="")
    tracking_no: Mapped[str] = mapped_column(String(40), default="")
    sent_at: Mapped[datetime | None]
    received_at: Mapped[datetime | None]
    created_by: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(default=1)

    type: Mapped[ApplicationType] = relationship()
    location: Mapped[Location | None] = relationship()
    notice: Mapped[ApplicationNotice | None] = relationship(back_populates="application")

    __mapper_args__ = {"version_id_col": version}


class ApplicationNotice(Base):
    """The one-time notice (一次性告知书): at most one per application (unique), listing
    every missing supplementable document as it stood at intake, with the deadline."""

    __tablename__ = "application_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    notice_no: Mapped[str] = mapped_column(String(30), unique=True)
    issued_at: Mapped[datetime]
    supplement_due_at: Mapped[datetime]
    # [{"code", "name_zh", "name_en"}]: the names as printed, whatever the checklist says later.
    items: Mapped[list] = mapped_column(default=list)

    application: Mapped[Application] = relationship(back_populates="notice")
