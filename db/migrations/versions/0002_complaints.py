"""complaints: 12345 cases, tickets, status history; the official working-day calendar

The calendar is seeded on first use (services.calendar.workdays), not here: the years the
`chinesecalendar` package knows grow with its releases, and a data copy frozen into a
migration would go stale.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 23:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_calendar_years")),
    )
    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_working_day", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_days")),
    )
    op.create_table(
        "complaint_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_no", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("unit_name", sa.String(length=120), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline_provisional", sa.Boolean(), nullable=False),
        sa.Column("inspector1_id", sa.Integer(), nullable=True),
        sa.Column("inspector2_id", sa.Integer(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("violation_found", sa.Boolean(), nullable=True),
        sa.Column("verification_notes", sa.Text(), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handling", sa.String(length=30), nullable=True),
        sa.Column("informed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("informed_how", sa.String(length=20), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "category IN ('locked_exit', 'blocked_evacuation', 'facility_disabled', "
            "'other_violation')",
            name=op.f("ck_complaint_cases_category"),
        ),
        sa.CheckConstraint(
            "status IN ('received', 'assigned', 'verified', 'handled', 'informed', 'closed')",
            name=op.f("ck_complaint_cases_status"),
        ),
        sa.CheckConstraint(
            "handling IS NULL OR handling IN ('correction_order', 'corrected_on_spot', "
            "'no_violation')",
            name=op.f("ck_complaint_cases_handling"),
        ),
        sa.CheckConstraint(
            "informed_how IS NULL OR informed_how IN ('phone', 'sms', 'letter', 'visit')",
            name=op.f("ck_complaint_cases_informed_how"),
        ),
        sa.ForeignKeyConstraint(
            ["district_id"], ["districts.id"], name=op.f("fk_complaint_cases_district_id_districts")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_complaint_cases_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["inspector1_id"], ["staff.id"], name=op.f("fk_complaint_cases_inspector1_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["inspector2_id"], ["staff.id"], name=op.f("fk_complaint_cases_inspector2_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_cases")),
        sa.UniqueConstraint("ticket_no", name=op.f("uq_complaint_cases_ticket_no")),
    )
    with op.batch_alter_table("complaint_cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_complaint_cases_status_deadline", ["status", "deadline_at"], unique=False
        )
        batch_op.create_index(
            "ix_complaint_cases_unit_category", ["unit_name", "category"], unique=False
        )
        batch_op.create_index("ix_complaint_cases_received_at", ["received_at"], unique=False)

    op.create_table(
        "complaint_tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("ticket_no", sa.String(length=40), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("complainant_name", sa.String(length=40), nullable=True),
        sa.Column("complainant_phone", sa.String(length=20), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["complaint_cases.id"],
            name=op.f("fk_complaint_tickets_case_id_complaint_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_tickets")),
        sa.UniqueConstraint("ticket_no", name=op.f("uq_complaint_tickets_ticket_no")),
    )
    with op.batch_alter_table("complaint_tickets", schema=None) as batch_op:
        batch_op.create_index("ix_complaint_tickets_case", ["case_id"], unique=False)

    op.create_table(
        "complaint_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["complaint_cases.id"],
            name=op.f("fk_complaint_events_case_id_complaint_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_events")),
    )
    with op.batch_alter_table("complaint_events", schema=None) as batch_op:
        batch_op.create_index("ix_complaint_events_case_at", ["case_id", "at"], unique=False)


def downgrade() -> None:
    op.drop_table("complaint_events")
    op.drop_table("complaint_tickets")
    op.drop_table("complaint_cases")
    op.drop_table("calendar_days")
    op.drop_table("calendar_years")
