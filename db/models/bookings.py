"""Bookings (measures 05, 07, 09, 14, 16, 17, 18): requests the detachment plans into a week,
their status history, and the station tour slots the public books."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.models.core import SKILLS, Location

BOOKING_KINDS = (
    "offhours_inspection",
    "training",
    "drill",
    "station_tour",
    "expert_visit",
    "outreach",
    "follow_up",
)
BOOKING_STATUSES = ("requested", "planned", "confirmed", "done", "cancelled", "no_show")
CHANNELS = ("wechat", "website", "phone", "walk_in", "hotline_12345")
MODES = ("on_site", "remote")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class TourSlot(Base):
    """A station open-day slot; the counters are checked and raised under a row lock."""

    __tablename__ = "tour_slots"
    __table_args__ = (
        UniqueConstraint("station_id", "starts_at", name="uq_tour_slots_station_start"),
        CheckConstraint("duration_minutes > 0", name="duration"),
        CheckConstraint("capacity_groups >= 1 AND capacity_visitors >= 1", name="capacity"),
        CheckConstraint("booked_groups BETWEEN 0 AND capacity_groups", name="groups_fit"),
        CheckConstraint("booked_visitors BETWEEN 0 AND capacity_visitors", name="visitors_fit"),
        Index("ix_tour_slots_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int] = mapped_column(default=60)
    capacity_groups: Mapped[int] = mapped_column(default=1)
    capacity_visitors: Mapped[int] = mapped_column(default=40)
    booked_groups: Mapped[int] = mapped_column(default=0)
    booked_visitors: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    station: Mapped[Location] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Booking(Base):
    """One request: who asked, where, for what, and the times the unit accepts.

    `windows` are the accepted times of the booking's week as minutes from its Monday
    00:00: `[{"start", "end", "cost"}]`, cost 0 for the preferred times.
    """

    __tablename__ = "bookings"
    __audit_masked__ = ("contact_name", "contact_phone")
    __table_args__ = (
        CheckConstraint(_in("kind", BOOKING_KINDS), name="kind"),
        CheckConstraint(_in("status", BOOKING_STATUSES), name="status"),
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint(_in("mode", MODES), name="mode"),
        CheckConstraint(_in("skill", SKILLS), name="skill"),
        CheckConstraint("duration_minutes > 0", name="duration"),
        CheckConstraint("headcount BETWEEN 1 AND 10", name="headcount"),
        CheckConstraint("priority >= 1", name="priority"),
        CheckConstraint("group_size IS NULL OR group_size >= 1", name="group_size"),
        CheckConstraint(
            "kind <> 'station_tour' OR (tour_slot_id IS NOT NULL AND group_size IS NOT NULL)",
            name="tour_slot",
        ),
        Index("ix_bookings_week_kind", "week_start", "kind"),
        Index("ix_bookings_location_kind_week", "location_id", "kind", "week_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default="requested")
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    visitor_group: Mapped[str] = mapped_column(String(120), default="")
    contact_name: Mapped[str] = mapped_column(String(40), default="")
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(10), default="on_site")
    week_start: Mapped[date]
    windows: Mapped[list] = mapped_column(default=list)
    duration_minutes: Mapped[int]
    headcount: Mapped[int] = mapped_column(default=1)
    skill: Mapped[str] = mapped_column(String(20))
    priority: Mapped[int] = mapped_column(default=5)
    notes: Mapped[str] = mapped_column(Text, default="")
    tour_slot_id: Mapped[int | None] = mapped_column(ForeignKey("tour_slots.id"))
    group_size: Mapped[int | None]
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    created_by: Mapped[str] = mapped_column(String(40), default="")
    version: Mapped[int] = mapped_column(default=1)

    location: Mapped[Location] = relationship()
    tour_slot: Mapped[TourSlot | None] = relationship()
    history: Mapped[list[BookingStatusChange]] = relationship(
        cascade="all, delete-orphan", order_by="BookingStatusChange.id"
    )

    __mapper_args__ = {"version_id_col": version}


class BookingStatusChange(Base):
    """Who moved a booking to which status, when, and why."""

    __tablename__ = "booking_status_changes"
    __table_args__ = (Index("ix_booking_status_changes_booking", "booking_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime]
    username: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(200), default="")


__all__ = ["Booking", "BookingStatusChange", "TourSlot"]
