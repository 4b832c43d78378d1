"""双随机一公开: the registers (which units are inspection objects, what each inspector may
cover and must avoid), the stored draws and the inspection records.

A draw keeps the snapshot of the registers it was made from next to its seed, rules and
result, so it can be recomputed and verified at any time without the registers as they
are today. A draw row is never changed except to be marked superseded by a redraw.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base

DRAW_STATUSES = ("current", "superseded")
INSPECTION_KINDS = ("random_inspection", "offhours_inspection", "complaint_check", "reinspection")
# minor_corrected: a minor violation corrected on the spot, no penalty (measure 10).
INSPECTION_OUTCOMES = ("no_problem", "minor_corrected", "correction_order", "referred_penalty")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class DrawUnit(Base):
    """A unit's entry in the register of inspection objects (class, risk and district are
    the location's own); a unit without a row is in the register as an ordinary unit."""

    __tablename__ = "draw_units"

    location_id: Mapped[int] = mapped_column(
        ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True
    )
    key_unit: Mapped[bool] = mapped_column(default=False)
    in_register: Mapped[bool] = mapped_column(default=True)
    last_inspected_on: Mapped[date | None]
    last_inspectors: Mapped[list] = mapped_column(default=list)  # staff codes
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class DrawInspector(Base):
    """What an inspector may draw: the districts they cover and their declared conflicts."""

    __tablename__ = "draw_inspectors"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True
    )
    district_ids: Mapped[list] = mapped_column(default=list)
    conflict_location_ids: Mapped[list] = mapped_column(default=list)
    note: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class Draw(Base):
    __tablename__ = "draws"
    # The snapshot is the bulky input (it is hashed in snapshot_hash); the audit keeps the rest.
    __audit_skip__ = ("snapshot",)
    __table_args__ = (
        UniqueConstraint("period", "number", name="uq_draws_period_number"),
        CheckConstraint(_in("status", DRAW_STATUSES), name="status"),
        Index("ix_draws_period_status", "period", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7))  # 2027-01 or 2027-Q1
    number: Mapped[int]  # 1, 2, … within the period; a redraw is the next number
    status: Mapped[str] = mapped_column(String(10), default="current")
    seed: Mapped[str] = mapped_column(String(200))
    algorithm: Mapped[str] = mapped_column(String(60))
    algorithm_version: Mapped[int]
    rules: Mapped[dict]
    snapshot: Mapped[dict]
    snapshot_hash: Mapped[str] = mapped_column(String(64))
    draw_key: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict]
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    created_by: Mapped[str] = mapped_column(String(40))
    superseded_at: Mapped[datetime | None]


class InspectionRecord(Base):
    """One inspection as the officers recorded it: who, when, what they found, the outcome."""

    __tablename__ = "inspection_records"
    __table_args__ = (
        CheckConstraint(_in("kind", INSPECTION_KINDS), name="kind"),
        CheckConstraint(_in("outcome", INSPECTION_OUTCOMES), name="outcome"),
        Index("ix_inspection_records_location", "location_id", "inspected_at"),
        Index("ix_inspection_records_draw", "draw_id"),
        # One record per planned task: the officer's task list shows a task recorded once.
        # (a unique index, so adding it never rebuilds the table on SQLite)
        Index("uq_inspection_records_task", "task", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    draw_id: Mapped[int | None] = mapped_column(ForeignKey("draws.id"))
    # The published plan's task it was recorded from ("B12", "C7", "H3", "R4-U001"), if any.
    task: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(30))
    inspected_at: Mapped[datetime]
    officers: Mapped[list]  # staff codes, at least rules.inspections.INSPECTORS_REQUIRED
    findings: Mapped[list] = mapped_column(default=list)  # checklist item keys
    outcome: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    created_by: Mapped[str] = mapped_column(String(40))
