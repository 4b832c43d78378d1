"""Hazard cases (measures 06, 08): what follows an inspection outcome "correction order".

A case carries the unit, the items found, the legal basis, the guidance (整改指导) copied
from the library and adjusted, the correction order (numbered per detachment and year),
its deadline, extension requests and the re-inspection that closes or escalates it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base

CASE_STATES = (
    "opened",
    "order_issued",
    "extension_requested",
    "reinspection_due",
    "closed_fixed",
    "escalated",
)
ESCALATIONS = ("penalty_referral", "major_reported")
EXTENSION_DECISIONS = ("granted", "refused")
SEAL_STATES = ("proposed", "sealed", "not_sealed", "lifted")
# To which level a major fire hazard is reported up (消防监督检查规定 art. 21).
MAJOR_REPORT_LEVELS = ("detachment", "corps", "government")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class HazardGuidance(Base):
    """The library's rectification plan for one hazard type: what to fix, how, which standard."""

    __tablename__ = "hazard_guidance"

    hazard_type: Mapped[str] = mapped_column(String(30), primary_key=True)
    plan_zh: Mapped[str] = mapped_column(Text)
    plan_en: Mapped[str] = mapped_column(Text)
    standard: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class HazardCase(Base):
    __tablename__ = "hazard_cases"
    __table_args__ = (
        CheckConstraint(_in("state", CASE_STATES), name="state"),
        CheckConstraint(
            "escalation IS NULL OR " + _in("escalation", ESCALATIONS), name="escalation"
        ),
        UniqueConstraint("detachment", "order_year", "order_seq", name="uq_hazard_cases_order"),
        Index("ix_hazard_cases_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_no: Mapped[str] = mapped_column(String(30), unique=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection_records.id"), unique=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    state: Mapped[str] = mapped_column(String(20), default="opened")
    findings: Mapped[list] = mapped_column(default=list)  # checklist item keys
    legal_basis: Mapped[str] = mapped_column(String(300), default="")
    major: Mapped[bool] = mapped_column(default=False)
    officers: Mapped[list] = mapped_column(default=list)  # who inspected and issued the order
    inspected_at: Mapped[datetime]
    order_due_at: Mapped[datetime]
    order_due_provisional: Mapped[bool] = mapped_column(default=False)
    # [{hazard_type, plan, standard}], copied from the library and adjusted for this case
    guidance: Mapped[list] = mapped_column(default=list)
    detachment: Mapped[str] = mapped_column(String(20), default="")
    order_year: Mapped[int | None]
    order_seq: Mapped[int | None]
    order_issued_at: Mapped[datetime | None]
    deadline: Mapped[date | None]
    reinspection_applied_at: Mapped[datetime | None]
    reinspection_due_at: Mapped[datetime | None]
    reinspection_due_provisional: Mapped[bool] = mapped_column(default=False)
    reinspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_records.id"))
    closed_at: Mapped[datetime | None]
    escalation: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(40))
    # The report up of a major fire hazard: when, by whom, to which level and whom.
    major_reported_at: Mapped[datetime | None]
    major_reported_by: Mapped[str | None] = mapped_column(String(40))
    major_report_level: Mapped[str | None] = mapped_column(String(20))
    major_reported_to: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class HazardExtension(Base):
    """A unit's request for more time (延期申请) and its decision."""

    __tablename__ = "hazard_extensions"
    __table_args__ = (
        CheckConstraint(
            "decision IS NULL OR " + _in("decision", EXTENSION_DECISIONS), name="decision"
        ),
        Index("ix_hazard_extensions_case", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hazard_cases.id"))
    reason: Mapped[str] = mapped_column(String(30))
    reason_text: Mapped[str] = mapped_column(String(500), default="")
    requested_at: Mapped[datetime]
    requested_deadline: Mapped[date]
    old_deadline: Mapped[date]
    decide_due_at: Mapped[datetime]
    decide_due_provisional: Mapped[bool] = mapped_column(default=False)
    decision: Mapped[str | None] = mapped_column(String(10))
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(40))


class HazardSeal(Base):
    """A temporary seal (临时查封) of a major or escalated case: proposed, decided (sealed or
    not) by a duty manager or an administrator within its clock, lifted once fixed."""

    __tablename__ = "hazard_seals"
    __table_args__ = (
        CheckConstraint(_in("state", SEAL_STATES), name="state"),
        Index("ix_hazard_seals_case", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hazard_cases.id"))
    state: Mapped[str] = mapped_column(String(12), default="proposed")
    urgent: Mapped[bool] = mapped_column(default=False)
    scope: Mapped[str] = mapped_column(String(300))  # what is sealed (a floor, a room, a store)
    proposed_at: Mapped[datetime]
    proposed_by: Mapped[str] = mapped_column(String(40))
    decide_due_at: Mapped[datetime]
    decide_due_provisional: Mapped[bool] = mapped_column(default=False)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(40))
    lifted_at: Mapped[datetime | None]
    lifted_by: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
