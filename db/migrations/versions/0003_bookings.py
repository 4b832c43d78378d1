"""bookings: requests with accepted times, status history, station tour slots

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-27 23:44:16.996052
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tour_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("capacity_groups", sa.Integer(), nullable=False),
        sa.Column("capacity_visitors", sa.Integer(), nullable=False),
        sa.Column("booked_groups", sa.Integer(), nullable=False),
        sa.Column("booked_visitors", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "booked_groups BETWEEN 0 AND capacity_groups", name=op.f("ck_tour_slots_groups_fit")
        ),
        sa.CheckConstraint(
            "booked_visitors BETWEEN 0 AND capacity_visitors",
            name=op.f("ck_tour_slots_visitors_fit"),
        ),
        sa.CheckConstraint(
            "capacity_groups >= 1 AND capacity_visitors >= 1", name=op.f("ck_tour_slots_capacity")
        ),
        sa.CheckConstraint("duration_minutes > 0", name=op.f("ck_tour_slots_duration")),
        sa.ForeignKeyConstraint(
            ["station_id"], ["locations.id"], name=op.f("fk_tour_slots_station_id_locations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tour_slots")),
        sa.UniqueConstraint("station_id", "starts_at", name="uq_tour_slots_station_start"),
    )
    with op.batch_alter_table("tour_slots", schema=None) as batch_op:
        batch_op.create_index("ix_tour_slots_starts_at", ["starts_at"], unique=False)

    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("visitor_group", sa.String(length=120), nullable=False),
        sa.Column("contact_name", sa.String(length=40), nullable=False),
        sa.Column("contact_phone", sa.String(length=20), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("windows", sa.JSON(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("skill", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("tour_slot_id", sa.Integer(), nullable=True),
        sa.Column("group_size", sa.Integer(), nullable=True),
        sa.Column("cancel_reason", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "channel IN ('wechat', 'website', 'phone', 'walk_in', 'hotline_12345')",
            name=op.f("ck_bookings_channel"),
        ),
        sa.CheckConstraint(
            "kind <> 'station_tour' OR (tour_slot_id IS NOT NULL AND group_size IS NOT NULL)",
            name=op.f("ck_bookings_tour_slot"),
        ),
        sa.CheckConstraint(
            "kind IN ('offhours_inspection', 'training', 'drill', 'station_tour', 'expert_visit', 'outreach', 'follow_up')",
            name=op.f("ck_bookings_kind"),
        ),
        sa.CheckConstraint("mode IN ('on_site', 'remote')", name=op.f("ck_bookings_mode")),
        sa.CheckConstraint(
            "skill IN ('inspector', 'trainer', 'guide', 'expert', 'service')",
            name=op.f("ck_bookings_skill"),
        ),
        sa.CheckConstraint(
            "status IN ('requested', 'planned', 'confirmed', 'done', 'cancelled', 'no_show')",
            name=op.f("ck_bookings_status"),
        ),
        sa.CheckConstraint("duration_minutes > 0", name=op.f("ck_bookings_duration")),
        sa.CheckConstraint(
            "group_size IS NULL OR group_size >= 1", name=op.f("ck_bookings_group_size")
        ),
        sa.CheckConstraint("headcount BETWEEN 1 AND 10", name=op.f("ck_bookings_headcount")),
        sa.CheckConstraint("priority >= 1", name=op.f("ck_bookings_priority")),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_bookings_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["tour_slot_id"], ["tour_slots.id"], name=op.f("fk_bookings_tour_slot_id_tour_slots")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_bookings_location_kind_week", ["location_id", "kind", "week_start"], unique=False
        )
        batch_op.create_index("ix_bookings_week_kind", ["week_start", "kind"], unique=False)

    op.create_table(
        "booking_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_booking_status_changes_booking_id_bookings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_status_changes")),
    )
    with op.batch_alter_table("booking_status_changes", schema=None) as batch_op:
        batch_op.create_index("ix_booking_status_changes_booking", ["booking_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("booking_status_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_booking_status_changes_booking")

    op.drop_table("booking_status_changes")
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_index("ix_bookings_week_kind")
        batch_op.drop_index("ix_bookings_location_kind_week")

    op.drop_table("bookings")
    with op.batch_alter_table("tour_slots", schema=None) as batch_op:
        batch_op.drop_index("ix_tour_slots_starts_at")

    op.drop_table("tour_slots")
