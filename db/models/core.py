"""The foundation's tables: districts, locations, staff and availability, accounts, audit."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base

SKILLS = ("inspector", "trainer", "guide", "expert", "service")
ROLES = ("staff", "duty_manager", "leader", "admin")
LOCATION_KINDS = ("station", "office", "unit")
CREDIT_CLASSES = ("A", "B", "C", "D")
RISK_LEVELS = ("low", "medium", "high")
AVAILABILITY_KINDS = ("rotation", "office_hours", "weekly", "leave")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class District(Base):
    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)


class TravelTime(Base):
    """Minutes to drive from one district to another (the diagonal is travel inside one)."""

    __tablename__ = "travel_times"
    __table_args__ = (CheckConstraint("minutes >= 0", name="minutes_nonnegative"),)

    from_district_id: Mapped[int] = mapped_column(
        ForeignKey("districts.id", ondelete="CASCADE"), primary_key=True
    )
    to_district_id: Mapped[int] = mapped_column(
        ForeignKey("districts.id", ondelete="CASCADE"), primary_key=True
    )
    minutes: Mapped[int]


class Location(Base):
    """A station, an office or a unit (business, school, …) the detachment serves."""

    __tablename__ = "locations"
    __audit_masked__ = ("contact_phone",)
    __table_args__ = (
        CheckConstraint(_in("kind", LOCATION_KINDS), name="kind"),
        CheckConstraint(
            f"credit_class IS NULL OR {_in('credit_class', CREDIT_CLASSES)}", name="credit"
        ),
        CheckConstraint(f"risk_level IS NULL OR {_in('risk_level', RISK_LEVELS)}", name="risk"),
        Index("ix_locations_kind_district", "kind", "district_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200), default="")
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"))
    credit_class: Mapped[str | None] = mapped_column(String(1))
    risk_level: Mapped[str | None] = mapped_column(String(10))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    # Standing opening hours: {"0": [["08:30", "17:30"]], ...} keyed by weekday (Monday = 0).
    opening_hours: Mapped[dict] = mapped_column(default=dict)
    version: Mapped[int] = mapped_column(default=1)

    district: Mapped[District] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Staff(Base):
    __tablename__ = "staff"
    __audit_masked__ = ("phone",)
    __table_args__ = (CheckConstraint("weekly_hour_cap BETWEEN 1 AND 60", name="hour_cap"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    base_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    weekly_hour_cap: Mapped[int] = mapped_column(default=40)
    phone: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)

    base: Mapped[Location] = relationship()
    skills: Mapped[list[StaffSkill]] = relationship(
        cascade="all, delete-orphan", order_by="StaffSkill.skill", lazy="selectin"
    )
    availability: Mapped[list[Availability]] = relationship(
        cascade="all, delete-orphan", order_by="Availability.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def skill_names(self) -> list[str]:
        return [s.skill for s in self.skills]


class StaffSkill(Base):
    __tablename__ = "staff_skills"
    __table_args__ = (CheckConstraint(_in("skill", SKILLS), name="skill"),)

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True
    )
    skill: Mapped[str] = mapped_column(String(20), primary_key=True)


class Availability(Base):
    """One rule of when a person can be given work.

    - rotation: a 24 h on / 48 h off style crew shift, anchored on a date it starts on;
    - office_hours: every working day (official calendar) between start_time and end_time;
    - weekly: an evening or weekend period the person agreed to take, on one weekday;
    - leave: a period (start_at, end_at) removed from everything above.
    """

    __tablename__ = "availability"
    __table_args__ = (
        CheckConstraint(_in("kind", AVAILABILITY_KINDS), name="kind"),
        CheckConstraint("weekday IS NULL OR weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("cycle_days IS NULL OR cycle_days BETWEEN 1 AND 14", name="cycle"),
        CheckConstraint("on_hours IS NULL OR on_hours BETWEEN 1 AND 72", name="on_hours"),
        CheckConstraint("end_at IS NULL OR end_at > start_at", name="leave_order"),
        Index("ix_availability_staff", "staff_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    weekday: Mapped[int | None]
    start_time: Mapped[time | None]
    end_time: Mapped[time | None]
    anchor_date: Mapped[date | None]
    cycle_days: Mapped[int | None]
    on_hours: Mapped[int | None]
    start_at: Mapped[datetime | None]
    end_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(String(200), default="")


class User(Base):
    __tablename__ = "users"
    __audit_skip__ = ("password_hash",)
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str | None] = mapped_column(String(10))
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    staff: Mapped[Staff | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class LoginAttempt(Base):
    """Failed logins under a name that is no active account (unknown, or deactivated).

    Kept by the normalised name typed, so such names lock exactly as real accounts do
    (`users.failed_logins`, `users.locked_until`) and a login never tells whether an
    account exists. Written only with atomic UPDATE statements (services.accounts.auth).
    """

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_last_failed_at", "last_failed_at"),)

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_failed_at: Mapped[datetime]


class AuditLog(Base):
    """Who changed what, when, with the row before and after (written by services.core.unit_of_work)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_table_at", "table_name", "at"),
        Index("ix_audit_log_user_at", "username", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(server_default=func.now())
    user_id: Mapped[int | None]
    username: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[str | None] = mapped_column(String(60))
    before: Mapped[dict | None]
    after: Mapped[dict | None]
    detail: Mapped[str] = mapped_column(Text, default="")


__all__ = [
    "AuditLog",
    "Availability",
    "District",
    "Location",
    "Staff",
    "StaffSkill",
    "TravelTime",
    "User",
]
