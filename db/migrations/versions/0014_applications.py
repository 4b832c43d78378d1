"""applications: types with document checklists, applications, one-time notices; simple fire
registrations (measure 15)

Revision ID: 0014
Revises: 0013 (draws)

Measures 01-03: an application is accepted with supplementable documents missing, gets
one notice (unique per application) listing them, and is followed through inspection,
decision and delivery. The standard types are seeded by the service on first use
(services.applications.types), not here: a migration stays frozen.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "application_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_zh", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("needs_inspection", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_types")),
        sa.UniqueConstraint("code", name=op.f("uq_application_types_code")),
    )
    op.create_table(
        "application_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("requirement", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "requirement IN ('required', 'supplementable', 'internal')",
            name=op.f("ck_application_documents_requirement"),
        ),
        sa.ForeignKeyConstraint(
            ["type_id"],
            ["application_types.id"],
            name=op.f("fk_application_documents_type_id_application_types"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_documents")),
        sa.UniqueConstraint("type_id", "code", name="uq_application_documents_type_code"),
    )
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_no", sa.String(length=30), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("unit_name", sa.String(length=120), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("applicant_name", sa.String(length=40), nullable=False),
        sa.Column("applicant_phone", sa.String(length=20), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("inspection_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("inspected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("inspection_notes", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.String(length=10), nullable=True),
        sa.Column("decision_reasons", sa.Text(), nullable=False),
        sa.Column("refused_for_document", sa.String(length=40), nullable=True),
        sa.Column("delivery_method", sa.String(length=10), nullable=False),
        sa.Column("delivery_address", sa.String(length=200), nullable=False),
        sa.Column("tracking_no", sa.String(length=40), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "decision IS NULL OR decision IN ('approved', 'refused')",
            name=op.f("ck_applications_decision"),
        ),
        sa.CheckConstraint(
            "delivery_method IN ('in_person', 'post')", name=op.f("ck_applications_delivery_method")
        ),
        sa.CheckConstraint(
            "status IN ('supplementing', 'accepted', 'inspected', 'approved', 'refused', 'sent', 'delivered')",
            name=op.f("ck_applications_status"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_applications_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["type_id"],
            ["application_types.id"],
            name=op.f("fk_applications_type_id_application_types"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint("application_no", name=op.f("uq_applications_application_no")),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index("ix_applications_accepted_at", ["accepted_at"], unique=False)
        batch_op.create_index("ix_applications_status", ["status"], unique=False)

    op.create_table(
        "application_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("notice_no", sa.String(length=30), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("supplement_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_notices_application_id_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_notices")),
        sa.UniqueConstraint("application_id", name=op.f("uq_application_notices_application_id")),
        sa.UniqueConstraint("notice_no", name=op.f("uq_application_notices_notice_no")),
    )
    op.create_table(
        "fire_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_no", sa.String(length=30), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("cause", sa.String(length=200), nullable=False),
        sa.Column("direct_loss_yuan", sa.Integer(), nullable=False),
        sa.Column("deaths", sa.Integer(), nullable=False),
        sa.Column("injuries", sa.Integer(), nullable=False),
        sa.Column("facts_agreed", sa.Boolean(), nullable=False),
        sa.Column("party_name", sa.String(length=40), nullable=False),
        sa.Column("party_phone", sa.String(length=20), nullable=False),
        sa.Column("investigator_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_by", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "deaths = 0 AND injuries = 0", name=op.f("ck_fire_registrations_no_casualties")
        ),
        sa.CheckConstraint("direct_loss_yuan >= 0", name=op.f("ck_fire_registrations_loss")),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_fire_registrations_district_id_districts"),
        ),
        sa.ForeignKeyConstraint(
            ["investigator_id"],
            ["staff.id"],
            name=op.f("fk_fire_registrations_investigator_id_staff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fire_registrations")),
        sa.UniqueConstraint("record_no", name=op.f("uq_fire_registrations_record_no")),
    )
    with op.batch_alter_table("fire_registrations", schema=None) as batch_op:
        batch_op.create_index("ix_fire_registrations_occurred_at", ["occurred_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fire_registrations", schema=None) as batch_op:
        batch_op.drop_index("ix_fire_registrations_occurred_at")

    op.drop_table("fire_registrations")
    op.drop_table("application_notices")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_status")
        batch_op.drop_index("ix_applications_accepted_at")

    op.drop_table("applications")
    op.drop_table("application_documents")
    op.drop_table("application_types")
