"""Indexes the leadership KPI dashboard needs on other areas' tables (migrations 0007, 0008).

Each lets PostgreSQL answer a dashboard aggregate from the index alone (an index-only scan)
over a year of a province's history, instead of visiting every row the period covers: each
holds every column its aggregate reads, the period's column first after any equality.
"""

from __future__ import annotations

from sqlalchemy import Index

from db.models.bookings import Booking
from db.models.complaints import ComplaintCase
from db.models.evaluations import Evaluation, RectificationCase

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
    # Bad reviews by month or week (rectified on time), joined to their cases by id.
    Index(
        "ix_evaluations_level_month",
        Evaluation.level,
        Evaluation.month_start,
        Evaluation.counted,
        Evaluation.id,
    ),
    Index(
        "ix_evaluations_level_week",
        Evaluation.level,
        Evaluation.week_start,
        Evaluation.counted,
        Evaluation.id,
    ),
    Index(
        "ix_rectification_cases_evaluation_due",
        RectificationCase.evaluation_id,
        RectificationCase.opened_at,
        RectificationCase.due_at,
        RectificationCase.closed_at,
    ),
    # Bookings served (status done) or dropped, by week, kind and unit, with their visitors
    # or participants.
    Index(
        "ix_bookings_status_week_kind_size",
        Booking.status,
        Booking.week_start,
        Booking.kind,
        Booking.location_id,
        Booking.group_size,
    ),
    # Complaints verified on time, by the day they were received.
    Index(
        "ix_complaint_cases_received_clock",
        ComplaintCase.received_at,
        ComplaintCase.category,
        ComplaintCase.district_id,
        ComplaintCase.deadline_at,
        ComplaintCase.first_verified_at,
    ),
    # The monthly disclosure lists complaint verifications by the day they were made.
    Index("ix_complaint_cases_first_verified", ComplaintCase.first_verified_at),
)
