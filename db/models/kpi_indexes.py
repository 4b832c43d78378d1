"""Indexes the leadership KPI dashboard needs on other areas' tables (migration 0007).

Each lets PostgreSQL answer a dashboard aggregate from the index alone over a year of a
province's history, instead of visiting every row the period covers.
"""

from __future__ import annotations

from sqlalchemy import Index

from db.models.bookings import Booking
from db.models.complaints import ComplaintCase
from db.models.evaluations import Evaluation

KPI_INDEXES = (
    # Satisfaction by station over whole months or weeks (the period's tile and breakdown).
    Index(
        "ix_evaluations_month_station",
        Evaluation.month_start,
        Evaluation.station_id,
        Evaluation.level,
        Evaluation.counted,
    ),
    Index(
        "ix_evaluations_week_station",
        Evaluation.week_start,
        Evaluation.station_id,
        Evaluation.level,
        Evaluation.counted,
    ),
    # Bookings served (status done) or dropped, by week, kind and unit.
    Index(
        "ix_bookings_status_week_kind",
        Booking.status,
        Booking.week_start,
        Booking.kind,
        Booking.location_id,
    ),
    # The monthly disclosure lists complaint verifications by the day they were made.
    Index("ix_complaint_cases_first_verified", ComplaintCase.first_verified_at),
)
